// The MultiSafepay adapter: URLs, authentication, capabilities and error mapping.
#include <gtest/gtest.h>

#include "multisafepay_test_support.hpp"

namespace paylink {
namespace {

using msp_test::answer;
using msp_test::context;
using msp_test::eur;
using msp_test::expect_refused;
using msp_test::kUnitKey;
using msp_test::provider;
using msp_test::simple_create;
using nlohmann::json;

constexpr const char* kKey = kUnitKey;

// --- The vendor -------------------------------------------------------------------------------------

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

TEST(MultiSafepayAdapter, MissingApiKeyIsRefusedBeforeSending) {
  expect_refused({"no api key", [](auto&) {}, "api_key"}, msp_test::test_config(""));
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Client client = make_multisafepay_client(msp_test::test_config(""), msp_test::options_for(transport));
  EXPECT_EQ(client.get("order-1").error().field, "api_key");
  EXPECT_EQ(client.expire("order-1").error().field, "api_key");
  EXPECT_EQ(transport->count(), 0u);
}

TEST(MultiSafepayAdapter, PlainHttpBaseUrlIsRefusedExceptToLoopback) {
  MultiSafepayConfig config = msp_test::test_config();
  config.base_url = "http://api.example.com/v1/json/";
  expect_refused({"http base url", [](auto&) {}, "base_url"}, config);

  config.base_url = "http://127.0.0.1:8787/v1/json";
  CallContext ctx;
  const auto request = make_multisafepay_provider(config)->encode_get("order-1", ctx);
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->url, "http://127.0.0.1:8787/v1/json/orders/order-1");
}

TEST(MultiSafepayAdapter, EchoedApiKeyIsScrubbedFromErrors) {
  // The adapter scrubs nothing itself: it declares the key in secrets(), and the client's call loop
  // replaces it in every error it returns.
  const std::string body =
      std::string(R"({"success":false,"data":[],"error_code":1032,"error_info":"Invalid API key )") + kKey + R"("})";
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(401, body));
  const Client client = make_multisafepay_client(msp_test::test_config(kKey), msp_test::options_for(transport));
  const auto result = client.get("order-1");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().to_string().find(kKey), std::string::npos) << result.error().to_string();
  auto plain_transport =
      std::make_shared<testing::FakeTransport>(testing::always_respond(500, std::string("upstream said ") + kKey));
  const Client plain_client =
      make_multisafepay_client(msp_test::test_config(kKey), msp_test::options_for(plain_transport));
  const auto plain = plain_client.get("order-1");
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().to_string().find(kKey), std::string::npos) << plain.error().to_string();
}

TEST(MultiSafepayAdapter, SecretsAreTheApiKey) {
  const auto p = provider();  // the views live as long as the provider
  const auto secrets = p->secrets();
  ASSERT_EQ(secrets.size(), 1u);
  EXPECT_EQ(secrets[0], std::string_view(kKey));
}

// --- Credentials read per attempt -----------------------------------------------------------------

TEST(MultiSafepayAdapter, ARotatedApiKeyIsSentFromTheNextCallWithoutANewClient) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(404, "{}"));
  auto keys = std::make_shared<RotatingCredentials>(Credentials{{"api_key", "msp-rotating-key-1"}});
  MultiSafepayConfig config = msp_test::test_config("");
  config.credentials = keys;
  const Client client = make_multisafepay_client(config, msp_test::options_for(transport));
  (void)client.get("order-1");
  keys->replace(Credentials{{"api_key", "msp-rotating-key-2"}});
  const auto refused = client.get("order-1");
  ASSERT_EQ(transport->count(), 2u);
  EXPECT_EQ(find_header(transport->sent()[0].headers, "api_key").value_or(""), "msp-rotating-key-1");
  EXPECT_EQ(find_header(transport->sent()[1].headers, "api_key").value_or(""), "msp-rotating-key-2");
  // A source without the key the vendor needs is refused before sending, naming it.
  keys->replace(Credentials{{"bearer_token", "misnamed"}});
  const auto missing = client.get("order-1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "api_key");
  EXPECT_EQ(transport->count(), 2u);
}

}  // namespace
}  // namespace paylink
