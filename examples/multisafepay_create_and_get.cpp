// Creates a MultiSafepay payment link (an order of type "paymentlink"), then reads it back.
//
//   multisafepay_create_and_get [BASE_URL]
//
// Credentials come from PAYLINK_MULTISAFEPAY_API_KEY. BASE_URL (or PAYLINK_MULTISAFEPAY_BASE_URL)
// replaces the test API's base https://testapi.multisafepay.com/v1/json/, e.g. a local paylink-sandbox:
// http://127.0.0.1:8787/v1/json/
#include <chrono>
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
  paylink::MultiSafepayConfig config;
  config.api_key = env("PAYLINK_MULTISAFEPAY_API_KEY");
  config.base_url = argc > 1 ? argv[1] : env("PAYLINK_MULTISAFEPAY_BASE_URL");  // empty = the test API
  const paylink::Client client = paylink::make_multisafepay_client(std::move(config));

  paylink::CreateLinkRequest request;
  request.amount = paylink::Money::parse("25.00", "EUR").value();
  request.description = "Order 7: two tickets";
  request.lifetime = std::chrono::hours(24 * 14);  // payable for 14 days
  // No reference: the client generates the order_id. Give one (request.reference) to use your own.

  auto link = client.create(request);
  if (!link && link.error().code == paylink::ErrorCode::ambiguous) {
    // The order was sent and no answer came. MultiSafepay creates are not retried blindly (that could
    // charge twice); ask whether the order exists instead.
    link = client.reconcile_create(request, link.error());
  }
  if (!link) {
    std::cerr << "create failed: " << link.error().to_string() << "\n";
    return 1;
  }
  std::cout << "created order " << link->id << ": " << link->url << "\n";

  // MultiSafepay identifies the link by its order_id.
  const auto fetched = client.get(link->id);
  if (!fetched) {
    std::cerr << "get failed: " << fetched.error().to_string() << "\n";
    return 1;
  }
  std::cout << "order " << fetched->id << " is " << paylink::to_string(fetched->status) << " (" << fetched->raw_status
            << "), " << fetched->amount->to_string() << "\n";
  return 0;
}
