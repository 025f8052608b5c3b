// Failure responses: each becomes a clear `Error` with the HTTP status, the vendor's words (bounded) and
// the right code and retry flag, whatever the body looks like. Nothing throws, nothing leaks the token.
#include <random>

#include "smarterpay_test_support.hpp"

namespace {

using namespace paylink;
using namespace paylink::smarterpay_test;

HttpResponse response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

TEST(SmarterPayErrors, Unauthorized401IsAuth) {
  auto transport = replay("error_401.http");
  const auto result = client(transport).create(seed_create());
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::auth);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(e.vendor_code, "101");
  EXPECT_EQ(e.vendor_message, "Unauthorised");
  EXPECT_EQ(e.message, "smarterpay: HTTP 401: Unauthorised");
  EXPECT_FALSE(e.retryable);
}

TEST(SmarterPayErrors, NotFound404IsNotFound) {
  auto transport = replay("error_404.http");
  const auto result = client(transport).get("PL01DOESNOTEXIST0000");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::not_found);
  EXPECT_EQ(result.error().http_status, 404);
  EXPECT_EQ(result.error().vendor_message, "Payment Link not found");
  EXPECT_FALSE(result.error().retryable);
}

TEST(SmarterPayErrors, Unprocessable422IsValidationWithTheVendorsWords) {
  auto transport = replay("error_422.http");
  const auto result = client(transport).create(seed_create());
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::validation);
  EXPECT_EQ(e.http_status, 422);
  EXPECT_EQ(e.field, "ecommerce_page");
  EXPECT_EQ(e.vendor_message, "Ecommerce Page not found; Customer Account is required by this page");
  EXPECT_FALSE(e.retryable);
}

TEST(SmarterPayErrors, NonJsonBodyKeepsItsTextAndStatus) {
  auto transport = replay("error_non_json.http");
  const auto result = client(transport).get(kSeedId);
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::provider);
  EXPECT_EQ(e.http_status, 502);
  EXPECT_TRUE(e.retryable);
  EXPECT_NE(e.vendor_message.find("502 Bad Gateway"), std::string::npos) << e.vendor_message;
  EXPECT_NE(e.message.find("HTTP 502"), std::string::npos) << e.message;
}

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

TEST(SmarterPayErrors, AnEchoedTokenNeverReachesTheError) {
  const auto p = provider();
  for (const std::string body : {R"({"message": "token sp-test-token-0123456789 is revoked"})",
                                 "Bearer sp-test-token-0123456789 rejected", "{\"x\": \"sp-test-token-0123456789"}) {
    for (const int status : {200, 401, 500}) {
      const auto result = p->decode_get(response(status, body));
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

}  // namespace
