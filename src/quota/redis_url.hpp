#pragma once
// The Redis URL of a shared quota: redis://[[user]:password@]host[:port][/db], parsed by libcurl's URL
// API so that no hand-written parser meets user input.

#include <string>
#include <string_view>

#include "paylink/result.hpp"

namespace paylink::detail {

struct RedisAddress {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string user;      // Redis 6 ACL user; empty = the default user
  std::string password;  // a secret: never in an error or a log
  std::string display;   // "redis://host:port/db": the URL without credentials, for errors and logs
};

/// Fails with `validation` (field "quota_redis_url") naming what is wrong, never the password.
Result<RedisAddress> parse_redis_url(std::string_view url);

}  // namespace paylink::detail
