#pragma once
/// @file capabilities.hpp
/// @brief What a vendor can do, declared in one place per adapter.

#include <string_view>

#include "paylink/rate_limit.hpp"

namespace paylink {

/// The operations of `Client`. An operation a vendor lacks returns `unsupported` and sends nothing.
enum class Operation {
  create,
  get,
  list,
  expire,
  update,
  list_payments,
  list_payment_methods,
};

/// "create", "get", … as used in logs and errors.
std::string_view to_string(Operation op) noexcept;

/// The set of operations an adapter supports, plus how creates can be retried.
struct Capabilities {
  bool create = false;
  bool get = false;
  bool list = false;
  bool expire = false;
  bool update = false;
  bool list_payments = false;
  bool list_payment_methods = false;
  /// True when creates carry a vendor idempotency key, so a create may be retried safely.
  bool idempotent_create = false;
  /// True when, after an `ambiguous` create, the vendor can be asked whether the link exists.
  bool reconcile_create = false;
  /// The vendor's documented request limit (Qonto: 1000 requests / 10 s per IP); unlimited when the
  /// vendor documents none. The client applies it unless told otherwise (`ClientOptions::rate_limiter`).
  RateLimit documented_rate_limit;

  bool supports(Operation op) const noexcept;
};

}  // namespace paylink
