#pragma once
// Shared by the MultiSafepay tests: canary credentials, configurations, the replay helper, and the
// inputs of the tests that call the adapter without a client.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "paylink/client.hpp"
#include "paylink/providers/multisafepay.hpp"
#include "paylink/testing/fake_transport.hpp"
#include "paylink/testing/replay_transport.hpp"

namespace paylink::msp_test {

/// The key every fixture expects in the `api_key` header.
inline constexpr const char* kFixtureKey = "MSP-FIXTURE-KEY";
/// 2023-11-14T22:13:20Z.
inline const Timestamp kNow{std::chrono::seconds(1'700'000'000)};

inline MultiSafepayConfig test_config(std::string key = kFixtureKey) {
  MultiSafepayConfig config;
  config.api_key = std::move(key);
  config.environment = MultiSafepayEnvironment::test;
  return config;
}

inline ClientOptions options_for(std::shared_ptr<Transport> transport, int max_attempts = 1) {
  ClientOptions options;
  options.transport = std::move(transport);
  options.retry.max_attempts = max_attempts;
  options.clock = [] { return kNow; };
  options.sleeper = [](std::chrono::milliseconds) {};
  options.random = [] { return std::uint64_t{42}; };
  return options;
}

/// The key of the tests that call the adapter directly.
inline constexpr const char* kUnitKey = "msp-unit-KEY-0001";

inline Money eur(std::int64_t minor) { return Money::from_minor_units(minor, "EUR").value(); }

/// The adapter alone, for tests of what it builds and decodes.
inline std::shared_ptr<const Provider> provider(MultiSafepayConfig config = test_config(kUnitKey)) {
  return make_multisafepay_provider(std::move(config));
}

/// The context of one attempt, with the client-made key that stands in for a missing reference.
inline CallContext context() {
  CallContext ctx;
  ctx.now = kNow;
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  return ctx;
}

inline HttpResponse answer(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

/// The smallest valid create.
inline CreateLinkRequest simple_create() {
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "product description";
  r.reference = "order-1";
  return r;
}

/// One refused create: what to change in `simple_create()`, and the field the error must name.
struct Case {
  const char* name;
  std::function<void(CreateLinkRequest&)> change;
  const char* field;
};

// Runs `c` through the client with a transport that fails the test if called.
inline void expect_refused(const Case& c, MultiSafepayConfig config = msp_test::test_config()) {
  auto transport = std::make_shared<testing::FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    ADD_FAILURE() << "a refused create reached the transport";
    return Error::make(ErrorCode::network, "must not send");
  });
  CreateLinkRequest r = simple_create();
  c.change(r);
  const auto result = make_multisafepay_client(std::move(config), msp_test::options_for(transport)).create(r);
  ASSERT_FALSE(result.ok()) << c.name << " was accepted";
  EXPECT_EQ(result.error().code, ErrorCode::validation) << c.name << ": " << result.error().to_string();
  EXPECT_EQ(result.error().field, c.field) << c.name << ": " << result.error().to_string();
  EXPECT_FALSE(result.error().message.empty());
  EXPECT_EQ(transport->count(), 0u) << c.name;
}

/// A replay transport over tests/fixtures/multisafepay/<name>; a mismatch fails the test.
inline std::shared_ptr<testing::ReplayTransport> replay(const std::string& name) {
  auto script = testing::load_fixture(std::string(PAYLINK_FIXTURES_DIR) + "/multisafepay/" + name);
  if (!script) {
    ADD_FAILURE() << script.error().to_string();
    return std::make_shared<testing::ReplayTransport>(std::vector<testing::HttpExchange>{});
  }
  return std::make_shared<testing::ReplayTransport>(
      std::move(script).value(), [](const std::string& what) { ADD_FAILURE() << "fixture mismatch: " << what; });
}

/// A client over a fixture (no retries unless `max_attempts` says so).
inline Client fixture_client(const std::shared_ptr<testing::ReplayTransport>& transport, int max_attempts = 1) {
  return make_multisafepay_client(test_config(), options_for(transport, max_attempts));
}

}  // namespace paylink::msp_test
