#pragma once
// The create cases of paylink_create_cost (create_cost.cpp): per vendor, the adapter, a request as an
// application would send it, the context of one attempt and the vendor's recorded success answer from
// tests/fixtures/<vendor>/.

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include "paylink/providers/multisafepay.hpp"
#include "paylink/providers/onoffice.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/providers/smarterpay.hpp"
#include "paylink/testing/http_exchange.hpp"

#ifndef PAYLINK_FIXTURES_DIR
#error "PAYLINK_FIXTURES_DIR must name tests/fixtures"
#endif

namespace paylink::bench {

// The answer of the first exchange of `vendor/file` that is a 2xx response. When the fixture cannot be
// read or has none, prints why and returns status 0, which each benchmark's first decode refuses, so
// that the benchmark is skipped with an error instead of timing a failure path.
inline HttpResponse success_answer(const std::string& vendor, const std::string& file) {
  const std::string path = std::string(PAYLINK_FIXTURES_DIR) + "/" + vendor + "/" + file;
  auto exchanges = testing::load_fixture(path);
  if (!exchanges) {
    std::fprintf(stderr, "%s\n", exchanges.error().to_string().c_str());
    return {};
  }
  for (const auto& exchange : *exchanges) {
    if (exchange.outcome == testing::ExchangeOutcome::respond && exchange.response.status >= 200 &&
        exchange.response.status < 300) {
      return exchange.response;
    }
  }
  std::fprintf(stderr, "%s: no 2xx answer\n", path.c_str());
  return {};
}

inline Money money(const char* decimal, const char* currency) { return Money::parse(decimal, currency).value(); }

// One vendor's create case: the adapter, a request as an application would send it, the context of
// one attempt and the vendor's answer to it.
struct CreateCase {
  std::shared_ptr<const Provider> provider;
  CreateLinkRequest request;
  CallContext ctx;
  HttpResponse answer;
};

inline CallContext context() {
  CallContext ctx;
  ctx.now = Timestamp(std::chrono::seconds(1'700'000'000));
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  return ctx;
}

inline CreateCase onoffice_case() {
  OnOfficeConfig config;
  config.token = "mgjIQkNRnaqggVzy9cZW";
  config.secret = "yOJobbhGLXdp90XxvxedFhH7073L9U";
  CreateCase c{make_onoffice_provider(config), {}, context(), success_answer("onoffice", "create_success.http")};
  c.request.amount = money("1000.00", "EUR");
  c.request.description = "Nachzahlung 3D-Rundgang";
  c.request.notify_customer = true;
  c.request.onoffice.transaction_id = "1100135697";
  return c;
}

inline CreateCase multisafepay_case() {
  MultiSafepayConfig config;
  config.api_key = "MSP-FIXTURE-KEY";
  CreateCase c{
      make_multisafepay_provider(config), {}, context(), success_answer("multisafepay", "create_paymentlink.http")};
  CreateLinkRequest& r = c.request;
  r.amount = money("10.00", "EUR");
  r.description = "Test Order Description";
  r.reference = "redirect-order-0001";
  r.lifetime = std::chrono::hours(24);
  r.return_url = "https://www.example.com/order/success";
  r.customer.email = "example@multisafepay.com";
  r.customer.locale = "nl_NL";
  r.metadata["var1"] = "invoice-2024-001";
  r.multisafepay.notification_url = "https://www.example.com/webhooks/payment";
  r.multisafepay.cancel_url = "https://www.example.com/order/failed";
  return c;
}

inline CreateCase smarterpay_case() {
  SmarterPayConfig config;
  config.bearer_token = "sp-test-token-0123456789";
  CreateCase c{make_smarterpay_provider(config), {}, context(), success_answer("smarterpay", "create.http")};
  CreateLinkRequest& r = c.request;
  r.amount = money("27.50", "GBP");
  r.description = "Payment Plan";
  r.reference = "invoice-2023-0713";
  r.smarterpay.ecommerce_page = "EP02AB12CD34EF56GH78";
  r.smarterpay.customer_account = "CA0112AB34CD56EF78GH";
  return c;
}

inline CreateCase qonto_case() {
  QontoConfig config;
  config.access_token = "qonto-test-access-token";
  CreateCase c{make_qonto_provider(config), {}, context(), success_answer("qonto", "create_from_amount.http")};
  CreateLinkRequest& r = c.request;
  r.amount = money("1100.50", "EUR");
  r.description = "Consulting, March";
  r.qonto.payment_methods = {"credit_card", "apple_pay"};
  return c;
}

}  // namespace paylink::bench
