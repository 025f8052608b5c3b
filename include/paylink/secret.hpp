#pragma once
/// @file secret.hpp
/// @brief A credential that never prints.

#include <ostream>
#include <string>
#include <utility>

namespace paylink {

/// Holds an API key, token or HMAC secret. Streaming it prints `***`; only `reveal()` gives the text,
/// and only adapters call it, to build the header or signature that needs it.
class Secret {
 public:
  /// An empty secret (adapters refuse it with `validation` before sending).
  Secret() = default;
  /// Holds `value` (implicit, so `config.api_key = std::getenv(…)` reads naturally).
  Secret(std::string value) : value_(std::move(value)) {}  // NOLINT: implicit so configs read naturally
  /// Holds `value`; a null pointer gives an empty secret.
  Secret(const char* value) : value_(value ? value : "") {}  // NOLINT

  /// The text itself. Only adapters call it, to build the header or signature that needs it.
  const std::string& reveal() const noexcept { return value_; }
  /// True when no secret was given.
  bool empty() const noexcept { return value_.empty(); }

  /// Prints `***`, never the secret.
  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

 private:
  std::string value_;
};

}  // namespace paylink
