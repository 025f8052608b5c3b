#include "decoder_fuzzing.hpp"
#include "paylink/providers/multisafepay.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto provider = [] {
    paylink::MultiSafepayConfig config;
    config.api_key = "fuzz-key";
    return paylink::make_multisafepay_provider(config);
  }();
  return paylink::fuzzing::fuzz_decoders(*provider, data, size);
}
