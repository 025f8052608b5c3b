// QontoOAuth on an injected clock: grants, rotation, the grace period, errors and counters.
#include "qonto_oauth.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace paylink_sandbox {
namespace {

using Clock = QontoOAuth::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Clock::time_point kStart = Clock::time_point{} + std::chrono::hours(1);
constexpr const char* kClientId = "test-client";
constexpr const char* kClientSecret = "test-client-secret";
const OAuthClientCredentials& client() {
  static const OAuthClientCredentials credentials{kClientId, kClientSecret};
  return credentials;
}

httplib::Params with_client(httplib::Params form) {
  form.emplace("client_id", kClientId);
  form.emplace("client_secret", kClientSecret);
  return form;
}
httplib::Params code_grant(const std::string& code) {
  return with_client({{"grant_type", "authorization_code"}, {"code", code}, {"redirect_uri", "http://127.0.0.1/cb"}});
}
httplib::Params refresh_grant(const std::string& refresh_token) {
  return with_client({{"grant_type", "refresh_token"}, {"refresh_token", refresh_token}});
}

void expect_error(const QontoOAuth::Answer& answer, int status, const std::string& code) {
  EXPECT_EQ(answer.status, status) << answer.body.dump();
  EXPECT_EQ(answer.body.value("error", ""), code) << answer.body.dump();
  EXPECT_FALSE(answer.body.value("error_description", "").empty());
  EXPECT_FALSE(answer.body.contains("access_token"));
}

std::string text(const json& body, const char* key) { return body.at(key).get<std::string>(); }

TEST(QontoOAuth, AnyCodeIssuesAPairInQontosShape) {
  QontoOAuth oauth(client(), seconds(3600));
  const auto answer = oauth.token(code_grant("anything"), kStart);
  ASSERT_EQ(answer.status, 200) << answer.body.dump();
  EXPECT_EQ(text(answer.body, "token_type"), "bearer");
  EXPECT_EQ(answer.body.at("expires_in"), 3600);
  EXPECT_EQ(text(answer.body, "scope"), "offline_access payment_link.read payment_link.write");
  EXPECT_FALSE(text(answer.body, "access_token").empty());
  EXPECT_FALSE(text(answer.body, "refresh_token").empty());
  EXPECT_NE(text(answer.body, "access_token"), text(answer.body, "refresh_token"));
  EXPECT_EQ(oauth.check_access(text(answer.body, "access_token"), kStart), QontoOAuth::AccessCheck::valid);
  EXPECT_EQ(oauth.stats(), (json{{"issued", 1},
                                 {"refreshes", 0},
                                 {"refreshes_in_grace", 0},
                                 {"refreshes_before_expiry", 0},
                                 {"expired_token_rejections", 0},
                                 {"last_refresh_token", text(answer.body, "refresh_token")}}));
}

TEST(QontoOAuth, ACodeWorksOnce) {
  QontoOAuth oauth(client(), seconds(3600));
  ASSERT_EQ(oauth.token(code_grant("c1"), kStart).status, 200);
  expect_error(oauth.token(code_grant("c1"), kStart), 400, "invalid_grant");
  EXPECT_EQ(oauth.token(code_grant("c2"), kStart).status, 200);
}

TEST(QontoOAuth, RefreshRotatesBothTokens) {
  QontoOAuth oauth(client(), seconds(3600));
  const auto first = oauth.token(code_grant("c"), kStart).body;
  const auto second = oauth.token(refresh_grant(text(first, "refresh_token")), kStart + seconds(5));
  ASSERT_EQ(second.status, 200) << second.body.dump();
  EXPECT_NE(text(second.body, "access_token"), text(first, "access_token"));
  EXPECT_NE(text(second.body, "refresh_token"), text(first, "refresh_token"));
  // The new refresh token is live: it rotates in turn, outside any grace.
  const auto third = oauth.token(refresh_grant(text(second.body, "refresh_token")), kStart + seconds(3000));
  ASSERT_EQ(third.status, 200);
  const auto stats = oauth.stats();
  EXPECT_EQ(stats["issued"], 3);
  EXPECT_EQ(stats["refreshes"], 2);
  EXPECT_EQ(stats["refreshes_in_grace"], 0);
  EXPECT_EQ(stats["last_refresh_token"], text(third.body, "refresh_token"));
}

TEST(QontoOAuth, CountsTheRefreshesMadeBeforeTheAccessTokenExpired) {
  QontoOAuth oauth(client(), seconds(3600));
  const auto first = oauth.token(code_grant("c"), kStart).body;
  // Before the first access token's hour is over: the client refreshed ahead of expiry.
  const auto second = oauth.token(refresh_grant(text(first, "refresh_token")), kStart + seconds(3599)).body;
  EXPECT_EQ(oauth.stats()["refreshes_before_expiry"], 1);
  // The second access token expired at 3599 + 3600 s: a refresh after that (as after a 401) is not counted.
  ASSERT_EQ(oauth.token(refresh_grant(text(second, "refresh_token")), kStart + seconds(7199)).status, 200);
  EXPECT_EQ(oauth.stats()["refreshes"], 2);
  EXPECT_EQ(oauth.stats()["refreshes_before_expiry"], 1);
}

TEST(QontoOAuth, TheOldRefreshTokenWorksForSixtySecondsThenIsDead) {
  QontoOAuth oauth(client(), seconds(3600));
  EXPECT_EQ(oauth.grace(), seconds(60));
  const auto old_token = text(oauth.token(code_grant("c"), kStart).body, "refresh_token");
  ASSERT_EQ(oauth.token(refresh_grant(old_token), kStart).status, 200);
  // Within the grace the superseded token still refreshes, and the counter shows the race.
  EXPECT_EQ(oauth.token(refresh_grant(old_token), kStart + seconds(59)).status, 200);
  EXPECT_EQ(oauth.stats()["refreshes_in_grace"], 1);
  // The grace runs from the first rotation, not from the last use.
  expect_error(oauth.token(refresh_grant(old_token), kStart + seconds(60)), 400, "invalid_grant");
  EXPECT_EQ(oauth.stats()["refreshes"], 2);
}

TEST(QontoOAuth, GraceIsShortenedToTheAccessTokenLifetime) {
  QontoOAuth oauth(client(), seconds(1));
  EXPECT_EQ(oauth.grace(), seconds(1));
  const auto old_token = text(oauth.token(code_grant("c"), kStart).body, "refresh_token");
  const auto rotated = oauth.token(refresh_grant(old_token), kStart);
  ASSERT_EQ(rotated.status, 200);
  EXPECT_EQ(oauth.token(refresh_grant(old_token), kStart + milliseconds(999)).status, 200);
  expect_error(oauth.token(refresh_grant(old_token), kStart + seconds(1)), 400, "invalid_grant");
  // The rotated one is untouched by the old one's end.
  EXPECT_EQ(oauth.token(refresh_grant(text(rotated.body, "refresh_token")), kStart + seconds(2)).status, 200);
}

TEST(QontoOAuth, AccessTokensExpireAfterTheLifetimeAndExpiredRefusalsAreCounted) {
  QontoOAuth oauth(client(), seconds(2));
  const auto access = text(oauth.token(code_grant("c"), kStart).body, "access_token");
  EXPECT_EQ(oauth.check_access(access, kStart + milliseconds(1999)), QontoOAuth::AccessCheck::valid);
  EXPECT_EQ(oauth.check_access(access, kStart + seconds(2)), QontoOAuth::AccessCheck::expired);
  EXPECT_EQ(oauth.check_access("never-issued", kStart), QontoOAuth::AccessCheck::unknown);
  EXPECT_EQ(oauth.stats()["expired_token_rejections"], 1);
}

TEST(QontoOAuth, AnOldAccessTokenLivesOnUntilItsOwnExpiry) {
  QontoOAuth oauth(client(), seconds(100));
  const auto first = oauth.token(code_grant("c"), kStart).body;
  ASSERT_EQ(oauth.token(refresh_grant(text(first, "refresh_token")), kStart + seconds(10)).status, 200);
  EXPECT_EQ(oauth.check_access(text(first, "access_token"), kStart + seconds(99)), QontoOAuth::AccessCheck::valid);
}

TEST(QontoOAuth, RefreshTokensDieAfterNinetyDays) {
  QontoOAuth oauth(client(), seconds(3600));
  const auto token = text(oauth.token(code_grant("c"), kStart).body, "refresh_token");
  expect_error(oauth.token(refresh_grant(token), kStart + std::chrono::hours(24 * 90)), 400, "invalid_grant");
}

TEST(QontoOAuth, UnknownRefreshTokenIsInvalidGrant) {
  QontoOAuth oauth(client(), seconds(3600));
  expect_error(oauth.token(refresh_grant("sandbox-qonto-rt-made-up"), kStart), 400, "invalid_grant");
}

TEST(QontoOAuth, WrongClientIdOrSecretIsInvalidClient) {
  QontoOAuth oauth(client(), seconds(3600));
  httplib::Params wrong_secret = {
      {"grant_type", "authorization_code"}, {"code", "c"}, {"client_id", kClientId}, {"client_secret", "nope"}};
  httplib::Params wrong_id = {{"grant_type", "authorization_code"},
                              {"code", "c"},
                              {"client_id", "other-client"},
                              {"client_secret", kClientSecret}};
  expect_error(oauth.token(wrong_secret, kStart), 401, "invalid_client");
  expect_error(oauth.token(wrong_id, kStart), 401, "invalid_client");
  // The refused attempts did not spend the code.
  EXPECT_EQ(oauth.token(code_grant("c"), kStart).status, 200);
}

TEST(QontoOAuth, OtherGrantsAreUnsupported) {
  QontoOAuth oauth(client(), seconds(3600));
  expect_error(oauth.token(with_client({{"grant_type", "client_credentials"}}), kStart), 400, "unsupported_grant_type");
  expect_error(oauth.token(with_client({{"grant_type", "password"}}), kStart), 400, "unsupported_grant_type");
}

TEST(QontoOAuth, MissingOrRepeatedFieldsAreInvalidRequestNamingTheField) {
  QontoOAuth oauth(client(), seconds(3600));
  const auto missing = [&](const httplib::Params& form, const std::string& field) {
    const auto answer = oauth.token(form, kStart);
    expect_error(answer, 400, "invalid_request");
    EXPECT_NE(answer.body.value("error_description", "").find(field), std::string::npos) << answer.body.dump();
  };
  missing(with_client({}), "grant_type");
  missing({{"grant_type", "authorization_code"}, {"code", "c"}, {"client_secret", kClientSecret}}, "client_id");
  missing({{"grant_type", "authorization_code"}, {"code", "c"}, {"client_id", kClientId}}, "client_secret");
  missing(with_client({{"grant_type", "authorization_code"}}), "code");
  missing(with_client({{"grant_type", "authorization_code"}, {"code", ""}}), "code");
  missing(with_client({{"grant_type", "refresh_token"}}), "refresh_token");
  missing(with_client({{"grant_type", "authorization_code"}, {"code", "a"}, {"code", "b"}}), "code");
  EXPECT_EQ(oauth.stats()["issued"], 0);
}

TEST(QontoOAuth, ErrorsNeverEchoATokenOrSecret) {
  QontoOAuth oauth(client(), seconds(1));
  const auto pair = oauth.token(code_grant("c"), kStart).body;
  const std::string refresh = text(pair, "refresh_token");
  ASSERT_EQ(oauth.token(refresh_grant(refresh), kStart).status, 200);
  const auto dead = oauth.token(refresh_grant(refresh), kStart + seconds(5));
  const auto unknown = oauth.token(refresh_grant("canary-refresh-token"), kStart);
  httplib::Params bad_client = {{"grant_type", "refresh_token"},
                                {"refresh_token", refresh},
                                {"client_id", kClientId},
                                {"client_secret", "canary-secret"}};
  const auto refused = oauth.token(bad_client, kStart);
  for (const auto& answer : {dead, unknown, refused}) {
    const std::string dumped = answer.body.dump();
    EXPECT_EQ(dumped.find(refresh), std::string::npos) << dumped;
    EXPECT_EQ(dumped.find("canary"), std::string::npos) << dumped;
    EXPECT_EQ(dumped.find(kClientSecret), std::string::npos) << dumped;
  }
}

TEST(QontoOAuth, ResetZeroesTheCountersButKeepsIssuedTokensValid) {
  QontoOAuth oauth(client(), seconds(3600));
  const auto pair = oauth.token(code_grant("c"), kStart).body;
  oauth.reset_counters();
  EXPECT_EQ(oauth.stats(), (json{{"issued", 0},
                                 {"refreshes", 0},
                                 {"refreshes_in_grace", 0},
                                 {"refreshes_before_expiry", 0},
                                 {"expired_token_rejections", 0},
                                 {"last_refresh_token", ""}}));
  EXPECT_EQ(oauth.check_access(text(pair, "access_token"), kStart), QontoOAuth::AccessCheck::valid);
  EXPECT_EQ(oauth.token(refresh_grant(text(pair, "refresh_token")), kStart).status, 200);
  EXPECT_EQ(oauth.stats()["refreshes"], 1);
}

}  // namespace
}  // namespace paylink_sandbox
