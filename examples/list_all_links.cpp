// Walks every open Qonto payment link, page by page, without handling cursors yourself.
//
//   list_all_links [BASE_URL]
//
// Credentials come from PAYLINK_QONTO_TOKEN. BASE_URL (or PAYLINK_QONTO_BASE_URL) replaces the scheme
// and host https://thirdparty.qonto.com, e.g. a local paylink-sandbox: http://127.0.0.1:8787
// The same loop works for SmarterPay (make_smarterpay_client); onOffice and MultiSafepay cannot list.
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>

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
  config.base_url = argc > 1 ? argv[1] : env("PAYLINK_QONTO_BASE_URL");
  const paylink::Client client = paylink::make_qonto_client(std::move(config));

  paylink::ListQuery query;
  query.status = paylink::LinkStatus::open;
  query.page_size = 2;  // small pages, to show the walk; 0 = the vendor's default

  // list_all fetches the next page only when the loop reaches it. Each element is a Result: after an
  // error element the range ends, so check every one.
  int count = 0;
  for (const auto& link : client.list_all(query)) {
    if (!link) {
      std::cerr << "list failed after " << count << " links: " << link.error().to_string() << "\n";
      return 1;
    }
    ++count;
    std::cout << link->id << "  " << paylink::to_string(link->status) << "  "
              << (link->amount ? link->amount->to_string() : "-") << "  " << link->url << "\n";
  }
  std::cout << count << " open links\n";
  return 0;
}
