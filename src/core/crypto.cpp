#include "core/crypto.hpp"

#include <algorithm>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace paylink::detail {
namespace {
const EVP_MD* fetched_digest(HmacDigest digest) {
  // Fetched once: an implicit fetch (EVP_sha256() in EVP_DigestInit_ex) searches the provider tables
  // on every call, which cost more than the rest of an onOffice encode (BENCHMARKS.md).
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  static EVP_MD* const sha512 = EVP_MD_fetch(nullptr, "SHA512", nullptr);
  return digest == HmacDigest::sha256 ? sha256 : sha512;
}

bool digest_into(EVP_MD_CTX* context, const EVP_MD* md, std::string_view bytes) {
  return EVP_DigestInit_ex2(context, md, nullptr) == 1 && EVP_DigestUpdate(context, bytes.data(), bytes.size()) == 1;
}
}  // namespace

// RFC 2104: HMAC(K, m) = H((K' ^ opad) || H((K' ^ ipad) || m)), K' the key padded to the hash's block
// (or hashed first when longer). The two keyed prefixes are hashed here once; sign() continues copies.
HmacSigner::HmacSigner(HmacDigest digest, std::string_view key) : inner_(EVP_MD_CTX_new()), outer_(EVP_MD_CTX_new()) {
  const EVP_MD* md = fetched_digest(digest);
  if (md == nullptr || inner_ == nullptr || outer_ == nullptr) return;
  const auto block = static_cast<std::size_t>(EVP_MD_get_block_size(md));
  unsigned char padded[EVP_MAX_MD_SIZE * 2] = {};  // SHA-512's block is 128 bytes = 2 × EVP_MAX_MD_SIZE
  unsigned char pad[sizeof padded] = {};
  bool ok = block <= sizeof padded;
  if (ok && key.size() > block) {
    unsigned int length = 0;
    ok = EVP_Digest(key.data(), key.size(), padded, &length, md, nullptr) == 1;
  } else if (ok) {
    std::copy(key.begin(), key.end(), padded);
  }
  if (ok) {
    for (std::size_t i = 0; i < block; ++i) pad[i] = static_cast<unsigned char>(padded[i] ^ 0x36);
    ok = digest_into(inner_, md, std::string_view(reinterpret_cast<const char*>(pad), block));
  }
  if (ok) {
    for (std::size_t i = 0; i < block; ++i) pad[i] = static_cast<unsigned char>(padded[i] ^ 0x5c);
    ok = digest_into(outer_, md, std::string_view(reinterpret_cast<const char*>(pad), block));
  }
  // The key's traces go on every path.
  OPENSSL_cleanse(padded, sizeof padded);
  OPENSSL_cleanse(pad, sizeof pad);
  ready_ = ok;
}

HmacSigner::~HmacSigner() {
  EVP_MD_CTX_free(inner_);
  EVP_MD_CTX_free(outer_);
}

std::string HmacSigner::sign(std::string_view message) const {
  if (!ready_) return {};
  unsigned char inner_digest[EVP_MAX_MD_SIZE];
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int inner_length = 0;
  unsigned int length = 0;
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  const bool ok =
      context != nullptr && EVP_MD_CTX_copy_ex(context, inner_) == 1 &&
      EVP_DigestUpdate(context, message.data(), message.size()) == 1 &&
      EVP_DigestFinal_ex(context, inner_digest, &inner_length) == 1 && EVP_MD_CTX_copy_ex(context, outer_) == 1 &&
      EVP_DigestUpdate(context, inner_digest, inner_length) == 1 && EVP_DigestFinal_ex(context, digest, &length) == 1;
  EVP_MD_CTX_free(context);
  OPENSSL_cleanse(inner_digest, sizeof inner_digest);
  if (!ok) return {};
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string hmac_sha256(std::string_view key, std::string_view message) {
  return HmacSigner(HmacDigest::sha256, key).sign(message);
}

std::string hmac_sha512(std::string_view key, std::string_view message) {
  return HmacSigner(HmacDigest::sha512, key).sign(message);
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
