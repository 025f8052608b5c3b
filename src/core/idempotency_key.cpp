#include "core/idempotency_key.hpp"

#include <climits>

#include <openssl/rand.h>

namespace paylink::detail {

bool openssl_random_bytes(unsigned char* out, std::size_t size) {
  return size <= static_cast<std::size_t>(INT_MAX) && RAND_bytes(out, static_cast<int>(size)) == 1;
}

std::string format_uuid_v4(std::array<unsigned char, 16> bytes) {
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3f) | 0x80);  // variant 10 (RFC 9562)
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string uuid;
  uuid.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) uuid += '-';
    uuid += kDigits[bytes[i] >> 4];
    uuid += kDigits[bytes[i] & 0x0f];
  }
  return uuid;
}

Result<std::string> make_idempotency_key(RandomBytes random_bytes) {
  std::array<unsigned char, 16> bytes{};
  if (random_bytes == nullptr || !random_bytes(bytes.data(), bytes.size())) {
    return Error::validation("idempotency_key",
                             "the system's cryptographic random source (OpenSSL RAND_bytes) failed, so no "
                             "idempotency key was made and nothing was sent; pass your own "
                             "CreateLinkRequest::idempotency_key or repair the system's entropy source");
  }
  return format_uuid_v4(bytes);
}

}  // namespace paylink::detail
