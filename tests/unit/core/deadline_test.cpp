// Per-call deadlines and cancellation (CallOptions, BatchOptions::stop), offline: a fake clock that
// moves only when the client sleeps or a test's transport moves it, so no test depends on real time.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/batch.hpp"
#include "paylink/call_options.hpp"
#include "paylink/cancellation.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink {
namespace {

using paylink::testing::FakeTransport;
using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

// Creates are keyed (idempotent) only when `keyed`, as at Qonto and SmarterPay; gets are reads.
class TestProvider : public Provider {
 public:
  explicit TestProvider(bool keyed) : keyed_(keyed) {}
  std::string_view name() const noexcept override { return "test"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = c.get = true;
    c.idempotent_create = keyed_;
    c.reconcile_create = !keyed_;
    return c;
  }
  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override {
    HttpRequest r;
    r.method = HttpMethod::post;
    r.url = "https://api.test/links";
    if (keyed_) r.headers = {{"Idempotency-Key", ctx.idempotency_key}};
    r.body = request.reference;
    r.idempotent = keyed_;
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                    const CallContext&) const override {
    return decode(response);
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    HttpRequest r;
    r.url = "https://api.test/links/" + std::string(id);
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_get(const HttpResponse& response) const override { return decode(response); }

 private:
  static Result<PaymentLink> decode(const HttpResponse& response) {
    if (response.status != 200) {
      Error e = Error::make(ErrorCode::provider, "vendor unavailable");
      e.http_status = response.status;
      e.retryable = response.status == 503;
      return e;
    }
    PaymentLink link;
    link.id = response.body;
    return link;
  }
  bool keyed_;
};

struct FakeTime {
  SteadyTime now = SteadyTime(std::chrono::hours(1));
  std::vector<milliseconds> sleeps;

  ClientOptions options(std::shared_ptr<Transport> transport) {
    ClientOptions o;
    o.transport = std::move(transport);
    o.steady_clock = [this] { return now; };
    o.sleeper = [this](milliseconds wait) {
      sleeps.push_back(wait);
      now += wait;
    };
    o.random = [] { return std::uint64_t{0}; };
    return o;
  }
};

HttpResponse answer(int status, std::string body = "link-1", HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

// 503 with Retry-After: 5 (seconds): a retry wait of 5000 ms.
Result<HttpResponse> busy_for_five_seconds(const HttpRequest&) { return answer(503, "", {{"Retry-After", "5"}}); }

CallOptions timeout_of(milliseconds t) {
  CallOptions call;
  call.timeout = t;
  return call;
}

// --- CancellationToken -----------------------------------------------------------------------------

TEST(CancellationToken, CopiesShareOneFlagAndCallbacksRunOnce) {
  const CancellationToken token;
  const CancellationToken copy = token;  // NOLINT(performance-unnecessary-copy-initialization): the point
  int runs = 0;
  const auto registration = token.on_cancel([&runs] { ++runs; });
  EXPECT_FALSE(copy.canceled());
  copy.cancel();
  copy.cancel();
  EXPECT_TRUE(token.canceled());
  EXPECT_EQ(runs, 1);
  EXPECT_TRUE(token.wait_for(milliseconds(0)));
}

TEST(CancellationToken, ADroppedRegistrationIsNotCalledAndALateOneRunsAtOnce) {
  const CancellationToken token;
  int dropped = 0;
  {
    const auto registration = token.on_cancel([&dropped] { ++dropped; });
  }
  token.cancel();
  EXPECT_EQ(dropped, 0);
  int late = 0;
  const auto registration = token.on_cancel([&late] { ++late; });
  EXPECT_EQ(late, 1);
  EXPECT_FALSE(CancellationToken().wait_for(milliseconds(1)));
}

TEST(CancellationToken, CancelFromAnotherThreadEndsAWait) {
  const CancellationToken token;
  std::thread canceler([token] { token.cancel(); });
  EXPECT_TRUE(token.wait_for(std::chrono::minutes(10)));  // returns when canceled, not after 10 min
  canceler.join();
}

// --- Client: deadlines -----------------------------------------------------------------------------

TEST(CallDeadline, ARetryWaitPastTheDeadlineEndsTheCallAtOnce) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>(busy_for_five_seconds);
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  const auto link = client.get("abc", timeout_of(milliseconds(1000)));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::timeout);
  EXPECT_EQ(link.error().http_status, 503);  // the last attempt's answer is kept
  EXPECT_NE(link.error().message.find("timeout of 1000 ms"), std::string::npos) << link.error().message;
  EXPECT_NE(link.error().message.find("retry wait of 5000 ms"), std::string::npos) << link.error().message;
  EXPECT_FALSE(link.error().retryable);
  EXPECT_EQ(transport->count(), 1u);
  EXPECT_TRUE(time.sleeps.empty());  // it did not wait for a retry that could not happen in time
}

TEST(CallDeadline, ARetryWaitWithinTheDeadlineStillHappens) {
  FakeTime time;
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>([&calls](const HttpRequest& r) -> Result<HttpResponse> {
    return ++calls == 1 ? busy_for_five_seconds(r) : answer(200);
  });
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  const auto link = client.get("abc", timeout_of(milliseconds(6000)));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  ASSERT_EQ(time.sleeps.size(), 1u);
  EXPECT_EQ(time.sleeps[0], milliseconds(5000));
}

TEST(CallDeadline, ARateLimitWaitPastTheDeadlineSendsNothing) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(200, "link-1"));
  ClientOptions options = time.options(transport);
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{1, std::chrono::seconds(10)});
  Client client(std::make_shared<TestProvider>(true), options);
  ASSERT_TRUE(client.get("first").ok());  // takes the window's only place
  const auto second = client.get("second", timeout_of(milliseconds(2000)));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::timeout);
  EXPECT_NE(second.error().message.find("rate limiter"), std::string::npos) << second.error().message;
  EXPECT_FALSE(second.error().request_sent);
  EXPECT_EQ(transport->count(), 1u);
  EXPECT_TRUE(time.sleeps.empty());
}

TEST(CallDeadline, EachAttemptTellsTheTransportTheTimeLeft) {
  FakeTime time;
  std::vector<std::optional<milliseconds>> told;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& r) -> Result<HttpResponse> {
    told.push_back(r.time_left);
    time.now += milliseconds(500);  // the transfer takes half a second
    return told.size() == 1 ? answer(503, "", {{"Retry-After", "1"}}) : answer(200);
  });
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  ASSERT_TRUE(client.get("abc", timeout_of(milliseconds(5000))).ok());
  ASSERT_EQ(told.size(), 2u);
  EXPECT_EQ(told[0], milliseconds(5000));
  EXPECT_EQ(told[1], milliseconds(5000 - 500 - 1000));
  ASSERT_TRUE(client.get("abc").ok());
  EXPECT_FALSE(transport->sent().back().time_left);  // no timeout, nothing to tell
}

TEST(CallDeadline, ATransferCutAtTheDeadlineOfAKeyedCreateKeepsItsKey) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>([&time](const HttpRequest& r) -> Result<HttpResponse> {
    time.now += *r.time_left;  // as the libcurl transport does: cut off when the time left runs out
    Error e = Error::make(ErrorCode::timeout, "POST https://api.test/links aborted: the call's time ran out");
    e.request_sent = true;
    e.retryable = false;
    return e;
  });
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  const auto link = client.create(CreateLinkRequest{}, timeout_of(milliseconds(3000)));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::timeout);
  EXPECT_TRUE(link.error().request_sent);
  EXPECT_EQ(link.error().reconcile_key.size(), 36u);  // for reconcile_create: the vendor dedupes the key
  EXPECT_EQ(transport->count(), 1u);
}

TEST(CallDeadline, ATransferCutAtTheDeadlineOfAnUnkeyedCreateIsAmbiguous) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>([&time](const HttpRequest& r) -> Result<HttpResponse> {
    time.now += *r.time_left;
    Error e = Error::make(ErrorCode::timeout, "POST https://api.test/links aborted: the call's time ran out");
    e.request_sent = true;
    e.retryable = false;
    return e;
  });
  Client client(std::make_shared<TestProvider>(false), time.options(transport));
  const auto link = client.create(CreateLinkRequest{}, timeout_of(milliseconds(3000)));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::ambiguous);
  EXPECT_NE(link.error().message.find("time ran out"), std::string::npos) << link.error().message;
  EXPECT_FALSE(link.error().reconcile_key.empty());
  EXPECT_EQ(transport->count(), 1u);
}

TEST(CallDeadline, ADeadlineThatPassedDuringTheLastAttemptSendsNoOther) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>([&time](const HttpRequest&) -> Result<HttpResponse> {
    time.now += milliseconds(1500);
    return answer(503);  // retryable, with a short backoff
  });
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  const auto link = client.get("abc", timeout_of(milliseconds(1000)));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::timeout);
  EXPECT_EQ(transport->count(), 1u);
}

// --- Client: cancellation --------------------------------------------------------------------------

TEST(CallCancel, ACanceledTokenSendsNothing) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(200, "link-1"));
  Client client(std::make_shared<TestProvider>(false), time.options(transport));
  CallOptions call;
  call.cancel = CancellationToken();
  call.cancel->cancel();
  const auto link = client.create(CreateLinkRequest{}, call);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::canceled);
  EXPECT_FALSE(link.error().request_sent);
  EXPECT_EQ(transport->count(), 0u);
}

TEST(CallCancel, TheTokenReachesTheTransportAndACancelWhileSendingEndsTheCall) {
  FakeTime time;
  const CancellationToken token;
  bool token_given = false;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& r) -> Result<HttpResponse> {
    token_given = r.cancel.has_value();
    token.cancel();      // the caller cancels while the answer is on its way
    return answer(503);  // retryable: but a canceled call does not retry
  });
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  CallOptions call;
  call.cancel = token;
  const auto link = client.get("abc", call);
  ASSERT_FALSE(link.ok());
  EXPECT_TRUE(token_given);
  EXPECT_EQ(link.error().code, ErrorCode::canceled);
  EXPECT_NE(link.error().message.find("canceled"), std::string::npos);
  EXPECT_EQ(transport->count(), 1u);
  EXPECT_TRUE(time.sleeps.empty());
}

TEST(CallCancel, AnUnkeyedCreateAbortedWhileSendingIsAmbiguous) {
  FakeTime time;
  const CancellationToken token;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    token.cancel();
    Error e = Error::make(ErrorCode::canceled, "POST https://api.test/links aborted: the call was canceled");
    e.request_sent = true;  // as the libcurl transport reports an abort after the request left
    e.retryable = false;
    return e;
  });
  Client client(std::make_shared<TestProvider>(false), time.options(transport));
  CallOptions call;
  call.cancel = token;
  const auto link = client.create(CreateLinkRequest{}, call);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::ambiguous);
  EXPECT_NE(link.error().message.find("canceled"), std::string::npos) << link.error().message;
  EXPECT_FALSE(link.error().reconcile_key.empty());
}

TEST(CallCancel, CancelingEndsTheRealSleepersRetryWait) {
  // The client's own sleeper waits on the token: a 10-minute Retry-After ends when it is canceled.
  const CancellationToken token;
  std::atomic<int> sends{0};
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    ++sends;
    return answer(503, "", {{"Retry-After", "600"}});
  });
  ClientOptions options;
  options.transport = transport;
  options.retry.total_budget = std::chrono::minutes(20);
  Client client(std::make_shared<TestProvider>(true), options);
  std::thread canceler([&] {
    while (sends.load() == 0) std::this_thread::yield();
    token.cancel();
  });
  CallOptions call;
  call.cancel = token;
  const auto link = client.get("abc", call);
  canceler.join();
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::canceled);
  EXPECT_EQ(sends.load(), 1);
}

// --- BatchRunner: stop, drain, item timeout --------------------------------------------------------

// GCC 12 at -O2 sees the std::variant inside Result<HttpResponse> moved from a half-built temporary in
// `abort` below and warns (maybe-uninitialized); the Error alternative is the one constructed.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// A session whose transfers never end by themselves: only `abort` ends them, as with a vendor that
// does not answer. Its poll moves the fake clock by the time it is asked to wait.
class SilentSession : public TransferSession {
 public:
  SilentSession(FakeTime& time, std::function<void()> on_start) : time_(time), on_start_(std::move(on_start)) {}
  void start(HttpRequest, std::uint64_t tag) override {
    open_.push_back(tag);
    if (on_start_) on_start_();
  }
  std::vector<TransferCompletion> poll(milliseconds max_wait) override {
    if (ended_.empty() && !std::exchange(woken_, false)) time_.now += max_wait;
    return std::exchange(ended_, {});
  }
  void wakeup() override { woken_ = true; }  // the run's stop calls it
  bool abort(std::uint64_t tag, Error reason) override {
    const auto it = std::find(open_.begin(), open_.end(), tag);
    if (it == open_.end()) return false;
    open_.erase(it);
    reason.request_sent = true;  // the vendor has the request
    aborted.push_back(reason);
    ended_.push_back({tag, std::move(reason)});
    return true;
  }
  std::vector<Error> aborted;

 private:
  FakeTime& time_;
  std::function<void()> on_start_;
  std::vector<std::uint64_t> open_;
  std::vector<TransferCompletion> ended_;
  bool woken_ = false;
};
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

class SilentTransport : public Transport {
 public:
  SilentTransport(FakeTime& time, std::function<void()> on_start) : time_(time), on_start_(std::move(on_start)) {}
  Result<HttpResponse> send(const HttpRequest&) override { return Error::make(ErrorCode::network, "unused"); }
  std::unique_ptr<TransferSession> open_session(std::size_t) override {
    auto session = std::make_unique<SilentSession>(time_, on_start_);
    last = session.get();
    return session;
  }
  SilentSession* last = nullptr;

 private:
  FakeTime& time_;
  std::function<void()> on_start_;
};

// Yields `count` creates tagged "0", "1", …, and counts how many were pulled.
struct Source {
  std::size_t count;
  std::size_t pulled = 0;
  std::optional<BatchCreate> operator()() {
    if (pulled == count) return std::nullopt;
    BatchCreate c;
    c.tag = std::to_string(pulled++);
    return c;
  }
};

TEST(BatchStop, RowsInFlightGetTheDrainTimeThenAreAbortedAndUnkeyedCreatesAreAmbiguous) {
  FakeTime time;
  const CancellationToken stop;
  // The stop comes as soon as the second transfer has started.
  int started = 0;
  auto transport = std::make_shared<SilentTransport>(time, [&] {
    if (++started == 2) stop.cancel();
  });
  Client client(std::make_shared<TestProvider>(false), time.options(transport));
  BatchOptions options;
  options.max_in_flight = 2;
  options.stop = stop;
  options.drain_timeout = milliseconds(3000);
  BatchRunner runner(client, options);
  Source source{10};
  std::vector<BatchResult> results;
  const auto stopped_at = time.now;
  const BatchSummary summary =
      runner.create_all([&] { return source(); }, [&](BatchResult r) { results.push_back(std::move(r)); });
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(source.pulled, 2u);   // nothing was pulled after the stop
  ASSERT_EQ(results.size(), 2u);  // a result for every row that was started
  for (const auto& r : results) {
    ASSERT_FALSE(r.result.ok());
    EXPECT_EQ(r.result.error().code, ErrorCode::ambiguous) << r.result.error().to_string();
    EXPECT_NE(r.result.error().message.find("drain time of 3000 ms"), std::string::npos) << r.result.error().message;
  }
  EXPECT_EQ(transport->last->aborted.size(), 2u);
  EXPECT_EQ(time.now - stopped_at, milliseconds(3000));  // the fake clock: aborted when the drain ended
}

TEST(BatchStop, AKeyedCreateAbortedAtTheDrainIsCanceledWithItsKey) {
  FakeTime time;
  const CancellationToken stop;
  auto transport = std::make_shared<SilentTransport>(time, [&] { stop.cancel(); });
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  BatchOptions options;
  options.max_in_flight = 1;
  options.stop = stop;
  options.drain_timeout = milliseconds(0);
  BatchRunner runner(client, options);
  Source source{3};
  std::vector<BatchResult> results;
  runner.create_all([&] { return source(); }, [&](BatchResult r) { results.push_back(std::move(r)); });
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].result.ok());
  EXPECT_EQ(results[0].result.error().code, ErrorCode::canceled);
  EXPECT_TRUE(results[0].result.error().request_sent);
  EXPECT_FALSE(results[0].result.error().reconcile_key.empty());
}

TEST(BatchStop, AnItemPulledButNeverSentEndsAtOnceAsCanceledAndNotSent) {
  FakeTime time;
  const CancellationToken stop;
  std::size_t sends = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    ++sends;
    return answer(200);
  });
  ClientOptions client_options = time.options(transport);
  // One request per minute: the second item waits for the limiter, so it is pulled but not sent.
  client_options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{1, std::chrono::minutes(1)});
  Client client(std::make_shared<TestProvider>(true), client_options);
  BatchOptions options;
  options.max_in_flight = 2;
  options.stop = stop;
  BatchRunner runner(client, options);
  Source source{5};
  std::vector<BatchResult> results;
  const BatchSummary summary = runner.create_all([&] { return source(); },
                                                 [&](BatchResult r) {
                                                   stop.cancel();  // after the first result
                                                   results.push_back(std::move(r));
                                                 });
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(sends, 1u);
  ASSERT_EQ(results.size(), source.pulled);
  ASSERT_GE(results.size(), 2u);
  for (std::size_t i = 1; i < results.size(); ++i) {
    ASSERT_FALSE(results[i].result.ok());
    EXPECT_EQ(results[i].result.error().code, ErrorCode::canceled);
    EXPECT_FALSE(results[i].result.error().request_sent);
  }
  EXPECT_TRUE(time.sleeps.empty());  // nobody waited for the limiter
}

// One request per hour, and the test sends the hour's request itself: the only item gets the next
// hour's slot and waits for it, the run is stopped during that wait, and the item gives its unused slot
// back (docs/batch.md), so that the next hour's request may go as soon as that hour comes.
TEST(BatchStop, AnItemStoppedWhileWaitingForTheLimiterGivesBackItsSlot) {
  FakeTime time;
  const CancellationToken stop;
  std::size_t sends = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    ++sends;
    return answer(200);
  });
  ClientOptions client_options = time.options(transport);
  auto limiter = std::make_shared<RateLimiter>(RateLimit{1, std::chrono::hours(1)});
  client_options.rate_limiter = limiter;
  client_options.sleeper = [&](milliseconds wait) {  // the stop comes while the item waits
    time.sleeps.push_back(wait);
    time.now += wait;
    stop.cancel();
  };
  const SteadyTime start = time.now;
  limiter->report(limiter->acquire(start)->id, AttemptReport{AttemptOutcome::counted, std::nullopt}, start);
  Client client(std::make_shared<TestProvider>(true), client_options);
  BatchOptions options;
  options.max_in_flight = 1;
  options.stop = stop;
  BatchRunner runner(client, options);
  Source source{3};
  std::vector<BatchResult> results;
  const BatchSummary summary =
      runner.create_all([&] { return source(); }, [&](BatchResult r) { results.push_back(std::move(r)); });
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(sends, 0u);
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].result.ok());
  EXPECT_EQ(results[0].result.error().code, ErrorCode::canceled);
  ASSERT_FALSE(time.sleeps.empty()) << "the item never waited for the limiter";
  EXPECT_EQ(limiter->acquire(start + std::chrono::hours(1))->wait, milliseconds(0))
      << "the stopped item's unused slot is still counted";
}

TEST(BatchStop, ABatchWithoutStopRunsEveryItem) {
  FakeTime time;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(200, "link-1"));
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  BatchRunner runner(client, BatchOptions{});
  Source source{4};
  std::size_t ok = 0;
  const BatchSummary summary = runner.create_all([&] { return source(); }, [&](BatchResult r) { ok += r.result.ok(); });
  EXPECT_FALSE(summary.stopped);
  EXPECT_EQ(ok, 4u);
}

TEST(BatchItemTimeout, ATransferPastTheItemsTimeoutIsAborted) {
  FakeTime time;
  auto transport = std::make_shared<SilentTransport>(time, nullptr);
  Client client(std::make_shared<TestProvider>(true), time.options(transport));
  BatchOptions options;
  options.item_timeout = milliseconds(2500);
  BatchRunner runner(client, options);
  std::vector<BatchResult> results;
  bool given = false;
  runner.get_all(
      [&]() -> std::optional<BatchGet> {
        if (given) return std::nullopt;
        given = true;
        return BatchGet{"only", "abc"};
      },
      [&](BatchResult r) { results.push_back(std::move(r)); });
  ASSERT_EQ(results.size(), 1u);
  ASSERT_FALSE(results[0].result.ok());
  EXPECT_EQ(results[0].result.error().code, ErrorCode::timeout);
  EXPECT_NE(results[0].result.error().message.find("timeout of 2500 ms"), std::string::npos)
      << results[0].result.error().message;
}

}  // namespace
}  // namespace paylink
