#pragma once
/// @file cancellation.hpp
/// @brief A handle that lets one thread stop calls that run on another.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

#include "paylink/export.hpp"

namespace paylink {

class CancellationRegistration;

/// A cancellation flag shared by every copy of the token. Pass a copy in `CallOptions::cancel` (or
/// `BatchOptions::stop`), keep one, and call `cancel()` from any thread (not from a signal handler:
/// it takes a lock). The call then stops waiting, aborts its transfer in progress, and returns
/// `canceled` (or `ambiguous` for a create that may have been sent). Canceling cannot be undone: a
/// token is used for one call or one group of calls. Thread-safe.
class PAYLINK_EXPORT CancellationToken {
 public:
  /// A new token, not canceled, sharing with nobody yet.
  CancellationToken();

  /// Cancels the token and runs the registered callbacks once, on this thread. Later calls do nothing.
  void cancel() const noexcept;
  /// True once `cancel` has been called on any copy.
  bool canceled() const noexcept;

  /// Waits up to `duration`, or until the token is canceled. Returns true when it was canceled.
  bool wait_for(std::chrono::milliseconds duration) const;

  /// Runs `callback` once when the token is canceled (at once, on this thread, if it already is), for a
  /// loop that must be woken (e.g. `TransferSession::wakeup`). The callback runs on the canceling
  /// thread under the token's lock: keep it short, do not let it throw, and do not register or drop
  /// registrations of the same token from it. It stops being called when the returned registration
  /// is destroyed; once that destructor returns, the callback is not running.
  [[nodiscard]] CancellationRegistration on_cancel(std::function<void()> callback) const;

  struct State;  ///< Shared by copies; defined in the implementation.

 private:
  std::shared_ptr<State> state_;
};

/// Keeps a `CancellationToken::on_cancel` callback registered while it lives. Move-only.
class PAYLINK_EXPORT CancellationRegistration {
 public:
  CancellationRegistration() = default;  ///< Registers nothing.
  /// Unregisters the callback; once this returns, the callback neither runs nor is still running.
  ~CancellationRegistration();
  /// Takes over `other`'s registration; `other` then registers nothing.
  CancellationRegistration(CancellationRegistration&& other) noexcept;
  /// Unregisters this one's callback, then takes over `other`'s registration.
  CancellationRegistration& operator=(CancellationRegistration&& other) noexcept;
  CancellationRegistration(const CancellationRegistration&) = delete;
  CancellationRegistration& operator=(const CancellationRegistration&) = delete;

 private:
  friend class CancellationToken;
  CancellationRegistration(std::shared_ptr<CancellationToken::State> state, std::uint64_t id)
      : state_(std::move(state)), id_(id) {}
  void reset() noexcept;

  std::shared_ptr<CancellationToken::State> state_;
  std::uint64_t id_ = 0;
};

}  // namespace paylink
