// SlidingWindowQuota on an injected clock: Qonto's two windows, Retry-After, refusals not counted.
#include "quota.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

using Clock = SlidingWindowQuota::Clock;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr Clock::time_point kStart = Clock::time_point{} + std::chrono::hours(1);

// Admits `n` requests at `at`; returns how many were accepted.
int admit_many(SlidingWindowQuota& quota, int n, Clock::time_point at) {
  int accepted = 0;
  for (int i = 0; i < n; ++i) accepted += quota.admit(at).accepted ? 1 : 0;
  return accepted;
}

TEST(SlidingWindowQuota, QontoDeclaresItsTwoDocumentedWindows) {
  const auto windows = qonto_quota_windows();
  ASSERT_EQ(windows.size(), 2U);
  EXPECT_EQ(windows[0].length, Clock::duration(seconds(10)));
  EXPECT_EQ(windows[0].limit, 1000U);
  EXPECT_EQ(windows[1].length, Clock::duration(std::chrono::minutes(10)));
  EXPECT_EQ(windows[1].limit, 10000U);
}

TEST(SlidingWindowQuota, WithoutWindowsEveryRequestIsAcceptedAndCounted) {
  SlidingWindowQuota quota;
  EXPECT_EQ(admit_many(quota, 5000, kStart), 5000);
  EXPECT_EQ(quota.stats(), (json{{"accepted", 5000}, {"rate_limited", 0}}));
}

TEST(SlidingWindowQuota, RefusesTheRequestBeyondTheShortWindowWithRetryAfterUntilTheOldestLeaves) {
  SlidingWindowQuota quota(qonto_quota_windows());
  // 1000 requests spread over the first 2.5 s: the oldest leaves the window at 10 s.
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(quota.admit(kStart + milliseconds(i * 5 / 2)).accepted) << i;
  const auto refused = quota.admit(kStart + milliseconds(3300));
  EXPECT_FALSE(refused.accepted);
  EXPECT_EQ(refused.retry_after, seconds(7));  // 6.7 s rounded up
  // Just before the oldest leaves: still refused, with at least 1 s.
  const auto almost = quota.admit(kStart + milliseconds(9999));
  EXPECT_FALSE(almost.accepted);
  EXPECT_EQ(almost.retry_after, seconds(1));
  // Exactly when it leaves, one slot is free again.
  EXPECT_TRUE(quota.admit(kStart + seconds(10)).accepted);
  EXPECT_FALSE(quota.admit(kStart + seconds(10)).accepted);
  EXPECT_EQ(quota.stats(), (json{{"accepted", 1001}, {"rate_limited", 3}}));
}

TEST(SlidingWindowQuota, RefusedRequestsUseUpNoQuota) {
  SlidingWindowQuota quota(qonto_quota_windows());
  EXPECT_EQ(admit_many(quota, 1000, kStart), 1000);
  // A client hammering while refused must not push its next window back.
  EXPECT_EQ(admit_many(quota, 500, kStart + seconds(5)), 0);
  // Had the refusals counted, these would be refused until 15 s.
  EXPECT_EQ(admit_many(quota, 1000, kStart + seconds(10)), 1000);
  EXPECT_EQ(quota.stats(), (json{{"accepted", 2000}, {"rate_limited", 500}}));
}

TEST(SlidingWindowQuota, TheTenMinuteWindowCapsAPacedClient) {
  SlidingWindowQuota quota(qonto_quota_windows());
  // 1000 per 10 s keeps the short window happy: after 100 s the long window holds 10000.
  for (int block = 0; block < 10; ++block) {
    ASSERT_EQ(admit_many(quota, 1000, kStart + seconds(10 * block)), 1000) << block;
  }
  const auto refused = quota.admit(kStart + seconds(100));
  EXPECT_FALSE(refused.accepted);
  // The short window is empty again; the long one frees its oldest at 600 s.
  EXPECT_EQ(refused.retry_after, seconds(500));
  EXPECT_FALSE(quota.admit(kStart + seconds(599)).accepted);
  EXPECT_EQ(admit_many(quota, 1000, kStart + seconds(600)), 1000);
}

TEST(SlidingWindowQuota, RetryAfterIsTheLaterOfTwoFullWindows) {
  SlidingWindowQuota quota({QuotaWindow{seconds(10), 2}, QuotaWindow{seconds(60), 3}});
  EXPECT_TRUE(quota.admit(kStart).accepted);
  EXPECT_TRUE(quota.admit(kStart + seconds(20)).accepted);
  EXPECT_TRUE(quota.admit(kStart + seconds(21)).accepted);
  // Both full: the short one frees at 30 s, the long one at 60 s.
  const auto refused = quota.admit(kStart + seconds(22));
  EXPECT_FALSE(refused.accepted);
  EXPECT_EQ(refused.retry_after, seconds(38));
}

TEST(SlidingWindowQuota, ResetForgetsWindowsAndCounters) {
  SlidingWindowQuota quota(qonto_quota_windows());
  EXPECT_EQ(admit_many(quota, 1001, kStart), 1000);
  quota.reset();
  EXPECT_EQ(quota.stats(), (json{{"accepted", 0}, {"rate_limited", 0}}));
  EXPECT_TRUE(quota.admit(kStart).accepted);
}

TEST(SlidingWindowQuota, RejectsAnEmptyWindow) {
  EXPECT_THROW(SlidingWindowQuota({QuotaWindow{seconds(10), 0}}), std::invalid_argument);
  EXPECT_THROW(SlidingWindowQuota({QuotaWindow{seconds(0), 5}}), std::invalid_argument);
}

}  // namespace
}  // namespace paylink_sandbox
