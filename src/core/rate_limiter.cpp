// The limiter of one process: sliding windows over scheduled send times, widened for time in flight,
// with refunds for what the vendor did not count and an adaptive cut after a 429 (core/adaptive_rate).
#include <algorithm>
#include <deque>
#include <iterator>
#include <mutex>

#include "core/adaptive_rate.hpp"
#include "paylink/capabilities.hpp"
#include "paylink/rate_limit.hpp"

namespace paylink {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

QuotaLimiter::~QuotaLimiter() = default;

std::vector<RateLimit> Capabilities::rate_limits() const {
  std::vector<RateLimit> limits;
  for (const RateLimit& l : documented_rate_limits) {
    if (l.limited()) limits.push_back(l);
  }
  return limits;
}

namespace {
std::vector<RateLimit> limited_only(const std::vector<RateLimit>& limits) {
  std::vector<RateLimit> kept;
  std::copy_if(limits.begin(), limits.end(), std::back_inserter(kept), [](const RateLimit& l) { return l.limited(); });
  return kept;
}

milliseconds shortest(const std::vector<RateLimit>& limits) {
  milliseconds s{0};
  for (const RateLimit& l : limits) {
    if (s.count() == 0 || l.window < s) s = l.window;
  }
  return s;
}
}  // namespace

struct RateLimiter::State {
  struct Entry {
    SteadyTime slot;
    std::uint64_t id;
    milliseconds round_trip{-1};  // from its slot to its answer; negative until the answer comes
  };
  explicit State(const std::vector<RateLimit>& limits) : adaptive(shortest(limits)) {
    for (const RateLimit& l : limits) longest_window = std::max(longest_window, l.window);
  }

  mutable std::mutex mutex;
  std::deque<Entry> scheduled;  // in id order, which is also slot order: each slot is ≥ the one before
  std::uint64_t next_id = 1;
  SteadyTime paused_until = SteadyTime::min();  // a Retry-After holds every slot until then
  detail::AdaptiveRate adaptive;
  milliseconds longest_window{0};

  std::deque<Entry>::iterator find(std::uint64_t id) {
    auto it = std::lower_bound(scheduled.begin(), scheduled.end(), id,
                               [](const Entry& e, std::uint64_t wanted) { return e.id < wanted; });
    return it != scheduled.end() && it->id == id ? it : scheduled.end();
  }
};

RateLimiter::RateLimiter(RateLimit limit) : RateLimiter(std::vector<RateLimit>{limit}) {}

RateLimiter::RateLimiter(const std::vector<RateLimit>& limits)
    : limits_(limited_only(limits)), state_(std::make_unique<State>(limits_)) {}

RateLimiter::~RateLimiter() = default;

Result<QuotaSlot> RateLimiter::acquire(SteadyTime now) {
  if (limits_.empty()) return QuotaSlot{};
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  // Sends older than the longest (widened) window constrain nothing any more.
  while (!s.scheduled.empty() &&
         s.scheduled.front().slot + s.longest_window + s.adaptive.margin_after(s.scheduled.front().round_trip) <= now) {
    s.scheduled.pop_front();
  }
  SteadyTime slot = std::max(now, s.paused_until);
  if (!s.scheduled.empty()) slot = std::max(slot, s.scheduled.back().slot);
  for (const RateLimit& l : limits_) {
    const std::int64_t allowed = s.adaptive.allowed(l.requests, now);
    const auto held = static_cast<std::int64_t>(s.scheduled.size());
    if (held >= allowed) {
      // The send `allowed` places back must have left this (widened) window before this one may go.
      const State::Entry& back = s.scheduled[static_cast<std::size_t>(held - allowed)];
      slot = std::max(slot, back.slot + l.window + s.adaptive.margin_after(back.round_trip));
    }
  }
  const std::uint64_t id = s.next_id++;
  s.scheduled.push_back({slot, id});
  return QuotaSlot{std::chrono::ceil<milliseconds>(slot - now), id};
}

void RateLimiter::report(std::uint64_t slot_id, const AttemptReport& report, SteadyTime now) {
  if (limits_.empty()) return;
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  const auto entry = s.find(slot_id);
  switch (report.outcome) {
    case AttemptOutcome::counted:
      if (entry != s.scheduled.end() && now >= entry->slot) {
        entry->round_trip = std::chrono::duration_cast<milliseconds>(now - entry->slot);
        s.adaptive.add_round_trip(entry->round_trip);
      }
      return;
    case AttemptOutcome::not_sent:
      if (entry != s.scheduled.end()) s.scheduled.erase(entry);
      return;
    case AttemptOutcome::throttled:
      if (entry != s.scheduled.end()) s.scheduled.erase(entry);  // the vendor did not count it
      if (report.retry_after) s.paused_until = std::max(s.paused_until, now + *report.retry_after);
      s.adaptive.throttled(slot_id, s.next_id, now);
      return;
  }
}

milliseconds RateLimiter::reserve(SteadyTime now) { return acquire(now).value().wait; }

RateLimit RateLimiter::limit() const noexcept { return limits_.empty() ? RateLimit{} : limits_.front(); }

const std::vector<RateLimit>& RateLimiter::limits() const noexcept { return limits_; }

double RateLimiter::rate_factor(SteadyTime now) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->adaptive.factor(now);
}

milliseconds RateLimiter::in_flight_margin() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->adaptive.margin();
}

}  // namespace paylink
