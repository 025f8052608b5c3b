#include <string>

#include <gtest/gtest.h>

#include "core/time_format.hpp"

namespace paylink::detail {
namespace {

long long unix_of(const std::optional<Timestamp>& t) { return t ? to_unix_seconds(*t) : -1; }

TEST(Iso8601, ParsesUtcWithAndWithoutFraction) {
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01T00:00:00Z")), 1609459200);
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01T00:00:00.123Z")), 1609459200);
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01T00:00:00.123456789Z")), 1609459200);
  const auto ms = parse_iso8601("2021-01-01T00:00:00.250Z");
  ASSERT_TRUE(ms);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(ms->time_since_epoch()).count() % 1000, 250);
}

TEST(Iso8601, EachFractionLengthGivesItsMicrosecondsAndEitherSeparatorCase) {
  // One to nine digits: the first six are the microseconds (fewer are padded), the rest are dropped.
  const std::string digits = "123456789";
  for (std::size_t length = 1; length <= 9; ++length) {
    const std::string fraction = digits.substr(0, length);
    const auto t = parse_iso8601("2021-01-01T00:00:01." + fraction + "Z");
    ASSERT_TRUE(t) << fraction;
    std::string micros = fraction.substr(0, 6);
    micros.append(6 - micros.size(), '0');
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::microseconds>(t->time_since_epoch()).count(),
              1609459201LL * 1000000 + std::stoll(micros))
        << fraction;
  }
  EXPECT_FALSE(parse_iso8601("2021-01-01T00:00:01.1234567890Z"));
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01t00:00:00z")), 1609459200);
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01t00:00:00+01:00")), 1609455600);
  for (const char separator : {'x', ' ', '\0', '_'}) {
    std::string text = "2021-01-01T00:00:00Z";
    text[10] = separator;
    EXPECT_FALSE(parse_iso8601(text)) << text;
  }
}

TEST(Iso8601, AppliesOffsetsAndReadsZonelessAsUtc) {
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01T02:00:00+02:00")), 1609459200);
  EXPECT_EQ(unix_of(parse_iso8601("2020-12-31T19:00:00-05:00")), 1609459200);
  EXPECT_EQ(unix_of(parse_iso8601("2021-01-01T00:00:00")), 1609459200);
}

TEST(Iso8601, RefusesMalformed) {
  for (const char* t : {"", "2021-01-01", "2021-13-01T00:00:00Z", "2021-02-30T00:00:00Z", "2021-01-01T24:00:00Z",
                        "2021-01-01T00:00:00.Z", "2021-01-01T00:00:00+0200", "2021-01-01 00:00:00Z", "garbage",
                        "2021-01-01T00:00:00Zjunk"}) {
    EXPECT_FALSE(parse_iso8601(t)) << t;
  }
  // A byte that is not an ASCII digit, in each digit of the date and time.
  const std::string good = "2021-01-01T00:00:00Z";
  for (const std::size_t at : {0, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    for (const char not_digit : {'/', ':', 'a', '\xB2'}) {
      std::string bad = good;
      bad[at] = not_digit;
      EXPECT_FALSE(parse_iso8601(bad)) << bad;
    }
  }
  EXPECT_FALSE(parse_iso8601("2021-01-01T00:00:00.1a3Z"));
  EXPECT_TRUE(parse_iso8601("2024-02-29T00:00:00Z"));
  EXPECT_FALSE(parse_iso8601("2023-02-29T00:00:00Z"));
}

TEST(Iso8601, FarFutureMeansNeverInsteadOfOverflowing) {
  // Found by fuzz_qonto_decode: year 9999 overflowed system_clock's nanoseconds.
  EXPECT_EQ(parse_iso8601("9999-12-31T23:59:59Z"), Timestamp::max());
  EXPECT_EQ(parse_space_datetime("9999-12-31 00:00:00"), Timestamp::max());
  EXPECT_FALSE(parse_iso8601("0001-01-01T00:00:00Z"));
  EXPECT_TRUE(parse_iso8601("2200-12-31T23:59:59Z"));
}

TEST(SpaceDatetime, ParsesSmarterPayForm) {
  EXPECT_EQ(unix_of(parse_space_datetime("2023-07-13 11:12:45")), 1689246765);
  EXPECT_FALSE(parse_space_datetime("2023-07-13T11:12:45"));
  EXPECT_FALSE(parse_space_datetime("never"));
}

TEST(FormatTimestamp, PrintsRfc3339Utc) {
  EXPECT_EQ(format_timestamp(Timestamp(std::chrono::seconds(1609459200))), "2021-01-01T00:00:00Z");
  EXPECT_EQ(format_timestamp(Timestamp(std::chrono::seconds(1689246765))), "2023-07-13T11:12:45Z");
  EXPECT_EQ(format_timestamp(Timestamp(std::chrono::seconds(0))), "1970-01-01T00:00:00Z");
  const auto round = parse_iso8601(format_timestamp(Timestamp(std::chrono::seconds(951782400))));
  EXPECT_EQ(unix_of(round), 951782400);  // 2000-02-29
}

}  // namespace
}  // namespace paylink::detail
