#pragma once
// The one JSON model: nlohmann/json. Every vendor body is parsed here, within paylink's limits, and read
// into the vendor's wire structs with their `from_json`. A missing member or a member of the wrong type
// becomes `invalid_response` naming the JSON path of the first bad field, because the library is built
// with JSON_DIAGNOSTICS (src/CMakeLists.txt), which makes nlohmann's exceptions carry that path.
//
// How a wire file reads and writes (src/providers/README.md):
//   void from_json(const Json& j, WireLink& w) {
//     read_required(j, "id", w.id);                // present, not null, of the member's type
//     read_optional(j, "expires_at", w.expires_at);  // absent or null: left as it is
//   }
//   void to_json(Json& j, const WireCreate& w) { j["amount"] = w.amount; write_optional(j, "note", w.note); }
//   Result<WireLink> link = decode_wire<WireLink>(response.body, kProvider, response.status);

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "paylink/result.hpp"

namespace paylink::detail {

using Json = nlohmann::json;

inline constexpr std::size_t kMaxJsonBytes = 8u << 20;
inline constexpr int kMaxJsonDepth = 64;
/// Values (scalars and containers) in one body: bounds a parsed body's memory whatever the body holds
/// (vendor answers hold hundreds).
inline constexpr std::size_t kMaxJsonValues = 1u << 20;

/// Parses a vendor body: strict RFC 8259 (nlohmann's grammar, so invalid UTF-8 is refused), at most
/// kMaxJsonBytes, nesting at most kMaxJsonDepth, at most kMaxJsonValues values, no NUL byte.
/// Errors: `invalid_response` "<provider>: <what>", saying so when the body is an HTML page.
Result<Json> parse_json(std::string_view body, std::string_view provider, int http_status = 0);

/// Serialises compactly; invalid UTF-8 in strings is replaced, never thrown. Values made by
/// `exact_decimal` are written as bare JSON numbers.
std::string dump_json(const Json& value);

/// A JSON number written from its exact decimal text ("50.00", "-3", "0.125"), never through a
/// double: nlohmann can only write numbers it holds as double or integers, so this value is a marked
/// string that `dump_json` writes as the number. `decimal_text` must be a plain decimal
/// (-?digits(.digits)?); anything else is written as a string, which the vendor then refuses.
Json exact_decimal(std::string_view decimal_text);

// --- Reading wire structs --------------------------------------------------------------------------

/// Thrown by the readers below like nlohmann's own `type_error`, with the JSON path of `value`.
[[noreturn]] void throw_wire_type_error(const Json& value, std::string_view what);

/// A value as `T`: strings, booleans, nested wire structs (their `from_json`), vectors of them, and
/// integers, which must be integer literals in range: 1.5 or 1e3 is refused, never truncated.
template <typename T>
void read_value(const Json& value, T& out);
void read_value(const Json& value, std::int64_t& out);
void read_value(const Json& value, int& out);
template <typename T>
void read_value(const Json& value, std::vector<T>& out) {
  if (!value.is_array()) throw_wire_type_error(value, "must be an array");
  out.clear();
  out.reserve(value.size());
  for (const Json& element : value) read_value(element, out.emplace_back());
}
template <typename T>
void read_value(const Json& value, T& out) {
  value.get_to(out);
}

/// The member `key` of `object`, which must be there and not null.
template <typename T>
void read_required(const Json& object, const char* key, T& out) {
  if (!object.is_object()) throw_wire_type_error(object, "must be an object");
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) throw_wire_type_error(object, std::string("has no ") + key);
  read_value(*it, out);
}
/// The member `key` of `object` if it is there and not null; `out` is left as it is otherwise.
template <typename T>
void read_optional(const Json& object, const char* key, T& out) {
  if (!object.is_object()) throw_wire_type_error(object, "must be an object");
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  read_value(*it, out);
}
template <typename T>
void read_optional(const Json& object, const char* key, std::optional<T>& out) {
  if (!object.is_object()) throw_wire_type_error(object, "must be an object");
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  read_value(*it, out.emplace());
}

/// Writes `key` only when `value` is set (std::optional) or not empty (strings, vectors).
template <typename T>
void write_optional(Json& object, const char* key, const std::optional<T>& value) {
  if (value) object[key] = *value;
}
inline void write_optional(Json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}
template <typename T>
void write_optional(Json& object, const char* key, const std::vector<T>& value) {
  if (!value.empty()) object[key] = value;
}

/// The invalid_response for a wire struct that could not be read from `value`:
/// "<provider>: /payment_link/amount/value: must be a string, but is number".
Error wire_error(std::string_view provider, const Json::exception& error, int http_status = 0);

/// `value` read as the wire struct `Wire` (its `from_json`), or the `invalid_response` naming the path.
template <typename Wire>
Result<Wire> read_wire(const Json& value, std::string_view provider, int http_status = 0) {
  try {
    Wire wire;
    read_value(value, wire);
    return wire;
  } catch (const Json::exception& e) {
    return wire_error(provider, e, http_status);
  }
}

/// A body parsed (`parse_json`) and read as `Wire` (`read_wire`).
template <typename Wire>
Result<Wire> decode_wire(std::string_view body, std::string_view provider, int http_status = 0) {
  auto json = parse_json(body, provider, http_status);
  if (!json) return std::move(json).error();
  return read_wire<Wire>(*json, provider, http_status);
}

// --- Errors --------------------------------------------------------------------------------------

/// An `invalid_response` error: "<provider>: <what>".
Error invalid_response(std::string_view provider, std::string_view what, int http_status = 0);

/// Text of a body for an error message: at most `limit` bytes, control characters replaced.
std::string bounded_text(std::string_view body, std::size_t limit = 200);

// --- Loose reads, for code that has no wire struct (tools, fakes) -----------------------------------

/// Typed field readers. A missing or null key is `nullopt`; a key present with the wrong type is also
/// `nullopt` and sets `*wrong_type` (when given).
std::optional<std::string> get_string(const Json& object, std::string_view key, bool* wrong_type = nullptr);
std::optional<std::int64_t> get_int(const Json& object, std::string_view key, bool* wrong_type = nullptr);
std::optional<bool> get_bool(const Json& object, std::string_view key, bool* wrong_type = nullptr);
/// The object or array at key, or nullptr.
const Json* get_object(const Json& object, std::string_view key);
const Json* get_array(const Json& object, std::string_view key);

}  // namespace paylink::detail
