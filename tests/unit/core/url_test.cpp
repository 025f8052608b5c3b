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

}  // namespace
}  // namespace paylink::detail
