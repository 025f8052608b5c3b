#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

TEST(RateLimiter, UnlimitedNeverWaits) {
  RateLimiter limiter(RateLimit{});
  for (int i = 0; i < 10000; ++i) EXPECT_EQ(limiter.reserve(Clock::time_point{}), milliseconds(0));
}

TEST(RateLimiter, BurstsUpToTheLimitThenWaitsForTheWindowToMove) {
  RateLimiter limiter(RateLimit{1000, milliseconds(10'000)});  // Qonto: 1000 / 10 s
  const Clock::time_point t0{};
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.reserve(t0), milliseconds(0)) << i;
  // The 1001st may go only when the first has left the 10 s window; later ones queue behind it.
  EXPECT_EQ(limiter.reserve(t0), milliseconds(10'000));
  EXPECT_EQ(limiter.reserve(t0 + milliseconds(4'000)), milliseconds(6'000));
  EXPECT_EQ(limiter.reserve(t0 + milliseconds(10'000)), milliseconds(0));
}

TEST(RateLimiter, NeverExceedsTheLimitInAnyWindow) {
  RateLimiter limiter(RateLimit{5, milliseconds(1000)});
  // Requests arrive every 50 ms for 5 s; each is sent at arrival + reserved wait.
  std::vector<long long> sent_at;
  for (int i = 0; i < 100; ++i) {
    const auto now = Clock::time_point{} + milliseconds(50 * i);
    sent_at.push_back(50LL * i + limiter.reserve(now).count());
  }
  for (std::size_t i = 0; i < sent_at.size(); ++i) {
    int in_window = 0;
    for (const long long t : sent_at) in_window += t >= sent_at[i] && t < sent_at[i] + 1000;
    EXPECT_LE(in_window, 5) << "at " << sent_at[i];
  }
  EXPECT_GE(sent_at.back(), 19'000 - 1000) << "100 requests at 5/s take about 20 s";
}

TEST(RateLimiter, ClientWaitsForItsQuotaBeforeSending) {
  std::vector<milliseconds> sleeps;
  Clock::time_point now{};
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  ClientOptions options;
  options.transport = transport;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{2, milliseconds(1000)});
  options.steady_clock = [&] { return now; };
  options.sleeper = [&](milliseconds d) {
    sleeps.push_back(d);
    now += d;
  };
  // No provider supports anything by default; use the fake transport through an adapter that does.
  struct GetOnly : Provider {
    std::string_view name() const noexcept override { return "getonly"; }
    Capabilities capabilities() const noexcept override {
      Capabilities c;
      c.get = true;
      return c;
    }
    Result<HttpRequest> encode_get(std::string_view, const CallContext&) const override {
      HttpRequest r;
      r.url = "https://api.test/x";
      r.idempotent = true;
      return r;
    }
    Result<PaymentLink> decode_get(const HttpResponse&) const override { return PaymentLink{}; }
  };
  Client client(std::make_shared<GetOnly>(), options);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(client.get("x").ok());
  EXPECT_EQ(transport->count(), 4u);
  // Two go at once; the third waits until the first leaves the 1 s window; the fourth goes with it.
  EXPECT_EQ(sleeps, (std::vector<milliseconds>{milliseconds(1000)}));
}

TEST(RateLimiter, IsSafeUnderConcurrentReservations) {
  RateLimiter limiter(RateLimit{100, milliseconds(1000)});
  std::vector<std::thread> threads;
  std::atomic<int> immediate{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) immediate += limiter.reserve(Clock::time_point{}).count() == 0;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(immediate.load(), 100);
}

}  // namespace
}  // namespace paylink
