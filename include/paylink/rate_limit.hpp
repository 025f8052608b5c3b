#pragma once
/// @file rate_limit.hpp
/// @brief A client-side request rate limit, shared by the blocking and the batch client.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>

namespace paylink {

/// At most `requests` requests in any `window`. A default-constructed limit is "unlimited".
struct RateLimit {
  std::int64_t requests = 0;            ///< Requests allowed per window; 0 = unlimited. Default 0.
  std::chrono::milliseconds window{0};  ///< The window's length; 0 = unlimited. Default 0.
  /// True when both `requests` and `window` are positive, i.e. the limit limits anything.
  bool limited() const noexcept { return requests > 0 && window.count() > 0; }
};

/// A thread-safe sliding-window limiter: it schedules each request so that no window of length
/// `window` ever holds more than `requests` sends (the way vendors count), keeping the last `requests`
/// scheduled send times. Share one limiter between clients that share a quota (Qonto's limit is per
/// IP address, so every Qonto client of a process should share one).
class RateLimiter {
 public:
  /// A limiter of `limit`; an unlimited `RateLimit{}` never makes anyone wait.
  explicit RateLimiter(RateLimit limit) : limit_(limit) {}

  /// Reserves one request at `now` and returns how long the caller must wait before sending it
  /// (zero when it may go at once). Reservations queue fairly: each takes the next free slot.
  std::chrono::milliseconds reserve(std::chrono::steady_clock::time_point now) {
    if (!limit_.limited()) return std::chrono::milliseconds(0);
    std::lock_guard<std::mutex> lock(mutex_);
    auto slot = now;
    if (static_cast<std::int64_t>(scheduled_.size()) >= limit_.requests) {
      // The request `requests` places back must have left the window before this one may go.
      slot = std::max(slot, scheduled_.front() + limit_.window);
      scheduled_.pop_front();
    }
    if (!scheduled_.empty()) slot = std::max(slot, scheduled_.back());
    scheduled_.push_back(slot);
    return std::chrono::ceil<std::chrono::milliseconds>(slot - now);
  }

  /// The limit this limiter enforces.
  const RateLimit& limit() const noexcept { return limit_; }

 private:
  RateLimit limit_;
  std::mutex mutex_;
  std::deque<std::chrono::steady_clock::time_point> scheduled_;
};

}  // namespace paylink
