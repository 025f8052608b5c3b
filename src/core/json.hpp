#pragma once
// Bounded, non-throwing JSON reading for adapters: every vendor body goes through parse_json, so a
// huge, deep, truncated or non-UTF-8 body becomes `invalid_response` instead of an exception or a crash.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "paylink/money.hpp"
#include "paylink/result.hpp"

namespace paylink::detail {

using Json = nlohmann::json;

inline constexpr std::size_t kMaxJsonBytes = 8u << 20;
inline constexpr int kMaxJsonDepth = 64;
/// Values (scalars and containers) in one body: bounds a parsed body's memory to about 40 bytes a
/// value, whatever the body holds (vendor answers hold hundreds).
inline constexpr std::size_t kMaxJsonValues = 1u << 20;

/// Parses a vendor body (RFC 8259, strict; the same value nlohmann::json::parse builds). Errors:
/// `invalid_response` naming the provider and what was wrong.
Result<Json> parse_json(std::string_view body, std::string_view provider);

/// Serialises compactly; invalid UTF-8 in strings is replaced, never thrown. (Request bodies are written
/// with JsonWriter; this is for the rest.)
std::string dump_json(const Json& value);

/// Typed field readers. A missing or null key is `nullopt`; a key present with the wrong type is also
/// `nullopt` and sets `*wrong_type` (when given) so decoders can refuse it.
std::optional<std::string> get_string(const Json& object, std::string_view key, bool* wrong_type = nullptr);
std::optional<std::int64_t> get_int(const Json& object, std::string_view key, bool* wrong_type = nullptr);
std::optional<bool> get_bool(const Json& object, std::string_view key, bool* wrong_type = nullptr);
/// The object or array at key, or nullptr.
const Json* get_object(const Json& object, std::string_view key);
const Json* get_array(const Json& object, std::string_view key);

/// An `invalid_response` error: "<provider>: <what>".
Error invalid_response(std::string_view provider, std::string_view what, int http_status = 0);

/// Text of a body for an error message: at most `limit` bytes, control characters replaced.
std::string bounded_text(std::string_view body, std::size_t limit = 200);

}  // namespace paylink::detail
