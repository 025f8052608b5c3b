// Creates several Qonto payment links at once with paylink::AsyncClient, without a thread per call:
// futures for the creates, then a callback that reads each link back on the client's event loop.
//
//   async_create_many [BASE_URL] [COUNT]
//
// Credentials come from PAYLINK_QONTO_TOKEN. BASE_URL (or PAYLINK_QONTO_BASE_URL) replaces the scheme
// and host https://thirdparty.qonto.com, e.g. a local paylink-sandbox: http://127.0.0.1:8787
// COUNT is how many links to create, 1 to 1000 (default 20).
#include <atomic>
#include <cstdlib>
#include <future>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <paylink/paylink.hpp>

namespace {
std::string env(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read before any thread starts
  return value != nullptr ? value : "";
}
}  // namespace

int main(int argc, char** argv) {
  paylink::QontoConfig config;
  config.access_token = env("PAYLINK_QONTO_TOKEN");
  config.base_url = argc > 1 ? argv[1] : env("PAYLINK_QONTO_BASE_URL");  // empty = production
  const long count = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 20;
  if (count < 1 || count > 1000) {
    std::cerr << "COUNT must be 1 to 1000\n";
    return 2;
  }

  // At most 8 calls in progress at once; the rest wait in the client's queue, in order.
  paylink::AsyncClientOptions options;
  options.max_in_flight = 8;
  paylink::AsyncClient async(paylink::make_qonto_client(std::move(config)), options);

  // Every create is queued at once and returns a future.
  std::vector<std::future<paylink::Result<paylink::PaymentLink>>> creates;
  for (long i = 0; i < count; ++i) {
    paylink::CreateLinkRequest request;
    request.amount = paylink::Money::parse("12.00", "EUR").value();
    request.description = "Ticket " + std::to_string(i + 1);
    creates.push_back(async.create(std::move(request)));
  }

  // Each link is read back through a callback. It runs on the client's loop thread, so it only
  // records the outcome: it must never block.
  std::atomic<long> open{0};
  std::vector<std::future<void>> reads;
  int failures = 0;
  for (auto& create : creates) {
    auto link = create.get();
    if (!link) {
      std::cerr << "create failed: " << link.error().to_string() << "\n";
      ++failures;
      continue;
    }
    auto done = std::make_shared<std::promise<void>>();
    reads.push_back(done->get_future());
    async.get(link->id, [&open, done](paylink::Result<paylink::PaymentLink> read) {
      if (read && read->status == paylink::LinkStatus::open) ++open;
      done->set_value();
    });
  }
  for (auto& read : reads) read.wait();

  std::cout << "created " << (count - failures) << " links, " << open.load() << " read back open\n";
  return failures == 0 && open.load() == count ? 0 : 1;
}
