#include "decoder_fuzzing.hpp"
#include "paylink/providers/onoffice.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto provider = [] {
    paylink::OnOfficeConfig config;
    config.token = "fuzz-token";
    config.secret = "fuzz-secret";
    return paylink::make_onoffice_provider(config);
  }();
  return paylink::fuzzing::fuzz_decoders(*provider, data, size);
}
