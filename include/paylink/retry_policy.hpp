#pragma once
/// @file retry_policy.hpp
/// @brief When and how long the client retries.

#include <chrono>

namespace paylink {

/// Exponential backoff with full jitter, bounded by attempts and by a total time budget.
/// What is retried is decided by idempotency (see `HttpRequest::idempotent`), not here.
struct RetryPolicy {
  /// Attempts in all, the first included. 1 disables retries. Default 4.
  int max_attempts = 4;
  /// Upper bound of the first backoff; doubles per attempt. Default 200 ms.
  std::chrono::milliseconds initial_backoff{200};
  /// Cap of any one backoff. Default 10 s.
  std::chrono::milliseconds max_backoff{10'000};
  /// No retry starts once this much time has passed since the first attempt, and no wait (including a
  /// vendor's Retry-After) may end past it. Default 60 s.
  std::chrono::milliseconds total_budget{60'000};
  /// Wait as long as the vendor's Retry-After says (429, 503) instead of the computed backoff.
  /// Default true.
  bool honour_retry_after = true;

  /// A policy that never retries.
  static RetryPolicy none() {
    RetryPolicy p;
    p.max_attempts = 1;
    return p;
  }
};

}  // namespace paylink
