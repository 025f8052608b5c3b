// BatchRunner through the transport seam, offline: a user's batch against FakeVendor with scripted
// failures, the client's own transport, clock and sleeper, freed slots refilled in the turn in which
// their transfers end, and waits that end exactly when the rate limiter's next slot opens.
#include <algorithm>
#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/batch.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_transport.hpp"
#include "paylink/testing/fake_vendor.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

// A steady clock that moves only when the client's sleeper (or a test's transport) moves it.
struct FakeTime {
  SteadyTime now = SteadyTime(std::chrono::hours(1));
  std::vector<milliseconds> sleeps;

  milliseconds since_start() const {
    return std::chrono::duration_cast<milliseconds>(now - SteadyTime(std::chrono::hours(1)));
  }
  // Installs this clock and a sleeper that records each wait and moves the clock by it.
  void install(ClientOptions& options) {
    options.steady_clock = [this] { return now; };
    options.sleeper = [this](milliseconds wait) {
      sleeps.push_back(wait);
      now += wait;
    };
  }
};

// A minimal adapter: POST https://batch.invalid/links with the reference as body; a 200 answer's body
// is the link id. Creates are keyed (idempotent), as at Qonto and SmarterPay.
class EchoProvider : public Provider {
 public:
  std::string_view name() const noexcept override { return "echo"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = true;
    c.idempotent_create = true;
    return c;
  }
  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override {
    HttpRequest r;
    r.method = HttpMethod::post;
    r.url = "https://batch.invalid/links";
    r.headers = {{"Idempotency-Key", ctx.idempotency_key}};
    r.body = request.reference;
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                    const CallContext&) const override {
    if (response.status != 200) {
      Error e = Error::make(ErrorCode::provider, "refused");
      e.http_status = response.status;
      return e;
    }
    PaymentLink link;
    link.id = response.body;
    return link;
  }
};

HttpResponse ok_answer(const HttpRequest& request) {
  HttpResponse r;
  r.status = 200;
  r.body = "link-" + request.body;
  return r;
}

ClientOptions unlimited_options() {
  ClientOptions options;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  return options;
}

// `n` creates whose references are "ref-<i>", tagged "row-<i>".
std::function<std::optional<BatchCreate>()> references(int n) {
  return [n, next = 0]() mutable -> std::optional<BatchCreate> {
    if (next == n) return std::nullopt;
    BatchCreate item;
    item.tag = "row-" + std::to_string(next);
    item.request.reference = "ref-" + std::to_string(next++);
    return item;
  };
}

// --- the client's transport, clock and sleeper ------------------------------------------------------

TEST(BatchRunner, SendsThroughTheClientsTransport) {
  auto transport = std::make_shared<testing::FakeTransport>(&ok_answer);
  ClientOptions options = unlimited_options();
  options.transport = transport;
  BatchRunner runner(Client(std::make_shared<EchoProvider>(), options));
  std::vector<std::string> ids(12);
  const BatchSummary summary = runner.create_all(references(12), [&](BatchResult r) {
    ASSERT_TRUE(r.result.ok()) << r.result.error().to_string();
    ids.at(r.index) = r.result->id;
  });
  EXPECT_EQ(summary.succeeded, 12u);
  EXPECT_EQ(summary.failed, 0u);
  ASSERT_EQ(transport->count(), 12u) << "the batch did not send through ClientOptions::transport";
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], "link-ref-" + std::to_string(i));
  for (const HttpRequest& sent : transport->sent()) EXPECT_EQ(sent.url, "https://batch.invalid/links");
}

// A user's billing run against the shipped fake vendor: every scripted failure ends as the blocking
// client would end it, the waits go through the injected sleeper and clock, and nothing really sleeps.
TEST(BatchRunner, RunsAUsersBatchAgainstFakeVendorWithScriptedFailures) {
  testing::FakeVendor vendor;
  FakeTime time;
  ClientOptions options;
  time.install(options);
  BatchOptions batch;
  batch.max_in_flight = 8;
  BatchRunner runner(vendor.client(options), batch);

  // Requests reach the vendor in item order (its transport answers each as it is started), so the
  // scripts below meet items 0 to 3 in turn; the retries come after them and succeed.
  Error throttled = Error::make(ErrorCode::rate_limited, "slow down");
  throttled.retryable = true;
  throttled.retry_after = milliseconds(2000);
  vendor.fail_next(throttled);  // item 0 (keyed): 429 with Retry-After, then success
  Error unavailable = Error::make(ErrorCode::provider, "try again");
  unavailable.http_status = 503;
  unavailable.retryable = true;
  vendor.fail_next(unavailable);  // item 1 (keyed): 503, then success
  vendor.lose_next_response();    // item 2 (no key): made, answer lost: ambiguous
  Error broken = Error::make(ErrorCode::provider, "internal error");
  broken.http_status = 500;
  broken.retryable = true;
  vendor.fail_next(broken);  // item 3 (no key): a write that is not repeated

  std::vector<CreateLinkRequest> requests(5);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    requests[i].amount = Money::of(1000 + static_cast<std::int64_t>(i), Currency::from_code("EUR").value());
    requests[i].reference = "invoice-" + std::to_string(i);
  }
  requests[0].idempotency_key = "key-0";
  requests[1].idempotency_key = "key-1";

  std::size_t next = 0;
  std::map<std::string, Result<PaymentLink>> results;
  const auto real_start = std::chrono::steady_clock::now();
  const BatchSummary summary = runner.create_all(
      [&]() -> std::optional<BatchCreate> {
        if (next == requests.size()) return std::nullopt;
        const std::size_t i = next++;
        return BatchCreate{"invoice-" + std::to_string(i), requests[i]};
      },
      [&](BatchResult r) { results.emplace(r.tag, std::move(r.result)); });
  const auto real_time = std::chrono::steady_clock::now() - real_start;

  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(summary.succeeded, 3u);
  EXPECT_EQ(summary.failed, 2u);
  for (const char* tag : {"invoice-0", "invoice-1", "invoice-4"}) {
    ASSERT_TRUE(results.at(tag).ok()) << tag << ": " << results.at(tag).error().to_string();
    EXPECT_EQ(results.at(tag)->reference, tag);
  }
  const Result<PaymentLink>& lost = results.at("invoice-2");
  ASSERT_FALSE(lost.ok());
  EXPECT_EQ(lost.error().code, ErrorCode::ambiguous);
  EXPECT_FALSE(lost.error().reconcile_key.empty());
  const Result<PaymentLink>& refused = results.at("invoice-3");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::provider);
  EXPECT_EQ(refused.error().http_status, 500);

  EXPECT_EQ(vendor.request_count(), 7u) << "5 first attempts and 2 retries; the unkeyed writes are never resent";
  EXPECT_EQ(vendor.links().size(), 4u) << "items 0, 1, 2 (answer lost) and 4";
  // The ambiguous create did happen: reconciling finds it.
  const Result<PaymentLink> found = vendor.client(options).reconcile_create(requests[2], lost.error());
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->reference, "invoice-2");

  // The waits (item 1's backoff of at most 200 ms, then the rest of item 0's Retry-After) went through
  // the injected sleeper and clock: the run ended when the Retry-After did, and nothing really slept.
  EXPECT_FALSE(time.sleeps.empty());
  EXPECT_EQ(time.since_start(), milliseconds(2000));
  EXPECT_EQ(summary.elapsed, milliseconds(2000)) << "elapsed is measured with the client's steady clock";
  // A real sleep would take the whole 2 s of the Retry-After; the margin is for a loaded or sanitized run.
  EXPECT_LT(real_time, milliseconds(1900)) << "something really slept";
}

// Six requests at two per second: the runner sleeps exactly until each slot opens, and only then.
TEST(BatchRunner, WaitsForTheRateLimiterThroughTheClientsSleeper) {
  FakeTime time;
  std::vector<milliseconds> sent_at;
  auto transport = std::make_shared<testing::FakeTransport>([&](const HttpRequest& request) {
    sent_at.push_back(time.since_start());
    return Result<HttpResponse>(ok_answer(request));
  });
  ClientOptions options;
  options.transport = transport;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{2, milliseconds(1000)});
  time.install(options);
  BatchOptions batch;
  batch.max_in_flight = 4;
  BatchRunner runner(Client(std::make_shared<EchoProvider>(), options), batch);
  const BatchSummary summary = runner.create_all(references(6), [](BatchResult r) { EXPECT_TRUE(r.result.ok()); });
  EXPECT_EQ(summary.succeeded, 6u);
  const std::vector<milliseconds> slots = {milliseconds(0),    milliseconds(0),    milliseconds(1000),
                                           milliseconds(1000), milliseconds(2000), milliseconds(2000)};
  EXPECT_EQ(sent_at, slots);
  EXPECT_EQ(time.sleeps, (std::vector<milliseconds>{milliseconds(1000), milliseconds(1000)}))
      << "one sleep per opening slot: none shorter (a busy loop), none longer";
}

// --- a non-blocking transport ------------------------------------------------------------------------

// A transport whose sessions end transfers only in `poll`, as a network would: each poll ends the
// `per_poll` oldest transfers. It records how many transfers were in progress at each poll.
class SteppingTransport : public Transport {
 public:
  explicit SteppingTransport(std::size_t per_poll) : per_poll_(per_poll) {}
  Result<HttpResponse> send(const HttpRequest& request) override { return ok_answer(request); }
  std::unique_ptr<TransferSession> open_session(std::size_t max_in_flight) override {
    hint = max_in_flight;
    ++sessions_opened;
    return std::make_unique<Session>(*this);
  }

  std::size_t sessions_opened = 0;
  std::vector<std::size_t> in_progress_at_poll;
  std::size_t max_in_progress = 0;
  std::size_t hint = 0;

 private:
  class Session : public TransferSession {
   public:
    explicit Session(SteppingTransport& owner) : owner_(owner) {}
    void start(HttpRequest request, std::uint64_t tag) override {
      started_.emplace_back(tag, std::move(request));
      owner_.max_in_progress = std::max(owner_.max_in_progress, started_.size());
    }
    std::vector<TransferCompletion> poll(milliseconds) override {
      owner_.in_progress_at_poll.push_back(started_.size());
      std::vector<TransferCompletion> ended;
      for (std::size_t i = 0; i < owner_.per_poll_ && !started_.empty(); ++i) {
        ended.push_back({started_.front().first, ok_answer(started_.front().second)});
        started_.pop_front();
      }
      return ended;
    }
    bool abort(std::uint64_t, Error) override { return false; }

   private:
    SteppingTransport& owner_;
    std::deque<std::pair<std::uint64_t, HttpRequest>> started_;
  };

  std::size_t per_poll_;
};

TEST(BatchRunner, RefillsFreedSlotsInTheTurnTheirTransfersEnd) {
  for (const std::size_t per_poll : {1u, 3u}) {
    SCOPED_TRACE("transfers ended per poll: " + std::to_string(per_poll));
    constexpr std::size_t kSlots = 4;
    constexpr int kItems = 20;
    auto transport = std::make_shared<SteppingTransport>(per_poll);
    ClientOptions options = unlimited_options();
    options.transport = transport;
    BatchOptions batch;
    batch.max_in_flight = kSlots;
    BatchRunner runner(Client(std::make_shared<EchoProvider>(), options), batch);
    const BatchSummary summary =
        runner.create_all(references(kItems), [](BatchResult r) { EXPECT_TRUE(r.result.ok()); });
    EXPECT_EQ(summary.succeeded, static_cast<std::size_t>(kItems));
    EXPECT_EQ(transport->hint, kSlots);
    EXPECT_EQ(transport->max_in_progress, kSlots);
    // Before every poll every slot is busy, until the source runs dry.
    std::vector<std::size_t> expected;
    for (std::size_t ended = 0; ended < static_cast<std::size_t>(kItems); ended += per_poll) {
      expected.push_back(std::min(kSlots, kItems - ended));
    }
    EXPECT_EQ(transport->in_progress_at_poll, expected);
  }
}

// A result callback that throws leaves transfers in progress: the runner closes its session, so a later
// run never gets the old transfers' answers for its own items.
TEST(BatchRunner, ALaterRunIsNotAnsweredWithTheTransfersOfARunThatThrew) {
  auto transport = std::make_shared<SteppingTransport>(1);
  ClientOptions options = unlimited_options();
  options.transport = transport;
  BatchOptions batch;
  batch.max_in_flight = 4;
  BatchRunner runner(Client(std::make_shared<EchoProvider>(), options), batch);
  EXPECT_THROW(runner.create_all(references(8), [](BatchResult) { throw std::runtime_error("caller's bug"); }),
               std::runtime_error);
  int next = 0;
  std::vector<std::string> ids(4);
  const BatchSummary summary = runner.create_all(
      [&]() -> std::optional<BatchCreate> {
        if (next == 4) return std::nullopt;
        BatchCreate item;
        item.request.reference = "second-" + std::to_string(next++);
        return item;
      },
      [&](BatchResult r) {
        ASSERT_TRUE(r.result.ok());
        ids.at(r.index) = r.result->id;
      });
  EXPECT_EQ(summary.succeeded, 4u);
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(ids[i], "link-second-" + std::to_string(i));
  EXPECT_EQ(transport->sessions_opened, 2u);
}

// A transport whose transfers take `latency` on the fake clock; a poll moves the clock forward to the
// next transfer's end or by `max_wait`, whichever is sooner, and records each send time.
class LatencyTransport : public Transport {
 public:
  LatencyTransport(FakeTime& time, milliseconds latency) : time_(time), latency_(latency) {}
  Result<HttpResponse> send(const HttpRequest& request) override { return ok_answer(request); }
  std::unique_ptr<TransferSession> open_session(std::size_t) override { return std::make_unique<Session>(*this); }

  std::vector<milliseconds> sent_at;

 private:
  class Session : public TransferSession {
   public:
    explicit Session(LatencyTransport& owner) : owner_(owner) {}
    void start(HttpRequest request, std::uint64_t tag) override {
      owner_.sent_at.push_back(owner_.time_.since_start());
      in_progress_.push_back({tag, owner_.time_.now + owner_.latency_, std::move(request)});
    }
    std::vector<TransferCompletion> poll(milliseconds max_wait) override {
      SteadyTime wake = owner_.time_.now + max_wait;
      for (const Transfer& t : in_progress_) wake = std::min(wake, t.ends_at);
      owner_.time_.now = std::max(owner_.time_.now, wake);
      std::vector<TransferCompletion> ended;
      for (auto it = in_progress_.begin(); it != in_progress_.end();) {
        if (it->ends_at > owner_.time_.now) {
          ++it;
          continue;
        }
        ended.push_back({it->tag, ok_answer(it->request)});
        it = in_progress_.erase(it);
      }
      return ended;
    }
    bool abort(std::uint64_t, Error) override { return false; }

   private:
    struct Transfer {
      std::uint64_t tag;
      SteadyTime ends_at;
      HttpRequest request;
    };
    LatencyTransport& owner_;
    std::vector<Transfer> in_progress_;
  };

  FakeTime& time_;
  milliseconds latency_;
};

// One request per 100 ms, each taking 250 ms: while transfers are in flight the runner waits in the
// session's poll, and each wait ends exactly when the next slot opens or a transfer ends.
TEST(BatchRunner, WakesWhenTheNextRateLimitSlotOpensWhileTransfersAreInFlight) {
  FakeTime time;
  auto transport = std::make_shared<LatencyTransport>(time, milliseconds(250));
  ClientOptions options;
  options.transport = transport;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{1, milliseconds(100)});
  time.install(options);
  BatchOptions batch;
  batch.max_in_flight = 4;
  BatchRunner runner(Client(std::make_shared<EchoProvider>(), options), batch);
  const BatchSummary summary = runner.create_all(references(6), [](BatchResult r) { EXPECT_TRUE(r.result.ok()); });
  EXPECT_EQ(summary.succeeded, 6u);
  const std::vector<milliseconds> slots = {milliseconds(0),   milliseconds(100), milliseconds(200),
                                           milliseconds(300), milliseconds(400), milliseconds(500)};
  EXPECT_EQ(transport->sent_at, slots) << "each request goes exactly when its slot opens";
  EXPECT_TRUE(time.sleeps.empty()) << "with transfers in flight the runner waits in poll, not in the sleeper";
  EXPECT_EQ(time.since_start(), milliseconds(750)) << "the last request (sent at 500 ms) ends at 750 ms";
}

// --- the default session ----------------------------------------------------------------------------

TEST(TransferSession, DefaultSessionSendsAtStartAndReportsAtTheNextPoll) {
  auto transport = std::make_shared<testing::FakeTransport>(&ok_answer);
  std::unique_ptr<TransferSession> session = transport->open_session(8);
  HttpRequest request;
  request.body = "a";
  session->start(request, 7);
  request.body = "b";
  session->start(request, 9);
  EXPECT_EQ(transport->count(), 2u) << "the default session sends inside start";
  EXPECT_FALSE(session->abort(7, Error::make(ErrorCode::timeout, "late"))) << "nothing is ever in progress";
  std::vector<TransferCompletion> ended = session->poll(milliseconds(0));
  ASSERT_EQ(ended.size(), 2u);
  EXPECT_EQ(ended[0].tag, 7u);
  ASSERT_TRUE(ended[0].result.ok());
  EXPECT_EQ(ended[0].result->body, "link-a");
  EXPECT_EQ(ended[1].tag, 9u);
  EXPECT_TRUE(session->poll(milliseconds(1000)).empty()) << "each completion is reported once";
}

}  // namespace
}  // namespace paylink
