#pragma once
/// @file error.hpp
/// @brief The one error type every operation returns.

#include <chrono>
#include <optional>
#include <string>

#include "paylink/error_code.hpp"
#include "paylink/export.hpp"

namespace paylink {

/// A failure, with everything needed to act on it. An `Error` never contains a credential: adapters
/// build messages from field names and vendor messages only, and the tests assert it with canaries.
struct PAYLINK_EXPORT Error {
  ErrorCode code = ErrorCode::provider;  ///< What kind of failure; branch on this.
  std::string message;                   ///< One readable line naming the cause.
  int http_status = 0;                   ///< The HTTP status, or 0 when no response was received.
  std::string vendor_code;               ///< The vendor's own error code (e.g. "1032", "137", "not_in_list").
  std::string vendor_message;            ///< The vendor's own message, kept verbatim (bounded in length).
  std::string request_id;                ///< The vendor's request or trace id, where it gives one.
  std::string field;                     ///< For validation errors: the request field at fault.
  bool retryable = false;                ///< True when the same call may succeed if made again later.
  /// True when the request may have reached the server (bytes were written), so a non-idempotent
  /// write must not be repeated blindly.
  bool request_sent = false;
  /// How long the vendor asked us to wait (Retry-After), when it said so.
  std::optional<std::chrono::milliseconds> retry_after;
  /// For `ambiguous` creates: the key that identifies the attempted link at the vendor
  /// (MultiSafepay order_id, Qonto/SmarterPay idempotency key), to find out whether it exists.
  std::string reconcile_key;

  /// A validation error naming the field and the rule that was broken.
  static Error validation(std::string field, std::string message);
  /// An error of the given code with a message. `network` and `timeout` errors start `retryable`
  /// (a connection that failed once may work next time); a transport clears it for a failure that
  /// would repeat, such as a certificate that does not verify.
  static Error make(ErrorCode code, std::string message);
  /// An `unsupported` error for an operation the vendor lacks.
  static Error unsupported(std::string_view provider, std::string_view operation);

  /// "code: message [http 404] [vendor 1032: text] [request-id …]".
  std::string to_string() const;
};

}  // namespace paylink
