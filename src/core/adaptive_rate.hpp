#pragma once
// What every limiter learns from the call loop's reports, whether its windows live in this process
// (RateLimiter) or in Redis: the margin for time in flight and the adaptive rate after a 429.
// Not thread-safe: each limiter holds it under its own lock.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>

namespace paylink::detail {

class AdaptiveRate {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  /// `shortest_window`: a 30 % cut recovers fully within it.
  explicit AdaptiveRate(std::chrono::milliseconds shortest_window) : shortest_window_(shortest_window) {}

  /// A send's round trip, from its slot to its answer.
  void add_round_trip(std::chrono::milliseconds rtt);
  /// How much every window is widened: the spread (longest minus shortest) of the recent round trips.
  /// It covers the sends still in flight, whose arrival is not yet bounded by an answer: two sends a
  /// window apart arrive closer than that only by the difference of their delays.
  std::chrono::milliseconds margin() const noexcept { return margin_; }
  /// A 429 for the slot `slot_id`, with `next_id` the id the limiter gives next: cuts the rate, unless
  /// the slot was given out before the last cut (its 429 says nothing new).
  void throttled(std::uint64_t slot_id, std::uint64_t next_id, SteadyTime now);
  /// The share of the documented rate allowed at `now`, in (0, 1].
  double factor(SteadyTime now) const;
  /// `requests` scaled by `factor(now)`, at least 1.
  std::int64_t allowed(std::int64_t requests, SteadyTime now) const;

 private:
  static constexpr std::size_t kSamples = 32;
  std::chrono::milliseconds shortest_window_;
  std::array<std::chrono::milliseconds, kSamples> samples_{};
  std::size_t sample_count_ = 0;
  std::chrono::milliseconds margin_{0};
  bool throttled_ = false;
  double cut_to_ = 1.0;
  SteadyTime cut_at_{};
  std::uint64_t cut_epoch_ = 0;
};

}  // namespace paylink::detail
