// Small helpers shared by the vendor emulations: time formats, random ids, signatures, exact money.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace paylink_sandbox {

// Insertion-ordered objects: responses keep the key order of the vendors' documented examples.
using json = nlohmann::ordered_json;

// ---- time (unix seconds, UTC) ----
std::int64_t unix_now();                       // the real wall clock
std::string format_iso_utc(std::int64_t t);    // 2021-01-01T00:00:00Z          (Qonto)
std::string format_local_iso(std::int64_t t);  // 2021-01-01T00:00:00           (MultiSafepay)
std::string format_sql_time(std::int64_t t);   // 2021-01-01 00:00:00           (SmarterPay)

// ---- random identifiers (OpenSSL RAND_bytes) ----
std::string random_hex(std::size_t bytes);
std::string random_upper_alnum(std::size_t length);  // A-Z0-9
std::string uuid_v4();
std::int64_t random_int(std::int64_t lo, std::int64_t hi);  // inclusive

// ---- encodings and signatures ----
std::string base64_encode(std::string_view data);
std::string hex_encode(std::string_view data);                            // lowercase
std::string hmac_sha256(std::string_view key, std::string_view message);  // raw digest
std::string hmac_sha512(std::string_view key, std::string_view message);  // raw digest
bool constant_time_equal(std::string_view a, std::string_view b);

// ---- text ----
std::size_t utf8_length(std::string_view text);  // code points; invalid bytes count one each
std::string html_escape(std::string_view text);
bool starts_with(std::string_view text, std::string_view prefix);
std::string trim(std::string_view text);
std::string to_lower(std::string_view text);

// ---- exact money: integers of minor units, never floating point ----
int currency_exponent(std::string_view currency);   // EUR 2, JPY 0, KWD 3; unknown -> 2
bool is_known_currency(std::string_view currency);  // ISO 4217, upper case
// "10.99" -> 1099 with exponent 2. Rejects signs, exponents, more decimals than `exponent`,
// empty parts ("1.", ".5") and values beyond ~10^15 minor units.
std::optional<std::int64_t> parse_decimal_minor(std::string_view text, int exponent);
// Exactly `exponent` decimals required ("1100.50" but not "1100.5" for exponent 2).
std::optional<std::int64_t> parse_decimal_minor_exact(std::string_view text, int exponent);
std::string format_minor(std::int64_t minor, int exponent);    // 1099, 2 -> "10.99"
std::optional<std::int64_t> parse_int(std::string_view text);  // strict base-10, optional '-'

// ---- JSON ----
// Dumps with UTF-8 errors replaced instead of throwing.
std::string dump_json(const json& value);
// A string field of an object, or nullopt when absent/null/not a string.
std::optional<std::string> string_field(const json& object, const char* key);

}  // namespace paylink_sandbox
