#include "quota.hpp"

#include <algorithm>
#include <stdexcept>

namespace paylink_sandbox {

SlidingWindowQuota::SlidingWindowQuota(const std::vector<QuotaWindow>& windows) {
  for (const auto& w : windows) {
    if (w.limit == 0 || w.length <= Clock::duration::zero()) {
      throw std::invalid_argument("a quota window needs a positive length and limit");
    }
    logs_.push_back(Log{w, {}});
  }
}

SlidingWindowQuota::Decision SlidingWindowQuota::admit(Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  Clock::duration wait{0};
  bool full = false;
  for (auto& log : logs_) {
    // A request made at t counts while now < t + length.
    while (!log.accepted_at.empty() && log.accepted_at.front() + log.window.length <= now) {
      log.accepted_at.pop_front();
    }
    if (log.accepted_at.size() >= log.window.limit) {
      full = true;
      wait = std::max(wait, log.accepted_at.front() + log.window.length - now);
    }
  }
  if (full) {
    ++rate_limited_;
    auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
    return Decision{false, std::max(seconds, std::chrono::seconds(1))};
  }
  for (auto& log : logs_) log.accepted_at.push_back(now);
  ++accepted_;
  return Decision{};
}

json SlidingWindowQuota::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return json{{"accepted", accepted_}, {"rate_limited", rate_limited_}};
}

void SlidingWindowQuota::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& log : logs_) log.accepted_at.clear();
  accepted_ = 0;
  rate_limited_ = 0;
}

}  // namespace paylink_sandbox
