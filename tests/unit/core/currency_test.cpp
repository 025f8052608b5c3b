#include <gtest/gtest.h>

#include "paylink/currency.hpp"

namespace paylink {
namespace {

TEST(Currency, KnowsExponents) {
  EXPECT_EQ(Currency::from_code("EUR")->exponent(), 2);
  EXPECT_EQ(Currency::from_code("JPY")->exponent(), 0);
  EXPECT_EQ(Currency::from_code("KWD")->exponent(), 3);
  EXPECT_EQ(Currency::from_code("BHD")->exponent(), 3);
  EXPECT_EQ(Currency::from_code("CLF")->exponent(), 4);
  EXPECT_EQ(Currency::from_code("ISK")->exponent(), 0);
  EXPECT_EQ(Currency::from_code("GBP")->exponent(), 2);
}

TEST(Currency, CoversActiveCodesIncludingRecentOnes) {
  for (const char* code : {"USD", "CHF", "SEK", "PLN", "XCG", "ZWG", "SLE", "VES", "MRU", "STN", "XOF", "XPF"}) {
    EXPECT_TRUE(Currency::from_code(code).ok()) << code;
  }
}

TEST(Currency, RefusesWithdrawnAndNonCurrencyCodes) {
  for (const char* code : {"HRK", "ZWL", "CUC", "XAU", "XDR", "XXX", "DEM", "", "EU", "eur", "EUR "}) {
    const auto c = Currency::from_code(code);
    ASSERT_FALSE(c.ok()) << code;
    EXPECT_EQ(c.error().code, ErrorCode::validation);
    EXPECT_EQ(c.error().field, "currency");
  }
}

TEST(Currency, ErrorTextIsPrintableForHostileInput) {
  const auto c = Currency::from_code(std::string_view("\x01\xff\x7f", 3));
  ASSERT_FALSE(c.ok());
  for (const char ch : c.error().message) EXPECT_GE(static_cast<unsigned char>(ch), 0x20);
}

TEST(Currency, DefaultIsUnset) {
  const Currency c;
  EXPECT_FALSE(c.is_set());
  EXPECT_NE(c, *Currency::from_code("EUR"));
}

}  // namespace
}  // namespace paylink
