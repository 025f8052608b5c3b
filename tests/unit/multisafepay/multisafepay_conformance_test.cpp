// MultiSafepay runs the shared conformance suite (tests/unit/conformance/).
#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "paylink/providers/multisafepay.hpp"

namespace paylink::conformance {
namespace {

constexpr const char* kCanaryKey = "msp-canary-KEY-7f3a9c21d0e84b56";

Money eur(std::int64_t minor) { return Money::from_minor_units(minor, "EUR").value(); }

CreateLinkRequest valid_create() {
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "Conformance order";
  r.reference = "conformance-1";
  r.return_url = "https://www.example.com/order/success";
  r.metadata["var1"] = "conformance";
  return r;
}

std::vector<CreateLinkRequest> invalid_creates() {
  std::vector<CreateLinkRequest> out;
  auto add = [&](auto change) {
    CreateLinkRequest r = valid_create();
    change(r);
    out.push_back(std::move(r));
  };
  add([](CreateLinkRequest& r) { r.amount.reset(); });
  add([](CreateLinkRequest& r) { r.amount = eur(0); });
  add([](CreateLinkRequest& r) { r.description.clear(); });
  add([](CreateLinkRequest& r) { r.description = std::string(201, 'd'); });
  add([](CreateLinkRequest& r) { r.reference = std::string(51, 'r'); });
  add([](CreateLinkRequest& r) { r.metadata["colour"] = "blue"; });
  add([](CreateLinkRequest& r) { r.metadata["var2"] = std::string(101, 'v'); });
  add([](CreateLinkRequest& r) { r.lifetime = std::chrono::seconds(0); });
  add([](CreateLinkRequest& r) { r.lifetime = std::chrono::seconds(31'536'001); });
  add([](CreateLinkRequest& r) { r.return_url = "https://www.example.com/a b"; });
  add([](CreateLinkRequest& r) { r.multisafepay.notification_url = "http://www.example.com/hook"; });
  add([](CreateLinkRequest& r) { r.multisafepay.type = MultiSafepayOrderType::direct; });
  add([](CreateLinkRequest& r) {
    r.multisafepay.type = MultiSafepayOrderType::direct;
    r.multisafepay.recurring_id = "azbkvsE0up4";
    r.multisafepay.recurring_model = MultiSafepayRecurringModel::unscheduled;
  });
  add([](CreateLinkRequest& r) { r.reusable = true; });
  return out;
}

ConformanceCase multisafepay_conformance_case() {
  ConformanceCase c;
  c.name = "multisafepay";
  c.make_provider = [] {
    MultiSafepayConfig config;
    config.api_key = kCanaryKey;
    return make_multisafepay_provider(config);
  };
  c.valid_create = valid_create();
  c.invalid_creates = invalid_creates();
  c.secrets = {kCanaryKey};
  c.auth_failure.status = 401;
  c.auth_failure.headers = {{"Content-Type", "application/json"}};
  c.auth_failure.body = R"({ "success": false, "data": [], "error_code": 1032, "error_info": "Invalid API key" })";
  c.status_call = StatusCall::get;
  c.status_response = [](const std::string& word) {
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = nlohmann::json{{"success", true},
                            {"data",
                             {{"order_id", "link-1"},
                              {"status", word},
                              {"amount", 1000},
                              {"currency", "EUR"},
                              {"created", "2025-05-14T08:48:10"}}}}
                 .dump();
    return r;
  };
  // The decided mapping (kStatusWords and declined_status in src/providers/multisafepay/multisafepay_wire.hpp),
  // read by a get, which does not know the order's type: declined stays open (the payer can try again).
  c.status_words = {
      {"initialized", LinkStatus::open},      {"uncleared", LinkStatus::pending}, {"reserved", LinkStatus::open},
      {"completed", LinkStatus::paid},        {"shipped", LinkStatus::paid},      {"refunded", LinkStatus::paid},
      {"partial_refunded", LinkStatus::paid}, {"chargeback", LinkStatus::paid},   {"expired", LinkStatus::expired},
      {"cancelled", LinkStatus::canceled},    {"void", LinkStatus::canceled},     {"declined", LinkStatus::open},
  };
  return c;
}

INSTANTIATE_TEST_SUITE_P(MultiSafepay, ProviderConformance, ::testing::Values(multisafepay_conformance_case()),
                         [](const ::testing::TestParamInfo<ConformanceCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace paylink::conformance
