// The shared conformance suite, run twice: OAuth against the sandbox (token + staging token) and the
// static API key against production (login + secret key).
#include "conformance/conformance.hpp"
#include "qonto/qonto_test_support.hpp"

namespace paylink::qonto_test {
namespace {

using conformance::ConformanceCase;
using conformance::ProviderConformance;

std::vector<CreateLinkRequest> invalid_creates() {
  std::vector<CreateLinkRequest> out;
  out.emplace_back();  // neither amount nor items

  CreateLinkRequest no_description;  // an amount alone needs a description to title its item
  no_description.amount = eur(1000);
  out.push_back(no_description);

  CreateLinkRequest zero_quantity = seed_request();
  zero_quantity.items[0].quantity = 0;
  out.push_back(zero_quantity);

  CreateLinkRequest no_title = seed_request();
  no_title.items[0].title.clear();
  out.push_back(no_title);

  CreateLinkRequest fraction_vat = seed_request();
  fraction_vat.items[0].vat_rate = "21%";
  out.push_back(fraction_vat);

  CreateLinkRequest two_currencies = seed_request();
  two_currencies.items.push_back(two_currencies.items[0]);
  two_currencies.items[1].unit_price = Money::from_minor_units(1099, "USD").value();
  out.push_back(two_currencies);

  CreateLinkRequest wrong_total = seed_request();
  wrong_total.amount = eur(1099);
  out.push_back(wrong_total);

  CreateLinkRequest invoice_without_number;
  invoice_without_number.amount = eur(1330);
  invoice_without_number.qonto.invoice_id = "550e8400-e29b-41d4-a716-446655440001";
  invoice_without_number.qonto.debitor_name = "John Doe";
  out.push_back(invoice_without_number);
  return out;
}

ConformanceCase qonto_case(std::string name, QontoConfig config, std::vector<std::string> secrets) {
  ConformanceCase c;
  c.name = std::move(name);
  c.make_provider = [config] { return make_qonto_provider(config); };
  c.valid_create = seed_request();
  c.valid_create.idempotency_key.clear();
  c.invalid_creates = invalid_creates();
  c.secrets = std::move(secrets);
  c.auth_failure.status = 401;
  c.auth_failure.headers = {{"Content-Type", "application/json"}};
  c.auth_failure.body =
      R"({"errors":[{"code":"unauthorized","detail":"Invalid credentials"}],"trace_id":"5b1f8a2e-0c3d-4e6f-9a7b-8c9d0e1f2a3b"})";
  c.status_call = conformance::StatusCall::get;
  c.status_response = [](const std::string& word) {
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = R"({"payment_link":{"id":"link-1","status":")" + word +
             R"(","expiration_date":"2021-01-01T00:00:00Z","potential_payment_methods":["credit_card"],)"
             R"("amount":{"value":"13.30","currency":"EUR"},"reusable":true,"created_at":"2021-01-01T00:00:00Z",)"
             R"("url":"https://pay.qonto.com/link-1","items":[]}})";
    return r;
  };
  c.status_words = {{"open", LinkStatus::open},
                    {"processing", LinkStatus::pending},
                    {"paid", LinkStatus::paid},
                    {"expired", LinkStatus::expired},
                    {"canceled", LinkStatus::canceled}};
  return c;
}

INSTANTIATE_TEST_SUITE_P(Qonto, ProviderConformance,
                         ::testing::Values(qonto_case("qonto_oauth_sandbox", sandbox_config(),
                                                      {kAccessToken, kStagingToken}),
                                           qonto_case("qonto_api_key", api_key_config(), {kLogin, kSecretKey})),
                         [](const auto& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace paylink::qonto_test
