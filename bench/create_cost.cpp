// paylink_create_cost codec|client VENDOR COUNT: the CPU cost of one create, counted in instructions by
// callgrind, which does not depend on the machine's load (BENCHMARKS.md, "CPU per create"; bench/create_cost.sh).
//
//   codec   Provider::encode_create + decode_create of one create: the adapter's own work (validation,
//           request body, reading the vendor's answer).
//   client  Client::create of the same request through an in-memory transport that answers the vendor's
//           recorded success answer: the whole sequential create a caller waits for, minus the network.
//
// Only the public API is used (the vendors' factories, Provider, Client, Transport), so the same program
// measures any version of the library. The cases are those of codec_cases.hpp. Run it twice with
// COUNT and 2×COUNT: the difference ÷ COUNT is the cost per create, start-up and fixture loading left
// out. Exit status 1 when a create fails, so that a failure path is never counted as the cost.

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <utility>

#include "codec_cases.hpp"
#include "paylink/client.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/transport.hpp"

namespace {

using namespace paylink;

// Answers every request with one canned response and keeps nothing: it costs a copy of the response,
// as a real transport that builds one would, and no bookkeeping of its own.
class CannedTransport : public Transport {
 public:
  explicit CannedTransport(HttpResponse answer) : answer_(std::move(answer)) {}
  Result<HttpResponse> send(const HttpRequest&) override { return answer_; }

 private:
  HttpResponse answer_;
};

bool codec_create(const bench::CreateCase& c) {
  auto request = c.provider->encode_create(c.request, c.ctx);
  if (!request) {
    std::fprintf(stderr, "encode_create: %s\n", request.error().to_string().c_str());
    return false;
  }
  auto link = c.provider->decode_create(c.answer, c.request, c.ctx);
  if (!link) {
    std::fprintf(stderr, "decode_create: %s\n", link.error().to_string().c_str());
    return false;
  }
  return true;
}

bool client_create(const Client& client, const CreateLinkRequest& request) {
  auto link = client.create(request);
  if (!link) {
    std::fprintf(stderr, "Client::create: %s\n", link.error().to_string().c_str());
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace paylink::bench;
  const std::string_view usage =
      "usage: paylink_create_cost codec|client onoffice|multisafepay|smarterpay|qonto COUNT\n";
  if (argc != 4) {
    std::fputs(usage.data(), stderr);
    return 2;
  }
  const std::string_view mode = argv[1];
  const std::string_view vendor = argv[2];
  const long count = std::atol(argv[3]);
  CreateCase (*make)() = vendor == "onoffice"       ? &onoffice_case
                         : vendor == "multisafepay" ? &multisafepay_case
                         : vendor == "smarterpay"   ? &smarterpay_case
                         : vendor == "qonto"        ? &qonto_case
                                                    : nullptr;
  if (make == nullptr || count < 0 || (mode != "codec" && mode != "client")) {
    std::fputs(usage.data(), stderr);
    return 2;
  }
  const CreateCase c = make();
  // One checked create first, in every mode: a case that fails (a missing fixture) must not be counted.
  if (!codec_create(c)) return 1;
  if (mode == "codec") {
    for (long i = 0; i < count; ++i) {
      if (!codec_create(c)) return 1;
    }
    return 0;
  }

  ClientOptions options;
  options.transport = std::make_shared<CannedTransport>(c.answer);
  // No client-side rate limit: the vendors' documented limits would make the loop wait, not work.
  // Everything else is the default a caller gets (clocks, idempotency keys, retry policy).
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  const Client client(c.provider, std::move(options));
  if (!client_create(client, c.request)) return 1;
  for (long i = 0; i < count; ++i) {
    if (!client_create(client, c.request)) return 1;
  }
  return 0;
}
