// JsonWriter's escaping: byte for byte what nlohmann's dump(-1, ' ', false, replace) writes for a string,
// without its per-character UTF-8 state machine. tests/unit/core/json_codec_test.cpp compares the two.

#include "core/json_writer.hpp"

#include <algorithm>

#include "core/json.hpp"
#include "core/utf8.hpp"
#include "core/word_scan.hpp"

namespace paylink::detail {
namespace {

// 0: copied as is; otherwise the character after the backslash ('u' for \u00XX).
struct EscapeTable {
  char escape[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) escape[c] = 'u';
    escape[static_cast<unsigned char>('\b')] = 'b';
    escape[static_cast<unsigned char>('\t')] = 't';
    escape[static_cast<unsigned char>('\n')] = 'n';
    escape[static_cast<unsigned char>('\f')] = 'f';
    escape[static_cast<unsigned char>('\r')] = 'r';
    escape[static_cast<unsigned char>('"')] = '"';
    escape[static_cast<unsigned char>('\\')] = '\\';
  }
};
constexpr EscapeTable kEscape{};

// One pass: the UTF-8 is checked where the escapes are looked for.
void append_string(std::string& out, std::string_view text) {
  const std::size_t start = out.size();
  out.push_back('"');
  const char* run = text.data();  // the text not yet copied to `out`
  const char* at = run;
  const char* const end = run + text.size();
  while (at < end) {
    at = skip_plain_json_words(at, end);
    if (at == end) break;
    const auto c = static_cast<unsigned char>(*at);
    if (c >= 0x80) {
      // Valid UTF-8 is written as it is.
      const std::size_t length = utf8_sequence_length(at, end);
      if (length == 0) {
        // nlohmann's replacement of invalid sequences by U+FFFD has subtle rules; this rare case is
        // left to it so the output stays identical.
        out.resize(start);
        out += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
        return;
      }
      at += length;
      continue;
    }
    const char escape = kEscape.escape[c];
    if (escape == 0) {
      ++at;
      continue;
    }
    out.append(run, static_cast<std::size_t>(at - run));
    out.push_back('\\');
    out.push_back(escape);
    if (escape == 'u') {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("00", 2);
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
    run = ++at;
  }
  out.append(run, static_cast<std::size_t>(end - run));
  out.push_back('"');
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) { append_string(out, text); }

void JsonWriter::grow(std::size_t n) { text_.resize(std::max(2 * text_.size(), size_ + n)); }

JsonWriter& JsonWriter::escaped(std::string_view text, bool is_key) {
  // The general writer appends to a std::string: the room is cut off for it and given back after.
  finish(separate(room(1)));
  text_.resize(size_);
  append_string(text_, text);
  if (is_key) text_.push_back(':');
  size_ = text_.size();
  text_.resize(text_.capacity());
  if (is_key) after_key_ = true;
  return *this;
}

}  // namespace paylink::detail
