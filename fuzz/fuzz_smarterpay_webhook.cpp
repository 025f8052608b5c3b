// SmarterPay's webhook verifier sees attacker-controlled bytes: Webhook-Signature and the body (see
// webhook_fuzzing.hpp for the input's shape).
#include "paylink/providers/smarterpay_webhook.hpp"
#include "webhook_fuzzing.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace paylink;
  const auto sign = [](std::string_view body) { return fuzzing::hex_hmac(EVP_sha256(), body); };
  const auto verify = [](const HttpHeaders& headers, std::string_view body, Timestamp now) {
    return verify_and_parse_smarterpay_webhook(headers, body, Secret(std::string(fuzzing::kWebhookSecret)), now);
  };
  return fuzzing::fuzz_webhook(data, size, "Webhook-Signature", sign, verify);
}
