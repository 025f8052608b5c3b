#include <string>

#include <utility>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

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

// RFC 4231 test case 6: a key longer than the block is hashed first.
TEST(Hmac, Sha256KeyLongerThanTheBlockMatchesRfc4231) {
  EXPECT_EQ(hex_encode(hmac_sha256(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

// The prepared signer against OpenSSL's own one-shot HMAC, for keys around both block sizes, signing
// several messages with one signer.
TEST(Hmac, PreparedSignerMatchesOpenSslForEveryKeyLength) {
  for (const auto& [digest, md] :
       {std::pair{HmacDigest::sha256, EVP_sha256()}, std::pair{HmacDigest::sha512, EVP_sha512()}}) {
    // Around both block sizes (64 and 128 bytes), where a key stops being padded and starts being hashed.
    for (const std::size_t key_length : {0, 1, 20, 63, 64, 65, 127, 128, 129, 200}) {
      std::string key;
      for (std::size_t i = 0; i < key_length; ++i) key.push_back(static_cast<char>((i * 37 + 11) & 0xff));
      const HmacSigner signer(digest, key);
      for (const std::string& message : {std::string(), std::string("m"), std::string(300, 'x')}) {
        unsigned char expected[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), expected, &length);
        EXPECT_EQ(signer.sign(message), std::string(reinterpret_cast<const char*>(expected), length))
            << "key length " << key_length << ", message length " << message.size();
      }
    }
  }
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
