#pragma once
/// @file quota_limiter.hpp
/// @brief The seam every client-side quota limiter implements: `RateLimiter` (in this process) and
/// the Redis limiter (`make_redis_rate_limiter`, shared by many processes).

#include <chrono>
#include <cstdint>
#include <optional>

#include "paylink/export.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// One place in the quota, given to one attempt.
struct QuotaSlot {
  std::chrono::milliseconds wait{0};  ///< Wait this long, then send. Default 0 (send at once).
  std::uint64_t id = 0;               ///< The limiter's handle for this slot, for `QuotaLimiter::report`.
};

/// What became of an attempt that had a slot, as the call loop reports it.
enum class AttemptOutcome {
  /// The request left: the vendor answered with anything but 429, or no answer came. The vendor counted it.
  counted,
  /// The vendor answered 429: it did not count the attempt and asks the client to slow down.
  throttled,
  /// Nothing left this process (refused before sending, or the connection was never made): nobody counted it.
  not_sent,
};

/// The report on one attempt.
struct AttemptReport {
  AttemptOutcome outcome = AttemptOutcome::counted;  ///< What became of it. Default `counted`.
  /// For `throttled`: the vendor's Retry-After, when it sent one. Default none.
  std::optional<std::chrono::milliseconds> retry_after;
};

/// Paces attempts so that a vendor's quota is used to the last request without a 429. Every `Client`
/// call asks `acquire` before each attempt, waits the slot's wait, sends, then calls `report` once with
/// what became of the attempt. Implementations are thread-safe: one limiter may serve many clients,
/// threads and batches that share a quota.
class PAYLINK_EXPORT QuotaLimiter {
 public:
  virtual ~QuotaLimiter();

  /// Reserves one attempt's place at `now` (the client's steady clock). An error means the attempt must
  /// not be sent (for example, a shared store that cannot be reached): the call fails with it and sends
  /// nothing.
  virtual Result<QuotaSlot> acquire(std::chrono::steady_clock::time_point now) = 0;

  /// What became of the attempt of `slot_id`, at `now` (when its answer came, or when it was refused).
  /// A slot the vendor did not count is given back; a 429 slows the limiter down. A slot never reported
  /// stays counted, which errs on the safe side.
  virtual void report(std::uint64_t slot_id, const AttemptReport& report,
                      std::chrono::steady_clock::time_point now) = 0;

 protected:
  /// For implementations only.
  QuotaLimiter() = default;
  /// For implementations only (a limiter is shared through a pointer, not copied).
  QuotaLimiter(const QuotaLimiter&) = default;
  /// For implementations only.
  QuotaLimiter& operator=(const QuotaLimiter&) = default;
};

}  // namespace paylink
