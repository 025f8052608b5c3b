#include <string>
#include <string_view>

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

TEST(Currency, OfAllThreeLetterCodesExactlyTheTablesAreKnown) {
  // Every upper-case code through the lookup: the first and last rows, and no neighbour of any row.
  std::size_t known = 0;
  std::string code = "AAA";
  for (code[0] = 'A'; code[0] <= 'Z'; ++code[0]) {
    for (code[1] = 'A'; code[1] <= 'Z'; ++code[1]) {
      for (code[2] = 'A'; code[2] <= 'Z'; ++code[2]) {
        if (const auto c = Currency::from_code(code)) {
          EXPECT_EQ(c->code(), code);
          ++known;
        }
      }
    }
  }
  EXPECT_EQ(known, 166u);
  EXPECT_EQ(Currency::from_code("AED")->exponent(), 2);
  EXPECT_EQ(Currency::from_code("ZWG")->exponent(), 2);
  for (const std::string_view code_with_nul :
       {std::string_view("EU\0", 3), std::string_view("\0EUR", 4), std::string_view("EUR\0", 4)}) {
    EXPECT_FALSE(Currency::from_code(code_with_nul).ok());
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
