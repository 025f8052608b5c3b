#pragma once
// Eight bytes at a time, for the JSON reader and writer and the UTF-8 checks: most of a body is plain
// ASCII text, and testing a word per step instead of a byte halves the cost of crossing it.

#include <cstdint>
#include <cstring>

namespace paylink::detail {

inline constexpr std::uint64_t kEveryByte = 0x0101010101010101u;
inline constexpr std::uint64_t kHighBits = 0x8080808080808080u;

/// The eight bytes at `at` (unaligned, any endianness: only "is some byte special" is asked).
inline std::uint64_t load_word(const char* at) noexcept {
  std::uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  return word;
}

/// Non-zero when some byte of `word` is below `limit` (limit <= 0x80).
constexpr std::uint64_t has_byte_below(std::uint64_t word, unsigned limit) noexcept {
  return (word - kEveryByte * limit) & ~word & kHighBits;
}

/// Non-zero when some byte of `word` equals `byte`.
constexpr std::uint64_t has_byte(std::uint64_t word, unsigned char byte) noexcept {
  return has_byte_below(word ^ (kEveryByte * byte), 1);
}

/// Whether a JSON string must treat some byte of `word` specially: a quote, a backslash or a
/// control character (which the writer escapes and the reader refuses).
constexpr bool needs_json_attention(std::uint64_t word) noexcept {
  return (has_byte(word, '"') | has_byte(word, '\\') | has_byte_below(word, 0x20)) != 0;
}

}  // namespace paylink::detail
