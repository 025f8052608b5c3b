// Creates a Qonto payment link with one basket line, then reads it back.
//
//   qonto_create_and_get [BASE_URL]
//
// Credentials come from PAYLINK_QONTO_TOKEN (an OAuth access token). BASE_URL (or PAYLINK_QONTO_BASE_URL)
// replaces the scheme and host https://thirdparty.qonto.com, e.g. a local paylink-sandbox:
// http://127.0.0.1:8787
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
  config.base_url = argc > 1 ? argv[1] : env("PAYLINK_QONTO_BASE_URL");  // empty = production
  const paylink::Client client = paylink::make_qonto_client(std::move(config));

  // Qonto prices are before VAT: 10.99 at 21 % is a link of 13.30 (each line rounded half-up).
  paylink::LineItem item;
  item.title = "Consulting, one hour";
  item.quantity = 1;
  item.unit_price = paylink::Money::parse("10.99", "EUR").value();
  item.vat_rate = "21.0";  // a percent, as a decimal string
  item.type = "service";

  paylink::CreateLinkRequest request;
  request.items.push_back(item);
  request.amount = paylink::Money::parse("13.30", "EUR").value();  // optional; checked against the items
  request.qonto.payment_methods = {"credit_card", "apple_pay"};

  // Creates carry X-Qonto-Idempotency-Key, so the client retries them safely.
  const auto link = client.create(request);
  if (!link) {
    std::cerr << "create failed: " << link.error().to_string() << "\n";
    return 1;
  }
  std::cout << "created " << link->id << ": " << link->url << "\n";

  const auto fetched = client.get(link->id);
  if (!fetched) {
    std::cerr << "get failed: " << fetched.error().to_string() << "\n";
    return 1;
  }
  std::cout << fetched->id << " is " << paylink::to_string(fetched->status) << ", " << fetched->amount->to_string()
            << "\n";
  return 0;
}
