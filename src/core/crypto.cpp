#include "core/crypto.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

namespace paylink::detail {
namespace {
// OpenSSL 3's one-shot HMAC() looks the algorithm up in the provider tables on every call, which cost
// more than the rest of an onOffice encode (BENCHMARKS.md). A context with the digest chosen is built
// once per digest; each call signs with a copy of it.
class HmacTemplate {
 public:
  explicit HmacTemplate(const char* digest) {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) return;
    context_ = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac);  // the context holds its own reference
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest), 0),
                           OSSL_PARAM_construct_end()};
    if (context_ != nullptr && EVP_MAC_CTX_set_params(context_, params) != 1) {
      EVP_MAC_CTX_free(context_);
      context_ = nullptr;
    }
  }
  ~HmacTemplate() { EVP_MAC_CTX_free(context_); }
  HmacTemplate(const HmacTemplate&) = delete;
  HmacTemplate& operator=(const HmacTemplate&) = delete;

  std::string sign(const EVP_MD* fallback, std::string_view key, std::string_view message) const {
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    EVP_MAC_CTX* context = context_ != nullptr ? EVP_MAC_CTX_dup(context_) : nullptr;
    const bool signed_here =
        context != nullptr &&
        EVP_MAC_init(context, reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr) == 1 &&
        EVP_MAC_update(context, reinterpret_cast<const unsigned char*>(message.data()), message.size()) == 1 &&
        EVP_MAC_final(context, digest, &length, sizeof digest) == 1;
    EVP_MAC_CTX_free(context);
    if (signed_here) return std::string(reinterpret_cast<const char*>(digest), length);
    // Without a usable template (an unusual OpenSSL configuration) the one-shot form still works.
    unsigned int one_shot_length = 0;
    HMAC(fallback, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
         message.size(), digest, &one_shot_length);
    return std::string(reinterpret_cast<const char*>(digest), one_shot_length);
  }

 private:
  EVP_MAC_CTX* context_ = nullptr;
};
}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view message) {
  static const HmacTemplate sha256("SHA256");
  return sha256.sign(EVP_sha256(), key, message);
}

std::string hmac_sha512(std::string_view key, std::string_view message) {
  static const HmacTemplate sha512("SHA512");
  return sha512.sign(EVP_sha512(), key, message);
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

bool base64_decode(std::string_view text, std::string& out) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  out.clear();
  if (text.size() % 4 != 0) return false;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = text[i + static_cast<std::size_t>(k)];
      if (c == '=' && i + 4 == text.size() && k >= 2) {
        v[k] = 0;
        ++pad;
      } else if (pad > 0 || (v[k] = value(c)) < 0) {
        return false;
      }
    }
    const unsigned n = (static_cast<unsigned>(v[0]) << 18) | (static_cast<unsigned>(v[1]) << 12) |
                       (static_cast<unsigned>(v[2]) << 6) | static_cast<unsigned>(v[3]);
    out += static_cast<char>((n >> 16) & 0xff);
    if (pad < 2) out += static_cast<char>((n >> 8) & 0xff);
    if (pad < 1) out += static_cast<char>(n & 0xff);
  }
  return true;
}

std::string hex_encode(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    out += kHex[(static_cast<unsigned char>(c) >> 4) & 15];
    out += kHex[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace paylink::detail
