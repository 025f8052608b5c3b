// parse_json: a strict RFC 8259 reader that builds the same nlohmann::json value as
// nlohmann::json::parse, several times faster. Every vendor answer goes through it, and nlohmann's own
// parser (a character-at-a-time lexer behind a callback for the depth limit) was most of a decode's
// cost (BENCHMARKS.md). tests/unit/core/json_test.cpp and fuzz/fuzz_json.cpp compare the two.

#include <algorithm>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "core/json.hpp"
#include "core/json_scan.hpp"
#include "core/utf8.hpp"

namespace paylink::detail {
namespace {

enum class Failure { none, syntax, too_deep };

// Bytes a string may hold unescaped and that need no further look: printable ASCII except '"' and '\'.
constexpr bool is_plain_string_byte(unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; }

struct PlainTable {
  bool plain[256] = {};
  constexpr PlainTable() {
    for (int c = 0; c < 256; ++c) plain[c] = is_plain_string_byte(static_cast<unsigned char>(c));
  }
};
constexpr PlainTable kPlain{};

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

class Reader {
 public:
  Reader(const char* begin, const char* end) : at_(begin), end_(end) {}

  Failure read_document(Json& out) {
    // nlohmann accepts (and skips) a UTF-8 byte-order mark before the value; so do we.
    if (end_ - at_ >= 3 && std::memcmp(at_, "\xEF\xBB\xBF", 3) == 0) at_ += 3;
    skip_whitespace();
    if (!read_value(out)) return failure_ == Failure::none ? Failure::syntax : failure_;
    skip_whitespace();
    return at_ == end_ ? Failure::none : Failure::syntax;
  }

 private:
  bool fail() {
    if (failure_ == Failure::none) failure_ = Failure::syntax;
    return false;
  }

  void skip_whitespace() {
    while (at_ < end_ && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) ++at_;
  }

  bool consume(char expected) {
    if (at_ < end_ && *at_ == expected) {
      ++at_;
      return true;
    }
    return false;
  }

  bool read_value(Json& out) {
    if (at_ == end_) return fail();
    switch (*at_) {
      case '{':
        return read_object(out);
      case '[':
        return read_array(out);
      case '"': {
        out = Json::value_t::string;
        return read_string(*out.get_ptr<Json::string_t*>());
      }
      case 't':
        return read_literal("true", 4, out, Json(true));
      case 'f':
        return read_literal("false", 5, out, Json(false));
      case 'n':
        return read_literal("null", 4, out, Json(nullptr));
      default:
        return read_number(out);
    }
  }

  bool read_literal(const char* word, std::size_t length, Json& out, Json value) {
    if (static_cast<std::size_t>(end_ - at_) < length || std::memcmp(at_, word, length) != 0) return fail();
    at_ += length;
    out = std::move(value);
    return true;
  }

  // Depth counts open containers; the limit bounds this recursion and later traversals of the value.
  bool enter() {
    if (++depth_ > kMaxJsonDepth) {
      failure_ = Failure::too_deep;
      return false;
    }
    return true;
  }

  bool read_object(Json& out) {
    if (!enter()) return false;
    ++at_;  // '{'
    out = Json::value_t::object;
    auto& members = *out.get_ptr<Json::object_t*>();
    skip_whitespace();
    if (!consume('}')) {
      do {
        skip_whitespace();
        if (at_ == end_ || *at_ != '"') return fail();
        std::string key;
        if (!read_string(key)) return false;
        skip_whitespace();
        if (!consume(':')) return fail();
        skip_whitespace();
        // A repeated key keeps its last value, as nlohmann::json::parse does: its slot is read again.
        Json& slot = members.try_emplace(std::move(key)).first->second;
        if (!read_value(slot)) return false;
        skip_whitespace();
      } while (consume(','));
      if (!consume('}')) return fail();
    }
    --depth_;
    return true;
  }

  bool read_array(Json& out) {
    if (!enter()) return false;
    ++at_;  // '['
    out = Json::value_t::array;
    auto& elements = *out.get_ptr<Json::array_t*>();
    skip_whitespace();
    if (!consume(']')) {
      do {
        skip_whitespace();
        elements.emplace_back();
        if (!read_value(elements.back())) return false;
        skip_whitespace();
      } while (consume(','));
      if (!consume(']')) return fail();
    }
    --depth_;
    return true;
  }

  // At the opening quote. Appends the decoded text to `out`; copies runs of plain bytes at once.
  bool read_string(std::string& out) {
    ++at_;
    const char* run = at_;
    for (;;) {
      while (end_ - at_ >= 8) {
        const std::uint64_t word = load_word(at_);
        if (needs_json_attention(word) || (word & kHighBits) != 0) break;
        at_ += 8;
      }
      while (at_ < end_ && kPlain.plain[static_cast<unsigned char>(*at_)]) ++at_;
      if (at_ == end_) return fail();
      const auto c = static_cast<unsigned char>(*at_);
      if (c == '"') {
        out.append(run, at_);
        ++at_;
        return true;
      }
      if (c == '\\') {
        out.append(run, at_);
        if (!read_escape(out)) return false;
        run = at_;
        continue;
      }
      if (c < 0x20) return fail();  // control characters must be escaped
      const std::size_t length = utf8_sequence_length(at_, end_);
      if (length == 0) return fail();
      at_ += length;
    }
  }

  // At the backslash.
  bool read_escape(std::string& out) {
    ++at_;
    if (at_ == end_) return fail();
    const char c = *at_++;
    switch (c) {
      case '"':
      case '\\':
      case '/':
        out.push_back(c);
        return true;
      case 'b':
        out.push_back('\b');
        return true;
      case 'f':
        out.push_back('\f');
        return true;
      case 'n':
        out.push_back('\n');
        return true;
      case 'r':
        out.push_back('\r');
        return true;
      case 't':
        out.push_back('\t');
        return true;
      case 'u':
        break;
      default:
        return fail();
    }
    std::uint32_t unit = 0;
    if (!read_hex4(unit)) return false;
    if (unit >= 0xDC00 && unit <= 0xDFFF) return fail();  // a low surrogate must follow a high one
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      std::uint32_t low = 0;
      if (end_ - at_ < 2 || at_[0] != '\\' || at_[1] != 'u') return fail();
      at_ += 2;
      if (!read_hex4(low) || low < 0xDC00 || low > 0xDFFF) return fail();
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, unit);
    return true;
  }

  bool read_hex4(std::uint32_t& value) {
    if (end_ - at_ < 4) return fail();
    for (int k = 0; k < 4; ++k) {
      const char c = *at_++;
      std::uint32_t digit = 0;
      if (c >= '0' && c <= '9') {
        digit = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        return fail();
      }
      value = (value << 4) | digit;
    }
    return true;
  }

  static bool is_digit(char c) { return c >= '0' && c <= '9'; }

  // RFC 8259 numbers. Like nlohmann: an integer literal is an unsigned integer when non-negative, a
  // signed one when negative, and a double when it has a fraction or exponent or does not fit.
  bool read_number(Json& out) {
    const char* const start = at_;
    bool negative = false;
    bool integral = true;
    if (*at_ == '-') {
      negative = true;
      ++at_;
    }
    if (at_ == end_) return fail();
    if (*at_ == '0') {
      ++at_;
    } else if (*at_ >= '1' && *at_ <= '9') {
      while (at_ < end_ && is_digit(*at_)) ++at_;
    } else {
      return fail();
    }
    if (at_ < end_ && *at_ == '.') {
      integral = false;
      ++at_;
      if (at_ == end_ || !is_digit(*at_)) return fail();
      while (at_ < end_ && is_digit(*at_)) ++at_;
    }
    if (at_ < end_ && (*at_ == 'e' || *at_ == 'E')) {
      integral = false;
      ++at_;
      if (at_ < end_ && (*at_ == '+' || *at_ == '-')) ++at_;
      if (at_ == end_ || !is_digit(*at_)) return fail();
      while (at_ < end_ && is_digit(*at_)) ++at_;
    }
    if (integral) {
      if (negative) {
        std::int64_t value = 0;
        if (std::from_chars(start, at_, value).ec == std::errc()) {
          out = value;
          return true;
        }
      } else {
        std::uint64_t value = 0;
        if (std::from_chars(start, at_, value).ec == std::errc()) {
          out = value;
          return true;
        }
      }
    }
    double value = 0;
    const auto parsed = std::from_chars(start, at_, value);
    if (parsed.ec == std::errc::result_out_of_range) {
      // Too small to represent rounds to zero (strtod's answer, which nlohmann keeps); too large is
      // refused, as nlohmann refuses a number that overflows a double.
      if (decimal_magnitude(start, at_) > 0) return fail();
      value = negative ? -0.0 : 0.0;
    } else if (parsed.ec != std::errc() || parsed.ptr != at_) {
      return fail();
    }
    out = value;
    return true;
  }

  // For a number already checked against the grammar: where its first significant digit sits relative
  // to the decimal point, exponent included (123.4 → 3, 0.05 → -1, 5e2 → 3), saturated far past any
  // double's range. Positive means at least 1 in magnitude.
  static long decimal_magnitude(const char* begin, const char* end) {
    constexpr long kFar = 100000;
    const char* at = begin;
    if (*at == '-') ++at;
    long position = 0;
    bool significant = false;
    for (; at < end && is_digit(*at); ++at) {
      if (*at != '0') significant = true;
      if (significant) ++position;
    }
    if (at < end && *at == '.') {
      for (++at; at < end && is_digit(*at); ++at) {
        if (significant) continue;
        if (*at != '0') {
          significant = true;
        } else {
          --position;
        }
      }
    }
    if (!significant) return -kFar;  // zero
    long exponent = 0;
    bool exponent_negative = false;
    if (at < end && (*at == 'e' || *at == 'E')) {
      ++at;
      if (*at == '+' || *at == '-') exponent_negative = *at++ == '-';
      for (; at < end && is_digit(*at); ++at) exponent = std::min(kFar, exponent * 10 + (*at - '0'));
    }
    return position + (exponent_negative ? -exponent : exponent);
  }

  const char* at_;
  const char* const end_;
  int depth_ = 0;
  Failure failure_ = Failure::none;
};

}  // namespace

Result<Json> parse_json(std::string_view body, std::string_view provider) {
  if (body.size() > kMaxJsonBytes) {
    return invalid_response(
        provider, fmt::format("response body of {} bytes exceeds the {} byte limit", body.size(), kMaxJsonBytes));
  }
  Json value;
  switch (Reader(body.data(), body.data() + body.size()).read_document(value)) {
    case Failure::none:
      return value;
    case Failure::too_deep:
      return invalid_response(provider, fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
    case Failure::syntax:
      break;
  }
  return invalid_response(provider, fmt::format("body is not valid JSON: \"{}\"", bounded_text(body, 80)));
}

}  // namespace paylink::detail
