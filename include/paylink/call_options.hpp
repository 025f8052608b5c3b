#pragma once
/// @file call_options.hpp
/// @brief Limits the caller sets on one call: a deadline and a cancellation token.

#include <chrono>
#include <optional>

#include "paylink/cancellation.hpp"

namespace paylink {

/// Per-call limits, the optional last argument of every `Client` call. Both default to none: the call
/// is then bounded only by `RetryPolicy::total_budget` and the transport's timeouts.
struct CallOptions {
  /// The whole call's time, retries, backoff and rate-limit waits included, measured on
  /// `ClientOptions::steady_clock` from the call's start. A wait that would end past it ends the call
  /// at once; a transfer still in progress when it passes is aborted. The call then returns `timeout`,
  /// or `ambiguous` for a create without an idempotency key that may have been sent. Default none.
  std::optional<std::chrono::milliseconds> timeout;
  /// Canceling it stops the call: waits end, a transfer in progress is aborted (the libcurl transport
  /// notices within about a second), and the call returns `canceled`, or `ambiguous` for a create
  /// without an idempotency key that may have been sent. Default none.
  std::optional<CancellationToken> cancel;
};

}  // namespace paylink
