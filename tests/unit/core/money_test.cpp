#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/currency.hpp"
#include "paylink/money.hpp"

namespace paylink {
namespace {

TEST(Money, ParsesDecimalIntoMinorUnits) {
  const auto m = Money::parse("1100.50", "EUR");
  ASSERT_TRUE(m.ok()) << m.error().to_string();
  EXPECT_EQ(m->minor_units(), 110050);
  EXPECT_EQ(m->currency().code(), "EUR");
}

TEST(Money, FewerDecimalsThanTheExponentArePadded) {
  EXPECT_EQ(Money::parse("10.5", "EUR")->minor_units(), 1050);
  EXPECT_EQ(Money::parse("10", "EUR")->minor_units(), 1000);
  EXPECT_EQ(Money::parse("0.01", "EUR")->minor_units(), 1);
}

TEST(Money, KnowsEachCurrencysExponent) {
  EXPECT_EQ(Money::parse("500", "JPY")->minor_units(), 500);
  EXPECT_EQ(Money::parse("1.250", "KWD")->minor_units(), 1250);
  EXPECT_EQ(Money::parse("0.0001", "CLF")->minor_units(), 1);
  EXPECT_EQ(Money::parse("3", "KWD")->minor_units(), 3000);
}

TEST(Money, RefusesMoreDecimalsThanTheCurrencyHas) {
  const auto m = Money::parse("10.999", "EUR");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::validation);
  EXPECT_EQ(m.error().field, "amount");
  EXPECT_NE(m.error().message.find("at most 2"), std::string::npos) << m.error().message;
  EXPECT_FALSE(Money::parse("5.0", "JPY").ok());
  EXPECT_FALSE(Money::parse("1.2345", "KWD").ok());
}

class MoneyRejects : public ::testing::TestWithParam<const char*> {};

TEST_P(MoneyRejects, MalformedText) {
  const auto m = Money::parse(GetParam(), "EUR");
  ASSERT_FALSE(m.ok()) << "accepted \"" << GetParam() << "\"";
  EXPECT_EQ(m.error().code, ErrorCode::validation);
  EXPECT_EQ(m.error().field, "amount");
  EXPECT_FALSE(m.error().message.empty());
}

INSTANTIATE_TEST_SUITE_P(EdgeCases, MoneyRejects,
                         ::testing::Values("", "1e3", "1E3", "1,50", " 5", "5 ", "-0", "-0.00", "+5", ".5", "5.", "--5",
                                           "1.2.3", "abc", "0x10", "１", "5\n", "NaN", "inf", "-",
                                           "99999999999999999999", "92233720368547758.08"));

TEST(Money, AcceptsTheLargestRepresentableAmount) {
  const auto max = Money::parse("92233720368547758.07", "EUR");
  ASSERT_TRUE(max.ok()) << max.error().to_string();
  EXPECT_EQ(max->minor_units(), std::numeric_limits<std::int64_t>::max());
  const auto min = Money::parse("-92233720368547758.07", "EUR");
  ASSERT_TRUE(min.ok());
  EXPECT_EQ(min->minor_units(), -std::numeric_limits<std::int64_t>::max());
}

TEST(Money, TheLimitHoldsWithoutDecimalsAndAfterLeadingZeros) {
  EXPECT_EQ(Money::parse("9223372036854775807", "JPY")->minor_units(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(Money::parse("0009223372036854775807", "JPY")->minor_units(), std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(Money::parse("922337203685477.5807", "CLF")->minor_units(), std::numeric_limits<std::int64_t>::max());
  for (const char* too_large : {"9223372036854775808", "9223372036854775810", "10000000000000000000"}) {
    const auto m = Money::parse(too_large, "JPY");
    ASSERT_FALSE(m.ok()) << too_large;
    EXPECT_NE(m.error().message.find("too large"), std::string::npos) << m.error().message;
  }
  for (const char* too_large : {"922337203685477.5808", "922337203685477.581", "922337203685478"}) {
    const auto m = Money::parse(too_large, "CLF");
    ASSERT_FALSE(m.ok()) << too_large;
    EXPECT_NE(m.error().message.find("too large"), std::string::npos) << m.error().message;
  }
}

TEST(Money, AmountsAroundTheOnePassLimitParseAsDigitByDigit) {
  // Money::parse reads amounts of up to 18 digits (padded to the exponent) in one pass and longer ones
  // digit by digit with overflow checks: both sides of that line, against the digits compared as text.
  for (const char* code : {"JPY", "EUR", "KWD", "CLF"}) {
    const int exponent = Currency::from_code(code)->exponent();
    for (std::size_t whole = 1; whole <= 21; ++whole) {
      for (int decimals = 0; decimals <= exponent; ++decimals) {
        for (const char digit : {'1', '9'}) {
          std::string text(whole, digit);
          if (decimals > 0) text += "." + std::string(static_cast<std::size_t>(decimals), digit);
          // The minor units' digits: those of the text, padded to the exponent.
          std::string minor;
          for (const char c : text) {
            if (c != '.') minor += c;
          }
          minor.append(static_cast<std::size_t>(exponent - decimals), '0');
          const std::string kMax = std::to_string(std::numeric_limits<std::int64_t>::max());
          const bool fits = minor.size() < kMax.size() || (minor.size() == kMax.size() && minor <= kMax);
          for (const bool negative : {false, true}) {
            const std::string signed_text = (negative ? "-" : "") + text;
            const auto m = Money::parse(signed_text, code);
            ASSERT_EQ(m.ok(), fits) << signed_text << " " << code;
            if (fits) {
              const std::int64_t value = std::stoll(minor);
              EXPECT_EQ(m->minor_units(), negative ? -value : value) << signed_text << " " << code;
            } else {
              EXPECT_NE(m.error().message.find("too large"), std::string::npos) << m.error().message;
            }
          }
        }
      }
    }
  }
}

TEST(Money, OverflowIsNamedInTheError) {
  const auto m = Money::parse("92233720368547758.08", "EUR");
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.error().message.find("too large"), std::string::npos) << m.error().message;
}

TEST(Money, NegativeAmountsParseForRefundsAndDiscounts) {
  const auto m = Money::parse("-12.30", "EUR");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->minor_units(), -1230);
  EXPECT_FALSE(m->is_positive());
}

TEST(Money, UnknownCurrencyIsRefused) {
  for (const char* code : {"XXX", "eur", "EU", "EURO", "", "HRK", "E1R"}) {
    const auto m = Money::parse("1.00", code);
    ASSERT_FALSE(m.ok()) << code;
    EXPECT_EQ(m.error().field, "currency") << code;
  }
}

TEST(Money, FormattingRoundTrips) {
  const char* cases[][2] = {{"1100.50", "EUR"}, {"0.01", "EUR"},  {"0.00", "EUR"},  {"500", "JPY"},
                            {"1.250", "KWD"},   {"-7.05", "USD"}, {"13.30", "EUR"}, {"92233720368547758.07", "EUR"}};
  for (const auto& c : cases) {
    const auto m = Money::parse(c[0], c[1]);
    ASSERT_TRUE(m.ok()) << c[0];
    EXPECT_EQ(m->to_decimal(), c[0]);
    const auto again = Money::parse(m->to_decimal(), c[1]);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *m);
  }
  EXPECT_EQ(Money::parse("10.5", "EUR")->to_decimal(), "10.50");
  EXPECT_EQ(Money::parse("10.5", "EUR")->to_string(), "10.50 EUR");
}

TEST(Money, MostNegativeMinorUnitsFormatWithoutOverflow) {
  const auto m = Money::from_minor_units(std::numeric_limits<std::int64_t>::min(), "EUR");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->to_decimal(), "-92233720368547758.08");
}

TEST(Money, DecimalTextAtEveryExponentIsWholeUnitsPointPaddedFraction) {
  // Against an oracle built by division, not by placing a point among the digits as to_decimal does.
  std::vector<std::int64_t> units = {0, std::numeric_limits<std::int64_t>::max(),
                                     std::numeric_limits<std::int64_t>::min()};
  for (std::int64_t u = 1; u <= 1200; ++u) units.insert(units.end(), {u, -u});
  for (std::int64_t p = 10; p <= std::numeric_limits<std::int64_t>::max() / 10; p *= 10) {
    units.insert(units.end(), {p - 1, p, p + 1, -p});
  }
  for (const char* code : {"JPY", "EUR", "KWD", "CLF"}) {
    const int exponent = Currency::from_code(code)->exponent();
    std::uint64_t scale = 1;
    for (int i = 0; i < exponent; ++i) scale *= 10;
    for (const std::int64_t u : units) {
      const bool negative = u < 0;
      const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(u) : static_cast<std::uint64_t>(u);
      std::string expected = (negative ? "-" : "") + std::to_string(magnitude / scale);
      if (exponent > 0) {
        const std::string fraction = std::to_string(magnitude % scale);
        expected += "." + std::string(static_cast<std::size_t>(exponent) - fraction.size(), '0') + fraction;
      }
      EXPECT_EQ(Money::from_minor_units(u, code)->to_decimal(), expected) << u << " " << code;
    }
  }
}

TEST(Money, EqualityComparesAmountAndCurrency) {
  EXPECT_EQ(*Money::parse("1.00", "EUR"), *Money::from_minor_units(100, "EUR"));
  EXPECT_NE(*Money::parse("1.00", "EUR"), *Money::parse("1.00", "USD"));
  EXPECT_NE(*Money::parse("1.00", "EUR"), *Money::parse("1.01", "EUR"));
}

TEST(Money, DefaultIsZeroWithoutCurrency) {
  const Money m;
  EXPECT_EQ(m.minor_units(), 0);
  EXPECT_FALSE(m.currency().is_set());
  EXPECT_EQ(m.currency().code(), "");
}

}  // namespace
}  // namespace paylink
