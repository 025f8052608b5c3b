#include <cctype>
#include <clocale>
#include <string>

#include <gtest/gtest.h>

#include "core/url.hpp"

namespace paylink::detail {
namespace {

TEST(Url, EncodesAllButUnreserved) { EXPECT_EQ(url_encode("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~"); }

TEST(Url, JoinsWithOneSlash) {
  EXPECT_EQ(join_url("https://h/v1/json/", "/orders"), "https://h/v1/json/orders");
  EXPECT_EQ(join_url("https://h", "v2/x"), "https://h/v2/x");
}

TEST(Url, BuildsQueryStrings) {
  EXPECT_EQ(query_string({}), "");
  EXPECT_EQ(query_string({{"page", "2"}, {"status[]", "open"}}), "?page=2&status%5B%5D=open");
}

TEST(Url, ExtractsHostAndPath) {
  EXPECT_EQ(url_host("http://127.0.0.1:8787/x"), "127.0.0.1");
  EXPECT_EQ(url_host("https://user@api.example.com/x"), "api.example.com");
  EXPECT_EQ(url_host("http://[::1]:80/"), "::1");
  EXPECT_EQ(url_path("https://h/v2/x?y=1"), "/v2/x");
  EXPECT_EQ(url_path("https://h"), "/");
}

TEST(Url, RecognisesLoopbackOnly) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.com"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("api.qonto.com"));
}

// What url_encode must produce for `byte`, written independently of it: RFC 3986 unreserved ASCII
// stays, everything else is %XX with upper-case hex.
std::string expected_encoding(unsigned char byte) {
  const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                          (byte >= '0' && byte <= '9') || byte == '-' || byte == '.' || byte == '_' || byte == '~';
  if (unreserved) return std::string(1, static_cast<char>(byte));
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {'%', kHex[byte >> 4], kHex[byte & 15]};
}

void expect_every_byte_encoded_as_ascii_rule() {
  for (int b = 0; b < 256; ++b) {
    const auto byte = static_cast<unsigned char>(b);
    EXPECT_EQ(url_encode(std::string(1, static_cast<char>(byte))), expected_encoding(byte)) << "byte " << b;
  }
}

TEST(Url, EncodesEveryByteByTheAsciiRule) { expect_every_byte_encoded_as_ascii_rule(); }

// In a single-byte locale such as de_DE.ISO-8859-1, std::isalnum(0xE4) ("ä") is true; the encoding must
// not follow it. Skipped where no such locale is installed (e.g. make one with
// `localedef -i de_DE -f ISO-8859-1 DIR/de_DE.ISO-8859-1` and run with LOCPATH=DIR).
TEST(Url, EncodingDoesNotDependOnTheLocale) {
  const std::string saved = std::setlocale(LC_ALL, nullptr);
  const char* chosen = nullptr;
  for (const char* name : {"de_DE.ISO-8859-1", "de_DE.iso88591", "de_DE@euro", "fr_FR.ISO-8859-1", "fr_FR.iso88591",
                           "en_US.ISO-8859-1", "en_US.iso88591", "de_DE", "fr_FR"}) {
    if (std::setlocale(LC_ALL, name) != nullptr && std::isalnum(0xE4)) {
      chosen = name;
      break;
    }
  }
  if (chosen == nullptr) {
    std::setlocale(LC_ALL, saved.c_str());
    GTEST_SKIP() << "no installed locale in which std::isalnum(0xE4) is true";
  }
  SCOPED_TRACE(chosen);
  EXPECT_EQ(url_encode("\xE4"), "%E4");
  EXPECT_EQ(path_segment("caf\xE9", "id").value(), "caf%E9");
  expect_every_byte_encoded_as_ascii_rule();
  std::setlocale(LC_ALL, saved.c_str());
}

TEST(Url, PathSegmentKeepsTheIdInOneSegment) {
  EXPECT_EQ(path_segment("pl_123", "id").value(), "pl_123");
  EXPECT_EQ(path_segment("a/b", "id").value(), "a%2Fb");
  EXPECT_EQ(path_segment("x?y=1", "id").value(), "x%3Fy%3D1");
  EXPECT_EQ(path_segment("a#b", "id").value(), "a%23b");
  EXPECT_EQ(path_segment("%2e%2e", "id").value(), "%252e%252e");
  EXPECT_EQ(path_segment("../x", "id").value(), "..%2Fx");
  EXPECT_EQ(path_segment("a b", "id").value(), "a%20b");
  EXPECT_EQ(path_segment("\xC3\xA4", "id").value(), "%C3%A4");
  // Only "." and ".." are dot segments; other runs of dots are ordinary names.
  EXPECT_EQ(path_segment("...", "id").value(), "...");
  EXPECT_EQ(path_segment(".a", "id").value(), ".a");
}

TEST(Url, PathSegmentRefusesEmptyAndDotSegments) {
  for (const char* id : {"", ".", ".."}) {
    const auto segment = path_segment(id, "id");
    ASSERT_FALSE(segment.ok()) << '"' << id << '"';
    EXPECT_EQ(segment.error().code, ErrorCode::validation);
    EXPECT_EQ(segment.error().field, "id");
    EXPECT_FALSE(segment.error().message.empty());
  }
  EXPECT_EQ(path_segment("..", "link_id").error().field, "link_id") << "the caller names the field";
}

}  // namespace
}  // namespace paylink::detail
