// detail::CallDriver, the loop AsyncClient and BatchRunner share, driven by hand on a fake clock: a call
// that ends while it holds a rate-limiter slot it never used gives the slot back, and a drain ends
// the calls never sent at once while the others get the drain time.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <gtest/gtest.h>

#include "core/call_driver.hpp"
#include "core/call_factory.hpp"
#include "paylink/client.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink::detail {
namespace {

using std::chrono::milliseconds;

// Gets only: GET https://driver.invalid/links/<id>; a 200 answer's body is the link id, a 503 is retried.
class GetProvider : public Provider {
 public:
  std::string_view name() const noexcept override { return "driver"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.get = true;
    return c;
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    HttpRequest r;
    r.url = "https://driver.invalid/links/" + std::string(id);
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_get(const HttpResponse& response) const override {
    if (response.status != 200) {
      Error e = Error::make(ErrorCode::provider, "unavailable");
      e.retryable = response.status == 503;
      return e;
    }
    PaymentLink link;
    link.id = response.body;
    return link;
  }
};

// A get whose result lands in `results`.
class GetCall final : public TypedDrivenCall<PaymentLink> {
 public:
  GetCall(const CallFactory& calls, std::string id, SteadyTime now, std::vector<Result<PaymentLink>>& results)
      : TypedDrivenCall<PaymentLink>(CallOptions{}, now), calls_(calls), id_(std::move(id)), results_(results) {}

 protected:
  std::variant<Error, Call<PaymentLink>> make() override { return calls_.get(id_); }
  void deliver(Result<PaymentLink> result) override { results_.push_back(std::move(result)); }

 private:
  const CallFactory& calls_;
  std::string id_;
  std::vector<Result<PaymentLink>>& results_;
};

// The options of a client (defaults filled) on a clock that moves only when a test moves it.
ClientOptions options_on(SteadyTime& now, std::shared_ptr<Transport> transport, std::shared_ptr<QuotaLimiter> limiter) {
  ClientOptions options;
  options.transport = std::move(transport);
  options.rate_limiter = std::move(limiter);
  options.steady_clock = [&now] { return now; };
  return options;
}

// One request per hour, and the test sends the hour's only request itself: a call of the driver gets the
// next hour's slot and waits for it. Once that hour has come, the slot is free only if the call, ended
// without sending, gave it back; else it holds a place in the window for one more hour.
class CallDriverSlots : public ::testing::Test {
 protected:
  CallDriverSlots() {
    const std::uint64_t first = limiter->acquire(start)->id;
    limiter->report(first, AttemptReport{AttemptOutcome::counted, std::nullopt}, start);
  }

  // Adds a get and lets it ask the limiter: it must be left waiting for the next hour.
  void add_waiting_call(CallDriver& to) {
    to.add(std::make_unique<GetCall>(calls, "abc", now, results));
    const std::optional<SteadyTime> wake = to.start_ready();
    ASSERT_TRUE(wake.has_value());
    ASSERT_EQ(*wake, start + std::chrono::hours(1)) << "the call did not wait for the next hour's slot";
    ASSERT_FALSE(to.transfers_in_flight());
  }

  // How long an attempt waits at the start of the next hour.
  milliseconds wait_in_the_next_hour() {
    now = start + std::chrono::hours(1);
    return limiter->acquire(now)->wait;
  }

  const SteadyTime start = SteadyTime(std::chrono::hours(1));
  SteadyTime now = start;
  std::shared_ptr<testing::FakeTransport> transport =
      std::make_shared<testing::FakeTransport>(testing::always_respond(200, "link-1"));
  std::shared_ptr<RateLimiter> limiter = std::make_shared<RateLimiter>(RateLimit{1, std::chrono::hours(1)});
  Client client{std::make_shared<GetProvider>(), options_on(now, transport, limiter)};
  CallFactory calls{CallEnvironment{*client.provider(), client.options(), [] { return std::uint64_t{0}; }}};
  std::unique_ptr<TransferSession> session = transport->open_session(4);
  CallDriver driver{client.options(), *session};
  std::vector<Result<PaymentLink>> results;
};

TEST_F(CallDriverSlots, AbortAllGivesBackTheSlotOfACallWaitingForTheLimiter) {
  add_waiting_call(driver);
  driver.abort_all(Error::make(ErrorCode::canceled, "owner gave up"));
  for (auto& call : driver.take_ended()) call->deliver();
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].error().code, ErrorCode::canceled);
  EXPECT_EQ(transport->count(), 0u);
  EXPECT_EQ(wait_in_the_next_hour(), milliseconds(0)) << "the aborted call's unused slot is still counted";
}

TEST_F(CallDriverSlots, DrainEndsANeverSentCallAtOnceAndGivesBackItsSlot) {
  add_waiting_call(driver);
  const Error never_sent = Error::make(ErrorCode::canceled, "stopped; nothing was sent");
  driver.drain(now + std::chrono::seconds(10), never_sent, ErrorCode::canceled, "drain over");
  for (auto& call : driver.take_ended()) call->deliver();
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].error().message, "stopped; nothing was sent");
  EXPECT_EQ(transport->count(), 0u);
  EXPECT_EQ(wait_in_the_next_hour(), milliseconds(0)) << "the drained call's unused slot is still counted";
}

TEST_F(CallDriverSlots, ADriverDroppedWhileACallWaitsGivesBackItsSlot) {
  {
    CallDriver dropped(client.options(), *session);
    add_waiting_call(dropped);
  }
  EXPECT_TRUE(results.empty()) << "a dropped driver delivers nothing";
  EXPECT_EQ(wait_in_the_next_hour(), milliseconds(0)) << "the dropped call's unused slot is still counted";
}

// A drain leaves a call that was sent running; a retry wait that would end past the drain is not
// waited, and the call ends with the drain's reason.
TEST(CallDriver, ACallSentBeforeADrainEndsWithTheDrainsReasonWhenItsRetryWaitPassesTheDrain) {
  SteadyTime now = SteadyTime(std::chrono::hours(1));
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(503, ""));
  ClientOptions options = options_on(now, transport, std::make_shared<RateLimiter>(RateLimit{}));
  options.retry.initial_backoff = milliseconds(4000);
  options.retry.max_backoff = milliseconds(4000);
  const Client client(std::make_shared<GetProvider>(), options);
  // A full-jitter draw of 4000 out of [0, 4000]: the retry would wait 4 s.
  const CallFactory calls{CallEnvironment{*client.provider(), client.options(), [] { return std::uint64_t{4000}; }}};
  std::unique_ptr<TransferSession> session = transport->open_session(1);
  CallDriver driver(client.options(), *session);
  std::vector<Result<PaymentLink>> results;
  driver.add(std::make_unique<GetCall>(calls, "abc", now, results));
  (void)driver.start_ready();
  ASSERT_TRUE(driver.transfers_in_flight());
  driver.drain(now + milliseconds(1000), Error::make(ErrorCode::canceled, "never sent"), ErrorCode::canceled,
               "the drain ran out");
  EXPECT_TRUE(driver.take_ended().empty()) << "a call in flight gets the drain time";
  driver.poll(milliseconds(0));  // the 503 arrives
  for (auto& call : driver.take_ended()) call->deliver();
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].ok());
  EXPECT_EQ(results[0].error().code, ErrorCode::canceled);
  EXPECT_NE(results[0].error().message.find("the drain ran out"), std::string::npos) << results[0].error().message;
  EXPECT_EQ(transport->count(), 1u);
}

}  // namespace
}  // namespace paylink::detail
