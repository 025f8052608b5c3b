#pragma once
// JsonWriter: builds a compact JSON text by appending, for request bodies. Building an nlohmann value
// and then serialising it allocated a node per member and cost more than the rest of an encode
// (BENCHMARKS.md). Members come out in the order they are written; the text is what dump_json would
// give for the same members in the same order.

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/word_scan.hpp"

// Forces the writing of a JsonKey into its caller, where the key's length is a constant: the copy is a
// few moves, not a call to memcpy.
#if defined(__GNUC__) || defined(__clang__)
#define PAYLINK_JSON_INLINE inline __attribute__((always_inline))
#else
#define PAYLINK_JSON_INLINE inline
#endif

namespace paylink::detail {

/// Appends `text` as a JSON string (quoted and escaped; invalid UTF-8 replaced as dump_json does).
void append_json_string(std::string& out, std::string_view text);

/// Whether `text` goes into a JSON string as it is: no quote, backslash, control character or byte of a
/// multi-byte UTF-8 sequence. Most keys and values are such plain ASCII, and copying them whole is a
/// fraction of the escaping scan's cost.
inline bool is_plain_json_text(std::string_view text) noexcept {
  const char* at = text.data();
  const std::size_t size = text.size();
  // Only whether some byte is flagged matters, so the words may be assembled in any byte order and may
  // overlap.
  std::uint64_t word = 0;
  if (size >= 8) {
    // The words before the last, then the last (which may overlap the one before).
    const char* const last = at + size - 8;
    for (; at < last; at += 8) {
      std::memcpy(&word, at, 8);
      if (json_string_attention(word) != 0) return false;
    }
    std::memcpy(&word, last, 8);
  } else if (size >= 4) {
    std::uint32_t head = 0;
    std::uint32_t tail = 0;
    std::memcpy(&head, at, 4);
    std::memcpy(&tail, at + size - 4, 4);
    word = head | std::uint64_t{tail} << 32;
  } else if (size > 0) {
    // The first, middle and last bytes cover a text of one to three; plain letters fill the rest.
    const auto byte = [at](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(at[i])}; };
    word = (kEveryByte * 'a' << 24) | byte(0) | byte(size / 2) << 8 | byte(size - 1) << 16;
  } else {
    return true;
  }
  return json_string_attention(word) == 0;
}

/// A member name fixed in the code, checked once for needing no escaping. As a constexpr variable the
/// check is done by the compiler and writing the key is a bare copy of its bytes; spelt as a string_view
/// the same name is scanned on every write. A key that does need escaping is still written right.
class JsonKey {
 public:
  template <std::size_t N>
  constexpr explicit JsonKey(const char (&name)[N]) noexcept : name_(name, N - 1), plain_(plain(name_)) {}
  constexpr std::string_view name() const noexcept { return name_; }
  constexpr bool is_plain() const noexcept { return plain_; }

 private:
  static constexpr bool plain(std::string_view name) noexcept {
    for (const char ch : name) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return false;
    }
    return true;
  }
  std::string_view name_;
  bool plain_;
};

class JsonWriter {
 public:
  JsonWriter() : text_(kInitialRoom, '\0') {}

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  /// The name of the next member of the current object.
  JsonWriter& key(std::string_view name) {
    if (!is_plain_json_text(name)) return escaped(name, true);
    return plain_key(name);
  }
  PAYLINK_JSON_INLINE JsonWriter& key(const JsonKey& name) {
    if (!name.is_plain()) return escaped(name.name(), true);
    return plain_key(name.name());
  }

  JsonWriter& value(std::string_view text) {
    if (!is_plain_json_text(text)) return escaped(text, false);
    char* at = separate(room(text.size() + 3));
    *at++ = '"';
    at = copy(at, text);
    *at++ = '"';
    finish(at);
    return *this;
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag) {
    char* at = separate(room(6));
    finish(flag ? copy(at, "true") : copy(at, "false"));
    return *this;
  }
  JsonWriter& value(std::int64_t number) {
    char* at = separate(room(1 + kMaxInt64Chars));
    finish(std::to_chars(at, at + kMaxInt64Chars, number).ptr);
    return *this;
  }
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  /// An array of strings.
  JsonWriter& value(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& text : texts) value(text);
    return end_array();
  }

  /// key(name) then value(v).
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    return key(name).value(v);
  }
  template <typename T>
  PAYLINK_JSON_INLINE JsonWriter& member(const JsonKey& name, const T& v) {
    return key(name).value(v);
  }

  /// The text written so far.
  std::string_view text() const noexcept { return std::string_view(text_.data(), size_); }
  std::string take() && {
    text_.resize(size_);
    return std::move(text_);
  }

 private:
  // The text is written into `text_`'s own characters, kept sized beyond what is written (`size_`), so
  // that a write checks for room once and copies, instead of paying std::string's append per piece.
  static constexpr std::size_t kInitialRoom = 512;
  static constexpr std::size_t kMaxInt64Chars = 20;  // "-9223372036854775808"

  // Where `n` more characters go.
  PAYLINK_JSON_INLINE char* room(std::size_t n) {
    if (n > text_.size() - size_) grow(n);
    return text_.data() + size_;
  }
  void grow(std::size_t n);
  void finish(char* end) noexcept { size_ = static_cast<std::size_t>(end - text_.data()); }
  PAYLINK_JSON_INLINE static char* copy(char* at, std::string_view text) noexcept {
    if (text.empty()) return at;  // an empty view may have no data pointer, which memcpy must not get
    std::memcpy(at, text.data(), text.size());
    return at + text.size();
  }
  // The comma, the quoted name and the colon in one write; `name` needs no escaping.
  PAYLINK_JSON_INLINE JsonWriter& plain_key(std::string_view name) {
    char* at = separate(room(name.size() + 4));
    *at++ = '"';
    at = copy(at, name);
    *at++ = '"';
    *at++ = ':';
    finish(at);
    after_key_ = true;
    return *this;
  }
  // A key or string value that needs escaping (or is invalid UTF-8): the general writer.
  JsonWriter& escaped(std::string_view text, bool is_key);

  // A comma goes before every element and member but the first of its container. Only the innermost
  // open container can still be without one: each around it holds the container being written.
  // Writes it at `at` (which has room for it) and returns where the element goes.
  PAYLINK_JSON_INLINE char* separate(char* at) noexcept {
    if (after_key_) {
      after_key_ = false;
      return at;
    }
    if (open_containers_ > 0) {
      if (has_element_) *at++ = ',';
      has_element_ = true;
    }
    return at;
  }
  JsonWriter& open(char bracket) {
    char* at = separate(room(2));
    *at++ = bracket;
    finish(at);
    ++open_containers_;
    has_element_ = false;
    return *this;
  }
  JsonWriter& close(char bracket) {
    char* at = room(1);
    *at++ = bracket;
    finish(at);
    if (open_containers_ > 0) --open_containers_;
    has_element_ = true;  // the closed one, in the container around it (if any)
    return *this;
  }

  std::string text_;      // [0, size_) is the text; the rest is room
  std::size_t size_ = 0;  // how much of text_ is written
  std::size_t open_containers_ = 0;
  bool has_element_ = false;  // in the innermost open container
  bool after_key_ = false;
};

}  // namespace paylink::detail
