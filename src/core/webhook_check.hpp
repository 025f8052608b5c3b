#pragma once
// The checks every webhook verifier shares (providers/<vendor>/<vendor>_webhook.cpp): the refusal
// reasons, the errors that carry them, the signature-age window and the parsing of a hex signature and
// of unix seconds. Vendor formats stay in the vendor's file; only the rules that are the same for all
// are here, so that "too_old" means the same thing for every vendor.

#include <cctype>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "paylink/error.hpp"
#include "paylink/timestamp.hpp"

namespace paylink::detail::webhook {

// `Error::vendor_code` of each refusal. The first four are `auth` errors, the last two `validation`.
inline constexpr std::string_view kMalformedHeader = "malformed_header";  // missing or unreadable header
inline constexpr std::string_view kBadSignature = "bad_signature";        // not signed with this secret
inline constexpr std::string_view kTooOld = "too_old";                    // authentic, older than tolerance
inline constexpr std::string_view kNotYetValid = "not_yet_valid";         // authentic, too far in the future
inline constexpr std::string_view kMalformedBody = "malformed_body";      // authentic, not the vendor's event
inline constexpr std::string_view kNotALinkEvent = "not_a_link_event";    // authentic, about something else

/// An `auth` refusal: "<provider> webhook: <message>", `vendor_code` = reason.
inline Error refusal(std::string_view provider, std::string_view reason, std::string_view message) {
  Error e = Error::make(ErrorCode::auth, fmt::format("{} webhook: {}", provider, message));
  e.vendor_code = std::string(reason);
  return e;
}

/// A `validation` error about an authentic body (field "raw_body"), `vendor_code` = reason.
inline Error body_error(std::string_view provider, std::string_view reason, std::string_view message) {
  Error e = Error::validation("raw_body", fmt::format("{} webhook: {}", provider, message));
  e.vendor_code = std::string(reason);
  return e;
}

/// The argument checks of every verifier: a secret and a non-negative tolerance.
inline std::optional<Error> check_arguments(bool secret_empty, std::string_view secret_field,
                                            std::chrono::seconds tolerance) {
  if (secret_empty) {
    return Error::validation(std::string(secret_field), fmt::format("verifying a webhook needs the {}", secret_field));
  }
  if (tolerance.count() < 0) return Error::validation("tolerance", "tolerance must not be negative (0 = no age check)");
  return std::nullopt;
}

/// The replay window: `signed_at` may be at most `tolerance` before or after `now`. A tolerance of 0
/// skips the check. Called only after the signature holds, so a forgery always reads "bad_signature".
inline std::optional<Error> check_age(std::string_view provider, Timestamp signed_at, Timestamp now,
                                      std::chrono::seconds tolerance) {
  if (tolerance.count() == 0) return std::nullopt;
  const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - signed_at);
  if (age > tolerance) {
    return refusal(provider, kTooOld,
                   fmt::format("signed {} s ago, more than the {} s tolerance", age.count(), tolerance.count()));
  }
  if (-age > tolerance) {
    return refusal(
        provider, kNotYetValid,
        fmt::format("signed {} s in the future, more than the {} s tolerance", -age.count(), tolerance.count()));
  }
  return std::nullopt;
}

/// Decimal unix seconds of at most 12 digits (far beyond year 9999, far below int64 overflow).
inline std::optional<long long> parse_unix_seconds(std::string_view text) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  long long out = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    out = out * 10 + (c - '0');
  }
  return out;
}

/// `text` as lower-case hex of exactly `length` digits (either case accepted), or nullopt.
inline std::optional<std::string> hex_signature(std::string_view text, std::size_t length) {
  if (text.size() != length) return std::nullopt;
  std::string out(text);
  for (char& c : out) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

/// `s` without surrounding ASCII white space.
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace paylink::detail::webhook
