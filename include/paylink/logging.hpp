#pragma once
/// @file logging.hpp
/// @brief A hook for every request, retry and failure; redacted by allow-list.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paylink/export.hpp"
#include "paylink/http_request.hpp"

namespace paylink {

/// How much an event matters.
enum class LogLevel {
  debug,    ///< Requests and rate-limit waits.
  info,     ///< Responses.
  warning,  ///< Retries.
  error     ///< Final failures.
};

/// "debug", "info", "warning", "error".
PAYLINK_EXPORT std::string_view to_string(LogLevel level) noexcept;

/// One event. `fields` are already redacted: only allow-listed header and query values are shown,
/// everything else reads `REDACTED`, and bodies appear only when `LogOptions::log_bodies` is on (with
/// credential fields masked).
struct LogEvent {
  LogLevel level = LogLevel::info;  ///< Default info.
  std::string_view event;           ///< "request", "response", "retry", "throttle" or "failure".
  /// Name/value pairs: provider, operation, method, path, attempt, headers, status, duration_ms,
  /// error, retry_in_ms, gave_up, wait_ms, body, response_body, as they apply to the event.
  std::vector<std::pair<std::string, std::string>> fields;
};

/// Receives events; called on the thread making the call. Must not throw.
using LogHook = std::function<void(const LogEvent&)>;

/// What the client logs.
struct LogOptions {
  LogHook hook;             ///< Empty = no logging. Default empty.
  bool log_bodies = false;  ///< Log request and response bodies (credential fields masked). Default off.
};

/// A request shown the way the log shows one (the same allow-list), e.g. to print it without sending
/// it (`paylink --dry-run`).
struct RedactedRequest {
  std::string method;  ///< "POST".
  /// Scheme, host and path; query values not on the allow-list read `REDACTED`; no user:password.
  std::string url;
  /// In order; values of headers not on the allow-list (Authorization, api_key, …) read `REDACTED`.
  std::vector<std::pair<std::string, std::string>> headers;
  /// JSON with every credential field ("token", "hmac", "secret", …) masked as "***"; a body that is
  /// not JSON is shown as its length only; empty when there is none.
  std::string body;
};

/// `request` redacted by the rules the log hook's `LogEvent` fields follow.
PAYLINK_EXPORT RedactedRequest redact_request(const HttpRequest& request);

}  // namespace paylink
