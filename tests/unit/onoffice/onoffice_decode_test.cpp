// decode_create on bodies written inline: every mapped error code, the precedence of the action's
// status over the top level and of the envelope over the HTTP status, and bodies that must be refused.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "onoffice_test_support.hpp"
#include "providers/onoffice/onoffice_adapter.hpp"

namespace paylink::onoffice_test {
namespace {

HttpResponse respond(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

Result<PaymentLink> decode(const HttpResponse& response) {
  return make_onoffice_provider(test_config())->decode_create(response, seed_request(), context_at(kFixtureTime));
}

// An answer whose action failed with `code` and `message`, under a top-level status.
std::string action_error(long long code, const std::string& message, int top_code = 200, int top_errorcode = 97) {
  return R"({"status":{"code":)" + std::to_string(top_code) + R"(,"errorcode":)" + std::to_string(top_errorcode) +
         R"(,"message":"Error in action"},"response":{"results":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do",)"
         R"("resourceid":"","resourcetype":"subsequentPaymentLink","cacheable":false,"identifier":"","data":[],)"
         R"("status":{"errorcode":)" +
         std::to_string(code) + R"(,"message":")" + message + R"("}}]}})";
}

std::string success_with(const std::string& result_object) {
  return R"({"status":{"code":200,"errorcode":0,"message":"OK"},"response":{"results":[{)"
         R"("actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do","resourceid":"",)"
         R"("resourcetype":"subsequentPaymentLink","cacheable":false,"identifier":"",)"
         R"("data":{"meta":{"cntabsolute":null},"records":[{"id":0,"type":"","elements":{"result":)" +
         result_object + R"(}}]},"status":{"errorcode":0,"message":"OK"}}]}})";
}

struct Mapping {
  long long vendor_code;
  ErrorCode code;
  std::string field;
};

TEST(OnOfficeDecode, KnownErrorCodesMapToErrorCodesKeepingTheVendorsWords) {
  const std::vector<Mapping> mappings = {
      {13, ErrorCode::auth, ""},
      {22, ErrorCode::auth, ""},
      {136, ErrorCode::auth, ""},
      {137, ErrorCode::auth, ""},
      {189, ErrorCode::not_found, "onoffice.transaction_id"},
      {190, ErrorCode::validation, "onoffice.transaction_id"},
      {205, ErrorCode::not_found, "onoffice.transaction_id"},
      {214, ErrorCode::validation, "amount"},
      {240, ErrorCode::auth, ""},
  };
  for (const auto& m : mappings) {
    const auto result = decode(respond(200, action_error(m.vendor_code, "vendor says no")));
    ASSERT_FALSE(result.ok()) << m.vendor_code;
    const Error& e = result.error();
    EXPECT_EQ(e.code, m.code) << m.vendor_code << ": " << e.to_string();
    EXPECT_EQ(e.field, m.field) << m.vendor_code;
    EXPECT_EQ(e.vendor_code, std::to_string(m.vendor_code));
    EXPECT_EQ(e.vendor_message, "vendor says no");
    EXPECT_FALSE(e.retryable) << m.vendor_code;
    EXPECT_EQ(e.message.rfind("onoffice: ", 0), 0u) << e.message;
  }
}

TEST(OnOfficeDecode, RefusedTimestampSaysToCheckTheClock) {
  const auto result = decode(respond(200, action_error(136, "Timestamp invalid")));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::auth);
  EXPECT_FALSE(result.error().retryable);
  EXPECT_NE(result.error().message.find("clock"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("2023-11-14T22:13:20Z"), std::string::npos) << result.error().message;
}

TEST(OnOfficeDecode, TheActionsStatusIsReadWhateverTheTopLevelSays) {
  // Top-level 97 beside code 200 or 500, or a top level that says OK (as in the community stub).
  for (const auto& [top_code, top_errorcode] : std::vector<std::pair<int, int>>{{200, 97}, {500, 97}, {200, 0}}) {
    const auto result = decode(respond(200, action_error(214, "Invalid price format", top_code, top_errorcode)));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::validation) << top_code << "/" << top_errorcode;
    EXPECT_EQ(result.error().field, "amount");
    EXPECT_EQ(result.error().vendor_code, "214");
  }
}

TEST(OnOfficeDecode, ErrorInActionWithoutTheActionsCauseIsAProviderError) {
  const auto result = decode(respond(200, R"({"status":{"code":200,"errorcode":97,"message":"Error in action"}})"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::provider);
  EXPECT_EQ(result.error().vendor_code, "97");
  EXPECT_EQ(result.error().vendor_message, "Error in action");
}

TEST(OnOfficeDecode, TopLevelStatusCodes) {
  {
    const auto r =
        decode(respond(200, R"({"status":{"code":400,"errorcode":0,"message":"not authenticated"},"response":[]})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::auth);
    EXPECT_EQ(r.error().vendor_code, "400");
    EXPECT_FALSE(r.error().retryable);
  }
  {
    const auto r = decode(respond(200, R"({"status":{"code":500,"errorcode":0,"message":"server error"}})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::provider);
    EXPECT_EQ(r.error().vendor_code, "500");
    EXPECT_EQ(r.error().vendor_message, "server error");
    EXPECT_FALSE(r.error().retryable);
  }
  {
    // A structural error code at the top level (4: malformed JSON), not in the table.
    const auto r = decode(respond(200, R"({"status":{"code":500,"errorcode":4,"message":"invalid JSON"}})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::provider);
    EXPECT_EQ(r.error().vendor_code, "4");
    EXPECT_EQ(r.error().vendor_message, "invalid JSON");
  }
}

TEST(OnOfficeDecode, UnknownCodesAreProviderErrorsWithTheVendorsCodeAndMessage) {
  const auto r = decode(respond(200, action_error(9999, "Something new")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::provider);
  EXPECT_EQ(r.error().vendor_code, "9999");
  EXPECT_EQ(r.error().vendor_message, "Something new");
  EXPECT_FALSE(r.error().retryable);
  // Under a top-level "not authenticated" an unknown code is an authentication failure.
  const auto under_400 = decode(respond(200, action_error(9999, "Something new", 400, 97)));
  ASSERT_FALSE(under_400.ok());
  EXPECT_EQ(under_400.error().code, ErrorCode::auth);
}

TEST(OnOfficeDecode, AnUnreadableActionStatusDoesNotHideATopLevelError) {
  const auto r = decode(respond(
      200,
      R"({"status":{"code":400,"errorcode":22,"message":"Not authenticated"},"response":{"results":[{"status":"?"}]}})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::auth);
  EXPECT_EQ(r.error().vendor_code, "22");
}

TEST(OnOfficeDecode, TheEnvelopesErrorWinsOverTheHttpStatus) {
  const auto r = decode(respond(500, action_error(137, "The HMAC is invalid")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::auth);
  EXPECT_EQ(r.error().http_status, 500);
}

TEST(OnOfficeDecode, HttpErrorsWithoutTheEnvelopeAreClassifiedByStatus) {
  const auto html = decode(respond(502, "<html><body>Bad Gateway</body></html>"));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().code, ErrorCode::provider);
  EXPECT_EQ(html.error().http_status, 502);
  const auto text = decode(respond(403, "Forbidden"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, ErrorCode::auth);
  EXPECT_EQ(text.error().http_status, 403);
  // A success envelope on an HTTP error is not trusted.
  const auto mixed = decode(respond(503, success_with(R"({"subsequentPaymentUrl":"https://x.example/?c=1"})")));
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, ErrorCode::provider);
  EXPECT_EQ(mixed.error().http_status, 503);
}

TEST(OnOfficeDecode, AnHtmlPageOnSuccessIsAnInvalidResponseNamingTheEndpoint) {
  const auto r = decode(respond(200, "<!DOCTYPE html><html><body>login</body></html>"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_response);
  EXPECT_NE(r.error().message.find("HTML"), std::string::npos);
}

TEST(OnOfficeDecode, SuccessVariants) {
  {
    const auto r = decode(respond(
        200,
        success_with(R"({"subsequentPaymentUrl":"https:\/\/x.example\/s.php?a=1&c=abc","mailToCustomerSent":false})")));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->url, "https://x.example/s.php?a=1&c=abc");
    EXPECT_EQ(r->id, "abc");
    EXPECT_EQ(r->vendor_fields.at("mailToCustomerSent"), "false");
  }
  {
    // Without mailToCustomerSent nothing is claimed; without a c= parameter the URL is the id.
    const auto r = decode(respond(200, success_with(R"({"subsequentPaymentUrl":"https://x.example/pay/123"})")));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->id, "https://x.example/pay/123");
    EXPECT_EQ(r->vendor_fields.count("mailToCustomerSent"), 0u);
    EXPECT_EQ(r->status, LinkStatus::open);
  }
}

TEST(OnOfficeDecode, BodiesThatAreNotTheEnvelopeAreInvalidResponses) {
  const std::string ok_head = R"({"status":{"code":200,"errorcode":0,"message":"OK"},)";
  const std::vector<std::string> bodies = {
      R"({"status":{"code":"200","errorcode":0}})",
      R"({"status":{"errorcode":0}})",
      R"({"status":{"code":200,"errorcode":"0"}})",
      R"({"status":[],"response":{}})",
      ok_head + R"("response":{"results":[]}})",
      ok_head + R"("response":{"results":{}}})",
      ok_head + R"("response":{"results":["x"]}})",
      ok_head + R"("response":{"results":[{"status":"OK","data":{}}]}})",
      ok_head + R"("response":{"results":[{"status":{"errorcode":"0"}}]}})",
      ok_head + R"("response":{"results":[{"data":[]}]}})",
      ok_head + R"("response":{"results":[{"data":{"records":[]}}]}})",
      ok_head + R"("response":{"results":[{"data":{"records":[7]}}]}})",
      ok_head + R"("response":{"results":[{"data":{"records":[{"elements":{"subsequentPaymentUrl":"https://x"}}]}}]}})",
      ok_head + R"("response":{"results":[{"actionid":7,"data":{}}]}})",
      ok_head +
          R"("response":{"results":[{"resourcetype":"estate","data":{"records":[{"elements":{"result":{"subsequentPaymentUrl":"https://x"}}}]}}]}})",
      success_with(R"({"subsequentPaymentUrl":42})"),
      success_with(R"({"subsequentPaymentUrl":""})"),
      success_with(R"({"subsequentPaymentUrl":"javascript:void 0"})"),
      success_with(R"({"subsequentPaymentUrl":"https://x.example/?c=1","mailToCustomerSent":"yes"})"),
      success_with(R"({"mailToCustomerSent":true})"),
      success_with(R"([])"),
  };
  for (const auto& body : bodies) {
    const auto r = decode(respond(200, body));
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_response) << body << "\n" << r.error().to_string();
    EXPECT_EQ(r.error().http_status, 200) << body;
  }
}

TEST(OnOfficeDecode, CredentialsEchoedByTheVendorAreMasked) {
  const std::string echo = std::string("token ") + kToken + " with secret " + kSecret + " refused";
  const auto r = decode(respond(200, action_error(137, echo)));
  ASSERT_FALSE(r.ok());
  const std::string text = r.error().to_string();
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
  EXPECT_NE(text.find("***"), std::string::npos) << text;
  const auto raw = decode(respond(502, echo));
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().to_string().find(kToken), std::string::npos);
  EXPECT_EQ(raw.error().to_string().find(kSecret), std::string::npos);
}

TEST(OnOfficeDecode, ErrorTableLookup) {
  using detail::onoffice::find_error_mapping;
  ASSERT_NE(find_error_mapping(137), nullptr);
  EXPECT_EQ(find_error_mapping(137)->code, ErrorCode::auth);
  EXPECT_EQ(find_error_mapping(0), nullptr);
  EXPECT_EQ(find_error_mapping(97), nullptr);
}

}  // namespace
}  // namespace paylink::onoffice_test
