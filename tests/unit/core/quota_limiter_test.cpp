// The local limiter with a fake clock: several windows at once, the margin for time in flight, slots
// given back for what the vendor did not count, Retry-After, the adaptive cut and its recovery; and the
// call loop's reports to any QuotaLimiter.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

const Clock::time_point t0{};
Clock::time_point at(long long ms) { return t0 + milliseconds(ms); }

TEST(QuotaWindows, QontoDeclaresBothDocumentedWindows) {
  const Capabilities caps = make_qonto_client(QontoConfig{}).capabilities();
  const std::vector<RateLimit> limits = caps.rate_limits();
  ASSERT_EQ(limits.size(), 2u);
  EXPECT_EQ(limits[0].requests, 1000);
  EXPECT_EQ(limits[0].window, seconds(10));
  EXPECT_EQ(limits[1].requests, 10000);
  EXPECT_EQ(limits[1].window, std::chrono::minutes(10));
}

TEST(QuotaWindows, PacesThroughEveryWindowAtOnce) {
  // 3 per second and 5 per 10 s: two bursts of three would break the longer window, so the sixth
  // request waits for the first to leave the 10 s window.
  RateLimiter limiter({RateLimit{3, seconds(1)}, RateLimit{5, seconds(10)}});
  std::vector<long long> sent_at;
  for (int i = 0; i < 6; ++i) sent_at.push_back(limiter.reserve(t0).count());
  EXPECT_EQ(sent_at, (std::vector<long long>{0, 0, 0, 1000, 1000, 10'000}));
  EXPECT_EQ(limiter.limits().size(), 2u);
}

TEST(QuotaWindows, ALongBatchNeverBreaksEitherWindow) {
  // 10 per 100 ms and 50 per second, requests arriving every 2 ms: in every window of either length,
  // never more sends than allowed.
  const std::vector<RateLimit> limits = {RateLimit{10, milliseconds(100)}, RateLimit{50, milliseconds(1000)}};
  RateLimiter limiter(limits);
  std::vector<long long> sent;
  for (int i = 0; i < 300; ++i) sent.push_back(2LL * i + limiter.reserve(at(2LL * i)).count());
  for (const RateLimit& l : limits) {
    for (const long long start : sent) {
      long long in_window = 0;
      for (const long long t : sent) in_window += t >= start && t < start + l.window.count();
      ASSERT_LE(in_window, l.requests) << "window " << l.window.count() << " ms from " << start;
    }
  }
  EXPECT_GE(sent.back(), 5000) << "300 requests at 50 per second take at least 5 s";
}

TEST(QuotaInFlight, AnAnsweredSendHoldsItsPlaceUntilItsAnswerCame) {
  // The vendor counted the send at some moment before it answered: the next send may go one window after
  // the answer, which is safe however the round trip split between the two directions.
  RateLimiter limiter(RateLimit{1, milliseconds(1000)});
  const QuotaSlot a = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::counted, std::nullopt}, at(300));
  EXPECT_EQ(limiter.in_flight_margin(), milliseconds(0)) << "one round trip has no spread";
  EXPECT_EQ(limiter.acquire(at(300)).value().wait, milliseconds(1000)) << "1300 ms, not 1000";
}

TEST(QuotaInFlight, ASendStillInFlightHoldsItsSlotWidenedByTheSpreadOfRoundTrips) {
  RateLimiter limiter(RateLimit{1, milliseconds(1000)});
  const QuotaSlot a = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::counted, std::nullopt}, at(100));  // 100 ms round trip
  const QuotaSlot b = limiter.acquire(at(100)).value();
  ASSERT_EQ(b.wait, milliseconds(1000));
  limiter.report(b.id, {AttemptOutcome::counted, std::nullopt}, at(1500));  // 400 ms: arrivals may differ by 300
  EXPECT_EQ(limiter.in_flight_margin(), milliseconds(300));
  // c waits for b's answer (1500) + 1000 + the margin; d, behind c still in flight, for c's slot + the same.
  EXPECT_EQ(limiter.acquire(at(1500)).value().wait, milliseconds(1300));
  EXPECT_EQ(limiter.acquire(at(1500)).value().wait, milliseconds(2600));
}

TEST(QuotaInFlight, ASteadyLatencyCostsOneRoundTripPerWindow) {
  RateLimiter limiter(RateLimit{2, milliseconds(1000)});
  const QuotaSlot a = limiter.acquire(t0).value();
  const QuotaSlot b = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::counted, std::nullopt}, at(250));
  limiter.report(b.id, {AttemptOutcome::counted, std::nullopt}, at(250));
  EXPECT_EQ(limiter.in_flight_margin(), milliseconds(0));
  EXPECT_EQ(limiter.acquire(at(250)).value().wait, milliseconds(1000));
}

TEST(QuotaInFlight, TheAllowedthLatestAnswerGatesTheNextSendNotTheAllowedthOldestSlot) {
  // 40 per second. The first send takes 300 ms (a new connection, a queue at the server); the next 39
  // take 50 ms, so the spread of the last 32 round trips is 0. Sends answered early have left the window
  // early: the 41st waits for the 40th-latest answer (send 2's, at 60 ms), not for send 1's slot. The slow
  // first send holds its place until its answer at 300 ms: the send it gates (the 65th) goes at 1300 ms.
  RateLimiter limiter(RateLimit{40, milliseconds(1000)});
  const QuotaSlot first = limiter.acquire(t0).value();
  limiter.report(first.id, {AttemptOutcome::counted, std::nullopt}, at(300));
  for (int i = 1; i < 40; ++i) {
    const QuotaSlot s = limiter.acquire(at(10LL * i)).value();
    ASSERT_EQ(s.wait, milliseconds(0));
    limiter.report(s.id, {AttemptOutcome::counted, std::nullopt}, at(10LL * i + 50));
  }
  EXPECT_EQ(limiter.in_flight_margin(), milliseconds(0)) << "the recent round trips are all alike";
  std::vector<long long> waits;
  for (int n = 41; n <= 66; ++n) waits.push_back(limiter.acquire(at(500)).value().wait.count());
  EXPECT_EQ(waits.front(), 560) << "1000 ms after send 2's answer at 60 ms";
  EXPECT_EQ(waits[64 - 40], 800) << "the 65th: 1000 ms after the slow first send's answer at 300 ms";
  EXPECT_EQ(waits[65 - 40], 800) << "the 66th: 1000 ms after send 25's answer, also at 300 ms";
}

TEST(QuotaRefund, AnAttemptRefusedBeforeSendingGivesItsSlotBack) {
  RateLimiter limiter(RateLimit{2, milliseconds(1000)});
  (void)limiter.acquire(t0);
  const QuotaSlot b = limiter.acquire(t0).value();
  limiter.report(b.id, {AttemptOutcome::not_sent, std::nullopt}, at(5));
  EXPECT_EQ(limiter.acquire(at(5)).value().wait, milliseconds(0)) << "the refused attempt's slot is free again";
  EXPECT_EQ(limiter.acquire(at(5)).value().wait, milliseconds(995)) << "and the window is full after it";
}

TEST(QuotaRefund, A429GivesItsSlotBackBecauseTheVendorDidNotCountIt) {
  // Ten sends 100 ms apart; the last is refused with 429. After the cut to 7 per window, the next send
  // waits for the third-oldest counted send (200 ms) to leave: 1200 ms. Had the refused one kept its
  // slot, it would wait for the send at 300 ms.
  RateLimiter limiter(RateLimit{10, milliseconds(1000)});
  std::uint64_t last = 0;
  for (int i = 0; i < 10; ++i) {
    const QuotaSlot s = limiter.acquire(at(100LL * i)).value();
    ASSERT_EQ(s.wait, milliseconds(0));
    last = s.id;
  }
  limiter.report(last, {AttemptOutcome::throttled, std::nullopt}, at(950));
  EXPECT_EQ(limiter.acquire(at(950)).value().wait, milliseconds(250));
}

TEST(QuotaRetryAfter, HoldsEverySlotUntilTheVendorsRetryAfter) {
  RateLimiter limiter(RateLimit{100, milliseconds(1000)});
  const QuotaSlot a = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::throttled, milliseconds(2000)}, at(10));
  EXPECT_EQ(limiter.acquire(at(10)).value().wait, milliseconds(2000));
  EXPECT_EQ(limiter.acquire(at(3000)).value().wait, milliseconds(0)) << "and not after it";
}

TEST(QuotaAdaptive, A429CutsTheRateWhichRecoversAlongACubicCurve) {
  RateLimiter limiter(RateLimit{100, seconds(10)});
  EXPECT_DOUBLE_EQ(limiter.rate_factor(t0), 1.0);
  const QuotaSlot a = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::throttled, std::nullopt}, t0);
  EXPECT_DOUBLE_EQ(limiter.rate_factor(t0), 0.7);
  // f(t) = 1 − 0.3 (1 − t/10 s)³: fast at first, flattening near the limit, whole after one window.
  EXPECT_NEAR(limiter.rate_factor(at(5000)), 1.0 - 0.3 * 0.125, 1e-9);
  EXPECT_LT(limiter.rate_factor(at(2000)), limiter.rate_factor(at(5000)));
  EXPECT_DOUBLE_EQ(limiter.rate_factor(at(10'000)), 1.0);
  EXPECT_DOUBLE_EQ(limiter.rate_factor(at(60'000)), 1.0);
}

TEST(QuotaAdaptive, TheCutRateIsWhatThePacingUses) {
  RateLimiter limiter(RateLimit{10, seconds(1)});
  const QuotaSlot a = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::throttled, std::nullopt}, t0);
  int immediate = 0;
  while (limiter.acquire(t0).value().wait.count() == 0) ++immediate;
  EXPECT_EQ(immediate, 7) << "70 % of 10 per window right after the 429";
}

TEST(QuotaAdaptive, OneCutPerRateNotOnePer429) {
  // Thirty attempts in flight all answered 429 are one signal: only the slots given after a cut may
  // cut again.
  RateLimiter limiter(RateLimit{100, seconds(10)});
  std::vector<std::uint64_t> before;
  for (int i = 0; i < 30; ++i) before.push_back(limiter.acquire(t0).value().id);
  for (const std::uint64_t id : before) limiter.report(id, {AttemptOutcome::throttled, std::nullopt}, t0);
  EXPECT_DOUBLE_EQ(limiter.rate_factor(t0), 0.7);
  const QuotaSlot after = limiter.acquire(t0).value();
  limiter.report(after.id, {AttemptOutcome::throttled, std::nullopt}, t0);
  EXPECT_NEAR(limiter.rate_factor(t0), 0.49, 1e-9);
}

TEST(QuotaAdaptive, AnUnlimitedLimiterIgnoresReports) {
  RateLimiter limiter(RateLimit{});
  const QuotaSlot a = limiter.acquire(t0).value();
  limiter.report(a.id, {AttemptOutcome::throttled, milliseconds(5000)}, t0);
  EXPECT_EQ(limiter.acquire(t0).value().wait, milliseconds(0));
  EXPECT_DOUBLE_EQ(limiter.rate_factor(t0), 1.0);
}

// --- the call loop's reports --------------------------------------------------------------------------

// Records what the call loop tells it; `refuse` makes every acquire fail.
class RecordingLimiter : public QuotaLimiter {
 public:
  Result<QuotaSlot> acquire(Clock::time_point) override {
    if (refuse) return *refuse;
    return QuotaSlot{milliseconds(0), ++acquired};
  }
  void report(std::uint64_t id, const AttemptReport& r, Clock::time_point) override { reports.push_back({id, r}); }

  std::optional<Error> refuse;
  std::uint64_t acquired = 0;
  std::vector<std::pair<std::uint64_t, AttemptReport>> reports;
};

struct GetOnly : Provider {
  std::string_view name() const noexcept override { return "getonly"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.get = true;
    return c;
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    if (id == "unencodable") return Error::validation("id", "refused by the adapter");
    HttpRequest r;
    r.url = "https://api.test/x";
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_get(const HttpResponse& response) const override {
    if (response.status == 429) {
      Error e = Error::make(ErrorCode::rate_limited, "slow down");
      e.http_status = 429;
      e.retryable = true;
      return e;
    }
    return PaymentLink{};
  }
};

Client client_with(std::shared_ptr<QuotaLimiter> limiter, std::shared_ptr<Transport> transport) {
  ClientOptions options;
  options.transport = std::move(transport);
  options.rate_limiter = std::move(limiter);
  options.sleeper = [](milliseconds) {};
  options.random = [] { return std::uint64_t{0}; };
  return Client(std::make_shared<GetOnly>(), options);
}

TEST(QuotaReports, TheCallReportsA429WithItsRetryAfterThenTheCountedRetry) {
  auto limiter = std::make_shared<RecordingLimiter>();
  int answers = 0;
  auto transport = std::make_shared<testing::FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    HttpResponse r;
    r.status = answers++ == 0 ? 429 : 200;
    if (r.status == 429) r.headers = {{"Retry-After", "3"}};
    return r;
  });
  ASSERT_TRUE(client_with(limiter, transport).get("x").ok());
  ASSERT_EQ(limiter->reports.size(), 2u);
  EXPECT_EQ(limiter->reports[0].first, 1u);
  EXPECT_EQ(limiter->reports[0].second.outcome, AttemptOutcome::throttled);
  EXPECT_EQ(limiter->reports[0].second.retry_after, milliseconds(3000));
  EXPECT_EQ(limiter->reports[1].first, 2u) << "each attempt has its own slot";
  EXPECT_EQ(limiter->reports[1].second.outcome, AttemptOutcome::counted);
}

TEST(QuotaReports, AConnectionNeverMadeIsNotSentAndALostAnswerIsCounted) {
  auto limiter = std::make_shared<RecordingLimiter>();
  int attempts = 0;
  auto transport = std::make_shared<testing::FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    Error e = Error::make(ErrorCode::network, "connection refused");
    e.request_sent = attempts++ > 0;  // the first never connected; the second lost its answer
    return e;
  });
  Client client = client_with(limiter, transport);
  (void)client.get("x");
  ASSERT_GE(limiter->reports.size(), 2u);
  EXPECT_EQ(limiter->reports[0].second.outcome, AttemptOutcome::not_sent);
  EXPECT_EQ(limiter->reports[1].second.outcome, AttemptOutcome::counted);
}

TEST(QuotaReports, AnAttemptTheAdapterRefusesGivesItsSlotBack) {
  auto limiter = std::make_shared<RecordingLimiter>();
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  EXPECT_FALSE(client_with(limiter, transport).get("unencodable").ok());
  ASSERT_EQ(limiter->reports.size(), 1u);
  EXPECT_EQ(limiter->reports[0].second.outcome, AttemptOutcome::not_sent);
  EXPECT_EQ(transport->count(), 0u);
}

TEST(QuotaReports, ALimiterThatFailsStopsTheCallBeforeAnythingIsSent) {
  auto limiter = std::make_shared<RecordingLimiter>();
  limiter->refuse =
      Error::make(ErrorCode::network, "the shared quota's Redis at redis://127.0.0.1:1/0 cannot be reached");
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Result<PaymentLink> r = client_with(limiter, transport).get("x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::network);
  EXPECT_NE(r.error().message.find("Redis"), std::string::npos);
  EXPECT_FALSE(r.error().request_sent);
  EXPECT_EQ(transport->count(), 0u) << "fail closed: nothing is sent";
  EXPECT_TRUE(limiter->reports.empty());
}

}  // namespace
}  // namespace paylink
