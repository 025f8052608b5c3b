// Retry-After as RFC 9110 has a recipient read it: delta-seconds, or an HTTP-date in any of its three
// forms (IMF-fixdate, obsolete RFC 850, asctime).
#include <chrono>
#include <optional>
#include <string>

#include <gtest/gtest.h>

#include "core/http_status.hpp"

namespace paylink::detail {
namespace {

using std::chrono::milliseconds;

// 1994-11-06 08:49:37 UTC (the date of RFC 9110's examples) is 784111777 s after the epoch.
const Timestamp kDate = Timestamp(std::chrono::seconds(784111777));

std::optional<milliseconds> retry_after(const std::string& value, Timestamp now) {
  HttpResponse response;
  response.status = 429;
  response.headers = {{"Retry-After", value}};
  return parse_retry_after(response, now);
}

TEST(RetryAfter, ReadsDeltaSeconds) {
  EXPECT_EQ(retry_after("120", kDate), milliseconds(120'000));
  EXPECT_EQ(retry_after(" 0 ", kDate), milliseconds(0));
}

TEST(RetryAfter, ReadsImfFixdate) {
  EXPECT_EQ(retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kDate - std::chrono::seconds(30)), milliseconds(30'000));
}

TEST(RetryAfter, ReadsObsoleteRfc850Date) {
  EXPECT_EQ(retry_after("Sunday, 06-Nov-94 08:49:37 GMT", kDate - std::chrono::seconds(30)), milliseconds(30'000));
}

TEST(RetryAfter, ReadsAsctimeDate) {
  EXPECT_EQ(retry_after("Sun Nov  6 08:49:37 1994", kDate - std::chrono::seconds(30)), milliseconds(30'000));
}

TEST(RetryAfter, CountsFromNowToTheMillisecond) {
  const Timestamp now = kDate - milliseconds(2'250);
  EXPECT_EQ(retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now), milliseconds(2'250));
}

TEST(RetryAfter, DateInThePastMeansNoWait) {
  EXPECT_EQ(retry_after("Sun, 06 Nov 1994 08:49:37 GMT", kDate + std::chrono::hours(1)), milliseconds(0));
  EXPECT_EQ(retry_after("Sunday, 06-Nov-94 08:49:37 GMT", kDate + std::chrono::seconds(1)), milliseconds(0));
  EXPECT_EQ(retry_after("Sun Nov  6 08:49:37 1994", kDate), milliseconds(0));
}

TEST(RetryAfter, FarFutureDateDoesNotOverflow) {
  const auto wait = retry_after("Fri, 31 Dec 9999 23:59:59 GMT", kDate);
  ASSERT_TRUE(wait.has_value());
  EXPECT_EQ(wait->count(), (253402300799LL - 784111777LL) * 1000);
}

TEST(RetryAfter, GarbageAndAbsenceAreUnreadable) {
  for (const char* value : {"", "   ", "soon", "-5", "12abc", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT", "tomorrow"}) {
    EXPECT_FALSE(retry_after(value, kDate).has_value()) << '"' << value << '"';
  }
  HttpResponse none;
  none.status = 429;
  EXPECT_FALSE(parse_retry_after(none, kDate).has_value());
}

}  // namespace
}  // namespace paylink::detail
