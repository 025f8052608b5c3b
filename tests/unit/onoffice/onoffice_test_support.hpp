#pragma once
// Shared inputs of the onOffice tests: the credentials and request the fixtures were recorded with,
// fixture loading, a client wired to a ReplayTransport with an injected clock, and answers written
// inline for decode_create.

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/providers/onoffice.hpp"
#include "paylink/testing/http_exchange.hpp"
#include "paylink/testing/replay_transport.hpp"

namespace paylink::onoffice_test {

// The test vector's credentials (vendors/onoffice.md section 3): 20 and 30 characters, not the
// documented 32 and 64, which the adapter must not refuse.
inline constexpr const char* kToken = "mgjIQkNRnaqggVzy9cZW";
inline constexpr const char* kSecret = "yOJobbhGLXdp90XxvxedFhH7073L9U";
inline constexpr const char* kActionIdDo = "urn:onoffice-de-ns:smart:2.5:smartml:action:do";
inline constexpr long long kFixtureTime = 1'700'000'000;  // 2023-11-14T22:13:20Z

inline Timestamp at(long long unix_seconds) { return Timestamp(std::chrono::seconds(unix_seconds)); }

inline OnOfficeConfig test_config() {
  OnOfficeConfig config;
  config.token = kToken;
  config.secret = kSecret;
  return config;
}

inline CallContext context_at(long long unix_seconds) {
  CallContext ctx;
  ctx.now = at(unix_seconds);
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  return ctx;
}

// The seed's example call: transactionid 1100135697, priceNet 1000.00, "Nachzahlung 3D-Rundgang",
// sendMailToCustomer true.
inline CreateLinkRequest seed_request() {
  CreateLinkRequest r;
  r.amount = Money::parse("1000.00", "EUR").value();
  r.description = "Nachzahlung 3D-Rundgang";
  r.notify_customer = true;
  r.onoffice.transaction_id = "1100135697";
  return r;
}

inline std::vector<testing::HttpExchange> fixture(const std::string& name) {
  auto loaded = testing::load_fixture(std::string(PAYLINK_FIXTURES_DIR) + "/onoffice/" + name);
  if (!loaded) {
    ADD_FAILURE() << loaded.error().to_string();
    return {};
  }
  return std::move(loaded).value();
}

inline std::shared_ptr<testing::ReplayTransport> replay_of(const std::string& name) {
  return std::make_shared<testing::ReplayTransport>(
      fixture(name), [](const std::string& what) { ADD_FAILURE() << "replay mismatch: " << what; });
}

// Options whose clock returns `times` in turn (the last one repeatedly) and whose sleeper records.
struct TestClock {
  std::vector<long long> times;
  std::size_t next = 0;
  std::vector<std::chrono::milliseconds> waits;
};

inline ClientOptions options_with(std::shared_ptr<Transport> transport, std::shared_ptr<TestClock> clock,
                                  RetryPolicy retry = {}) {
  ClientOptions options;
  options.transport = std::move(transport);
  options.retry = retry;
  options.clock = [clock] {
    const long long t = clock->times.at(std::min(clock->next, clock->times.size() - 1));
    ++clock->next;
    return at(t);
  };
  options.sleeper = [clock](std::chrono::milliseconds d) { clock->waits.push_back(d); };
  options.random = [] { return std::uint64_t{42}; };
  return options;
}

inline std::shared_ptr<TestClock> fixed_clock(long long t = kFixtureTime) {
  auto clock = std::make_shared<TestClock>();
  clock->times = {t};
  return clock;
}

// The adapter's request for `request` at the fixtures' time.
inline Result<HttpRequest> encode(const CreateLinkRequest& request, const OnOfficeConfig& config = test_config()) {
  return make_onoffice_provider(config)->encode_create(request, context_at(kFixtureTime));
}

inline HttpResponse respond(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

// The adapter's decode of the seed request's answer, signed at the fixtures' time.
inline Result<PaymentLink> decode(const HttpResponse& response) {
  return make_onoffice_provider(test_config())->decode_create(response, seed_request(), context_at(kFixtureTime));
}

// An answer whose action failed with `code` and `message`, under a top-level status.
inline std::string action_error(long long code, const std::string& message, int top_code = 200,
                                int top_errorcode = 97) {
  return R"({"status":{"code":)" + std::to_string(top_code) + R"(,"errorcode":)" + std::to_string(top_errorcode) +
         R"(,"message":"Error in action"},"response":{"results":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do",)"
         R"("resourceid":"","resourcetype":"subsequentPaymentLink","cacheable":false,"identifier":"","data":[],)"
         R"("status":{"errorcode":)" +
         std::to_string(code) + R"(,"message":")" + message + R"("}}]}})";
}

// A successful answer whose `elements.result` is `result_object`.
inline std::string success_with(const std::string& result_object) {
  return R"({"status":{"code":200,"errorcode":0,"message":"OK"},"response":{"results":[{)"
         R"("actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do","resourceid":"",)"
         R"("resourcetype":"subsequentPaymentLink","cacheable":false,"identifier":"",)"
         R"("data":{"meta":{"cntabsolute":null},"records":[{"id":0,"type":"","elements":{"result":)" +
         result_object + R"(}}]},"status":{"errorcode":0,"message":"OK"}}]}})";
}

}  // namespace paylink::onoffice_test
