#pragma once
// Eight bytes at a time, for the JSON reader and writer and the UTF-8 checks: most of a body is plain
// ASCII text, and testing a word per step instead of a byte halves the cost of crossing it.

#include <cstdint>
#include <cstring>

namespace paylink::detail {

inline constexpr std::uint64_t kEveryByte = 0x0101010101010101u;
inline constexpr std::uint64_t kHighBits = 0x8080808080808080u;

/// The eight bytes at `at` (unaligned), the first in the lowest bits whatever the machine's byte order,
/// so that first_flagged_byte counts from `at`.
inline std::uint64_t load_word(const char* at) noexcept {
  std::uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  word = __builtin_bswap64(word);
#endif
  return word;
}

/// Flags (sets the high bit of) each byte of `word` below `limit` (limit <= 0x80). A borrow may also
/// flag a byte above a flagged one, never one below: the lowest flag is exact.
constexpr std::uint64_t has_byte_below(std::uint64_t word, unsigned limit) noexcept {
  return (word - kEveryByte * limit) & ~word & kHighBits;
}

/// Flags each byte of `word` equal to `byte` (the lowest flag exact, as for has_byte_below).
constexpr std::uint64_t has_byte(std::uint64_t word, unsigned char byte) noexcept {
  return has_byte_below(word ^ (kEveryByte * byte), 1);
}

/// Flags the bytes of `word` that a JSON string must look at: a quote, a backslash, a control character
/// (which the writer escapes and the reader refuses) and any byte of a multi-byte UTF-8 sequence (which
/// both validate).
constexpr std::uint64_t json_string_attention(std::uint64_t word) noexcept {
  return has_byte(word, '"') | has_byte(word, '\\') | has_byte_below(word, 0x20) | (word & kHighBits);
}

/// How many bytes of a word come before its first flagged one. `flags` must not be 0.
inline unsigned first_flagged_byte(std::uint64_t flags) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return static_cast<unsigned>(__builtin_ctzll(flags)) / 8;
#else
  unsigned bytes = 0;
  for (; (flags & 0x80u) == 0; flags >>= 8) ++bytes;
  return bytes;
#endif
}

/// Steps from `at` over whole words with nothing a JSON string must look at: the first such byte when
/// a word holds one, else the first byte of the last seven or fewer (which the caller reads one by one).
inline const char* skip_plain_json_words(const char* at, const char* end) noexcept {
  while (end - at >= 8) {
    const std::uint64_t attention = json_string_attention(load_word(at));
    if (attention != 0) return at + first_flagged_byte(attention);
    at += 8;
  }
  return at;
}

/// As skip_plain_json_words, for text that a byte it stops at ends, with eight readable bytes after
/// that byte (the JSON reader pads its copy of a body with NULs): no bounds to check, and no last bytes
/// for the caller to read one by one.
inline const char* skip_plain_json_words_padded(const char* at) noexcept {
  for (;;) {
    const std::uint64_t attention = json_string_attention(load_word(at));
    if (attention != 0) return at + first_flagged_byte(attention);
    at += 8;
  }
}

}  // namespace paylink::detail
