// Creates an onOffice payment link for a follow-up payment on a marketplace transaction.
// onOffice's API offers create only: there is no get, list or expire to call afterwards.
//
//   onoffice_create [BASE_URL]
//
// Credentials come from PAYLINK_ONOFFICE_TOKEN and PAYLINK_ONOFFICE_SECRET. BASE_URL (or
// PAYLINK_ONOFFICE_BASE_URL) replaces the api.php endpoint, e.g. a local paylink-sandbox:
// http://127.0.0.1:8787/api/stable/api.php
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
  paylink::OnOfficeConfig config;
  config.token = env("PAYLINK_ONOFFICE_TOKEN");  // a Secret: it never prints
  config.secret = env("PAYLINK_ONOFFICE_SECRET");
  const std::string base_url = argc > 1 ? argv[1] : env("PAYLINK_ONOFFICE_BASE_URL");
  if (!base_url.empty()) config.endpoint = base_url;
  const paylink::Client client = paylink::make_onoffice_client(std::move(config));

  paylink::CreateLinkRequest request;
  // Money is exact (integer cents), parsed from text: never a double. onOffice takes EUR net prices.
  request.amount = paylink::Money::parse("1100.50", "EUR").value();
  request.description = "Follow-up payment: 3D tour";
  request.onoffice.transaction_id = "1100135697";  // the marketplace transaction this payment belongs to
  request.notify_customer = true;                  // onOffice e-mails the link to the payer

  // Expected failures are values, not exceptions: check before using the link.
  const auto link = client.create(request);
  if (!link) {
    // onOffice creates are never retried once sent: `ambiguous` means "sent, no answer", and the
    // transaction must be checked in onOffice before creating the link again.
    std::cerr << "create failed: " << link.error().to_string() << "\n";
    return 1;
  }
  std::cout << "created " << link->url << " (" << paylink::to_string(link->status) << ", " << link->amount->to_string()
            << ", transaction " << link->reference << ")\n";
  return 0;
}
