#pragma once
/// @file error_code.hpp
/// @brief The closed set of failure kinds every call can report.

#include <string_view>

#include "paylink/export.hpp"

namespace paylink {

/// What kind of failure an `Error` is. Applications branch on this, never on message text.
enum class ErrorCode {
  network,           ///< The connection failed (refused, reset, TLS, DNS).
  timeout,           ///< A connect or total timeout elapsed, or the call's deadline (`CallOptions::timeout`) passed.
  auth,              ///< The vendor refused the credentials.
  validation,        ///< The input was refused, by paylink before sending or by the vendor.
  not_found,         ///< The link or order does not exist.
  conflict,          ///< The request clashes with existing state (e.g. a duplicate order id).
  rate_limited,      ///< Too many requests; see `Error::retry_after`.
  provider,          ///< The vendor failed or refused for another reason (5xx, business rule).
  invalid_response,  ///< The vendor's answer could not be understood (truncated, malformed, wrong types).
  unsupported,       ///< The vendor does not offer this operation; nothing was sent.
  ambiguous,         ///< A non-idempotent write was sent and no answer came: it may or may not exist.
  canceled,          ///< The caller canceled the call (`CallOptions::cancel`) before it ended.
};

/// The lower-case name of the code, e.g. "rate_limited".
PAYLINK_EXPORT std::string_view to_string(ErrorCode code) noexcept;

}  // namespace paylink
