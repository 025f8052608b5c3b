// Qonto's webhook verifier sees attacker-controlled bytes: X-Qonto-Signature and the body (see
// webhook_fuzzing.hpp for the input's shape).
#include "paylink/providers/qonto_webhook.hpp"
#include "webhook_fuzzing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace paylink;
  const auto sign = [](std::string_view body) {
    const std::string t = std::to_string(fuzzing::kSignedAt);
    return "t=" + t + ",v1=" + fuzzing::hex_hmac(EVP_sha256(), t + "." + std::string(body));
  };
  const auto verify = [](const HttpHeaders& headers, std::string_view body, Timestamp now) {
    return verify_and_parse_qonto_webhook(headers, body, Secret(std::string(fuzzing::kWebhookSecret)), now);
  };
  return fuzzing::fuzz_webhook(data, size, "X-Qonto-Signature", sign, verify);
}
