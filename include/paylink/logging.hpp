#pragma once
/// @file logging.hpp
/// @brief A hook for every request, retry and failure; redacted by allow-list.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paylink/export.hpp"

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

}  // namespace paylink
