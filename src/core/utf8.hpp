#pragma once
// Strict UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), for every adapter that
// checks the text it is about to send (nlohmann checks what it parses).

#include <cstddef>
#include <optional>
#include <string_view>

namespace paylink::detail {

/// Length in bytes of the well-formed UTF-8 sequence starting at `at` (1–4), or 0 when the bytes
/// there are not one. Never reads at or past `end`.
std::size_t utf8_sequence_length(const char* at, const char* end) noexcept;

/// Whether `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

/// Code points in `text`, or nullopt when it is not well-formed UTF-8.
std::optional<std::size_t> utf8_code_points(std::string_view text) noexcept;

}  // namespace paylink::detail
