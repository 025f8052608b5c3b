#pragma once
// Shared by the MultiSafepay tests: the fixture API key, clients over recorded fixtures or fakes.

#include <chrono>
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
