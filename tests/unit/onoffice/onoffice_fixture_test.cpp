// The recorded exchanges of tests/fixtures/onoffice/, replayed through the client: each asserts what
// was sent (method, URL, headers, JSON body with the signature for the fixed clock) and what was decoded.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "onoffice_test_support.hpp"

namespace paylink::onoffice_test {
namespace {

struct Replayed {
  std::shared_ptr<testing::ReplayTransport> transport;
  Result<PaymentLink> result;
};

Replayed replay_create(const std::string& fixture_name, const CreateLinkRequest& request = seed_request()) {
  auto transport = replay_of(fixture_name);
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  auto result = client.create(request);
  return {transport, std::move(result)};
}

TEST(OnOfficeFixtures, SuccessDecodesToAnOpenLink) {
  const auto [transport, link] = replay_create("create_success.http");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  const std::string url =
      "https://beta.smart.onoffice.de/smart/"
      "short.php?c=1c138688f89e2d24d363ed7efec5a62797f5415671ddb358bd847486126ee4da";
  EXPECT_EQ(link->provider, "onoffice");
  EXPECT_EQ(link->url, url);
  EXPECT_EQ(link->id, "1c138688f89e2d24d363ed7efec5a62797f5415671ddb358bd847486126ee4da");
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "");
  ASSERT_TRUE(link->amount.has_value());
  EXPECT_EQ(*link->amount, Money::parse("1000.00", "EUR").value());
  EXPECT_EQ(link->description, "Nachzahlung 3D-Rundgang");
  EXPECT_EQ(link->reference, "1100135697");
  EXPECT_EQ(link->vendor_fields.at("mailToCustomerSent"), "true");
  const auto raw = nlohmann::json::parse(link->raw_json);
  EXPECT_EQ(raw["elements"]["result"]["subsequentPaymentUrl"], url);
  EXPECT_EQ(raw["id"], 0);
}

TEST(OnOfficeFixtures, ErrorInActionMapsTheActionsOwnCode) {
  const auto [transport, link] = replay_create("create_action_error_97.http");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(link.ok());
  const Error& e = link.error();
  EXPECT_EQ(e.code, ErrorCode::not_found) << e.to_string();
  EXPECT_EQ(e.vendor_code, "189");
  EXPECT_EQ(e.vendor_message, "Transaction could not be found");
  EXPECT_EQ(e.field, "onoffice.transaction_id");
  EXPECT_EQ(e.http_status, 200);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST(OnOfficeFixtures, NotAuthenticatedIsAnAuthError) {
  const auto [transport, link] = replay_create("create_auth_error.http");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(link.ok());
  const Error& e = link.error();
  EXPECT_EQ(e.code, ErrorCode::auth) << e.to_string();
  EXPECT_EQ(e.vendor_code, "22");
  EXPECT_EQ(e.vendor_message, "Not authenticated");
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.to_string().find(kToken), std::string::npos);
}

TEST(OnOfficeFixtures, InvalidHmacIsAnAuthErrorPointingAtTheSecret) {
  const auto [transport, link] = replay_create("create_hmac_invalid.http");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(link.ok());
  const Error& e = link.error();
  EXPECT_EQ(e.code, ErrorCode::auth) << e.to_string();
  EXPECT_EQ(e.vendor_code, "137");
  EXPECT_EQ(e.vendor_message, "The HMAC is invalid");
  EXPECT_NE(e.message.find("secret"), std::string::npos) << e.message;
  EXPECT_EQ(e.to_string().find(kSecret), std::string::npos);
}

TEST(OnOfficeFixtures, TruncatedBodyIsAnInvalidResponse) {
  const auto [transport, link] = replay_create("create_malformed_body.http");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::invalid_response) << link.error().to_string();
  EXPECT_EQ(link.error().http_status, 200);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST(OnOfficeFixtures, EveryFixtureRequestIsWhatTheAdapterEncodes) {
  // The same check as the replay, without the client: each recorded request equals (as JSON) the
  // adapter's encoding of the seed request at the fixture's timestamp.
  const auto provider = make_onoffice_provider(test_config());
  for (const char* name :
       {"create_success.http", "create_action_error_97.http", "create_auth_error.http", "create_hmac_invalid.http",
        "create_malformed_body.http", "create_dropped_after_send.http", "create_retry_after_refused.http"}) {
    for (const auto& exchange : fixture(name)) {
      const auto recorded = nlohmann::json::parse(exchange.request.body);
      const long long t = recorded["request"]["actions"][0]["timestamp"].get<long long>();
      const auto encoded = provider->encode_create(seed_request(), context_at(t));
      ASSERT_TRUE(encoded.ok()) << name;
      EXPECT_EQ(nlohmann::json::parse(encoded->body), recorded) << name;
      EXPECT_EQ(encoded->url, exchange.request.url) << name;
    }
  }
}

}  // namespace
}  // namespace paylink::onoffice_test
