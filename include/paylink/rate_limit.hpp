#pragma once
/// @file rate_limit.hpp
/// @brief A vendor's request windows (`RateLimit`) and the limiter that paces a process through all of
/// them (`RateLimiter`).

#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

#include "paylink/export.hpp"
#include "paylink/quota_limiter.hpp"

namespace paylink {

/// One window: at most `requests` requests in any `window`. A default-constructed limit is "unlimited".
/// A vendor with several windows (Qonto: 1000 per 10 s and 10 000 per 10 min) declares one per window.
struct RateLimit {
  std::int64_t requests = 0;            ///< Requests allowed per window; 0 = unlimited. Default 0.
  std::chrono::milliseconds window{0};  ///< The window's length; 0 = unlimited. Default 0.
  /// True when both `requests` and `window` are positive, i.e. the limit limits anything.
  bool limited() const noexcept { return requests > 0 && window.count() > 0; }
};

/// The limiter of one process: it schedules each attempt so that no window of any of its limits ever
/// holds more sends than the limit allows (sliding windows, the way vendors count), and learns from what
/// the call loop reports:
/// - time in flight: the vendor counts arrivals, not sends, and two sends a window apart arrive closer
///   than that when the first took longer to arrive. A send that has been answered holds its place in
///   the window until its answer came (the vendor counted it before answering), which costs at most one
///   round trip per window; one still in flight holds it from its slot, and every window is widened by
///   the spread (longest minus shortest) of the recent round trips, measured from each slot to its answer;
/// - a 429 gives its slot back (the vendor did not count it), pauses every slot until its Retry-After,
///   and cuts the rate to 70 % of what it was (as AWS's adaptive retry mode does); the rate then
///   recovers along a cubic curve that flattens as it nears the documented limit, which it reaches
///   again within one shortest window;
/// - an attempt refused before it was sent gives its slot back.
///
/// Share one limiter between clients that share a quota (Qonto's is per IP address, so every Qonto
/// client of a process should share one); for a quota shared by several processes or machines, see
/// `make_redis_rate_limiter`. A limiter without a limited window never waits and ignores reports.
class PAYLINK_EXPORT RateLimiter final : public QuotaLimiter {
 public:
  /// A limiter of one window; an unlimited `RateLimit{}` never makes anyone wait.
  explicit RateLimiter(RateLimit limit);
  /// A limiter of every limited window in `limits` (unlimited entries are ignored).
  explicit RateLimiter(const std::vector<RateLimit>& limits);
  ~RateLimiter() override;
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  Result<QuotaSlot> acquire(std::chrono::steady_clock::time_point now) override;
  void report(std::uint64_t slot_id, const AttemptReport& report, std::chrono::steady_clock::time_point now) override;

  /// Reserves one attempt at `now` and returns how long to wait before sending it (zero when it may go at
  /// once): `acquire(now)->wait`, for callers that never report. Reservations queue fairly: each takes
  /// the next free slot.
  std::chrono::milliseconds reserve(std::chrono::steady_clock::time_point now);

  /// The first limited window (unlimited when there is none), as before several windows existed.
  RateLimit limit() const noexcept;
  /// Every limited window this limiter enforces.
  const std::vector<RateLimit>& limits() const noexcept;
  /// The share of the documented rate now allowed: 1 until a 429, then cut and recovering (0 to 1].
  double rate_factor(std::chrono::steady_clock::time_point now) const;
  /// How much every window is currently widened for time in flight.
  std::chrono::milliseconds in_flight_margin() const;

 private:
  struct State;
  std::vector<RateLimit> limits_;
  std::unique_ptr<State> state_;
};

}  // namespace paylink
