// dump_json: compact serialisation, byte for byte what nlohmann's dump(-1, ' ', false, replace) gives,
// without its per-character UTF-8 state machine. Every request body goes through it.
// tests/unit/core/json_test.cpp and fuzz/fuzz_json.cpp compare the two.

#include <charconv>

#include "core/json.hpp"
#include "core/json_scan.hpp"
#include "core/json_writer.hpp"
#include "core/utf8.hpp"

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

template <typename Integer>
void append_integer(std::string& out, Integer value) {
  char digits[24];
  const auto written = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, written.ptr);
}

template <typename BasicJson>
void append_value(std::string& out, const BasicJson& value) {
  using value_t = typename BasicJson::value_t;
  switch (value.type()) {
    case value_t::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : *value.template get_ptr<const typename BasicJson::object_t*>()) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, key);
        out.push_back(':');
        append_value(out, member);
      }
      out.push_back('}');
      return;
    }
    case value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& element : *value.template get_ptr<const typename BasicJson::array_t*>()) {
        if (!first) out.push_back(',');
        first = false;
        append_value(out, element);
      }
      out.push_back(']');
      return;
    }
    case value_t::string:
      append_string(out, *value.template get_ptr<const typename BasicJson::string_t*>());
      return;
    case value_t::boolean:
      out += value.template get<bool>() ? "true" : "false";
      return;
    case value_t::number_integer:
      append_integer(out, value.template get<std::int64_t>());
      return;
    case value_t::number_unsigned:
      append_integer(out, value.template get<std::uint64_t>());
      return;
    case value_t::null:
      out += "null";
      return;
    case value_t::number_float:  // nlohmann's shortest round-trip format; never in a request we build
    case value_t::binary:
    case value_t::discarded:
      break;
  }
  out += value.dump(-1, ' ', false, BasicJson::error_handler_t::replace);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) { append_string(out, text); }

JsonWriter& JsonWriter::value(std::int64_t number) {
  separate();
  append_integer(text_, number);
  return *this;
}

std::string dump_json(const Json& value) {
  std::string out;
  out.reserve(256);
  append_value(out, value);
  return out;
}

std::string dump_json(const OrderedJson& value) {
  std::string out;
  out.reserve(256);
  append_value(out, value);
  return out;
}

}  // namespace paylink::detail
