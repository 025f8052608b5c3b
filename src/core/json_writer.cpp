// JsonWriter's escaping: byte for byte what nlohmann's dump(-1, ' ', false, replace) writes for a string,
// without its per-character UTF-8 state machine. tests/unit/core/json_codec_test.cpp compares the two.

#include "core/json_writer.hpp"

#include <charconv>

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

void append_string(std::string& out, std::string_view text) {
  if (!is_valid_utf8(text)) {
    // nlohmann's replacement of invalid sequences by U+FFFD has subtle rules; this rare case is
    // left to it so the output stays identical.
    out += Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
    return;
  }
  out.push_back('"');
  const char* run = text.data();
  const char* const end = run + text.size();
  for (const char* at = run; at < end; ++at) {
    // Valid UTF-8 needs no change above 0x7F; skip whole words of text that needs none either.
    while (end - at >= 8 && !needs_json_attention(load_word(at))) at += 8;
    if (at == end) break;
    const char escape = kEscape.escape[static_cast<unsigned char>(*at)];
    if (escape == 0) continue;
    out.append(run, at);
    out.push_back('\\');
    out.push_back(escape);
    if (escape == 'u') {
      static constexpr char kHex[] = "0123456789abcdef";
      const auto c = static_cast<unsigned char>(*at);
      out += "00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
    run = at + 1;
  }
  out.append(run, end);
  out.push_back('"');
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) { append_string(out, text); }

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, number);
  text_.append(digits, written.ptr);
  return *this;
}

}  // namespace paylink::detail
