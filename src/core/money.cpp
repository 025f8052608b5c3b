#include <charconv>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "paylink/money.hpp"

namespace paylink {
namespace {

Error amount_error(std::string_view what) { return Error::validation("amount", fmt::format("amount {}", what)); }

std::string printable(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size() && i < 40; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    out += c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
  }
  return out;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  for (const char c : text)
    if (!is_digit(c)) return false;
  return true;
}

// `value` * 10 + `digit`, or false when that would pass the largest int64.
bool push_digit(std::uint64_t& value, unsigned digit) {
  constexpr auto kLimit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (value > kLimit / 10 || (value == kLimit / 10 && digit > kLimit % 10)) return false;
  value = value * 10 + digit;
  return true;
}

// The minor units of a plain decimal ("1100.50") in one pass, for the common case only: digits, at most
// one '.' followed by at most `exponent` digits, and at most 18 digits once padded to the exponent, which
// no int64 overflow can reach. nullopt sends anything else to Money::parse's checks, which say why.
std::optional<std::uint64_t> common_minor_units(std::string_view text, int exponent) {
  constexpr std::size_t kSafeDigits = 18;  // below 10^18 < INT64_MAX
  std::uint64_t minor = 0;
  std::size_t at = 0;
  for (; at < text.size() && is_digit(text[at]); ++at) minor = minor * 10 + static_cast<unsigned>(text[at] - '0');
  const std::size_t whole = at;
  if (whole == 0 || whole + static_cast<std::size_t>(exponent) > kSafeDigits) return std::nullopt;
  int decimals = 0;
  if (at < text.size()) {
    if (text[at] != '.') return std::nullopt;
    for (++at; at < text.size() && is_digit(text[at]) && decimals < exponent; ++at, ++decimals) {
      minor = minor * 10 + static_cast<unsigned>(text[at] - '0');
    }
    if (at != text.size() || decimals == 0) return std::nullopt;
  }
  for (int i = decimals; i < exponent; ++i) minor *= 10;
  return minor;
}

}  // namespace

Result<Money> Money::parse(std::string_view decimal, std::string_view currency_code) {
  auto currency = Currency::from_code(currency_code);
  if (!currency) return currency.error();
  const int exponent = currency->exponent();

  std::string_view text = decimal;
  if (text.empty()) return amount_error("is empty; expected a decimal such as \"10.50\"");
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  if (const auto minor = common_minor_units(text, exponent); minor && !(negative && *minor == 0)) {
    const auto value = static_cast<std::int64_t>(*minor);
    return Money(negative ? -value : value, *currency);
  }

  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty())) {
    return amount_error(
        fmt::format("\"{}\" is not a plain decimal (digits, optional '-' and one '.', "
                    "no spaces, signs, exponents or commas)",
                    printable(decimal)));
  }
  if (static_cast<int>(fraction.size()) > exponent) {
    return amount_error(fmt::format("\"{}\" has {} decimals but {} allows at most {}", printable(decimal),
                                    fraction.size(), currency->code(), exponent));
  }

  // Whole digits followed by the fraction padded to the exponent.
  std::uint64_t minor = 0;
  bool fits = true;
  for (const char c : whole) fits = fits && push_digit(minor, static_cast<unsigned>(c - '0'));
  for (const char c : fraction) fits = fits && push_digit(minor, static_cast<unsigned>(c - '0'));
  for (int i = static_cast<int>(fraction.size()); i < exponent; ++i) fits = fits && push_digit(minor, 0);
  if (!fits) return amount_error(fmt::format("\"{}\" is too large to represent exactly", printable(decimal)));
  if (negative && minor == 0) return amount_error(fmt::format("\"{}\" is a negative zero", printable(decimal)));

  const auto value = static_cast<std::int64_t>(minor);
  return Money(negative ? -value : value, *currency);
}

Result<Money> Money::from_minor_units(std::int64_t minor_units, std::string_view currency_code) {
  auto currency = Currency::from_code(currency_code);
  if (!currency) return currency.error();
  return Money(minor_units, *currency);
}

Money Money::of(std::int64_t minor_units, Currency currency) noexcept { return Money(minor_units, currency); }

std::string Money::to_decimal() const {
  const bool negative = minor_units_ < 0;
  // Negated in unsigned arithmetic, so that INT64_MIN prints correctly.
  const std::uint64_t magnitude =
      negative ? ~static_cast<std::uint64_t>(minor_units_) + 1 : static_cast<std::uint64_t>(minor_units_);
  std::string text = std::to_string(magnitude);
  const auto exponent = static_cast<std::size_t>(currency_.exponent());
  if (exponent > 0) {
    // At least one digit before the point: 5 minor units with exponent 2 are "0.05".
    if (text.size() <= exponent) text.insert(0, exponent + 1 - text.size(), '0');
    text.insert(text.size() - exponent, 1, '.');
  }
  return negative ? "-" + text : text;
}

std::string Money::to_string() const {
  return currency_.is_set() ? fmt::format("{} {}", to_decimal(), currency_.code()) : to_decimal();
}

}  // namespace paylink
