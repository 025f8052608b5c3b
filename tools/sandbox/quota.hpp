// A request quota of one or more sliding windows ("1000 per 10 s and 10000 per 10 min"), counted on
// the server's steady clock over every client, as a vendor counts per IP.
//
// Each window keeps the arrival times of the requests it accepted (a sliding log), so a check pops the
// entries that left the window and compares a size: amortised O(1) under one short mutex. A refused
// request is not logged, so it uses up nothing: the vendor did not serve it.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

#include "util.hpp"

namespace paylink_sandbox {

struct QuotaWindow {
  std::chrono::steady_clock::duration length;
  std::size_t limit = 0;  // requests accepted within any `length`
};

class SlidingWindowQuota {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool accepted = true;
    // When refused: whole seconds until the oldest request of every full window has left it
    // (rounded up, at least 1), after which a request is accepted again.
    std::chrono::seconds retry_after{0};
  };

  // No windows = no limit (every request accepted, and counted in stats()).
  explicit SlidingWindowQuota(const std::vector<QuotaWindow>& windows = {});

  Decision admit(Clock::time_point now);
  json stats() const;  // {"accepted":N,"rate_limited":M}
  void reset();        // forgets the windows' contents and the counters

 private:
  struct Log {
    QuotaWindow window;
    std::deque<Clock::time_point> accepted_at;  // oldest first
  };

  mutable std::mutex mutex_;
  std::vector<Log> logs_;
  std::uint64_t accepted_ = 0;
  std::uint64_t rate_limited_ = 0;
};

}  // namespace paylink_sandbox
