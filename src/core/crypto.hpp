#pragma once
// HMAC, base64 and hex over OpenSSL, for onOffice's request signing and MultiSafepay's webhooks.

#include <string>
#include <string_view>

namespace paylink::detail {

/// Raw 32-byte HMAC-SHA256 digest.
std::string hmac_sha256(std::string_view key, std::string_view message);
/// Raw 64-byte HMAC-SHA512 digest.
std::string hmac_sha512(std::string_view key, std::string_view message);
/// Standard base64 with padding.
std::string base64_encode(std::string_view bytes);
/// Decodes standard base64 (padding required); false on any invalid character or length.
bool base64_decode(std::string_view text, std::string& out);
/// Lower-case hex.
std::string hex_encode(std::string_view bytes);
/// Compares in time that depends only on the lengths, not on where the inputs differ.
bool constant_time_equal(std::string_view a, std::string_view b) noexcept;

}  // namespace paylink::detail
