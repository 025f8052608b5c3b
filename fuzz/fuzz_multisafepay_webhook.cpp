// The webhook verifier sees attacker-controlled bytes: the Auth header and the body. Input: header,
// a newline, then the body.
#include <chrono>
#include <cstdint>
#include <string_view>

#include "paylink/providers/multisafepay_webhook.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto newline = input.find('\n');
  const std::string_view header = input.substr(0, newline);
  const std::string_view body = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
  const paylink::Timestamp now{std::chrono::seconds(1'700'000'000)};
  const auto result = paylink::verify_multisafepay_notification(body, header, paylink::Secret("fuzz-key"), now);
  if (!result.ok()) {
    volatile std::size_t sink = result.error().to_string().size();
    (void)sink;
  }
  return 0;
}
