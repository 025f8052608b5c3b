#pragma once
// Shared helpers of the SmarterPay tests: the test configuration, fixture loading, clients whose clock,
// sleeper and random source are fixed, and the checks that a request was refused before sending.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "paylink/client.hpp"
#include "paylink/providers/smarterpay.hpp"
#include "paylink/testing/fake_transport.hpp"
#include "paylink/testing/http_exchange.hpp"
#include "paylink/testing/replay_transport.hpp"

namespace paylink::smarterpay_test {

/// The token the fixtures expect in `Authorization: Bearer …`.
inline const std::string kToken = "sp-test-token-0123456789";
/// The Idempotency-Key the fixtures expect where the test supplies one.
inline const std::string kIdempotencyKey = "0f8fad5b-d9cb-469f-a165-70867728950e";
/// The seed's link id.
inline const std::string kSeedId = "PL01GOVWD48GD28N0M76";

inline SmarterPayConfig config() {
  SmarterPayConfig c;
  c.bearer_token = kToken;
  return c;
}

inline std::shared_ptr<const Provider> provider() { return make_smarterpay_provider(config()); }

inline std::string fixture_path(const std::string& name) {
  return std::string(PAYLINK_FIXTURES_DIR) + "/smarterpay/" + name;
}

/// The exchanges of tests/fixtures/smarterpay/<name>; fails the test when the file cannot be read.
inline std::vector<paylink::testing::HttpExchange> fixture(const std::string& name) {
  auto loaded = paylink::testing::load_fixture(fixture_path(name));
  if (!loaded) {
    ADD_FAILURE() << loaded.error().to_string();
    return {};
  }
  return *loaded;
}

/// A replay of fixture `name` that fails the test on any request the fixture does not expect.
inline std::shared_ptr<paylink::testing::ReplayTransport> replay(const std::string& name) {
  return std::make_shared<paylink::testing::ReplayTransport>(
      fixture(name), [](const std::string& what) { ADD_FAILURE() << "replay mismatch: " << what; });
}

/// The response body of the first exchange of fixture `name` (the seed's sample, verbatim).
inline std::string fixture_response_body(const std::string& name) {
  const auto exchanges = fixture(name);
  return exchanges.empty() ? std::string() : exchanges.front().response.body;
}

/// Client options with a fixed clock and random source, a sleeper that does not sleep, and `retry`.
inline ClientOptions options(std::shared_ptr<Transport> transport, RetryPolicy retry = RetryPolicy::none()) {
  ClientOptions o;
  o.transport = std::move(transport);
  o.retry = retry;
  o.clock = [] { return Timestamp(std::chrono::seconds(1'700'000'000)); };
  o.sleeper = [](std::chrono::milliseconds) {};
  o.random = [] { return std::uint64_t{0x0123456789abcdefULL}; };
  return o;
}

inline Client client(std::shared_ptr<Transport> transport, RetryPolicy retry = RetryPolicy::none()) {
  return make_smarterpay_client(config(), options(std::move(transport), retry));
}

/// The seed's create request sample: ecommerce_page and customer_account only.
inline CreateLinkRequest seed_create() {
  CreateLinkRequest r;
  r.smarterpay.ecommerce_page = "EP02AB12CD34EF56GH78";
  r.smarterpay.customer_account = "CA0112AB34CD56EF78GH";
  r.idempotency_key = kIdempotencyKey;
  return r;
}

inline Timestamp unix_time(long long seconds) { return Timestamp(std::chrono::seconds(seconds)); }

/// A 200 response with `body`.
inline HttpResponse ok_response(std::string body) {
  HttpResponse r;
  r.status = 200;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

/// A response with `status` and `body` and no headers.
inline HttpResponse response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

/// `unit` repeated `n` times.
inline std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

/// A transport that counts requests and would fail the call if one were sent.
inline std::shared_ptr<paylink::testing::FakeTransport> counting_transport() {
  return std::make_shared<paylink::testing::FakeTransport>(paylink::testing::always_respond(500, "{}"));
}

inline void expect_refused(const Error& error, const std::string& field) {
  EXPECT_EQ(error.code, ErrorCode::validation) << error.to_string();
  EXPECT_EQ(error.field, field) << error.to_string();
  EXPECT_EQ(error.to_string().find(kToken), std::string::npos);
}

/// `request` is refused with `validation` naming `field`, and nothing is sent.
inline void expect_create_refused(const CreateLinkRequest& request, const std::string& field,
                                  const SmarterPayConfig& cfg = config()) {
  SCOPED_TRACE(field);
  auto transport = counting_transport();
  const auto result = make_smarterpay_client(cfg, options(transport)).create(request);
  ASSERT_FALSE(result.ok());
  expect_refused(result.error(), field);
  EXPECT_EQ(transport->count(), 0u) << "a refused create was sent";
}

inline void expect_create_accepted(const CreateLinkRequest& request, const std::string& what) {
  CallContext ctx;
  ctx.idempotency_key = request.idempotency_key.empty() ? kIdempotencyKey : request.idempotency_key;
  const auto encoded = provider()->encode_create(request, ctx);
  EXPECT_TRUE(encoded.ok()) << what << ": " << (encoded.ok() ? "" : encoded.error().to_string());
}

// A list body of `n` copies of the seed's second list record.
inline std::string list_of(std::size_t n) {
  const auto seed = nlohmann::json::parse(fixture_response_body("list.http"));
  nlohmann::json body;
  body["payment_links"] = nlohmann::json::array();
  for (std::size_t i = 0; i < n; ++i) body["payment_links"].push_back(seed["payment_links"][1]);
  return body.dump();
}

/// `text` with the first occurrence of `from` replaced by `to`; fails the test if `from` is absent.
inline std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) {
    ADD_FAILURE() << "\"" << from << "\" not found";
    return text;
  }
  return text.replace(at, from.size(), to);
}

}  // namespace paylink::smarterpay_test
