// Creates a SmarterPay Cloud payment link, then reads it back.
//
//   smarterpay_create_and_get [BASE_URL [ECOMMERCE_PAGE]]
//
// Credentials come from PAYLINK_SMARTERPAY_TOKEN. BASE_URL (or PAYLINK_SMARTERPAY_BASE_URL) replaces
// https://api.smarterpaycloud.com/service.svc/, e.g. a local paylink-sandbox:
// http://127.0.0.1:8787/service.svc/. ECOMMERCE_PAGE is your E-commerce Page Setup id (default EP0001).
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
  paylink::SmarterPayConfig config;
  config.bearer_token = env("PAYLINK_SMARTERPAY_TOKEN");
  const std::string base_url = argc > 1 ? argv[1] : env("PAYLINK_SMARTERPAY_BASE_URL");
  if (!base_url.empty()) config.base_url = base_url;
  const paylink::Client client = paylink::make_smarterpay_client(std::move(config));

  paylink::CreateLinkRequest request;
  request.amount = paylink::Money::parse("27.50", "GBP").value();  // SmarterPay links are in GBP
  request.description = "Rent, March";
  request.reference = "tenant-0042";  // SmarterPay's customer_custom_reference
  // The E-commerce Page decides what the payer sees (and the link's lifetime); it is required.
  request.smarterpay.ecommerce_page = argc > 2 ? argv[2] : "EP0001";
  request.metadata["metadata"] = "flat 3b";  // one of SmarterPay's seven metadata fields

  // Creates carry an Idempotency-Key, so the client retries them safely on a network failure.
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
  std::cout << fetched->id << " is " << paylink::to_string(fetched->status) << ", "
            << (fetched->amount ? fetched->amount->to_string() : "amount set by the page") << "\n";
  return 0;
}
