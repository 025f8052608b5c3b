// The limiter of one process: sliding windows over the latest moment each send can have been counted,
// widened for time in flight, with refunds for what the vendor did not count and an adaptive cut after a
// 429 (core/adaptive_rate). The Redis limiter (src/quota) keeps the same scores in a sorted set.
#include <algorithm>
#include <iterator>
#include <map>
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
  using Scores = std::multimap<SteadyTime, std::uint64_t>;  // when each send may last count → its id
  struct Sent {
    SteadyTime slot;         // when it was allowed to go
    Scores::iterator score;  // its place among the scores
  };
  explicit State(const std::vector<RateLimit>& limits) : adaptive(shortest(limits)) {
    for (const RateLimit& l : limits) longest_window = std::max(longest_window, l.window);
  }

  // A send's score is the latest moment the vendor can have counted it: its slot while it is in flight
  // (the margin covers a late arrival), the moment its answer came once it has one (the vendor counted it
  // before answering). The `allowed`-th latest score gates the next slot.
  void rescore(std::map<std::uint64_t, Sent>::iterator it, SteadyTime score) {
    scores.erase(it->second.score);
    it->second.score = scores.emplace(score, it->first);
  }
  void forget(std::map<std::uint64_t, Sent>::iterator it) {
    scores.erase(it->second.score);
    sent.erase(it);
  }
  // The `n`-th latest score (1 = the latest), walking from the nearer end; n ≤ scores.size().
  SteadyTime nth_latest(std::size_t n) const {
    const std::size_t from_start = scores.size() - n;
    return from_start < n ? std::next(scores.begin(), static_cast<std::ptrdiff_t>(from_start))->first
                          : std::prev(scores.end(), static_cast<std::ptrdiff_t>(n))->first;
  }

  mutable std::mutex mutex;
  std::map<std::uint64_t, Sent> sent;  // by id
  Scores scores;
  std::uint64_t next_id = 1;
  SteadyTime paused_until = SteadyTime::min();  // a Retry-After holds every slot until then
  detail::AdaptiveRate adaptive;
  milliseconds longest_window{0};
};

RateLimiter::RateLimiter(RateLimit limit) : RateLimiter(std::vector<RateLimit>{limit}) {}

RateLimiter::RateLimiter(const std::vector<RateLimit>& limits)
    : limits_(limited_only(limits)), state_(std::make_unique<State>(limits_)) {}

RateLimiter::~RateLimiter() = default;

Result<QuotaSlot> RateLimiter::acquire(SteadyTime now) {
  if (limits_.empty()) return QuotaSlot{};
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  const milliseconds margin = s.adaptive.margin();
  // Sends older than the longest (widened) window constrain nothing any more.
  while (!s.scores.empty() && s.scores.begin()->first + s.longest_window + margin <= now) {
    s.forget(s.sent.find(s.scores.begin()->second));
  }
  // Slots are handed out in order: never before the latest one still held (ids grow with slots), so that
  // a send never lands behind one already placed.
  SteadyTime slot = std::max(now, s.paused_until);
  if (!s.sent.empty()) slot = std::max(slot, s.sent.rbegin()->second.slot);
  for (const RateLimit& l : limits_) {
    const auto allowed = static_cast<std::size_t>(s.adaptive.allowed(l.requests, now));
    // The `allowed`-th latest send must have left this window, widened by the margin, before this one goes.
    if (s.scores.size() >= allowed) slot = std::max(slot, s.nth_latest(allowed) + l.window + margin);
  }
  const std::uint64_t id = s.next_id++;
  const auto it = s.sent.emplace(id, State::Sent{slot, s.scores.end()}).first;
  it->second.score = s.scores.emplace(slot, id);
  return QuotaSlot{std::chrono::ceil<milliseconds>(slot - now), id};
}

void RateLimiter::report(std::uint64_t slot_id, const AttemptReport& report, SteadyTime now) {
  if (limits_.empty()) return;
  State& s = *state_;
  std::lock_guard<std::mutex> lock(s.mutex);
  const auto it = s.sent.find(slot_id);
  switch (report.outcome) {
    case AttemptOutcome::counted:
      if (it != s.sent.end() && now >= it->second.slot) {
        s.adaptive.add_round_trip(std::chrono::duration_cast<milliseconds>(now - it->second.slot));
        s.rescore(it, now);
      }
      return;
    case AttemptOutcome::not_sent:
      if (it != s.sent.end()) s.forget(it);
      return;
    case AttemptOutcome::throttled:
      if (it != s.sent.end()) s.forget(it);  // the vendor did not count it
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
