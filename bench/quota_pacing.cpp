// The limiter alone, on a simulated clock: N creates at C in flight against Qonto's two windows, every
// round trip RTT plus up to JITTER ms (uniform, fixed seed), each send made the moment its slot opens.
// Prints when the last answer came and its ratio to the quota case's theoretical minimum
// (BENCHMARKS.md): what the limiter's own rule costs, without a machine, a network or a server.
// Usage: paylink_quota_pacing [JITTER_MS] [N] [C] [RTT_MS]   (defaults 0 3000 32 50)
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <queue>
#include <random>
#include <vector>

#include "paylink/capabilities.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/rate_limit.hpp"

namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

long arg(int argc, char** argv, int i, long fallback) { return argc > i ? std::atol(argv[i]) : fallback; }

}  // namespace

int main(int argc, char** argv) {
  const long jitter = arg(argc, argv, 1, 0);
  const long n = arg(argc, argv, 2, 3000);
  const long c = arg(argc, argv, 3, 32);
  const long rtt = arg(argc, argv, 4, 50);
  if (jitter < 0 || n < 1 || c < 1 || rtt < 1) {
    std::fprintf(stderr, "usage: paylink_quota_pacing [JITTER_MS] [N] [C] [RTT_MS]\n");
    return 2;
  }
  const std::vector<paylink::RateLimit> windows =
      paylink::make_qonto_client(paylink::QontoConfig{}).capabilities().rate_limits();
  paylink::RateLimiter limiter(windows);
  std::mt19937_64 random(42);
  std::uniform_int_distribution<long> extra(0, jitter);

  // Each of the C workers is free again at its time (ms): it asks for a slot, sends when the slot opens,
  // and is answered RTT (+ jitter) later, which it reports.
  std::priority_queue<long, std::vector<long>, std::greater<>> free_at;
  for (long w = 0; w < c; ++w) free_at.push(0);
  const Clock::time_point t0{};
  long last_answer = 0;
  for (long sent = 0; sent < n; ++sent) {
    const long now = free_at.top();
    free_at.pop();
    const paylink::QuotaSlot slot = limiter.acquire(t0 + milliseconds(now)).value();
    const long answer = now + slot.wait.count() + rtt + extra(random);
    limiter.report(slot.id, {paylink::AttemptOutcome::counted, std::nullopt}, t0 + milliseconds(answer));
    free_at.push(answer);
    last_answer = std::max(last_answer, answer);
  }
  // T_min = floor((N-1)/Q) W + floor(((N-1) mod Q)/C) RTT + RTT, for the shortest window (Q per W).
  const paylink::RateLimit first = windows.at(0);
  const long q = static_cast<long>(first.requests);
  const long t_min = ((n - 1) / q) * first.window.count() + (((n - 1) % q) / c) * rtt + rtt;
  std::printf(
      "%ld creates, %ld in flight, round trip %ld ms + up to %ld ms: last answer at %.3f s, T_min %.3f s, "
      "ratio %.3f\n",
      n, c, rtt, jitter, static_cast<double>(last_answer) / 1000, static_cast<double>(t_min) / 1000,
      static_cast<double>(last_answer) / static_cast<double>(t_min));
  return 0;
}
