#pragma once
// Drives a webhook verifier with one fuzz input, in one of two layouts:
// - "<signature header>\n<body>", as an attacker would send them (the header parser and the signature
//   check): every input that does not start with byte 0x01, so seeds of this plain layout stay valid;
// - 0x01 then the body: the header is signed here with the fuzz secret, so that the input reaches the
//   body parser behind the signature.
// Either way the verifier must answer with a value or an Error, and an error's text is touched.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "paylink/http_headers.hpp"
#include "paylink/link_event.hpp"
#include "paylink/result.hpp"

namespace paylink::fuzzing {

inline constexpr std::string_view kWebhookSecret = "fuzz-webhook-secret";
inline constexpr long long kSignedAt = 1'700'000'000;
inline constexpr std::uint8_t kSignedLayout = 0x01;

/// Lower-case hex HMAC of `message` keyed with kWebhookSecret (OpenSSL, as the library does).
inline std::string hex_hmac(const EVP_MD* digest, std::string_view message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(digest, kWebhookSecret.data(), static_cast<int>(kWebhookSecret.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0xf];
  }
  return out;
}

/// `verify(headers, body, now)` for one input; `header_name` and `sign(body)` are the vendor's.
template <typename Verify, typename Sign>
int fuzz_webhook(const std::uint8_t* data, std::size_t size, std::string_view header_name, Sign sign, Verify verify) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string header;
  std::string_view body;
  if (size > 0 && data[0] == kSignedLayout) {
    body = input.substr(1);
    header = sign(body);
  } else {
    const auto newline = input.find('\n');
    header = std::string(input.substr(0, newline));
    body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
  }
  const HttpHeaders headers{{"Content-Type", "application/json"}, {std::string(header_name), header}};
  const Result<LinkEvent> result = verify(headers, body, Timestamp(std::chrono::seconds(kSignedAt)));
  volatile std::size_t sink = result.ok() ? result->link_id.size() : result.error().to_string().size();
  (void)sink;
  return 0;
}

}  // namespace paylink::fuzzing
