// paylink_codec_loop VENDOR COUNT [roundtrip|encode|decode]: encodes and/or decodes one vendor's create
// COUNT times and nothing else, for instruction counts that do not depend on the machine's load:
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null paylink_codec_loop qonto 400   # total
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null paylink_codec_loop qonto 200
//   (difference) / 200 = instructions per create, start-up excluded
//
// The cases are paylink_codec_bench's (codec_cases.hpp). Exit status 1 when a call fails.

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "codec_cases.hpp"

int main(int argc, char** argv) {
  using namespace paylink::bench;
  const std::string_view usage =
      "usage: paylink_codec_loop onoffice|multisafepay|smarterpay|qonto COUNT "
      "[roundtrip|encode|decode]\n";
  if (argc < 3) {
    std::fputs(usage.data(), stderr);
    return 2;
  }
  const std::string_view vendor = argv[1];
  const long count = std::atol(argv[2]);
  const std::string_view mode = argc > 3 ? argv[3] : "roundtrip";
  CreateCase (*make)() = vendor == "onoffice"       ? &onoffice_case
                         : vendor == "multisafepay" ? &multisafepay_case
                         : vendor == "smarterpay"   ? &smarterpay_case
                         : vendor == "qonto"        ? &qonto_case
                                                    : nullptr;
  if (make == nullptr || count < 0 || (mode != "roundtrip" && mode != "encode" && mode != "decode")) {
    std::fputs(usage.data(), stderr);
    return 2;
  }
  const CreateCase c = make();
  // One checked round trip first: a case that fails (a missing fixture) must not be counted as fast.
  if (auto request = c.provider->encode_create(c.request, c.ctx); !request) {
    std::fprintf(stderr, "encode_create: %s\n", request.error().to_string().c_str());
    return 1;
  }
  if (auto link = c.provider->decode_create(c.answer, c.request, c.ctx); !link) {
    std::fprintf(stderr, "decode_create: %s\n", link.error().to_string().c_str());
    return 1;
  }
  for (long i = 0; i < count; ++i) {
    if (mode != "decode" && !c.provider->encode_create(c.request, c.ctx)) return 1;
    if (mode != "encode" && !c.provider->decode_create(c.answer, c.request, c.ctx)) return 1;
  }
  return 0;
}
