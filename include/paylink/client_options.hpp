#pragma once
/// @file client_options.hpp
/// @brief How a `Client` sends, retries, logs and tells time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "paylink/logging.hpp"
#include "paylink/quota_limiter.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/retry_policy.hpp"
#include "paylink/timestamp.hpp"
#include "paylink/transport.hpp"

namespace paylink {

/// Options of a `Client`. Defaults suit production; tests inject the clock, sleeper, random source and
/// key source so that nothing really sleeps and keys are known.
struct ClientOptions {
  /// The transport; empty = a `make_curl_transport()` with default options.
  std::shared_ptr<Transport> transport;
  /// When and how long to retry. Default `RetryPolicy{}` (4 attempts, 200 ms doubling, 60 s budget).
  RetryPolicy retry;
  /// Client-side quota pacing, asked before every attempt and told what became of it. Empty = a
  /// `RateLimiter` of every window the vendor documents (`Capabilities::documented_rate_limits`), private
  /// to this client. Pass one shared limiter to clients that share a quota, a Redis limiter
  /// (`make_redis_rate_limiter`) to share it with other processes, or
  /// `std::make_shared<RateLimiter>(RateLimit{})` for none.
  std::shared_ptr<QuotaLimiter> rate_limiter;
  /// The log hook and whether bodies are logged. Default: no logging.
  LogOptions log;
  /// Wall clock, read once per attempt (signatures, logs). Empty = system_clock::now.
  std::function<Timestamp()> clock;
  /// Monotonic clock for durations and the retry budget. Empty = steady_clock::now.
  std::function<std::chrono::steady_clock::time_point()> steady_clock;
  /// Waits between attempts. Empty = std::this_thread::sleep_for.
  std::function<void(std::chrono::milliseconds)> sleeper;
  /// Random 64-bit numbers for backoff jitter only (never for idempotency keys). Empty = a seeded
  /// std::mt19937_64 per client (guarded, so a client may be shared by threads).
  std::function<std::uint64_t()> random;
  /// Makes the idempotency key of a call whose request carries none; called once per logical call,
  /// before its first attempt. Empty (the default) = a version 4 UUID with 122 bits from OpenSSL's
  /// `RAND_bytes`; if that fails, the call fails with `validation` (field "idempotency_key") and sends
  /// nothing. Set it only to fix keys in tests: keys must never repeat, because a vendor answers a
  /// repeated key with the first call's result. An empty string from it fails the call the same way.
  /// Called from any thread that makes a call.
  std::function<std::string()> idempotency_key_source;
};

}  // namespace paylink
