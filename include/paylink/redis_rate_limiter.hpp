#pragma once
/// @file redis_rate_limiter.hpp
/// @brief One quota shared by many processes and machines, through Redis.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "paylink/export.hpp"
#include "paylink/quota_limiter.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// What a Redis limiter does when it cannot reach Redis.
enum class WhenRedisUnreachable {
  /// The attempt fails with `network` (naming Redis and its URL, never its password) and nothing is
  /// sent. The default: falling back to a per-process limiter would let every process spend the whole
  /// quota alone, which is the storm of 429s the shared limiter exists to prevent.
  fail,
  /// The attempt is paced by a `RateLimiter` of this process with the same windows, until Redis answers
  /// again (tried at most once a second). For a single process, or when some 429s beat stopping.
  use_local_limiter,
};

/// Options of `make_redis_rate_limiter`.
struct RedisRateLimiterOptions {
  /// `redis://[:password@]host[:port][/db]`; the port defaults to 6379 and the database to 0.
  std::string url;
  /// The vendor, the first part of the key namespace (`Client::provider_name()`, e.g. "qonto").
  std::string vendor;
  /// The quota's name: processes that give the same vendor and name share one quota. Empty (the default)
  /// = the vendor's name. Keys are `paylink:quota:<vendor>:<quota_name>:…`.
  std::string quota_name;
  /// The windows to enforce (`Client::capabilities().rate_limits()` for the vendor's documented ones).
  std::vector<RateLimit> limits;
  /// What happens while Redis cannot be reached. Default `fail`.
  WhenRedisUnreachable when_unreachable = WhenRedisUnreachable::fail;
  /// The longest a connection attempt or a command may take. Default 1 s.
  std::chrono::milliseconds timeout{1000};
};

/// A limiter whose windows live in Redis: every process that names the same Redis, vendor and quota name
/// paces through one quota. The windows are sorted sets of scheduled send times, updated atomically by a
/// Lua script on the Redis server's own clock, so the processes' clocks never meet. Each process still
/// widens the windows for its own time in flight, refunds attempts the vendor refused with 429 and cuts
/// its rate after one, as `RateLimiter` does; a Retry-After pauses every process of the quota.
///
/// Connects lazily, at the first attempt. Fails with `validation` (field "quota_redis_url") for a URL it
/// cannot use, and with `unsupported` when paylink was built without Redis (`redis_rate_limiter_available`).
PAYLINK_EXPORT Result<std::shared_ptr<QuotaLimiter>> make_redis_rate_limiter(RedisRateLimiterOptions options);

/// True when this paylink was built with Redis support (the CMake option PAYLINK_WITH_REDIS).
PAYLINK_EXPORT bool redis_rate_limiter_available() noexcept;

}  // namespace paylink
