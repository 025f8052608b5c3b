#pragma once
// Shared by the Qonto tests: canary credentials, configurations, the seed's request, and a client that
// replays a fixture from tests/fixtures/qonto/.

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/testing/http_exchange.hpp"
#include "paylink/testing/replay_transport.hpp"

namespace paylink::qonto_test {

// Canary credentials: the fixtures expect exactly these, and no error may ever contain them.
inline const std::string kAccessToken = "qonto-test-access-token";
inline const std::string kLogin = "acme-corp-4821";
inline const std::string kSecretKey = "qonto-test-secret-key";
inline const std::string kStagingToken = "qonto-test-staging-token";

inline const std::string kSeedLinkId = "3c90c3cc-0d44-4b50-8888-8dd25736052a";
inline const std::string kSeedIdempotencyKey = "4b0c1f4e-7d0a-4c36-9d6e-2b8f3a1c5e70";

inline QontoConfig oauth_config() {
  QontoConfig config;
  config.access_token = kAccessToken;
  return config;
}

inline QontoConfig api_key_config() {
  QontoConfig config;
  config.login = kLogin;
  config.secret_key = kSecretKey;
  return config;
}

inline QontoConfig sandbox_config() {
  QontoConfig config = oauth_config();
  config.environment = QontoEnvironment::sandbox;
  config.staging_token = kStagingToken;
  return config;
}

inline Money eur(std::int64_t cents) { return Money::from_minor_units(cents, "EUR").value(); }

// The seed's request: one item "Item 1", 10.99 EUR before 21.0 % VAT, reusable, by card.
inline CreateLinkRequest seed_request() {
  CreateLinkRequest request;
  LineItem item;
  item.title = "Item 1";
  item.quantity = 1;
  item.unit_price = eur(1099);
  item.vat_rate = "21.0";
  item.type = "good";
  item.description = "Item 1 description";
  item.measure_unit = "unit";
  request.items.push_back(item);
  request.reusable = true;
  request.qonto.payment_methods = {"credit_card"};
  request.idempotency_key = kSeedIdempotencyKey;
  return request;
}

inline std::vector<paylink::testing::HttpExchange> load(const std::string& fixture) {
  auto script = paylink::testing::load_fixture(std::string(PAYLINK_FIXTURES_DIR) + "/qonto/" + fixture);
  if (!script) {
    ADD_FAILURE() << script.error().to_string();
    return {};
  }
  return std::move(*script);
}

// A client of `config` whose transport replays `fixture`; any request that differs from the fixture
// fails the test. Waits between retries are recorded, never slept.
struct Replay {
  std::shared_ptr<paylink::testing::ReplayTransport> transport;
  std::shared_ptr<std::vector<std::chrono::milliseconds>> waits;
  Client client;
};

inline Replay replay(const std::string& fixture, QontoConfig config = oauth_config(),
                     RetryPolicy retry = RetryPolicy::none()) {
  auto transport = std::make_shared<paylink::testing::ReplayTransport>(
      load(fixture), [fixture](const std::string& what) { ADD_FAILURE() << fixture << ": " << what; });
  auto waits = std::make_shared<std::vector<std::chrono::milliseconds>>();
  ClientOptions options;
  options.transport = transport;
  options.retry = retry;
  options.sleeper = [waits](std::chrono::milliseconds d) { waits->push_back(d); };
  options.clock = [] { return Timestamp(std::chrono::seconds(1'750'000'000)); };
  options.random = [] { return std::uint64_t{42}; };
  Client client = make_qonto_client(std::move(config), std::move(options));
  return Replay{transport, waits, client};
}

// A policy that retries up to `attempts` times at once.
inline RetryPolicy retry_at_once(int attempts) {
  RetryPolicy policy;
  policy.max_attempts = attempts;
  policy.initial_backoff = std::chrono::milliseconds(0);
  return policy;
}

inline Timestamp utc(int seconds_since_epoch, int millis = 0) {
  return Timestamp(std::chrono::seconds(seconds_since_epoch)) +
         std::chrono::duration_cast<Timestamp::duration>(std::chrono::milliseconds(millis));
}

}  // namespace paylink::qonto_test
