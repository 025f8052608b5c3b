#pragma once
/// @file money.hpp
/// @brief Exact money: integer minor units plus a currency. No floating point anywhere.

#include <cstdint>
#include <string>
#include <string_view>

#include "paylink/currency.hpp"
#include "paylink/export.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// An exact amount: a signed count of minor units (cents for EUR, yen for JPY, fils for KWD) and its
/// currency. Parsed from and printed to plain decimal strings such as "1100.50".
class PAYLINK_EXPORT Money {
 public:
  /// Zero with an unset currency; requests refuse it until a currency is given.
  Money() = default;

  /// Parses a plain decimal string: optional '-', digits, optionally '.' and at most as many digits
  /// as the currency's exponent. "1100.50" EUR is 110050 minor units.
  /// Refused with `validation` (field "amount"): empty text, white space, exponents ("1e3"),
  /// commas ("1,50"), '+', a lone '.', more decimals than the currency has ("10.999" EUR),
  /// negative zero ("-0"), and values outside int64 minor units.
  static Result<Money> parse(std::string_view decimal, std::string_view currency_code);
  /// The amount `minor_units` of `currency_code`. Errors: unknown currency.
  static Result<Money> from_minor_units(std::int64_t minor_units, std::string_view currency_code);
  /// The amount `minor_units` of an already-known currency.
  static Money of(std::int64_t minor_units, Currency currency) noexcept;

  /// The amount in minor units: 110050 for "1100.50" EUR.
  std::int64_t minor_units() const noexcept { return minor_units_; }
  /// The currency; unset for a default-constructed Money.
  const Currency& currency() const noexcept { return currency_; }
  /// True when the amount is above zero.
  bool is_positive() const noexcept { return minor_units_ > 0; }

  /// The amount with exactly `currency().exponent()` decimals: "1100.50", "5", "1.250".
  std::string to_decimal() const;
  /// The amount and code: "1100.50 EUR".
  std::string to_string() const;

  /// Same minor units and same currency ("1.50" EUR differs from "1.50" USD).
  friend bool operator==(const Money& a, const Money& b) noexcept {
    return a.minor_units_ == b.minor_units_ && a.currency_ == b.currency_;
  }
  /// `!(a == b)`.
  friend bool operator!=(const Money& a, const Money& b) noexcept { return !(a == b); }

 private:
  Money(std::int64_t minor_units, Currency currency) noexcept : minor_units_(minor_units), currency_(currency) {}
  std::int64_t minor_units_ = 0;
  Currency currency_;
};

}  // namespace paylink
