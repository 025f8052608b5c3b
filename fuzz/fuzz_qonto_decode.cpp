#include "decoder_fuzzing.hpp"
#include "paylink/providers/qonto.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto provider = [] {
    paylink::QontoConfig config;
    config.access_token = "fuzz-token";
    return paylink::make_qonto_provider(config);
  }();
  return paylink::fuzzing::fuzz_decoders(*provider, data, size);
}
