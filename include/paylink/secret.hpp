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
  Secret() = default;
  Secret(std::string value) : value_(std::move(value)) {}  // NOLINT: implicit so configs read naturally
  Secret(const char* value) : value_(value ? value : "") {}  // NOLINT

  const std::string& reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

  friend std::ostream& operator<<(std::ostream& out, const Secret&) { return out << "***"; }

 private:
  std::string value_;
};

}  // namespace paylink
