#include <gtest/gtest.h>

#include "core/redaction.hpp"
#include "paylink/logging.hpp"

namespace paylink::detail {
namespace {

TEST(Redaction, UrlKeepsPathAndAllowListedQueryOnly) {
  EXPECT_EQ(redact_url("https://api.example.com/v1/json/orders?api_key=SECRET&page=2"),
            "/v1/json/orders?api_key=REDACTED&page=2");
  EXPECT_EQ(redact_url("https://h/v2/payment_links?status%5B%5D=open&x=1"),
            "/v2/payment_links?status%5B%5D=open&x=REDACTED");
}

TEST(Redaction, HeadersShowOnlyHarmlessValues) {
  const std::string out = redact_headers({{"Authorization", "Bearer SECRET"},
                                          {"X-Qonto-Staging-Token", "STAGING"},
                                          {"api_key", "KEY"},
                                          {"Content-Type", "application/json"}});
  EXPECT_EQ(out.find("SECRET"), std::string::npos);
  EXPECT_EQ(out.find("STAGING"), std::string::npos);
  EXPECT_EQ(out.find("KEY"), std::string::npos);
  EXPECT_NE(out.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(out.find("Authorization: REDACTED"), std::string::npos);
}

TEST(Redaction, BodiesMaskCredentialFieldsAtAnyDepth) {
  const std::string out =
      mask_body(R"({"token":"TOK","request":{"actions":[{"hmac":"SIG","parameters":{"description":"ok"}}]}})");
  EXPECT_EQ(out.find("TOK"), std::string::npos);
  EXPECT_EQ(out.find("SIG"), std::string::npos);
  EXPECT_NE(out.find("\"description\":\"ok\""), std::string::npos);
  EXPECT_EQ(mask_body("token=TOK"), "<9 bytes, not JSON>");
}

TEST(Redaction, RequestKeepsHostAndPathAndRedactsCredentialsLikeTheLog) {
  HttpRequest request;
  request.method = HttpMethod::post;
  request.url = "https://user:PASSWORD@api.example.com:8443/v1/json/orders?api_key=SECRET&page=2";
  request.headers = {{"Authorization", "Bearer SECRET"}, {"Content-Type", "application/json"}, {"api_key", "KEY"}};
  request.body = R"({"token":"TOK","description":"ok"})";
  const RedactedRequest out = redact_request(request);
  EXPECT_EQ(out.method, "POST");
  EXPECT_EQ(out.url, "https://api.example.com:8443/v1/json/orders?api_key=REDACTED&page=2");
  const std::vector<std::pair<std::string, std::string>> headers{
      {"Authorization", "REDACTED"}, {"Content-Type", "application/json"}, {"api_key", "REDACTED"}};
  EXPECT_EQ(out.headers, headers);
  EXPECT_EQ(out.body, R"({"description":"ok","token":"***"})");
}

TEST(Redaction, RequestWithoutPathOrBody) {
  HttpRequest request;
  request.url = "http://127.0.0.1:8080?token=T";
  const RedactedRequest out = redact_request(request);
  EXPECT_EQ(out.method, "GET");
  EXPECT_EQ(out.url, "http://127.0.0.1:8080?token=REDACTED");
  EXPECT_TRUE(out.body.empty());
}

}  // namespace
}  // namespace paylink::detail
