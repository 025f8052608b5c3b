#pragma once
/// @file exception.hpp
/// @brief Thrown only when a caller takes the value out of a failed `Result`.

#include <stdexcept>

#include "paylink/error.hpp"
#include "paylink/export.hpp"

namespace paylink {

/// The exception `Result<T>::value()` throws when the result holds an `Error`.
/// Its `what()` is `Error::to_string()`, which never contains a credential.
class PAYLINK_EXPORT Exception : public std::runtime_error {
 public:
  /// Wraps `error`; `what()` becomes `error.to_string()`.
  explicit Exception(Error error);
  /// The error the failed `Result` held.
  const Error& error() const noexcept { return error_; }

 private:
  Error error_;
};

}  // namespace paylink
