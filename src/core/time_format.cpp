#include "core/time_format.hpp"

#include <array>
#include <chrono>

#include <fmt/format.h>

namespace paylink::detail {
namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's civil algorithm).
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

// What std::isdigit answers, without its call into the C library.
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!is_digit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2200;

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<Timestamp> make_time(int y, int mo, int d, int h, int mi, int s, long long offset_seconds,
                                   long long micros) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1) return std::nullopt;
  const int max_day = kDays[static_cast<std::size_t>(mo - 1)] + (mo == 2 && is_leap(y) ? 1 : 0);
  if (d > max_day || h > 23 || mi > 59 || s > 60) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits (years 1677 to 2262). Vendors write far-future dates
  // such as 9999-12-31 to mean "never": those become the latest representable time, not an overflow.
  if (y < kMinYear) return std::nullopt;
  if (y > kMaxYear) return Timestamp::max();
  const long long days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const long long secs = days * 86400 + h * 3600LL + mi * 60LL + s - offset_seconds;
  return Timestamp(
      std::chrono::duration_cast<Timestamp::duration>(std::chrono::seconds(secs) + std::chrono::microseconds(micros)));
}

// `n` digits at `p` as a number (the caller knows they are in the text); false unless all are digits.
bool read_fixed_digits(const char* p, int n, int& out) {
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(p[i])) - unsigned{'0'};
    if (digit > 9) return false;
    v = v * 10 + static_cast<int>(digit);
  }
  out = v;
  return true;
}

// Reads "YYYY-MM-DD?HH:MM:SS" where ? is `sep`, the text's first 19 bytes.
bool read_date_time(std::string_view t, char sep, int (&f)[6]) {
  if (t.size() < 19) return false;
  const char* p = t.data();
  return read_fixed_digits(p, 4, f[0]) && p[4] == '-' && read_fixed_digits(p + 5, 2, f[1]) && p[7] == '-' &&
         read_fixed_digits(p + 8, 2, f[2]) && p[10] == sep && read_fixed_digits(p + 11, 2, f[3]) && p[13] == ':' &&
         read_fixed_digits(p + 14, 2, f[4]) && p[16] == ':' && read_fixed_digits(p + 17, 2, f[5]);
}

}  // namespace

std::optional<Timestamp> parse_iso8601(std::string_view t) {
  int f[6];
  // 'T' or 't' between date and time: the separator is whichever of the two the text has.
  if (t.size() < 19 || (t[10] != 'T' && t[10] != 't') || !read_date_time(t, t[10], f)) return std::nullopt;
  std::size_t pos = 19;
  long long micros = 0;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    std::size_t digits = 0;
    // The first six digits are the microseconds; the rest, up to nine in all, are read and dropped.
    while (pos < t.size() && is_digit(t[pos])) {
      if (digits < 6) micros = micros * 10 + (t[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0 || digits > 9) return std::nullopt;
    for (std::size_t i = digits; i < 6; ++i) micros *= 10;
  }
  long long offset = 0;
  // No zone (MultiSafepay sends local-looking times without one) or "Z": UTC, offset 0.
  const bool utc = pos == t.size() || ((t[pos] == 'Z' || t[pos] == 'z') && pos + 1 == t.size());
  if (utc) {
    offset = 0;
  } else if ((t[pos] == '+' || t[pos] == '-') && pos + 6 == t.size() && t[pos + 3] == ':') {
    int oh = 0, om = 0;
    if (!read_digits(t, pos + 1, 2, oh) || !read_digits(t, pos + 4, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset = (oh * 3600LL + om * 60LL) * (t[pos] == '-' ? -1 : 1);
  } else {
    return std::nullopt;
  }
  return make_time(f[0], f[1], f[2], f[3], f[4], f[5], offset, micros);
}

std::optional<Timestamp> parse_space_datetime(std::string_view t) {
  int f[6];
  if (t.size() != 19 || !read_date_time(t, ' ', f)) return std::nullopt;
  return make_time(f[0], f[1], f[2], f[3], f[4], f[5], 0, 0);
}

long long to_unix_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace paylink::detail

namespace paylink {

std::string format_timestamp(Timestamp t) {
  const long long secs = detail::to_unix_seconds(t);
  long long days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
  const long long rem = secs - days * 86400;
  // civil_from_days (Howard Hinnant).
  days += 719468;
  const long long era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", y, m, d, rem / 3600, (rem / 60) % 60, rem % 60);
}

}  // namespace paylink
