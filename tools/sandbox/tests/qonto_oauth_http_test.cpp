// Qonto OAuth2 and Qonto's quota over real HTTP: paylink-sandbox started as a child process.
//
// No assertion depends on how fast the machine is: expiries are checked only after sleeping past
// them, and anything that must happen within a lifetime runs against a sandbox with a long one.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "sandbox_child.hpp"

namespace paylink_sandbox::testing {
namespace {

using nlohmann::json;

constexpr const char* kDemoClient = "client_id=paylink-demo-client&client_secret=paylink-demo-client-secret";
constexpr const char* kForm = "application/x-www-form-urlencoded";
constexpr const char* kDemoStaticToken = "demo-qonto-token";

struct Reply {
  int status = 0;
  json body;
  std::string retry_after;
};

Reply to_reply(const httplib::Result& r) {
  Reply out;
  if (!r) return out;
  out.status = r->status;
  out.body = json::parse(r->body, nullptr, false);
  out.retry_after = r->get_header_value("Retry-After");
  return out;
}

Reply token(httplib::Client& c, const std::string& form) { return to_reply(c.Post("/oauth2/token", form, kForm)); }
Reply code_grant(httplib::Client& c, const std::string& code) {
  return token(c, "grant_type=authorization_code&code=" + code + "&" + kDemoClient +
                      "&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcallback");
}
Reply refresh_grant(httplib::Client& c, const std::string& refresh_token) {
  return token(c, "grant_type=refresh_token&refresh_token=" + refresh_token + "&" + kDemoClient);
}
Reply qonto_get(httplib::Client& c, const std::string& bearer, const std::string& path = "/v2/payment_links") {
  return to_reply(c.Get(path, {{"Authorization", "Bearer " + bearer}}));
}
json control(httplib::Client& c, const std::string& path) { return to_reply(c.Get(path)).body; }
std::string str(const json& j, const char* key) { return j.value(key, std::string()); }

void sleep_past(std::chrono::milliseconds ms) { std::this_thread::sleep_for(ms); }

// ---- a sandbox with the default hour-long tokens ----

class QontoOAuthHttp : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { sandbox_ = new SandboxChild(std::vector<std::string>{}); }
  static void TearDownTestSuite() {
    delete sandbox_;
    sandbox_ = nullptr;
  }
  void SetUp() override {
    ASSERT_TRUE(sandbox_->started()) << sandbox_->log();
    client_.emplace(sandbox_->client());
    ASSERT_EQ(client_->Post("/__sandbox/reset")->status, 200);
  }
  httplib::Client& c() { return *client_; }
  static SandboxChild* sandbox_;
  std::optional<httplib::Client> client_;
};
SandboxChild* QontoOAuthHttp::sandbox_ = nullptr;

TEST_F(QontoOAuthHttp, CodeGrantIssuesAPairThatOpensTheQontoRoutes) {
  const auto pair = code_grant(c(), "oauth-http-1");
  ASSERT_EQ(pair.status, 200) << pair.body.dump();
  EXPECT_EQ(str(pair.body, "token_type"), "bearer");
  EXPECT_EQ(pair.body.value("expires_in", 0), 3600);
  EXPECT_EQ(str(pair.body, "scope"), "offline_access payment_link.read payment_link.write");
  const auto listed = qonto_get(c(), str(pair.body, "access_token"));
  EXPECT_EQ(listed.status, 200) << listed.body.dump();
  EXPECT_TRUE(listed.body.contains("payment_links"));
  // The static demo token still works as before.
  EXPECT_EQ(qonto_get(c(), kDemoStaticToken).status, 200);
  const auto stats = control(c(), "/__sandbox/qonto/oauth");
  EXPECT_EQ(stats, (json{{"issued", 1},
                         {"refreshes", 0},
                         {"refreshes_in_grace", 0},
                         {"refreshes_before_expiry", 0},
                         {"expired_token_rejections", 0},
                         {"last_refresh_token", str(pair.body, "refresh_token")}}));
}

TEST_F(QontoOAuthHttp, TokenAnswersAreNotCached) {
  const auto r = c().Post("/oauth2/token", std::string("grant_type=authorization_code&code=nc&") + kDemoClient, kForm);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-store");
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
}

TEST_F(QontoOAuthHttp, ACodeIsSpentOnFirstUse) {
  ASSERT_EQ(code_grant(c(), "oauth-http-once").status, 200);
  const auto again = code_grant(c(), "oauth-http-once");
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(str(again.body, "error"), "invalid_grant");
}

TEST_F(QontoOAuthHttp, RefreshRotatesAndTheOldTokenWorksWithinItsGrace) {
  const auto first = code_grant(c(), "oauth-http-rotate").body;
  const auto second = refresh_grant(c(), str(first, "refresh_token"));
  ASSERT_EQ(second.status, 200) << second.body.dump();
  EXPECT_NE(str(second.body, "access_token"), str(first, "access_token"));
  EXPECT_NE(str(second.body, "refresh_token"), str(first, "refresh_token"));
  EXPECT_EQ(qonto_get(c(), str(second.body, "access_token")).status, 200);
  // A second refresh with the superseded token, as a racing client would: 60 s grace.
  const auto raced = refresh_grant(c(), str(first, "refresh_token"));
  EXPECT_EQ(raced.status, 200) << raced.body.dump();
  const auto stats = control(c(), "/__sandbox/qonto/oauth");
  EXPECT_EQ(stats["issued"], 3);
  EXPECT_EQ(stats["refreshes"], 2);
  EXPECT_EQ(stats["refreshes_in_grace"], 1);
  EXPECT_EQ(stats["last_refresh_token"], str(raced.body, "refresh_token"));
}

TEST_F(QontoOAuthHttp, WrongClientCredentialsAreInvalidClient401) {
  const auto r = token(c(), "grant_type=authorization_code&code=x&client_id=paylink-demo-client&client_secret=wrong");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(str(r.body, "error"), "invalid_client");
  const auto other = token(
      c(), "grant_type=authorization_code&code=x&client_id=someone-else&client_secret=paylink-demo-client-secret");
  EXPECT_EQ(other.status, 401);
  EXPECT_EQ(str(other.body, "error"), "invalid_client");
}

TEST_F(QontoOAuthHttp, UnknownRefreshTokenIsInvalidGrant) {
  const auto r = refresh_grant(c(), "sandbox-qonto-rt-0000");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(str(r.body, "error"), "invalid_grant");
}

TEST_F(QontoOAuthHttp, BadRequestsGetTheOAuthErrors) {
  const auto unsupported = token(c(), std::string("grant_type=client_credentials&") + kDemoClient);
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(str(unsupported.body, "error"), "unsupported_grant_type");
  const auto no_code = token(c(), std::string("grant_type=authorization_code&") + kDemoClient);
  EXPECT_EQ(no_code.status, 400);
  EXPECT_EQ(str(no_code.body, "error"), "invalid_request");
  EXPECT_NE(str(no_code.body, "error_description").find("code"), std::string::npos);
  const auto as_json =
      to_reply(c().Post("/oauth2/token", R"({"grant_type":"authorization_code"})", "application/json"));
  EXPECT_EQ(as_json.status, 400);
  EXPECT_EQ(str(as_json.body, "error"), "invalid_request");
  const auto wrong_method = to_reply(c().Get("/oauth2/token"));
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(str(wrong_method.body, "error"), "invalid_request");
}

TEST_F(QontoOAuthHttp, AFaultOnTheTokenEndpointAnswersTheOAuthErrorBody) {
  const auto queued =
      c().Post("/__sandbox/faults", R"({"route":"POST /oauth2/token","kind":"status","status":503,"retry_after":2})",
               "application/json");
  ASSERT_TRUE(queued);
  ASSERT_EQ(queued->status, 200);
  const auto refused = code_grant(c(), "oauth-http-fault");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(str(refused.body, "error"), "temporarily_unavailable");
  EXPECT_EQ(refused.retry_after, "2");
  // Not processed: the code is still unspent.
  EXPECT_EQ(code_grant(c(), "oauth-http-fault").status, 200);
}

TEST_F(QontoOAuthHttp, AnUnknownBearerGetsQontos401) {
  const auto r = qonto_get(c(), "sandbox-qonto-at-never-issued");
  EXPECT_EQ(r.status, 401);
  ASSERT_TRUE(r.body.contains("errors")) << r.body.dump();
  EXPECT_EQ(r.body["errors"][0].value("code", ""), "unauthorized");
  EXPECT_TRUE(r.body.contains("trace_id"));
  EXPECT_EQ(control(c(), "/__sandbox/qonto/oauth")["expired_token_rejections"], 0);
}

TEST_F(QontoOAuthHttp, ResetZeroesTheCountersAndIssuedTokensStayValid) {
  const auto pair = code_grant(c(), "oauth-http-reset").body;
  ASSERT_EQ(c().Post("/__sandbox/reset")->status, 200);
  EXPECT_EQ(control(c(), "/__sandbox/qonto/oauth"), (json{{"issued", 0},
                                                          {"refreshes", 0},
                                                          {"refreshes_in_grace", 0},
                                                          {"refreshes_before_expiry", 0},
                                                          {"expired_token_rejections", 0},
                                                          {"last_refresh_token", ""}}));
  EXPECT_EQ(qonto_get(c(), str(pair, "access_token")).status, 200);
  EXPECT_EQ(refresh_grant(c(), str(pair, "refresh_token")).status, 200);
}

TEST_F(QontoOAuthHttp, TheRequestLogShowsNoTokenAndNoSecret) {
  const auto first = code_grant(c(), "oauth-http-log").body;
  const auto second = refresh_grant(c(), str(first, "refresh_token")).body;
  qonto_get(c(), str(second, "access_token"));
  token(c(), "grant_type=refresh_token&refresh_token=canary-rt&client_id=paylink-demo-client&client_secret=canary-s");
  const std::string log = sandbox_->log();
  ASSERT_NE(log.find("POST /oauth2/token"), std::string::npos) << log;  // the log is there
  for (const auto& secret :
       {str(first, "access_token"), str(first, "refresh_token"), str(second, "access_token"),
        str(second, "refresh_token"), std::string("paylink-demo-client-secret"), std::string("canary")}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << "the log shows a secret";
  }
}

// ---- a sandbox with one-second tokens: expiry and the end of the grace ----

TEST(QontoOAuthShortLifetime, ExpiredAccessTokensAre401AndTheGraceEndsWithTheLifetime) {
  SandboxChild sandbox({"--qonto-token-ttl", "1", "--quiet"});
  ASSERT_TRUE(sandbox.started()) << sandbox.log();
  auto c = sandbox.client();
  const auto first = code_grant(c, "short-1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.value("expires_in", 0), 1);
  const auto second = refresh_grant(c, str(first.body, "refresh_token"));
  ASSERT_EQ(second.status, 200);

  sleep_past(std::chrono::milliseconds(1200));  // past the access tokens' life and the 1-s grace
  const auto expired = qonto_get(c, str(second.body, "access_token"));
  EXPECT_EQ(expired.status, 401);
  ASSERT_TRUE(expired.body.contains("errors")) << expired.body.dump();
  EXPECT_EQ(expired.body["errors"][0].value("code", ""), "unauthorized");
  EXPECT_EQ(qonto_get(c, str(first.body, "access_token")).status, 401);
  const auto dead = refresh_grant(c, str(first.body, "refresh_token"));
  EXPECT_EQ(dead.status, 400);
  EXPECT_EQ(str(dead.body, "error"), "invalid_grant");
  // The newest refresh token outlives the access token.
  const auto third = refresh_grant(c, str(second.body, "refresh_token"));
  EXPECT_EQ(third.status, 200) << third.body.dump();

  const auto stats = control(c, "/__sandbox/qonto/oauth");
  EXPECT_EQ(stats["expired_token_rejections"], 2);
  EXPECT_EQ(stats["refreshes"], 2);
  EXPECT_EQ(stats["refreshes_in_grace"], 0);
  EXPECT_EQ(stats["last_refresh_token"], str(third.body, "refresh_token"));
}

TEST(QontoOAuthFlags, ClientFromTheEnvironmentAndTtlLimits) {
  SandboxChild sandbox({"--qonto-token-ttl=120", "--quiet"}, {{"PAYLINK_SANDBOX_QONTO_CLIENT_ID", "my-client"},
                                                              {"PAYLINK_SANDBOX_QONTO_CLIENT_SECRET", "my-secret"}});
  ASSERT_TRUE(sandbox.started()) << sandbox.log();
  auto c = sandbox.client();
  EXPECT_EQ(code_grant(c, "env-1").status, 401);  // the demo client is replaced
  const auto own = token(c, "grant_type=authorization_code&code=env-2&client_id=my-client&client_secret=my-secret");
  EXPECT_EQ(own.status, 200);
  EXPECT_EQ(own.body.value("expires_in", 0), 120);

  for (const char* bad : {"0", "86401", "abc", ""}) {
    SandboxChild refused({"--qonto-token-ttl", bad});
    EXPECT_FALSE(refused.started()) << bad;
    EXPECT_NE(refused.log().find("--qonto-token-ttl needs a number of seconds from 1 to 86400"), std::string::npos)
        << refused.log();
  }
}

// ---- Qonto's quota ----

TEST(QontoQuota, TheThousandAndFirstRequestIn10SecondsIs429WithRetryAfterAndIsNotCounted) {
  SandboxChild sandbox({"--qonto-quota", "--quiet"});
  ASSERT_TRUE(sandbox.started()) << sandbox.log();
  // 1000 requests from 4 connections, as fast as they go (well within 10 s on any machine).
  std::atomic<int> ok{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto c = sandbox.client();
      for (int i = 0; i < 250; ++i) {
        const auto r = qonto_get(c, kDemoStaticToken, "/v2/payment_links/payment_methods");
        (r.status == 200 ? ok : other)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(ok.load(), 1000);
  ASSERT_EQ(other.load(), 0);

  auto c = sandbox.client();
  int refused = 0;
  for (int i = 0; i < 5; ++i) {
    const auto r = qonto_get(c, kDemoStaticToken, "/v2/payment_links/payment_methods");
    if (r.status != 429) continue;  // only if the first requests already left the window
    ++refused;
    ASSERT_TRUE(r.body.contains("errors")) << r.body.dump();
    EXPECT_EQ(r.body["errors"][0].value("code", ""), "too_many_requests");
    EXPECT_TRUE(r.body.contains("trace_id"));
    ASSERT_FALSE(r.retry_after.empty());
    const int seconds = std::stoi(r.retry_after);
    EXPECT_GE(seconds, 1);
    EXPECT_LE(seconds, 10);
  }
  EXPECT_GT(refused, 0);
  // Refused requests are not counted; unauthenticated ones are (the quota is per IP, before auth).
  const auto stats = control(c, "/__sandbox/quota");
  EXPECT_EQ(stats["rate_limited"], refused);
  EXPECT_EQ(stats["accepted"], 1000 + (5 - refused));

  // Neither the OAuth endpoint nor the sandbox's own routes are under Qonto's API quota.
  EXPECT_EQ(code_grant(c, "quota-1").status, 200);
  EXPECT_EQ(to_reply(c.Get("/__sandbox/health")).status, 200);

  // Reset empties the windows.
  ASSERT_EQ(c.Post("/__sandbox/reset")->status, 200);
  EXPECT_EQ(control(c, "/__sandbox/quota"), (json{{"accepted", 0}, {"rate_limited", 0}}));
  EXPECT_EQ(qonto_get(c, "not-a-token").status, 401);
  EXPECT_EQ(control(c, "/__sandbox/quota")["accepted"], 1);
}

TEST(QontoQuota, OffByDefaultButCounted) {
  SandboxChild sandbox({"--quiet"});
  ASSERT_TRUE(sandbox.started()) << sandbox.log();
  auto c = sandbox.client();
  for (int i = 0; i < 1100; ++i) {
    ASSERT_EQ(qonto_get(c, kDemoStaticToken, "/v2/payment_links/payment_methods").status, 200) << i;
  }
  EXPECT_EQ(control(c, "/__sandbox/quota"), (json{{"accepted", 1100}, {"rate_limited", 0}}));
}

}  // namespace
}  // namespace paylink_sandbox::testing
