// The shared quota's Redis URL: what is accepted, and errors that name the field but never the password.
#include <gtest/gtest.h>

#include "quota/redis_url.hpp"

namespace paylink::detail {
namespace {

TEST(RedisUrl, ReadsHostPortDatabaseAndPassword) {
  const Result<RedisAddress> a = parse_redis_url("redis://:s3cret%40x@127.0.0.1:6380/2");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 6380);
  EXPECT_EQ(a->db, 2);
  EXPECT_EQ(a->password, "s3cret@x");
  EXPECT_TRUE(a->user.empty());
  EXPECT_EQ(a->display, "redis://127.0.0.1:6380/2") << "shown without the password";
}

TEST(RedisUrl, DefaultsToPort6379AndDatabase0) {
  const Result<RedisAddress> a = parse_redis_url("redis://cache.internal");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->host, "cache.internal");
  EXPECT_EQ(a->port, 6379);
  EXPECT_EQ(a->db, 0);
  EXPECT_TRUE(a->password.empty());
  EXPECT_EQ(a->display, "redis://cache.internal:6379/0");
}

TEST(RedisUrl, ReadsAnAclUserAndAnIpv6Host) {
  const Result<RedisAddress> a = parse_redis_url("redis://worker:pw@[::1]:7000/0");
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_EQ(a->user, "worker");
  EXPECT_EQ(a->password, "pw");
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->display, "redis://[::1]:7000/0");
}

TEST(RedisUrl, RefusesWhatItCannotUseNamingTheFieldButNeverThePassword) {
  for (const char* url : {"http://:canary-pw@127.0.0.1:6379", "rediss://:canary-pw@127.0.0.1:6379",
                          "redis://:canary-pw@127.0.0.1:6379/zero", "redis://:canary-pw@127.0.0.1:99999",
                          "redis://:canary-pw@127.0.0.1:6379/0?x=1", "redis://:canary-pw@", "not a url"}) {
    SCOPED_TRACE(url);
    const Result<RedisAddress> a = parse_redis_url(url);
    ASSERT_FALSE(a.ok());
    EXPECT_EQ(a.error().code, ErrorCode::validation);
    EXPECT_EQ(a.error().field, "quota_redis_url");
    EXPECT_NE(a.error().message.find("redis://[:password@]host[:port][/db]"), std::string::npos);
    EXPECT_EQ(a.error().to_string().find("canary-pw"), std::string::npos);
  }
}

TEST(RedisUrl, RefusesAHostWithAPercentSignThatItsDisplayWouldMisname) {
  // Found by fuzz_redis_url: libcurl decodes "%25" in a host, so "c%2542" was host "c%42", and the
  // display "redis://c%42:6379/0" named another host ("cB").
  for (const char* url : {"redis://:canary-pw@c%2542296i", "redis://:canary-pw@cache%25host:6379/0"}) {
    SCOPED_TRACE(url);
    const Result<RedisAddress> a = parse_redis_url(url);
    ASSERT_FALSE(a.ok()) << a->host;
    EXPECT_EQ(a.error().code, ErrorCode::validation);
    EXPECT_EQ(a.error().field, "quota_redis_url");
    EXPECT_NE(a.error().message.find("host"), std::string::npos) << a.error().message;
    EXPECT_EQ(a.error().to_string().find("canary-pw"), std::string::npos);
  }
  for (const char* url : {"redis://cache-1.internal_zone.example:6379/0", "redis://cache%2Einternal",
                          "redis://10.0.0.7", "redis://[::1]/0", "redis://[2001:db8::7]:7000/1", "redis://LOCALHOST"}) {
    SCOPED_TRACE(url);
    const Result<RedisAddress> a = parse_redis_url(url);
    ASSERT_TRUE(a.ok()) << a.error().to_string();
    const Result<RedisAddress> shown = parse_redis_url(a->display);
    ASSERT_TRUE(shown.ok()) << a->display;
    EXPECT_EQ(shown->host, a->host) << "the display names the host used";
  }
}

}  // namespace
}  // namespace paylink::detail
