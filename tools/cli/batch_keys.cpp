#include "batch_keys.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "exit_codes.hpp"

namespace paylink_cli {
namespace {

constexpr std::size_t kRunIdBytes = 16;  // 128 bits

std::string hex(const unsigned char* bytes, std::size_t n) {
  std::string out;
  out.reserve(2 * n);
  for (std::size_t i = 0; i < n; ++i) out += fmt::format("{:02x}", bytes[i]);
  return out;
}

}  // namespace

std::string new_run_id() {
  std::array<unsigned char, kRunIdBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw Failure(kUnavailable, "cannot draw a random run id from OpenSSL's generator; nothing was sent");
  }
  return hex(bytes.data(), bytes.size());
}

bool is_run_id(std::string_view text) noexcept {
  return text.size() == 2 * kRunIdBytes &&
         std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string row_idempotency_key(std::string_view run_id, std::size_t row, const std::vector<std::string>& fields) {
  std::string input = "paylink batch row key 1\n";
  auto add = [&input](std::string_view part) {
    input += std::to_string(part.size());
    input += ':';
    input += part;
  };
  add(run_id);
  add(std::to_string(row));
  for (const auto& field : fields) add(field);

  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 || length < 16) {
    throw Failure(kUnavailable, "cannot compute a row's idempotency key with OpenSSL's SHA-256; nothing was sent");
  }
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0f) | 0x80);  // version 8
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3f) | 0x80);  // RFC 9562 variant
  const std::string h = hex(digest.data(), 16);
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4),
                     h.substr(20, 12));
}

}  // namespace paylink_cli
