// SIGINT and SIGTERM as a cancel of a `CancellationToken`, for commands that stop cleanly (batch
// create drains its rows in flight instead of dying with them).
#pragma once

#include <signal.h>

#include <atomic>
#include <thread>

#include "paylink/cancellation.hpp"

namespace paylink_cli {

/// While it lives, SIGINT and SIGTERM cancel `token` instead of ending the process. Both are blocked in
/// the constructing thread, and so in every thread it starts later (make it before the transport
/// starts any); a thread of its own takes them with sigtimedwait, so no work runs in a signal handler.
/// The signals stay blocked after it is destroyed: the command is ending and exits with `exit_code`.
class StopSignals {
 public:
  explicit StopSignals(paylink::CancellationToken token);
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  /// The first signal received: 0 (none), SIGINT or SIGTERM.
  int received() const noexcept { return received_.load(); }
  /// The shell's code for a command ended by the signal: 130 for SIGINT, 143 for SIGTERM; 0 for none.
  int exit_code() const noexcept { return received() == 0 ? 0 : 128 + received(); }

 private:
  paylink::CancellationToken token_;
  sigset_t signals_{};
  std::atomic<int> received_{0};
  std::atomic<bool> done_{false};
  std::thread waiter_;
};

/// "SIGINT", "SIGTERM", or "signal N".
const char* signal_name(int signal) noexcept;

}  // namespace paylink_cli
