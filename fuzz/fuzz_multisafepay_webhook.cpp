// MultiSafepay's webhook verifier sees attacker-controlled bytes: the Auth header and the body (see
// webhook_fuzzing.hpp for the input's shape).
#include <openssl/evp.h>

#include "paylink/providers/multisafepay_webhook.hpp"
#include "webhook_fuzzing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace paylink;
  const auto sign = [](std::string_view body) {
    const std::string t = std::to_string(fuzzing::kSignedAt);
    const std::string decoded = t + ":" + fuzzing::hex_hmac(EVP_sha512(), t + ":" + std::string(body));
    std::string encoded(4 * ((decoded.size() + 2) / 3) + 1, '\0');
    const int n =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                        reinterpret_cast<const unsigned char*>(decoded.data()), static_cast<int>(decoded.size()));
    encoded.resize(static_cast<std::size_t>(n));
    return encoded;
  };
  const auto verify = [](const HttpHeaders& headers, std::string_view body, Timestamp now) {
    return verify_and_parse_multisafepay_webhook(headers, body, Secret(std::string(fuzzing::kWebhookSecret)), now);
  };
  return fuzzing::fuzz_webhook(data, size, "Auth", sign, verify);
}
