#pragma once
// HMAC, base64 and hex over OpenSSL, for onOffice's request signing and MultiSafepay's webhooks.

#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace paylink::detail {

enum class HmacDigest { sha256, sha512 };

/// HMAC with one key, prepared once: each signature continues copies of the keyed hash states instead
/// of hashing the key again. sign() is const and safe to call from several threads at once. Returns ""
/// only if OpenSSL fails.
class HmacSigner {
 public:
  HmacSigner(HmacDigest digest, std::string_view key);
  ~HmacSigner();
  HmacSigner(const HmacSigner&) = delete;
  HmacSigner& operator=(const HmacSigner&) = delete;

  /// The raw digest (32 bytes for SHA-256, 64 for SHA-512).
  std::string sign(std::string_view message) const;

 private:
  evp_md_ctx_st* inner_;  // after (key ^ ipad)
  evp_md_ctx_st* outer_;  // after (key ^ opad)
  bool ready_ = false;
};

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
