#pragma once
// Parsing and printing the vendors' time formats. All results are UTC.

#include <optional>
#include <string>
#include <string_view>

#include "paylink/timestamp.hpp"

namespace paylink::detail {

/// RFC 3339 / ISO 8601: "2021-01-01T00:00:00Z", with optional fraction ("…00.123Z") and offset
/// ("+02:00"). Without a zone ("2023-07-13T11:12:45", MultiSafepay) the time is read as UTC.
/// Years after 2200 (vendors' "never", e.g. 9999-12-31) give `Timestamp::max()`; before 1900, nullopt.
std::optional<Timestamp> parse_iso8601(std::string_view text);
/// "YYYY-MM-DD HH:MM:SS" (SmarterPay), read as UTC.
std::optional<Timestamp> parse_space_datetime(std::string_view text);
/// Seconds since the Unix epoch.
long long to_unix_seconds(Timestamp t);

}  // namespace paylink::detail
