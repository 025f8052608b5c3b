#include "core/utf8.hpp"

namespace paylink::detail {

std::size_t utf8_sequence_length(const char* at, const char* end) noexcept {
  const auto byte = [at](std::size_t k) { return static_cast<unsigned char>(at[k]); };
  const auto continuation = [&byte](std::size_t k) { return (byte(k) & 0xC0u) == 0x80u; };
  const auto available = static_cast<std::size_t>(end - at);
  if (available == 0) return 0;
  const unsigned lead = byte(0);
  if (lead < 0x80) return 1;
  // The second byte's range is what excludes overlong forms, surrogates and values past U+10FFFF
  // (RFC 3629, section 4).
  if (lead >= 0xC2 && lead <= 0xDF) return available >= 2 && continuation(1) ? 2 : 0;
  if (lead >= 0xE0 && lead <= 0xEF) {
    if (available < 3 || !continuation(1) || !continuation(2)) return 0;
    if (lead == 0xE0 && byte(1) < 0xA0) return 0;  // overlong
    if (lead == 0xED && byte(1) > 0x9F) return 0;  // U+D800..U+DFFF
    return 3;
  }
  if (lead >= 0xF0 && lead <= 0xF4) {
    if (available < 4 || !continuation(1) || !continuation(2) || !continuation(3)) return 0;
    if (lead == 0xF0 && byte(1) < 0x90) return 0;  // overlong
    if (lead == 0xF4 && byte(1) > 0x8F) return 0;  // past U+10FFFF
    return 4;
  }
  return 0;
}

std::optional<std::size_t> utf8_code_points(std::string_view text) noexcept {
  const char* at = text.data();
  const char* const end = at + text.size();
  std::size_t count = 0;
  while (at < end) {
    const std::size_t length = utf8_sequence_length(at, end);
    if (length == 0) return std::nullopt;
    at += length;
    ++count;
  }
  return count;
}

bool is_valid_utf8(std::string_view text) noexcept { return utf8_code_points(text).has_value(); }

}  // namespace paylink::detail
