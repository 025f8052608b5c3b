#include "decoder_fuzzing.hpp"
#include "paylink/providers/smarterpay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto provider = [] {
    paylink::SmarterPayConfig config;
    config.bearer_token = "fuzz-token";
    return paylink::make_smarterpay_provider(config);
  }();
  return paylink::fuzzing::fuzz_decoders(*provider, data, size);
}
