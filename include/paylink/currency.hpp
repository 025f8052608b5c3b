#pragma once
/// @file currency.hpp
/// @brief ISO-4217 currencies and their minor-unit exponents.

#include <array>
#include <string>
#include <string_view>

#include "paylink/export.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// An active ISO-4217 currency: its three-letter code and how many decimal places its minor unit has
/// (EUR 2, JPY 0, KWD 3). A default-constructed Currency is "unset" and is refused by every request.
class PAYLINK_EXPORT Currency {
 public:
  Currency() = default;

  /// Looks up an active ISO-4217 code (upper case, exactly three letters).
  /// Errors: `validation` (field "currency") for an unknown or malformed code.
  static Result<Currency> from_code(std::string_view code);

  /// The three-letter code, e.g. "EUR"; empty when unset.
  std::string_view code() const noexcept { return std::string_view(code_.data(), is_set() ? 3 : 0); }
  /// Number of decimal places of the minor unit (0 to 4).
  int exponent() const noexcept { return exponent_; }
  /// False for a default-constructed Currency.
  bool is_set() const noexcept { return code_[0] != '\0'; }

  /// Same code (two unset currencies are equal).
  friend bool operator==(const Currency& a, const Currency& b) noexcept { return a.code() == b.code(); }
  /// `!(a == b)`.
  friend bool operator!=(const Currency& a, const Currency& b) noexcept { return !(a == b); }

 private:
  Currency(std::string_view code, int exponent) noexcept;
  std::array<char, 4> code_{};
  int exponent_ = 0;
};

}  // namespace paylink
