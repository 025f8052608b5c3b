// The adapter through a Client: URLs, authentication, the configuration checks, and error mapping. Each
// failure becomes a clear `Error` with the HTTP status, the vendor's words (bounded) and the right code
// and retry flag, whatever the body looks like. Nothing throws, nothing leaks the token.
#include <random>

#include "smarterpay_test_support.hpp"

namespace {

using namespace paylink;
using namespace paylink::smarterpay_test;

// ---- Configuration, authentication, URLs ------------------------------------------------------------

TEST(SmarterPayValidation, IdempotencyKeyIsAtMost255VisibleCharacters) {
  CreateLinkRequest r = seed_create();
  r.idempotency_key = repeat("k", 255);
  expect_create_accepted(r, "255 characters");
  r.idempotency_key = repeat("k", 256);
  expect_create_refused(r, "idempotency_key");
  r.idempotency_key = "key\r\nX-Injected: 1";
  expect_create_refused(r, "idempotency_key");
}

TEST(SmarterPayValidation, MissingOrMalformedTokenIsRefusedForEveryCall) {
  for (const std::string& token : {std::string(), std::string("tok en"), std::string("token\r\nX: y")}) {
    SmarterPayConfig cfg = config();
    cfg.bearer_token = token;
    auto transport = counting_transport();
    const Client c = make_smarterpay_client(cfg, options(transport));
    UpdateLinkRequest update;
    update.metadata["metadata"] = "x";
    expect_refused(c.create(seed_create()).error(), "bearer_token");
    expect_refused(c.get(kSeedId).error(), "bearer_token");
    expect_refused(c.list().error(), "bearer_token");
    expect_refused(c.expire(kSeedId).error(), "bearer_token");
    expect_refused(c.update(kSeedId, update).error(), "bearer_token");
    EXPECT_EQ(transport->count(), 0u);
  }
}

TEST(SmarterPayValidation, BaseUrlMustBeHttpsExceptOnLoopback) {
  SmarterPayConfig cfg = config();
  cfg.base_url = "http://api.smarterpaycloud.com/service.svc/";
  expect_create_refused(seed_create(), "base_url", cfg);
  cfg.base_url = "";
  expect_create_refused(seed_create(), "base_url", cfg);

  cfg.base_url = "http://127.0.0.1:8787/service.svc/";
  const auto local = make_smarterpay_provider(cfg)->encode_get(kSeedId, {});
  ASSERT_TRUE(local.ok()) << local.error().to_string();
  EXPECT_EQ(local->url, "http://127.0.0.1:8787/service.svc/paymentlink/PL01GOVWD48GD28N0M76");
}

TEST(SmarterPayValidation, IdIsRequiredAndEscaped) {
  auto transport = counting_transport();
  const Client c = client(transport);
  UpdateLinkRequest update;
  update.metadata["metadata"] = "x";
  expect_refused(c.get("").error(), "id");
  expect_refused(c.expire("").error(), "id");
  expect_refused(c.update("", update).error(), "id");
  EXPECT_EQ(transport->count(), 0u);
  const auto request = provider()->encode_get("PL 01/../x?y", {});
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->url, "https://api.smarterpaycloud.com/service.svc/paymentlink/PL%2001%2F..%2Fx%3Fy");
}

TEST(SmarterPayAdapter, BaseUrlWithQueryOrFragmentIsRefused) {
  for (const std::string base : {"https://api.smarterpaycloud.com/service.svc/?env=test",
                                 "https://api.smarterpaycloud.com/service.svc/#x", "ftp://api.smarterpaycloud.com/"}) {
    SmarterPayConfig cfg = config();
    cfg.base_url = base;
    expect_create_refused(seed_create(), "base_url", cfg);
  }
}

TEST(SmarterPayAdapter, SecretsAreTheBearerToken) {
  const auto p = provider();  // the views live as long as the adapter
  const auto secrets = p->secrets();
  ASSERT_EQ(secrets.size(), 1u);
  EXPECT_EQ(secrets[0], kToken);
}

TEST(SmarterPayAdapter, AShortEchoedTokenIsScrubbedToo) {
  SmarterPayConfig cfg = config();
  cfg.bearer_token = "Tk5";
  auto transport = std::make_shared<paylink::testing::FakeTransport>(
      paylink::testing::always_respond(401, R"({"message": "token Tk5 is revoked"})"));
  const auto result = make_smarterpay_client(cfg, options(transport)).get(kSeedId);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::auth);
  EXPECT_EQ(result.error().vendor_message, "token *** is revoked");
  EXPECT_EQ(result.error().to_string().find("Tk5"), std::string::npos) << result.error().to_string();
}

TEST(SmarterPayAdapter, AnHtmlPageInsteadOfARecordIsInvalidResponse) {
  const auto result = provider()->decode_get(ok_response("<!DOCTYPE html><html><body>Sign in</body></html>"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_response);
  EXPECT_EQ(result.error().http_status, 200);
  EXPECT_NE(result.error().message.find("HTML"), std::string::npos) << result.error().message;
}

// ---- Error mapping ---------------------------------------------------------------------------------

TEST(SmarterPayErrors, StatusDecidesCodeAndRetry) {
  struct Case {
    int status;
    ErrorCode code;
    bool retryable;
  };
  const Case cases[] = {
      {400, ErrorCode::validation, false},  {401, ErrorCode::auth, false},     {403, ErrorCode::auth, false},
      {404, ErrorCode::not_found, false},   {409, ErrorCode::conflict, false}, {422, ErrorCode::validation, false},
      {429, ErrorCode::rate_limited, true}, {500, ErrorCode::provider, false}, {502, ErrorCode::provider, true},
      {503, ErrorCode::provider, true},     {504, ErrorCode::provider, true},
  };
  const auto p = provider();
  for (const Case& c : cases) {
    for (const std::string body : {R"({"message": "it failed"})", "it failed", ""}) {
      const auto result = p->decode_get(response(c.status, body));
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().code, c.code) << c.status << " " << body;
      EXPECT_EQ(result.error().retryable, c.retryable) << c.status;
      EXPECT_EQ(result.error().http_status, c.status);
    }
  }
}

TEST(SmarterPayErrors, CommonErrorShapesAreRead) {
  const auto p = provider();
  struct Case {
    std::string body;
    std::string vendor_code;
    std::string vendor_message;
    std::string field;
  };
  const Case cases[] = {
      {R"({"error": "invalid_request"})", "", "invalid_request", ""},
      {R"({"error": {"code": "E42", "message": "bad page"}})", "E42", "bad page", ""},
      {R"({"errors": {"amount": ["must be positive"]}})", "", "amount: must be positive", "amount"},
      {R"({"errors": ["one", "two"]})", "", "one; two", ""},
      {R"({"status": "error", "code": 102, "details": "Invalid Platform"})", "102", "Invalid Platform", ""},
      {R"({"status": "failed"})", "failed", "", ""},
      // The shape paylink-sandbox answers with (tools/sandbox/smarterpay_routes.cpp).
      {R"({"error": {"code": "validation_failed", "message": "ecommerce_page is required", "field": "ecommerce_page"}})",
       "validation_failed", "ecommerce_page is required", "ecommerce_page"},
  };
  for (const Case& c : cases) {
    const auto result = p->decode_create(response(400, c.body), seed_create(), {});
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().vendor_code, c.vendor_code) << c.body;
    EXPECT_EQ(result.error().vendor_message, c.vendor_message) << c.body;
    EXPECT_EQ(result.error().field, c.field) << c.body;
  }
}

TEST(SmarterPayErrors, UnknownJsonShapeFallsBackToTheBodyText) {
  const auto result = provider()->decode_get(response(400, R"({"fault": {"reason": "quota"}})"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::validation);
  EXPECT_EQ(result.error().vendor_message, R"({"fault": {"reason": "quota"}})");
}

TEST(SmarterPayErrors, BodyTextIsBounded) {
  const auto result = provider()->decode_get(response(500, std::string(1 << 20, 'x')));
  ASSERT_FALSE(result.ok());
  EXPECT_LE(result.error().vendor_message.size(), 203u);
  EXPECT_LE(result.error().message.size(), 300u);
  const auto json = provider()->decode_get(response(500, R"({"message": ")" + std::string(5000, 'y') + "\"}"));
  ASSERT_FALSE(json.ok());
  EXPECT_LE(json.error().vendor_message.size(), 203u);
}

// The adapter scrubs nothing itself: the call loop scrubs every error with `Provider::secrets()`.
TEST(SmarterPayErrors, AnEchoedTokenNeverReachesTheError) {
  for (const std::string body : {R"({"message": "token sp-test-token-0123456789 is revoked"})",
                                 "Bearer sp-test-token-0123456789 rejected", "{\"x\": \"sp-test-token-0123456789"}) {
    for (const int status : {200, 401, 500}) {
      auto transport =
          std::make_shared<paylink::testing::FakeTransport>(paylink::testing::always_respond(status, body));
      const auto result = client(transport).get(kSeedId);
      ASSERT_FALSE(result.ok());
      EXPECT_EQ(result.error().to_string().find(kToken), std::string::npos) << result.error().to_string();
      EXPECT_EQ(result.error().vendor_message.find(kToken), std::string::npos);
    }
  }
}

TEST(SmarterPayErrors, ArbitraryBytesNeverThrow) {
  const auto p = provider();
  std::mt19937 random(20230713);
  const std::string seed = fixture_response_body("list.http");
  for (int i = 0; i < 300; ++i) {
    std::string body = seed.substr(0, random() % seed.size());
    for (int k = 0; k < 3 && !body.empty(); ++k) body[random() % body.size()] = static_cast<char>(random() % 256);
    for (const int status : {200, 201, 400, 404, 500}) {
      const HttpResponse r = response(status, body);
      EXPECT_NO_THROW({
        (void)p->decode_get(r);
        (void)p->decode_list(r, ListQuery{});
        (void)p->decode_expire(r, kSeedId);
        (void)p->decode_update(r, kSeedId);
        (void)p->decode_create(r, seed_create(), {});
      });
    }
  }
}

TEST(SmarterPayList, WalkEndsWithTheErrorOfAFailingPage) {
  int calls = 0;
  auto transport = std::make_shared<paylink::testing::FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    if (calls == 1) return ok_response(list_of(2));
    HttpResponse failure;
    failure.status = 500;
    failure.body = R"({"message": "database unavailable"})";
    return failure;
  });
  ListQuery query;
  query.page_size = 2;
  std::vector<Result<PaymentLink>> seen;
  for (const auto& link : client(transport).list_all(query)) seen.push_back(link);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[0].ok());
  EXPECT_TRUE(seen[1].ok());
  ASSERT_FALSE(seen[2].ok());
  EXPECT_EQ(seen[2].error().code, ErrorCode::provider);
  EXPECT_EQ(seen[2].error().vendor_message, "database unavailable");
  EXPECT_EQ(transport->count(), 2u);
  EXPECT_EQ(transport->sent()[1].url, "https://api.smarterpaycloud.com/service.svc/paymentlinks?limit=2&page_no=2");
}

// --- Credentials read per attempt -----------------------------------------------------------------

TEST(SmarterPayAdapter, ARotatedTokenIsSentFromTheNextCallWithoutANewClient) {
  auto transport = counting_transport();
  auto tokens = std::make_shared<RotatingCredentials>(Credentials{{"bearer_token", "sp-rotating-1"}});
  SmarterPayConfig cfg = config();
  cfg.bearer_token = Secret();
  cfg.credentials = tokens;
  const Client c = make_smarterpay_client(cfg, options(transport));
  (void)c.get(kSeedId);
  tokens->replace(Credentials{{"bearer_token", "sp-rotating-2"}});
  (void)c.get(kSeedId);
  ASSERT_EQ(transport->count(), 2u);
  EXPECT_EQ(find_header(transport->sent()[0].headers, "Authorization").value_or(""), "Bearer sp-rotating-1");
  EXPECT_EQ(find_header(transport->sent()[1].headers, "Authorization").value_or(""), "Bearer sp-rotating-2");
  tokens->replace(Credentials{});
  expect_refused(c.get(kSeedId).error(), "bearer_token");
  EXPECT_EQ(transport->count(), 2u);
}

}  // namespace
