#include <gtest/gtest.h>

#include "core/redaction.hpp"

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

}  // namespace
}  // namespace paylink::detail
