#include "core/adaptive_rate.hpp"

#include <algorithm>
#include <cmath>

namespace paylink::detail {

namespace {
// AWS's adaptive retry mode cuts its rate to 70 % on a throttle (CUBIC's beta); so do we.
constexpr double kThrottleCut = 0.7;
// Repeated cuts stop here: a limiter that still sends learns when the vendor's window frees up.
constexpr double kLowestFactor = 0.1;
}  // namespace

void AdaptiveRate::add_round_trip(std::chrono::milliseconds rtt) {
  // The last 32: enough to see a new connection's slower first request, few enough that a slow spell
  // fades within a few dozen requests.
  samples_[sample_count_ % kSamples] = rtt;
  ++sample_count_;
  const auto end = samples_.begin() + static_cast<std::ptrdiff_t>(std::min(sample_count_, kSamples));
  const auto [lo, hi] = std::minmax_element(samples_.begin(), end);
  margin_ = *hi - *lo;
}

void AdaptiveRate::throttled(std::uint64_t slot_id, std::uint64_t next_id, SteadyTime now) {
  if (throttled_ && slot_id < cut_epoch_) return;
  cut_to_ = std::max(kLowestFactor, factor(now) * kThrottleCut);
  cut_at_ = now;
  throttled_ = true;
  cut_epoch_ = next_id;
}

// CUBIC with the documented rate as its ceiling: f(t) = 1 + C (t − K)³ is `cut_to_` at the cut, rises
// fast, then flattens as it nears the limit, which it reaches after K; C makes a 30 % cut take one
// shortest window.
double AdaptiveRate::factor(SteadyTime now) const {
  if (!throttled_ || shortest_window_.count() <= 0) return 1.0;
  const double w = std::chrono::duration<double>(shortest_window_).count();
  const double c = (1.0 - kThrottleCut) / (w * w * w);
  const double k = std::cbrt((1.0 - cut_to_) / c);
  const double t = std::chrono::duration<double>(now - cut_at_).count();
  if (t >= k) return 1.0;
  const double d = t - k;
  return std::clamp(1.0 + c * d * d * d, kLowestFactor, 1.0);
}

std::int64_t AdaptiveRate::allowed(std::int64_t requests, SteadyTime now) const {
  const double scaled = std::floor(static_cast<double>(requests) * factor(now));
  return std::max<std::int64_t>(1, static_cast<std::int64_t>(scaled));
}

}  // namespace paylink::detail
