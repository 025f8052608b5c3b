#pragma once
// Idempotency keys from a cryptographically secure source. A vendor that sees a repeated key replays
// the first answer (Qonto for 30 minutes, whatever the body), so two clients must never draw the same
// key: 122 bits from OpenSSL's CSPRNG, never from a seedable generator.

#include <array>
#include <cstddef>
#include <string>

#include "paylink/result.hpp"

namespace paylink::detail {

/// Fills `size` bytes at `out` with random bytes; false when the source failed.
using RandomBytes = bool (*)(unsigned char* out, std::size_t size);

/// OpenSSL's `RAND_bytes`, the default source of `make_idempotency_key`.
bool openssl_random_bytes(unsigned char* out, std::size_t size);

/// `bytes` as a lower-case version 4 UUID ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", y in 8-b): the
/// version and variant bits are overwritten, the other 122 bits are kept.
std::string format_uuid_v4(std::array<unsigned char, 16> bytes);

/// A version 4 UUID with 122 bits from `random_bytes`. When the source fails, a `validation` error
/// (field "idempotency_key") rather than a weak key: the call it was for sends nothing.
Result<std::string> make_idempotency_key(RandomBytes random_bytes = &openssl_random_bytes);

}  // namespace paylink::detail
