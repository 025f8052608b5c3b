// onOffice runs the shared conformance suite (tests/unit/conformance/).
#include <string>

#include "conformance/conformance.hpp"
#include "onoffice_test_support.hpp"

namespace paylink::onoffice_test {
namespace {

using conformance::ConformanceCase;
using conformance::ProviderConformance;
using conformance::StatusCall;

// Canary credentials: the suite asserts they appear in no error, exception or URL.
constexpr const char* kCanaryToken = "CANARY-TOKEN-7d1f3a9c0b2e4f68a5c3";
constexpr const char* kCanarySecret = "CANARY-SECRET-e9b04c7a1f2d3e5b6a7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8";

// The seed's documented success response (seeds/001_71ee95d0020bd386.txt), compacted.
const char* const kSeedSuccess =
    R"({"status":{"code":200,"errorcode":0,"message":"OK"},"response":{"results":[{)"
    R"("actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do","resourceid":"",)"
    R"("resourcetype":"subsequentPaymentLink","cacheable":false,"identifier":"","data":{"meta":{"cntabsolute":null},)"
    R"("records":[{"id":0,"type":"","elements":{"result":{"subsequentPaymentUrl":)"
    R"("https:\/\/beta.smart.onoffice.de\/smart\/short.php?c=1c138688f89e2d24d363ed7efec5a62797f5415671ddb358bd847486126ee4da",)"
    R"("mailToCustomerSent":true}}}]},"status":{"errorcode":0,"message":"OK"}}]}})";

ConformanceCase onoffice_conformance_case() {
  ConformanceCase c;
  c.name = "onoffice";
  c.make_provider = [] {
    OnOfficeConfig config;
    config.token = kCanaryToken;
    config.secret = kCanarySecret;
    return make_onoffice_provider(config);
  };
  c.valid_create = seed_request();

  auto invalid = [&](auto change) {
    auto r = seed_request();
    change(r);
    c.invalid_creates.push_back(std::move(r));
  };
  invalid([](CreateLinkRequest& r) { r.amount.reset(); });
  invalid([](CreateLinkRequest& r) { r.amount = Money::parse("10.00", "USD").value(); });
  invalid([](CreateLinkRequest& r) { r.amount = Money::parse("0", "EUR").value(); });
  invalid([](CreateLinkRequest& r) { r.amount = Money::parse("-5.00", "EUR").value(); });
  invalid([](CreateLinkRequest& r) { r.description.clear(); });
  invalid([](CreateLinkRequest& r) { r.description = "\xff"; });
  invalid([](CreateLinkRequest& r) { r.onoffice.transaction_id.clear(); });

  c.secrets = {kCanaryToken, kCanarySecret};
  c.auth_failure.status = 200;
  c.auth_failure.headers = {{"Content-Type", "application/json"}};
  c.auth_failure.body = R"({"status":{"code":400,"errorcode":22,"message":"Not authenticated"},"response":[]})";
  c.status_response = [](const std::string&) {
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = kSeedSuccess;
    return r;
  };
  c.status_call = StatusCall::create;
  // onOffice reports no status words: every created link is open.
  return c;
}

INSTANTIATE_TEST_SUITE_P(OnOffice, ProviderConformance, ::testing::Values(onoffice_conformance_case()),
                         [](const auto& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace paylink::onoffice_test
