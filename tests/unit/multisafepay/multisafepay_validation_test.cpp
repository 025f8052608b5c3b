// Every limit MultiSafepay sets is checked before sending: the error names the field, and the transport
// is never called.
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "multisafepay_test_support.hpp"

namespace paylink {
namespace {

Money eur(std::int64_t minor) { return Money::from_minor_units(minor, "EUR").value(); }

CreateLinkRequest valid() {
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "product description";
  r.reference = "order-1";
  return r;
}

struct Case {
  const char* name;
  std::function<void(CreateLinkRequest&)> change;
  const char* field;
};

// Runs `c` through the client with a transport that fails the test if called.
void expect_refused(const Case& c, MultiSafepayConfig config = msp_test::test_config()) {
  auto transport = std::make_shared<testing::FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    ADD_FAILURE() << "a refused create reached the transport";
    return Error::make(ErrorCode::network, "must not send");
  });
  CreateLinkRequest r = valid();
  c.change(r);
  const auto result = make_multisafepay_client(std::move(config), msp_test::options_for(transport)).create(r);
  ASSERT_FALSE(result.ok()) << c.name << " was accepted";
  EXPECT_EQ(result.error().code, ErrorCode::validation) << c.name << ": " << result.error().to_string();
  EXPECT_EQ(result.error().field, c.field) << c.name << ": " << result.error().to_string();
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_EQ(transport->count(), 0u) << c.name;
}

const std::string k51(51, 'x');
const std::string k201(201, 'd');
const std::string k101(101, 'v');

const Case kCases[] = {
    // order_id = reference (max 50, URL-safe), or the idempotency key.
    {"reference over 50 characters", [](auto& r) { r.reference = k51; }, "reference"},
    {"reference with a slash", [](auto& r) { r.reference = "a/b"; }, "reference"},
    {"reference with a control character", [](auto& r) { r.reference = "a\nb"; }, "reference"},
    {"reference not UTF-8", [](auto& r) { r.reference = std::string("\xff\xfe", 2); }, "reference"},
    {"idempotency key over 50 characters",
     [](auto& r) {
       r.reference.clear();
       r.idempotency_key = k51;
     },
     "idempotency_key"},
    // amount and items.
    {"no amount and no items", [](auto& r) { r.amount.reset(); }, "amount"},
    {"amount without currency", [](auto& r) { r.amount = Money(); }, "amount"},
    {"zero amount", [](auto& r) { r.amount = eur(0); }, "amount"},
    {"negative amount", [](auto& r) { r.amount = eur(-100); }, "amount"},
    {"item without title",
     [](auto& r) {
       r.amount.reset();
       LineItem i;
       i.unit_price = eur(100);
       r.items = {i};
     },
     "items[0].title"},
    {"item with zero quantity",
     [](auto& r) {
       r.amount.reset();
       LineItem i;
       i.title = "x";
       i.quantity = 0;
       i.unit_price = eur(100);
       r.items = {i};
     },
     "items[0].quantity"},
    {"item in another currency",
     [](auto& r) {
       LineItem i;
       i.title = "x";
       i.unit_price = Money::from_minor_units(1000, "USD").value();
       r.items = {i};
     },
     "items[0].unit_price"},
    {"items that differ from the amount",
     [](auto& r) {
       LineItem i;
       i.title = "x";
       i.unit_price = eur(999);
       r.items = {i};
     },
     "items"},
    {"items that add up to nothing",
     [](auto& r) {
       r.amount.reset();
       LineItem a;
       a.title = "thing";
       a.unit_price = eur(500);
       LineItem b;
       b.title = "discount";
       b.unit_price = eur(-500);
       r.items = {a, b};
     },
     "amount"},
    {"items whose sum overflows",
     [](auto& r) {
       r.amount.reset();
       LineItem i;
       i.title = "x";
       i.quantity = 4;
       i.unit_price = eur(INT64_MAX / 2);
       r.items = {i};
     },
     "items[0]"},
    // description: required, max 200.
    {"empty description", [](auto& r) { r.description.clear(); }, "description"},
    {"description over 200 characters", [](auto& r) { r.description = k201; }, "description"},
    // metadata: var1..var3 only, max 100 each.
    {"metadata key other than var1..var3", [](auto& r) { r.metadata["invoice"] = "1"; }, "metadata.invoice"},
    {"var1 over 100 characters", [](auto& r) { r.metadata["var1"] = k101; }, "metadata.var1"},
    {"var3 over 100 characters", [](auto& r) { r.metadata["var3"] = k101; }, "metadata.var3"},
    // lifetime → seconds_active 1..31536000.
    {"zero lifetime", [](auto& r) { r.lifetime = std::chrono::seconds(0); }, "lifetime"},
    {"lifetime over 365 days", [](auto& r) { r.lifetime = std::chrono::seconds(31'536'001); }, "lifetime"},
    {"lifetime on a direct order",
     [](auto& r) {
       r.lifetime = std::chrono::hours(1);
       r.customer.reference = "c";
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "tok";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::unscheduled;
     },
     "lifetime"},
    // URLs: ASCII letters, digits and - _ . : / ? & = % #, http(s); webhook https without port.
    {"return_url with a space", [](auto& r) { r.return_url = "https://example.com/a b"; }, "return_url"},
    {"return_url with a non-ASCII character", [](auto& r) { r.return_url = "https://example.com/caf\xc3\xa9"; },
     "return_url"},
    {"return_url with a bad percent escape", [](auto& r) { r.return_url = "https://example.com/%zz"; }, "return_url"},
    {"return_url that is not http", [](auto& r) { r.return_url = "ftp://example.com/"; }, "return_url"},
    {"cancel_url with a tilde", [](auto& r) { r.multisafepay.cancel_url = "https://example.com/~me"; },
     "multisafepay.cancel_url"},
    {"notification_url over plain http", [](auto& r) { r.multisafepay.notification_url = "http://example.com/hook"; },
     "multisafepay.notification_url"},
    {"notification_url with a port", [](auto& r) { r.multisafepay.notification_url = "https://example.com:8443/hook"; },
     "multisafepay.notification_url"},
    // Token payments.
    {"direct order without a token", [](auto& r) { r.multisafepay.type = MultiSafepayOrderType::direct; },
     "multisafepay.recurring_id"},
    {"token without a recurring model",
     [](auto& r) {
       r.customer.reference = "c";
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "tok";
     },
     "multisafepay.recurring_model"},
    {"token without customer.reference",
     [](auto& r) {
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "tok";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;
     },
     "customer.reference"},
    {"token on a paymentlink order",
     [](auto& r) {
       r.customer.reference = "c";
       r.multisafepay.recurring_id = "tok";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;
     },
     "multisafepay.type"},
    {"token with a space",
     [](auto& r) {
       r.customer.reference = "c";
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "to ken";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;
     },
     "multisafepay.recurring_id"},
    {"gateway with punctuation", [](auto& r) { r.multisafepay.gateway = "CREDIT-CARD"; }, "multisafepay.gateway"},
    // Customer.
    {"email over 64 characters", [](auto& r) { r.customer.email = std::string(60, 'e') + "@x.nl"; }, "customer.email"},
    {"locale not like en_US", [](auto& r) { r.customer.locale = "english"; }, "customer.locale"},
    // What the vendor cannot do.
    {"reusable link", [](auto& r) { r.reusable = true; }, "reusable"},
};

TEST(MultiSafepayValidation, EveryLimitIsRefusedBeforeSendingAndNamesTheField) {
  for (const auto& c : kCases) {
    SCOPED_TRACE(c.name);
    expect_refused(c);
  }
}

TEST(MultiSafepayValidation, LimitsAreInclusive) {
  // The largest accepted values of each limit pass.
  CreateLinkRequest r = valid();
  r.reference = std::string(50, 'r');
  r.description = std::string(200, 'd');
  r.metadata["var1"] = std::string(100, 'v');
  r.metadata["var2"] = "\xc3\xa9" + std::string(99, 'v');  // 100 characters, 101 bytes
  r.lifetime = std::chrono::seconds(31'536'000);
  r.customer.email = std::string(59, 'e') + "@x.nl";
  r.return_url = "https://www.example.com/client/notification?type=redirect&x=%2F#top";
  r.multisafepay.notification_url = "http://127.0.0.1:8787/hook";  // loopback: the local sandbox
  CallContext ctx;
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const auto request = make_multisafepay_provider(msp_test::test_config())->encode_create(r, ctx);
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = nlohmann::json::parse(request->body);
  EXPECT_EQ(body.at("seconds_active"), 31'536'000);
  EXPECT_FALSE(body.contains("days_active"));
}

TEST(MultiSafepayValidation, MissingApiKeyIsRefusedBeforeSending) {
  expect_refused({"no api key", [](auto&) {}, "api_key"}, msp_test::test_config(""));
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Client client = make_multisafepay_client(msp_test::test_config(""), msp_test::options_for(transport));
  EXPECT_EQ(client.get("order-1").error().field, "api_key");
  EXPECT_EQ(client.expire("order-1").error().field, "api_key");
  EXPECT_EQ(transport->count(), 0u);
}

TEST(MultiSafepayValidation, PlainHttpBaseUrlIsRefusedExceptToLoopback) {
  MultiSafepayConfig config = msp_test::test_config();
  config.base_url = "http://api.example.com/v1/json/";
  expect_refused({"http base url", [](auto&) {}, "base_url"}, config);

  config.base_url = "http://127.0.0.1:8787/v1/json";
  CallContext ctx;
  const auto request = make_multisafepay_provider(config)->encode_get("order-1", ctx);
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->url, "http://127.0.0.1:8787/v1/json/orders/order-1");
}

TEST(MultiSafepayValidation, GetAndCancelRefuseIdsThatCannotBeOrderIds) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Client client = make_multisafepay_client(msp_test::test_config(), msp_test::options_for(transport));
  for (const std::string& id : {std::string(), std::string(51, 'x'), std::string("a/b"), std::string("a?b")}) {
    SCOPED_TRACE(id);
    const auto got = client.get(id);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::validation);
    EXPECT_EQ(got.error().field, "id");
    const auto canceled = client.expire(id);
    ASSERT_FALSE(canceled.ok());
    EXPECT_EQ(canceled.error().field, "id");
  }
  EXPECT_EQ(transport->count(), 0u);
}

}  // namespace
}  // namespace paylink
