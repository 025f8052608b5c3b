#pragma once
/// @file result.hpp
/// @brief `Result<T>`: a value or an `Error`. Expected failures are values, not exceptions.

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "paylink/error.hpp"
#include "paylink/exception.hpp"

namespace paylink {

/// Holds either a `T` or an `Error`. `value()` on an error throws `paylink::Exception`;
/// check `ok()` (or `if (result)`) first to stay exception-free.
template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is ambiguous");

 public:
  /// A success holding `value` (implicit, so a function can `return link;`).
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  /// A failure holding `error` (implicit, so a function can `return Error::validation(…);`).
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit by design

  /// True when this holds a value.
  bool ok() const noexcept { return state_.index() == 0; }
  /// `ok()`: `if (auto link = client.get(id)) …`.
  explicit operator bool() const noexcept { return ok(); }

  /// The value; throws `paylink::Exception` holding the error when there is none.
  T& value() & {
    throw_if_error();
    return std::get<0>(state_);
  }
  /// The value; throws `paylink::Exception` holding the error when there is none.
  const T& value() const& {
    throw_if_error();
    return std::get<0>(state_);
  }
  /// The value, moved out; throws `paylink::Exception` holding the error when there is none.
  T&& value() && {
    throw_if_error();
    return std::get<0>(std::move(state_));
  }
  /// `value()`: throws `paylink::Exception` when this holds an error.
  T& operator*() & { return value(); }
  /// `value()`: throws `paylink::Exception` when this holds an error.
  const T& operator*() const& { return value(); }
  /// `&value()`: throws `paylink::Exception` when this holds an error.
  T* operator->() { return &value(); }
  /// `&value()`: throws `paylink::Exception` when this holds an error.
  const T* operator->() const { return &value(); }

  /// The error. Precondition: `!ok()`.
  const Error& error() const& { return std::get<1>(state_); }
  /// The error, moved out. Precondition: `!ok()`.
  Error&& error() && { return std::get<1>(std::move(state_)); }

 private:
  void throw_if_error() const {
    if (!ok()) throw Exception(std::get<1>(state_));
  }
  std::variant<T, Error> state_;
};

/// A result with no value: success or an `Error`.
template <>
class [[nodiscard]] Result<void> {
 public:
  /// A success.
  Result() = default;
  /// A failure holding `error`.
  Result(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  /// True when this is a success.
  bool ok() const noexcept { return !error_.has_value(); }
  /// `ok()`.
  explicit operator bool() const noexcept { return ok(); }
  /// Throws `paylink::Exception` when this holds an error.
  void value() const {
    if (error_) throw Exception(*error_);
  }
  /// The error. Precondition: `!ok()`.
  const Error& error() const& { return *error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace paylink
