#pragma once
/// @file capabilities.hpp
/// @brief What a vendor can do, declared in one place per adapter.

#include <array>
#include <string_view>
#include <vector>

#include "paylink/export.hpp"
#include "paylink/rate_limit.hpp"

namespace paylink {

/// The operations of `Client`. An operation a vendor lacks returns `unsupported` and sends nothing.
enum class Operation {
  create,                ///< `Client::create` (and `Client::reconcile_create`).
  get,                   ///< `Client::get`.
  list,                  ///< `Client::list` and `Client::list_all`.
  expire,                ///< `Client::expire`.
  update,                ///< `Client::update`.
  list_payments,         ///< `Client::list_payments`.
  list_payment_methods,  ///< `Client::list_payment_methods`.
};

/// "create", "get", … as used in logs and errors.
PAYLINK_EXPORT std::string_view to_string(Operation op) noexcept;

/// The set of operations an adapter supports, plus how creates can be retried.
struct PAYLINK_EXPORT Capabilities {
  bool create = false;                ///< `Client::create` is offered. Default false.
  bool get = false;                   ///< `Client::get` is offered. Default false.
  bool list = false;                  ///< `Client::list` / `Client::list_all` are offered. Default false.
  bool expire = false;                ///< `Client::expire` is offered. Default false.
  bool update = false;                ///< `Client::update` is offered. Default false.
  bool list_payments = false;         ///< `Client::list_payments` is offered. Default false.
  bool list_payment_methods = false;  ///< `Client::list_payment_methods` is offered. Default false.
  /// True when creates carry a vendor idempotency key, so a create may be retried safely.
  bool idempotent_create = false;
  /// True when, after an `ambiguous` create, the vendor can be asked whether the link exists.
  bool reconcile_create = false;
  /// The request windows the adapter declares for its vendor, one `RateLimit` per window the vendor
  /// documents (Qonto: 1000 per 10 s and 10 000 per 10 min); unused entries stay unlimited, and a vendor
  /// that documents none leaves them all so. The client paces through all of them at once unless told
  /// otherwise (`ClientOptions::rate_limiter`). Each vendor's page in docs/vendors/ says what its adapter
  /// declares and what the vendor documents.
  std::array<RateLimit, 4> documented_rate_limits{};

  /// The limited windows of `documented_rate_limits`, for `RateLimiter` or `make_redis_rate_limiter`.
  std::vector<RateLimit> rate_limits() const;

  /// True when the operation's flag above is set. `Client::reconcile_create` is not an `Operation`:
  /// it is offered when `reconcile_create` or `idempotent_create` is true.
  bool supports(Operation op) const noexcept;
};

}  // namespace paylink
