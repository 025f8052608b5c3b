// The MultiSafepay adapter without the client: URLs, authentication, capabilities, the exact bodies it
// builds, and how every kind of answer decodes.
#include <gtest/gtest.h>

#include "multisafepay_test_support.hpp"
#include "providers/multisafepay/multisafepay_wire.hpp"

namespace paylink {
namespace {

using nlohmann::json;

constexpr const char* kKey = "msp-unit-KEY-0001";

Money eur(std::int64_t minor) { return Money::from_minor_units(minor, "EUR").value(); }

std::shared_ptr<const Provider> provider(MultiSafepayConfig config = msp_test::test_config(kKey)) {
  return make_multisafepay_provider(std::move(config));
}

CallContext context() {
  CallContext ctx;
  ctx.now = msp_test::kNow;
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  return ctx;
}

HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

CreateLinkRequest simple_create() {
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "product description";
  r.reference = "order-1";
  return r;
}

// --- The vendor -----------------------------------------------------------------------------------

TEST(MultiSafepayAdapter, DeclaresCreateGetExpireAndReconcileOnly) {
  const auto caps = provider()->capabilities();
  EXPECT_TRUE(caps.create);
  EXPECT_TRUE(caps.get);
  EXPECT_TRUE(caps.expire);
  EXPECT_TRUE(caps.reconcile_create);
  EXPECT_FALSE(caps.idempotent_create);
  EXPECT_FALSE(caps.list);
  EXPECT_FALSE(caps.update);
  EXPECT_FALSE(caps.list_payments);
  EXPECT_FALSE(caps.list_payment_methods);
  EXPECT_EQ(provider()->name(), "multisafepay");
}

TEST(MultiSafepayAdapter, EnvironmentsAndOverrideChooseTheBaseUrl) {
  auto url_of = [](MultiSafepayConfig config) {
    return provider(std::move(config))->encode_get("o-1", context())->url;
  };
  MultiSafepayConfig config = msp_test::test_config(kKey);
  EXPECT_EQ(url_of(config), "https://testapi.multisafepay.com/v1/json/orders/o-1");
  config.environment = MultiSafepayEnvironment::live;
  EXPECT_EQ(url_of(config), "https://api.multisafepay.com/v1/json/orders/o-1");
  config.base_url = "https://sandbox.example.com/v1/json/";
  EXPECT_EQ(url_of(config), "https://sandbox.example.com/v1/json/orders/o-1");
}

TEST(MultiSafepayAdapter, ApiKeyGoesInTheHeaderNeverInTheUrl) {
  const auto request = provider()->encode_create(simple_create(), context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(find_header(request->headers, "api_key"), std::string(kKey));
  EXPECT_EQ(find_header(request->headers, "Content-Type"), std::string("application/json"));
  EXPECT_EQ(request->url.find(kKey), std::string::npos);
  EXPECT_EQ(request->url.find("api_key"), std::string::npos);
  EXPECT_EQ(request->method, HttpMethod::post);
  EXPECT_FALSE(request->idempotent);
}

TEST(MultiSafepayAdapter, OrderIdsAreEscapedInThePath) {
  const auto request = provider()->encode_get("order 1+2", context());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->url, "https://testapi.multisafepay.com/v1/json/orders/order%201%2B2");
  EXPECT_TRUE(request->idempotent);
  EXPECT_TRUE(request->body.empty());
  EXPECT_FALSE(find_header(request->headers, "Content-Type").has_value());
}

TEST(MultiSafepayAdapter, StatusTableMatchesTheDecidedMapping) {
  // The conformance case lists the 12 words; a new word in the table must be decided there too.
  EXPECT_EQ(detail::msp::kStatusWords.size(), 12u);
  EXPECT_EQ(detail::msp::link_status_for("Completed"), LinkStatus::unknown) << "words are case-sensitive";
  EXPECT_EQ(detail::msp::link_status_for(""), LinkStatus::unknown);
}

// --- Create body ---------------------------------------------------------------------------------

TEST(MultiSafepayAdapter, MinimalCreateOmitsEveryEmptyField) {
  const auto request = provider()->encode_create(simple_create(), context());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(json::parse(request->body), json::parse(R"({"type":"paymentlink","order_id":"order-1","currency":"EUR",
      "amount":1000,"description":"product description"})"));
  EXPECT_EQ(request->body.find("null"), std::string::npos);
}

TEST(MultiSafepayAdapter, EmptyMetadataValuesAreNotSent) {
  auto r = simple_create();
  r.metadata["var2"] = "";
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok());
  EXPECT_FALSE(json::parse(request->body).contains("var2"));
}

TEST(MultiSafepayAdapter, InitialTokenOrderSendsTheModelWithoutAToken) {
  auto r = simple_create();
  r.customer.reference = "customer-00001";
  r.multisafepay.type = MultiSafepayOrderType::redirect;
  r.multisafepay.gateway = "CREDITCARD";
  r.multisafepay.recurring_model = MultiSafepayRecurringModel::card_on_file;
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = json::parse(request->body);
  EXPECT_EQ(body.at("type"), "redirect");
  EXPECT_EQ(body.at("gateway"), "CREDITCARD");
  EXPECT_EQ(body.at("recurring_model"), "cardOnFile");
  EXPECT_FALSE(body.contains("recurring_id"));
  EXPECT_EQ(body.at("customer").at("reference"), "customer-00001");
}

TEST(MultiSafepayAdapter, NegativeItemsAreDiscountLinesWhenTheTotalStaysPositive) {
  CreateLinkRequest r;
  r.description = "with discount";
  r.reference = "order-2";
  LineItem thing;
  thing.title = "Thing";
  thing.unit_price = eur(1000);
  LineItem discount;
  discount.title = "Discount";
  discount.unit_price = eur(-250);
  r.items = {thing, discount};
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = json::parse(request->body);
  EXPECT_EQ(body.at("amount"), 750);
  EXPECT_EQ(body.at("shopping_cart").at("items").at(1).at("unit_price"), "-2.50");
}

TEST(MultiSafepayAdapter, ZeroDecimalCurrencyUnitPricesHaveNoDecimals) {
  CreateLinkRequest r;
  r.description = "yen";
  r.reference = "order-3";
  LineItem item;
  item.title = "Tea";
  item.quantity = 3;
  item.unit_price = Money::from_minor_units(500, "JPY").value();
  r.items = {item};
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = json::parse(request->body);
  EXPECT_EQ(body.at("currency"), "JPY");
  EXPECT_EQ(body.at("amount"), 1500);
  EXPECT_EQ(body.at("shopping_cart").at("items").at(0).at("unit_price"), "500");
}

TEST(MultiSafepayAdapter, ReconcileGetsTheSameOrderIdTheCreateUsed) {
  CreateLinkRequest r = simple_create();
  r.reference.clear();
  const auto create = provider()->encode_create(r, context());
  const auto reconcile = provider()->encode_reconcile(r, context());
  ASSERT_TRUE(create.ok());
  ASSERT_TRUE(reconcile.ok());
  EXPECT_EQ(json::parse(create->body).at("order_id"), context().idempotency_key);
  EXPECT_EQ(reconcile->url, "https://testapi.multisafepay.com/v1/json/orders/" + context().idempotency_key);
  EXPECT_EQ(reconcile->method, HttpMethod::get);
  EXPECT_TRUE(reconcile->idempotent);
}

TEST(MultiSafepayAdapter, CancelIsAnIdempotentPatch) {
  const auto request = provider()->encode_expire("order-1", context());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->method, HttpMethod::patch);
  EXPECT_TRUE(request->idempotent);
  EXPECT_EQ(json::parse(request->body), json::parse(R"({"status":"cancelled","exclude_order":true})"));
}

// --- Decoding answers ------------------------------------------------------------------------------

TEST(MultiSafepayAdapter, ErrorCodeOneThousandSixMeansConflictOnCreateAndNotFoundOnReads) {
  const auto body = R"({"success":false,"data":{},"error_code":1006,"error_info":"Invalid transaction ID"})";
  const auto p = provider();
  EXPECT_EQ(p->decode_create(answer(400, body), simple_create(), context()).error().code, ErrorCode::conflict);
  EXPECT_EQ(p->decode_get(answer(404, body)).error().code, ErrorCode::not_found);
  EXPECT_EQ(p->decode_expire(answer(404, body), "x").error().code, ErrorCode::not_found);
  EXPECT_EQ(p->decode_reconcile(answer(404, body), simple_create(), context()).error().code, ErrorCode::not_found);
}

TEST(MultiSafepayAdapter, VendorCodesMapToTheirKinds) {
  struct Row {
    int status;
    const char* body;
    ErrorCode code;
    const char* field;
    bool retryable;
  };
  const Row rows[] = {
      {200, R"({"success":false,"data":[],"error_code":1032,"error_info":"Invalid API key"})", ErrorCode::auth, "",
       false},
      {503, R"({"success":false,"data":[],"error_code":1032,"error_info":"Invalid API key"})", ErrorCode::auth, "",
       false},
      {400, R"({"success":false,"data":[],"error_code":1002,"error_info":"Invalid currency"})", ErrorCode::validation,
       "currency", false},
      {400, R"({"success":false,"data":[],"error_code":1008,"error_info":"Invalid description"})",
       ErrorCode::validation, "description", false},
      {400, R"({"success":false,"data":[],"error_code":1010,"error_info":"Invalid var"})", ErrorCode::validation,
       "metadata", false},
      {400, R"({"success":false,"data":[],"error_code":1016,"error_info":"Missing data"})", ErrorCode::validation, "",
       false},
      {400, R"({"success":false,"data":[],"error_code":"1001","error_info":"Invalid amount"})", ErrorCode::validation,
       "amount", false},
      {404, R"({"success":false,"data":[],"error_code":1019,"error_info":"The site is blocked in your account."})",
       ErrorCode::not_found, "", false},
      {200, R"({"success":false,"data":[],"error_code":1023,"error_info":"No gateway"})", ErrorCode::provider, "",
       true},
      {501, R"({"success":false,"data":[],"error_code":9999,"error_info":"Unknown"})", ErrorCode::provider, "", true},
      {403, R"({"success":false,"data":[],"error_code":1020,"error_info":"Account blocked"})", ErrorCode::auth, "",
       false},
      {422, R"({"success":false,"message":"bad","errors":[]})", ErrorCode::validation, "", false},
      {503, "<html><body>Service Unavailable</body></html>", ErrorCode::provider, "", true},
      {502, "", ErrorCode::provider, "", true},
      {500, R"({"error":"boom"})", ErrorCode::provider, "", false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.body);
    const auto result = provider()->decode_get(answer(row.status, row.body));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, row.code) << result.error().to_string();
    EXPECT_EQ(result.error().field, row.field);
    EXPECT_EQ(result.error().retryable, row.retryable);
    EXPECT_EQ(result.error().http_status, row.status);
  }
}

TEST(MultiSafepayAdapter, SuccessEnvelopeWithoutAnOrderIsInvalidResponse) {
  const char* bodies[] = {
      R"({"success":true,"data":[]})",
      R"({"success":true})",
      R"({"success":"true","data":{"order_id":"x","status":"completed"}})",
      R"({"success":true,"data":{"status":"completed"}})",
      R"({"success":true,"data":{"order_id":"x"}})",
      R"({"success":true,"data":{"order_id":"x","status":"completed","amount":"1000","currency":"EUR"}})",
      R"({"success":true,"data":{"order_id":1.5,"status":"completed"}})",
      R"({"success":true,"data":{"order_id":"x","status":"completed","var1":7}})",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    const auto result = provider()->decode_get(answer(200, body));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_response) << result.error().to_string();
  }
  const auto created = provider()->decode_create(answer(200, R"({"success":true,"data":{"session_id":"s"}})"),
                                                 simple_create(), context());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::invalid_response);
}

TEST(MultiSafepayAdapter, UnknownStatusWordIsUnknownAndKept) {
  const auto link =
      provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"on_hold_for_review"}})"));
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->status, LinkStatus::unknown);
  EXPECT_EQ(link->raw_status, "on_hold_for_review");
  EXPECT_FALSE(link->amount.has_value());
}

TEST(MultiSafepayAdapter, UnreadableCartLeavesItemsEmptyButKeepsTheOrder) {
  // A float unit price cannot be read exactly; the order still decodes and raw_json keeps the cart.
  const auto link = provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"completed",
      "amount":1000,"currency":"EUR","shopping_cart":{"items":[{"name":"a","unit_price":10.5,"quantity":1}]}}})"));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(link->items.empty());
  EXPECT_NE(link->raw_json.find("shopping_cart"), std::string::npos);
}

TEST(MultiSafepayAdapter, CancelAnswerWithAnOrderIsRead) {
  const auto link = provider()->decode_expire(
      answer(200, R"({"success":true,"data":{"order_id":"order-1","status":"void","amount":1000,"currency":"EUR"}})"),
      "order-1");
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->status, LinkStatus::canceled);
  EXPECT_EQ(link->raw_status, "void");
  EXPECT_EQ(link->amount, eur(1000));
}

TEST(MultiSafepayAdapter, EchoedApiKeyIsScrubbedFromErrors) {
  const std::string body =
      std::string(R"({"success":false,"data":[],"error_code":1032,"error_info":"Invalid API key )") + kKey + R"("})";
  const auto result = provider()->decode_get(answer(401, body));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().to_string().find(kKey), std::string::npos) << result.error().to_string();
  const auto plain = provider()->decode_get(answer(500, std::string("upstream said ") + kKey));
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().to_string().find(kKey), std::string::npos) << plain.error().to_string();
}

}  // namespace
}  // namespace paylink
