// The cross-cutting rules that every adapter uses (src/providers/README.md, "Rules that are not the
// adapter's"): base URL, header values, non-JSON answers, secret scrubbing.
#include <gtest/gtest.h>

#include "core/answer_kind.hpp"
#include "core/base_url.hpp"
#include "core/header_value.hpp"
#include "core/scrub.hpp"

namespace paylink::detail {
namespace {

TEST(BaseUrlPolicy, HttpsAnywhereAndPlainHttpOnlyToLoopback) {
  for (const char* ok : {"https://api.multisafepay.com/v1/json/", "HTTPS://thirdparty.qonto.com",
                         "http://127.0.0.1:8787", "http://localhost:9/service.svc/", "http://[::1]:80/"}) {
    EXPECT_TRUE(checked_base_url(ok).ok()) << ok;
  }
  const auto clear = checked_base_url("http://api.example.com/v1/");
  ASSERT_FALSE(clear.ok());
  EXPECT_EQ(clear.error().code, ErrorCode::validation);
  EXPECT_EQ(clear.error().field, "base_url");
  EXPECT_NE(clear.error().message.find("loopback"), std::string::npos) << clear.error().message;
}

TEST(BaseUrlPolicy, RefusesWhatWouldChangeTheJoinedPath) {
  for (const char* bad : {"", "api.example.com", "ftp://127.0.0.1/", "https://", "https://h/x?y=1", "https://h/#f",
                          "https://h/a b", "https://h/\r\nX-Evil: 1"}) {
    const auto r = checked_base_url(bad, "endpoint");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "endpoint") << bad;
  }
}

TEST(HeaderValue, ControlCharactersAreRefusedWithoutQuotingTheValue) {
  EXPECT_TRUE(is_header_safe("Bearer abc.DEF-123_~+/="));
  EXPECT_FALSE(is_header_safe("abc\r\nX-Injected: 1"));
  EXPECT_FALSE(is_header_safe(std::string("a\0b", 3)));
  EXPECT_FALSE(is_header_safe("tab\tinside"));
  EXPECT_FALSE(is_header_safe("del\x7f"));
  const auto e = check_header_value("secret-canary\n", "access_token");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->field, "access_token");
  EXPECT_EQ(e->message.find("secret-canary"), std::string::npos);
  EXPECT_FALSE(check_header_value("fine", "access_token").has_value());
}

TEST(AnswerKind, ClassifiesJsonHtmlEmptyAndOther) {
  EXPECT_EQ(classify_answer(" \n{\"a\":1}"), AnswerKind::json);
  EXPECT_EQ(classify_answer("[1]"), AnswerKind::json);
  EXPECT_EQ(classify_answer("<!DOCTYPE html><html></html>"), AnswerKind::html);
  EXPECT_EQ(classify_answer("  \r\n"), AnswerKind::empty);
  EXPECT_EQ(classify_answer("Bad Gateway"), AnswerKind::other);
}

TEST(AnswerKind, FailedStatusKeepsItsCodeAndSaysWhenItWasHtml) {
  HttpResponse proxy;
  proxy.status = 502;
  proxy.body = "<html><body>Bad gateway</body></html>";
  const Error e = unreadable_answer("qonto", proxy);
  EXPECT_EQ(e.code, ErrorCode::provider);
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.http_status, 502);
  EXPECT_NE(e.message.find("HTML"), std::string::npos) << e.message;

  HttpResponse login;
  login.status = 200;
  login.body = "<!doctype html><html>Sign in</html>";
  const Error l = unreadable_answer("smarterpay", login);
  EXPECT_EQ(l.code, ErrorCode::invalid_response);
  EXPECT_NE(l.message.find("smarterpay: got an HTML page"), std::string::npos) << l.message;

  HttpResponse text;
  text.status = 200;
  text.body = "OK";
  EXPECT_EQ(unreadable_answer("multisafepay", text).code, ErrorCode::invalid_response);
}

TEST(Scrub, EveryStringFieldEveryLengthAndTheEncodedForm) {
  Error e = Error::make(ErrorCode::auth, "token tok-123 and key k/y+z= and x");
  e.vendor_code = "tok-123";
  e.vendor_message = "echo k%2Fy%2Bz%3D";
  e.request_id = "req tok-123";
  e.field = "tok-123";
  e.reconcile_key = "tok-123";
  const Error s = scrub_secrets(e, {"tok-123", "k/y+z=", "x"});
  for (const std::string* f :
       {&s.message, &s.vendor_code, &s.vendor_message, &s.request_id, &s.field, &s.reconcile_key}) {
    EXPECT_EQ(f->find("tok-123"), std::string::npos) << *f;
    EXPECT_EQ(f->find("k/y+z="), std::string::npos) << *f;
    EXPECT_EQ(f->find("k%2Fy%2Bz%3D"), std::string::npos) << *f;
  }
  // One rule whatever the length: a one-letter secret is scrubbed too.
  EXPECT_EQ(s.message.find('x'), std::string::npos) << s.message;
  EXPECT_EQ(s.code, ErrorCode::auth);
}

TEST(Scrub, LongerSecretIsReplacedWholeWhenItContainsAShorterOne) {
  EXPECT_EQ(scrub_text("abcdef", {"cd", "abcdef"}), "***");
  EXPECT_EQ(scrub_text("nothing here", {}), "nothing here");
  EXPECT_EQ(scrub_text("empty secret", {""}), "empty secret");
}

}  // namespace
}  // namespace paylink::detail
