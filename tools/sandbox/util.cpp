#include "util.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <chrono>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>

namespace paylink_sandbox {

// ---- time ----

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {

std::tm utc_tm(std::int64_t t) {
  std::tm out{};
  const std::time_t tt = static_cast<std::time_t>(t);
  gmtime_r(&tt, &out);
  return out;
}

std::string format_tm(std::int64_t t, char date_time_sep, const char* suffix) {
  const std::tm tm = utc_tm(t);
  return fmt::format("{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}{}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     date_time_sep, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
}

}  // namespace

std::string format_iso_utc(std::int64_t t) { return format_tm(t, 'T', "Z"); }
std::string format_local_iso(std::int64_t t) { return format_tm(t, 'T', ""); }
std::string format_sql_time(std::int64_t t) { return format_tm(t, ' ', ""); }

// ---- random ----

namespace {

void random_bytes(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("RAND_bytes failed");
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  random_bytes(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  return hex_encode(raw);
}

std::string random_upper_alnum(std::size_t length) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string out;
  out.reserve(length);
  while (out.size() < length) {
    unsigned char b = 0;
    random_bytes(&b, 1);
    if (b >= 252) continue;  // 252 = 36 * 7: keep the distribution uniform
    out.push_back(kAlphabet[b % 36]);
  }
  return out;
}

std::string uuid_v4() {
  std::array<unsigned char, 16> b{};
  random_bytes(b.data(), b.size());
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  const std::string hex = hex_encode(std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

std::int64_t random_int(std::int64_t lo, std::int64_t hi) {
  std::uint64_t r = 0;
  random_bytes(reinterpret_cast<unsigned char*>(&r), sizeof r);
  const auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<std::int64_t>(r % span);
}

// ---- encodings and signatures ----

std::string base64_encode(std::string_view data) {
  std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string hex_encode(std::string_view data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (unsigned char c : data) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0x0F]);
  }
  return out;
}

namespace {

std::string hmac(const EVP_MD* md, std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
           message.size(), digest, &len) == nullptr) {
    throw std::runtime_error("HMAC failed");
  }
  return std::string(reinterpret_cast<const char*>(digest), len);
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view message) { return hmac(EVP_sha256(), key, message); }

std::string hmac_sha512(std::string_view key, std::string_view message) { return hmac(EVP_sha512(), key, message); }

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// ---- text ----

std::size_t utf8_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++n;  // count every byte that does not continue a sequence
  }
  return n;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.substr(0, prefix.size()) == prefix;
}

std::string trim(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return std::string(text);
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// ---- money ----

namespace {

struct CurrencyInfo {
  const char* code;
  int exponent;
};

// ISO 4217 active codes with their minor-unit exponents.
constexpr CurrencyInfo kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2}, {"AWG", 2},
    {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2},
    {"BOB", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2},
    {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0},
    {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2},
    {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2}, {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2},
    {"HNL", 2}, {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0},
    {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0},
    {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2}, {"LYD", 3},
    {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2},
    {"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2}, {"NGN", 2}, {"NIO", 2}, {"NOK", 2},
    {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2},
    {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2},
    {"SDG", 2}, {"SEK", 2}, {"SGD", 2}, {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2},
    {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2},
    {"TTD", 2}, {"TWD", 2}, {"TZS", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UYU", 2}, {"UZS", 2}, {"VES", 2},
    {"VND", 0}, {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2},
    {"ZMW", 2}, {"ZWL", 2},
};

const CurrencyInfo* find_currency(std::string_view code) {
  for (const auto& c : kCurrencies) {
    if (code == c.code) return &c;
  }
  return nullptr;
}

constexpr std::int64_t kMaxMinor = 1'000'000'000'000'000;  // 10^15 minor units

std::optional<std::int64_t> parse_decimal_impl(std::string_view text, int exponent, bool exact) {
  if (text.empty()) return std::nullopt;
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view frac = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 16) return std::nullopt;
  if (dot != std::string_view::npos && frac.empty()) return std::nullopt;
  if (frac.size() > static_cast<std::size_t>(exponent)) return std::nullopt;
  if (exact && frac.size() != static_cast<std::size_t>(exponent)) return std::nullopt;
  std::int64_t value = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  std::int64_t fraction = 0;
  for (char c : frac) {
    if (c < '0' || c > '9') return std::nullopt;
    fraction = fraction * 10 + (c - '0');
  }
  for (std::size_t i = frac.size(); i < static_cast<std::size_t>(exponent); ++i) fraction *= 10;
  std::int64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  if (value > kMaxMinor / scale) return std::nullopt;
  const std::int64_t minor = value * scale + fraction;
  if (minor > kMaxMinor) return std::nullopt;
  return minor;
}

}  // namespace

int currency_exponent(std::string_view currency) {
  const auto* c = find_currency(currency);
  return c ? c->exponent : 2;
}

bool is_known_currency(std::string_view currency) { return find_currency(currency) != nullptr; }

std::optional<std::int64_t> parse_decimal_minor(std::string_view text, int exponent) {
  return parse_decimal_impl(text, exponent, false);
}

std::optional<std::int64_t> parse_decimal_minor_exact(std::string_view text, int exponent) {
  return parse_decimal_impl(text, exponent, true);
}

std::string format_minor(std::int64_t minor, int exponent) {
  const bool negative = minor < 0;
  std::uint64_t v = negative ? static_cast<std::uint64_t>(-(minor + 1)) + 1 : static_cast<std::uint64_t>(minor);
  std::string digits = std::to_string(v);
  if (exponent > 0) {
    const auto e = static_cast<std::size_t>(exponent);
    if (digits.size() <= e) digits.insert(0, e + 1 - digits.size(), '0');
    digits.insert(digits.size() - e, ".");
  }
  return negative ? "-" + digits : digits;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
  }
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

// ---- JSON ----

std::string dump_json(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

std::optional<std::string> string_field(const json& object, const char* key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace paylink_sandbox
