#include <string>

#include <gtest/gtest.h>

#include "core/crypto.hpp"

namespace paylink::detail {
namespace {

// RFC 4231 test case 2.
TEST(Hmac, Sha256MatchesRfc4231) {
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(Hmac, Sha512MatchesRfc4231) {
  EXPECT_EQ(hex_encode(hmac_sha512("Jefe", "what do ya want for nothing?")),
            "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d"
            "4a6b4b636e070a38bce737");
}

TEST(Base64, EncodesWithPaddingAndRoundTrips) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  std::string out;
  for (const char* s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    ASSERT_TRUE(base64_decode(base64_encode(s), out));
    EXPECT_EQ(out, s);
  }
}

TEST(Base64, DecodeRefusesInvalidInput) {
  std::string out;
  for (const char* s : {"Zg=", "Z===", "Zm9v!", "Zg==Zg==", "=Zg=", "Zm 9"}) EXPECT_FALSE(base64_decode(s, out)) << s;
}

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace paylink::detail
