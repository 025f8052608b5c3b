// The adapter under the shared client loop: a create is never repeated once it may have reached
// onOffice, a create refused before sending is retried with a fresh signature, and the operations
// onOffice lacks send nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "onoffice_test_support.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink::onoffice_test {
namespace {

nlohmann::json action_of(const HttpRequest& request) {
  return nlohmann::json::parse(request.body)["request"]["actions"][0];
}

TEST(OnOfficeClient, CreateWhoseConnectionDroppedAfterSendingIsAmbiguousAndSentOnce) {
  auto transport = replay_of("create_dropped_after_send.http");
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  const auto result = client.create(seed_request());  // default policy: up to 4 attempts
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::ambiguous) << result.error().to_string();
  EXPECT_TRUE(result.error().request_sent);
  EXPECT_EQ(transport->sent().size(), 1u);
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(result.error().to_string().find(kToken), std::string::npos);
  // onOffice cannot be asked whether the lost create happened.
  const auto reconciled = client.reconcile_create(seed_request(), result.error());
  ASSERT_FALSE(reconciled.ok());
  EXPECT_EQ(reconciled.error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST(OnOfficeClient, CreateThatTimedOutAfterSendingIsAmbiguousAndSentOnce) {
  auto transport = std::make_shared<testing::FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    Error e = Error::make(ErrorCode::timeout, "timed out");
    e.request_sent = true;
    return e;
  });
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  const auto result = client.create(seed_request());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::ambiguous);
  EXPECT_EQ(transport->count(), 1u);
}

TEST(OnOfficeClient, RetryAfterARefusedConnectionIsSignedAgainWithTheNewTimestamp) {
  auto transport = replay_of("create_retry_after_refused.http");
  auto clock = std::make_shared<TestClock>();
  clock->times = {kFixtureTime, kFixtureTime + 3};
  const Client client = make_onoffice_client(test_config(), options_with(transport, clock));
  const auto link = client.create(seed_request());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(action_of(sent[0])["timestamp"], kFixtureTime);
  EXPECT_EQ(action_of(sent[1])["timestamp"], kFixtureTime + 3);
  EXPECT_NE(action_of(sent[0])["hmac"], action_of(sent[1])["hmac"]);
  EXPECT_EQ(clock->waits.size(), 1u);
  EXPECT_EQ(link->id, "1c138688f89e2d24d363ed7efec5a62797f5415671ddb358bd847486126ee4da");
}

TEST(OnOfficeClient, AnsweredErrorsAreNeverRetried) {
  for (const int http : {200, 500, 502, 503}) {
    auto transport = std::make_shared<testing::FakeTransport>(
        testing::always_respond(http, R"({"status":{"code":500,"errorcode":0,"message":"server error"}})"));
    const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
    const auto result = client.create(seed_request());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::provider) << http;
    EXPECT_EQ(transport->count(), 1u) << http;
  }
}

TEST(OnOfficeClient, CapabilitiesAreCreateOnly) {
  const auto caps = make_onoffice_provider(test_config())->capabilities();
  EXPECT_TRUE(caps.create);
  EXPECT_FALSE(caps.get);
  EXPECT_FALSE(caps.list);
  EXPECT_FALSE(caps.expire);
  EXPECT_FALSE(caps.update);
  EXPECT_FALSE(caps.list_payments);
  EXPECT_FALSE(caps.list_payment_methods);
  EXPECT_FALSE(caps.idempotent_create);
  EXPECT_FALSE(caps.reconcile_create);
}

TEST(OnOfficeClient, GetListAndExpireAreUnsupportedAndSendNothing) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  EXPECT_EQ(client.provider_name(), "onoffice");
  const auto get = client.get("1c13");
  const auto list = client.list();
  const auto expire = client.expire("1c13");
  ASSERT_FALSE(get.ok());
  ASSERT_FALSE(list.ok());
  ASSERT_FALSE(expire.ok());
  EXPECT_EQ(get.error().code, ErrorCode::unsupported);
  EXPECT_EQ(list.error().code, ErrorCode::unsupported);
  EXPECT_EQ(expire.error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport->count(), 0u);
  // The adapter itself refuses too, for callers that drive it without the client.
  const auto provider = make_onoffice_provider(test_config());
  EXPECT_EQ(provider->encode_get("1c13", context_at(kFixtureTime)).error().code, ErrorCode::unsupported);
  EXPECT_EQ(provider->encode_list({}, context_at(kFixtureTime)).error().code, ErrorCode::unsupported);
  EXPECT_EQ(provider->encode_expire("1c13", context_at(kFixtureTime)).error().code, ErrorCode::unsupported);
}

TEST(OnOfficeClient, InvalidCreateSendsNothing) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  auto config = test_config();
  config.secret = "";
  const Client client = make_onoffice_client(config, options_with(transport, fixed_clock()));
  const auto result = client.create(seed_request());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::validation);
  EXPECT_EQ(result.error().field, "secret");
  EXPECT_EQ(transport->count(), 0u);
}

}  // namespace
}  // namespace paylink::onoffice_test
