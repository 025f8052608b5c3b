// What happens when things go wrong, against the sandbox's fault injection: retries are bounded and
// honour Retry-After, nothing is created twice, and unknown outcomes are reported, not guessed.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/paylink.hpp"
#include "sandbox_suite.hpp"

namespace paylink::integration {
namespace {

using std::chrono::milliseconds;
using test_support::test_options;

class Faults : public test_support::SandboxSuite {
 protected:
  // Options whose sleeper records every wait and really sleeps at most 50 ms of it.
  ClientOptions recording_options() {
    ClientOptions options = test_options();
    options.sleeper = [this](milliseconds d) {
      sleeps_.push_back(d);
      std::this_thread::sleep_for(std::min(d, milliseconds(50)));
    };
    return options;
  }
  static CreateLinkRequest ten_euros() {
    CreateLinkRequest r;
    r.amount = *Money::parse("10.00", "EUR");
    r.description = "Fault test";
    r.onoffice.transaction_id = "1100135697";
    return r;
  }
  std::vector<milliseconds> sleeps_;
};

TEST_F(Faults, RateLimitedWithRetryAfterThenSuccess) {
  const Client client = qonto(recording_options());
  const auto created = client.create(ten_euros());
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  sleeps_.clear();
  sandbox_->add_fault(
      {{"route", "GET /v2/payment_links/"}, {"kind", "status"}, {"status", 429}, {"retry_after", "2"}, {"count", 1}});
  const auto fetched = client.get(created->id);
  ASSERT_TRUE(fetched.ok()) << fetched.error().to_string();
  EXPECT_EQ(sandbox_->requests("GET /v2/payment_links/" + created->id), 2) << "exactly one retry";
  ASSERT_EQ(sleeps_.size(), 1u);
  EXPECT_EQ(sleeps_[0], milliseconds(2000)) << "the Retry-After delay is honoured";
}

TEST_F(Faults, ServiceUnavailableStormEndsInARetryableErrorWithinBudget) {
  auto options = recording_options();
  options.retry.max_attempts = 4;
  options.retry.total_budget = milliseconds(2000);
  const Client client = smarterpay(options);
  sandbox_->add_fault(
      {{"route", "GET /service.svc/paymentlink/"}, {"kind", "status"}, {"status", 503}, {"count", 100}});
  const auto started = std::chrono::steady_clock::now();
  const auto r = client.get("PL01GOVWD48GD28N0M76");
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_EQ(sandbox_->requests("GET /service.svc/paymentlink/PL01GOVWD48GD28N0M76"), 4);
  milliseconds waited{0};
  for (const auto d : sleeps_) waited += d;
  EXPECT_LE(waited, milliseconds(2000));
  EXPECT_LT(took, std::chrono::seconds(10));
}

TEST_F(Faults, DroppedOnOfficeCreateIsAmbiguousAndSentOnce) {
  const Client client = onoffice(recording_options());
  sandbox_->add_fault({{"route", "POST /api/stable/api.php"}, {"kind", "drop"}, {"count", 1}});
  const auto r = client.create(ten_euros());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::ambiguous) << r.error().to_string();
  EXPECT_TRUE(r.error().request_sent);
  EXPECT_EQ(sandbox_->requests("POST /api/stable/api.php"), 1) << "a non-idempotent create is never resent";
}

TEST_F(Faults, OnOfficeCreateWhoseAnswerIsTooLargeIsAmbiguousAndSentOnce) {
  // The vendor answered, so it had the create: an answer past the size cap must not lead to a resend.
  ClientOptions options = recording_options();
  CurlTransportOptions small;
  small.max_response_bytes = 64;  // every onOffice answer is longer
  options.transport = make_curl_transport(small);
  const Client client = onoffice(std::move(options));
  const auto r = client.create(ten_euros());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::ambiguous) << r.error().to_string();
  EXPECT_EQ(sandbox_->requests("POST /api/stable/api.php"), 1) << "a non-idempotent create is never resent";
}

TEST_F(Faults, DroppedQontoCreateIsRetriedWithTheSameKeyAndCreatedOnce) {
  const Client client = qonto(recording_options());
  sandbox_->add_fault({{"route", "POST /v2/payment_links"}, {"kind", "drop"}, {"count", 1}});
  const auto link = client.create(ten_euros());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(sandbox_->requests("POST /v2/payment_links"), 2);
  EXPECT_EQ(links_of("qonto"), 1) << "the retry replayed the first create instead of making another";
}

TEST_F(Faults, DroppedMultiSafepayCreateIsAmbiguousThenReconciled) {
  const Client client = multisafepay(recording_options());
  sandbox_->add_fault({{"route", "POST /v1/json/orders"}, {"kind", "drop"}, {"count", 1}});
  auto request = ten_euros();
  request.reference = "order-dropped-1";
  const auto r = client.create(request);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().code, ErrorCode::ambiguous);
  EXPECT_EQ(r.error().reconcile_key, "order-dropped-1");
  const auto found = client.reconcile_create(request, r.error());
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->id, "order-dropped-1");
  EXPECT_EQ(sandbox_->requests("POST /v1/json/orders"), 1);
}

TEST_F(Faults, MalformedAndTruncatedBodiesAreInvalidResponse) {
  auto options = recording_options();
  options.retry = RetryPolicy::none();
  const Client client = smarterpay(options);
  for (const char* kind : {"malformed", "truncated"}) {
    sandbox_->add_fault({{"route", "GET /service.svc/paymentlinks"}, {"kind", kind}, {"count", 1}});
    const auto r = client.list();
    ASSERT_FALSE(r.ok()) << kind;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_response) << kind << ": " << r.error().to_string();
  }
}

TEST_F(Faults, SlowAnswerIsCutOffAtTheTotalTimeout) {
  ClientOptions options = recording_options();
  CurlTransportOptions transport;
  transport.total_timeout = milliseconds(300);
  options.transport = make_curl_transport(transport);
  options.retry = RetryPolicy::none();
  const Client client = qonto(options);
  sandbox_->add_fault({{"route", "GET /v2/payment_links"}, {"kind", "slow"}, {"delay_ms", 3000}, {"count", 1}});
  const auto started = std::chrono::steady_clock::now();
  const auto r = client.list();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::timeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(2500));
}

TEST_F(Faults, ServerErrorOnNonIdempotentCreateIsNotRetried) {
  const Client client = multisafepay(recording_options());
  sandbox_->add_fault({{"route", "POST /v1/json/orders"}, {"kind", "status"}, {"status", 500}, {"count", 5}});
  const auto r = client.create(ten_euros());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(sandbox_->requests("POST /v1/json/orders"), 1);
}

}  // namespace
}  // namespace paylink::integration
