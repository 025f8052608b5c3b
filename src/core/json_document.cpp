#include "core/json_document.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>

#include <fmt/format.h>

#include "core/json.hpp"
#include "core/utf8.hpp"
#include "core/word_scan.hpp"

namespace paylink::detail {
namespace {

enum class Failure { none, syntax, too_deep, too_many_values };

// NULs after the text of a body in a JsonDocument (see JsonDocument::parse).
constexpr std::size_t kPadding = 8;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

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

// For a number already checked against the grammar: where its first significant digit sits relative
// to the decimal point, exponent included (123.4 → 3, 0.05 → -1, 5e2 → 3), saturated far past any
// double's range. Positive means at least 1 in magnitude.
long decimal_magnitude(const char* begin, const char* end) {
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

// A double from number text already checked against the grammar, as nlohmann reads it: too small to
// represent rounds to zero (strtod's answer); too large is refused.
bool read_double(const char* begin, const char* end, double& value) {
  const auto parsed = std::from_chars(begin, end, value);
  if (parsed.ec == std::errc::result_out_of_range) {
    if (decimal_magnitude(begin, end) > 0) return false;
    value = *begin == '-' ? -0.0 : 0.0;
    return true;
  }
  return parsed.ec == std::errc() && parsed.ptr == end;
}

}  // namespace

// Builds the nodes of a JsonDocument in document order (a container, then its descendants); a
// container's children go to children_ as one block once they are all read.
class JsonDocumentReader {
 public:
  explicit JsonDocumentReader(JsonDocument& document)
      : document_(document),
        begin_(document.source_.data()),
        at_(begin_),
        end_(begin_ + document.source_.size() - kPadding) {}

  Failure read() {
    // nlohmann accepts (and skips) a UTF-8 byte-order mark before the value; so do we.
    if (end_ - at_ >= 3 && std::memcmp(at_, "\xEF\xBB\xBF", 3) == 0) at_ += 3;
    skip_whitespace();
    if (!read_value({})) return failure_ == Failure::none ? Failure::syntax : failure_;
    skip_whitespace();
    return at_ == end_ ? Failure::none : Failure::syntax;
  }

 private:
  using Node = JsonDocument::Node;
  using TextRef = JsonDocument::TextRef;

  bool fail() {
    if (failure_ == Failure::none) failure_ = Failure::syntax;
    return false;
  }

  std::uint32_t offset(const char* at) const { return static_cast<std::uint32_t>(at - begin_); }

  // These two look at *end_ too, the NUL that ends the text (see end_).
  void skip_whitespace() {
    // Every byte that may follow is above ' ', so a compact body costs one comparison here.
    while (static_cast<unsigned char>(*at_) <= ' ' && (*at_ == ' ' || *at_ == '\n' || *at_ == '\r' || *at_ == '\t')) {
      ++at_;
    }
  }

  bool consume(char expected) {
    if (*at_ == expected) {
      ++at_;
      return true;
    }
    return false;
  }

  // Appends the node for the value at at_; `key` names it when its parent is an object.
  bool read_value(TextRef key) {
    if (at_ == end_) return fail();
    if (document_.nodes_.size() >= kMaxJsonValues) {
      failure_ = Failure::too_many_values;
      return false;
    }
    const auto index = static_cast<std::uint32_t>(document_.nodes_.size());
    document_.nodes_.emplace_back().key = key;
    const char* const start = at_;
    bool ok = false;
    if (*at_ == '{') {
      ok = read_object(index);  // appends the children, so nodes_ may move: index, not a reference
    } else if (*at_ == '[') {
      ok = read_array(index);
    } else {
      ok = read_scalar(document_.nodes_[index]);  // appends nothing
    }
    if (!ok) return false;
    Node& stored = document_.nodes_[index];
    stored.raw_offset = offset(start);
    stored.raw_length = offset(at_) - stored.raw_offset;
    return true;
  }

  bool read_scalar(Node& node) {
    switch (*at_) {
      case '"':
        node.kind = JsonKind::string;
        return read_string(node.text);
      case 't':
        node.kind = JsonKind::boolean;
        node.truth = true;
        return read_literal("true", 4);
      case 'f':
        node.kind = JsonKind::boolean;
        return read_literal("false", 5);
      case 'n':
        return read_literal("null", 4);
      default:
        node.kind = JsonKind::number;
        return read_number(node.number);
    }
  }

  bool read_literal(const char* word, std::size_t length) {
    if (static_cast<std::size_t>(end_ - at_) < length || std::memcmp(at_, word, length) != 0) return fail();
    at_ += length;
    return true;
  }

  // Depth counts open containers; the limit bounds this recursion and every later walk of the value.
  bool enter() {
    if (++depth_ > kMaxJsonDepth) {
      failure_ = Failure::too_deep;
      return false;
    }
    return true;
  }

  bool read_object(std::uint32_t index) {
    if (!enter()) return false;
    ++at_;  // '{'
    skip_whitespace();
    if (!consume('}')) {
      for (;;) {
        if (*at_ != '"') return fail();  // also at the end
        TextRef name;
        if (!read_string(name)) return false;
        skip_whitespace();
        if (!consume(':')) return fail();
        skip_whitespace();
        if (!read_value(name)) return false;
        skip_whitespace();
        if (!consume(',')) break;
        skip_whitespace();
      }
      if (!consume('}')) return fail();
    }
    --depth_;
    close_container(index, JsonKind::object);
    return true;
  }

  bool read_array(std::uint32_t index) {
    if (!enter()) return false;
    ++at_;  // '['
    skip_whitespace();
    if (!consume(']')) {
      for (;;) {
        if (!read_value({})) return false;
        skip_whitespace();
        if (!consume(',')) break;
        skip_whitespace();
      }
      if (!consume(']')) return fail();
    }
    --depth_;
    close_container(index, JsonKind::array);
    return true;
  }

  // Lists a container's children in children_, as one block. They are the nodes after it up to its
  // end, less their own descendants: each container child is skipped to its end.
  void close_container(std::uint32_t index, JsonKind kind) {
    auto& nodes = document_.nodes_;
    auto& children = document_.children_;
    const auto end = static_cast<std::uint32_t>(nodes.size());
    const auto first_child = static_cast<std::uint32_t>(children.size());
    for (std::uint32_t child = index + 1; child < end;) {
      const Node& node = nodes[child];
      const std::uint32_t name_hash = kind == JsonKind::object ? JsonDocument::hash_name(document_.view(node.key)) : 0;
      children.push_back({child, name_hash});
      const bool container = node.kind == JsonKind::array || node.kind == JsonKind::object;
      child = container ? node.container.end : child + 1;
    }
    Node& node = nodes[index];
    node.kind = kind;
    node.children = static_cast<std::uint32_t>(children.size()) - first_child;
    node.container = {first_child, end};
  }

  // At the opening quote. Text without escapes is referred to where it is; text with escapes is
  // decoded into the document's buffer. Most strings (member names, ids, words) are plain ASCII that
  // the first byte needing a look ends: that case is read here, the rest in read_string_rest.
  bool read_string(TextRef& text) {
    const char* const run = at_ + 1;
    const char* const stop = skip_plain_json_words_padded(run);  // stops at end_ at the latest
    if (*stop == '"') {
      text = TextRef{offset(run), offset(stop) - offset(run)};
      at_ = stop + 1;
      return true;
    }
    at_ = stop;
    return read_string_rest(text, run);
  }

  // At a byte of a string that needs a look; its text began at `run`. Out of line, so that read_string
  // stays small enough for the compiler to inline into the two places that read a string.
  [[gnu::noinline]] bool read_string_rest(TextRef& text, const char* run) {
    std::string* decoded = nullptr;
    for (;;) {
      if (at_ == end_) return fail();
      const auto c = static_cast<unsigned char>(*at_);
      if (c == '"') {
        if (decoded == nullptr) {
          text = TextRef{offset(run), offset(at_) - offset(run)};
        } else {
          decoded->append(run, at_);
          text.length = (static_cast<std::uint32_t>(decoded->size()) - text.offset) | TextRef::kDecoded;
        }
        ++at_;
        return true;
      }
      if (c == '\\') {
        if (decoded == nullptr) {
          decoded = &document_.decoded_;
          text = TextRef{static_cast<std::uint32_t>(decoded->size()), TextRef::kDecoded};
        }
        decoded->append(run, at_);
        if (!read_escape(*decoded)) return false;
        run = at_;
      } else {
        if (c < 0x20) return fail();  // control characters must be escaped
        const std::size_t length = utf8_sequence_length(at_, end_);
        if (length == 0) return fail();
        at_ += length;
      }
      // Past plain bytes to the next one that needs a look.
      at_ = skip_plain_json_words_padded(at_);
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

  // RFC 8259 numbers, classified as nlohmann classifies them: an integer literal is unsigned when
  // non-negative, signed when negative, and floating when it has a fraction or exponent or does not fit.
  bool read_number(JsonDocument::NumberForm& form) {
    const char* const start = at_;
    const bool negative = *at_ == '-';
    bool integral = true;
    if (negative) ++at_;
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
          form = JsonDocument::NumberForm::signed_integer;
          return true;
        }
      } else {
        std::uint64_t value = 0;
        if (std::from_chars(start, at_, value).ec == std::errc()) {
          form = JsonDocument::NumberForm::unsigned_integer;
          return true;
        }
      }
    }
    double value = 0;
    if (!read_double(start, at_, value)) return fail();
    form = JsonDocument::NumberForm::floating;
    return true;
  }

  JsonDocument& document_;
  const char* const begin_;
  const char* at_;
  // *end_ is the first NUL of the padding (kPadding), which is not whitespace, starts no JSON token and
  // ends no string: scans that stop at such a byte need no bounds check.
  const char* const end_;
  int depth_ = 0;
  Failure failure_ = Failure::none;
};

Result<JsonDocument> JsonDocument::parse(std::string_view body, std::string_view provider) {
  if (body.size() > kMaxJsonBytes) {
    return invalid_response(
        provider, fmt::format("response body of {} bytes exceeds the {} byte limit", body.size(), kMaxJsonBytes));
  }
  JsonDocument document;
  // The text, then kPadding NULs: the reader's word scans look at eight bytes at a time, and the NUL at
  // the end stops them without a bounds check.
  document.source_.assign(body.size() + kPadding, '\0');
  std::char_traits<char>::copy(document.source_.data(), body.data(), body.size());
  // About one value per 12 bytes of a vendor answer: grown once, not doubled from nothing.
  const std::size_t expected_values = std::min<std::size_t>(body.size() / 12 + 8, 4096);
  document.nodes_.reserve(expected_values);
  document.children_.reserve(expected_values);
  switch (JsonDocumentReader(document).read()) {
    case Failure::none:
      return document;
    case Failure::too_deep:
      return invalid_response(provider, fmt::format("JSON nested deeper than {} levels", kMaxJsonDepth));
    case Failure::too_many_values:
      return invalid_response(provider, fmt::format("JSON with more than {} values", kMaxJsonValues));
    case Failure::syntax:
      break;
  }
  return invalid_response(provider, fmt::format("body is not valid JSON: \"{}\"", bounded_text(body, 80)));
}

// --- JsonNode --------------------------------------------------------------------------------------

std::int64_t JsonNode::int64() const noexcept {
  std::int64_t value = 0;
  if (!is_number_integer()) return 0;
  const std::string_view text = raw();
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) return 0;
  return value;
}

std::uint64_t JsonNode::uint64() const noexcept {
  std::uint64_t value = 0;
  if (!is_number_unsigned()) return 0;
  const std::string_view text = raw();
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) return 0;
  return value;
}

template <>
std::string JsonNode::get<std::string>() const {
  return std::string(string_view());
}
template <>
bool JsonNode::get<bool>() const {
  return boolean();
}
template <>
std::int64_t JsonNode::get<std::int64_t>() const {
  return int64();
}

std::string JsonNode::dump() const {
  if (!*this) return {};
  switch (kind()) {
    case JsonKind::number: {
      const auto form = document_->nodes_[index_].number;
      if (form == JsonDocument::NumberForm::signed_integer) return std::to_string(int64());
      if (form == JsonDocument::NumberForm::unsigned_integer) return std::to_string(uint64());
      double value = 0;
      const std::string_view text = raw();
      read_double(text.data(), text.data() + text.size(), value);
      return Json(value).dump();
    }
    case JsonKind::boolean:
      return boolean() ? "true" : "false";
    case JsonKind::null:
      return "null";
    default:
      return std::string(raw());
  }
}

JsonNode JsonNode::find(std::string_view key) const noexcept {
  if (!is_object()) return {};
  const auto& node = document_->nodes_[index_];
  const std::uint32_t hash = JsonDocument::hash_name(key);
  const JsonDocument::Child* const first = document_->children_.data() + node.container.first_child;
  // From the last member back: a repeated name means its last value, as in nlohmann.
  for (const JsonDocument::Child* child = first + node.children; child != first;) {
    --child;
    if (child->name_hash == hash && document_->view(document_->nodes_[child->node].key) == key) {
      return JsonNode(document_, child->node);
    }
  }
  return {};
}

// --- Typed member readers ---------------------------------------------------------------------------

namespace {
JsonNode present_member(JsonNode object, std::string_view key) {
  const JsonNode value = object.find(key);
  return value && !value.is_null() ? value : JsonNode();
}
}  // namespace

std::optional<std::string> get_string(JsonNode object, std::string_view key, bool* wrong_type) {
  const JsonNode value = present_member(object, key);
  if (!value) return std::nullopt;
  if (!value.is_string()) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  return std::string(value.string_view());
}

std::optional<std::int64_t> int_value(JsonNode value, bool* wrong_type) {
  if (!value || value.is_null()) return std::nullopt;
  if (!value.is_number_integer() || (value.is_number_unsigned() && value.uint64() > INT64_MAX)) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  return value.int64();
}

std::optional<bool> bool_value(JsonNode value, bool* wrong_type) {
  if (!value || value.is_null()) return std::nullopt;
  if (!value.is_boolean()) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  return value.boolean();
}

std::optional<std::int64_t> get_int(JsonNode object, std::string_view key, bool* wrong_type) {
  return int_value(object.find(key), wrong_type);
}

std::optional<bool> get_bool(JsonNode object, std::string_view key, bool* wrong_type) {
  return bool_value(object.find(key), wrong_type);
}

JsonNode get_object(JsonNode object, std::string_view key) {
  const JsonNode value = present_member(object, key);
  return value.is_object() ? value : JsonNode();
}

JsonNode get_array(JsonNode object, std::string_view key) {
  const JsonNode value = present_member(object, key);
  return value.is_array() ? value : JsonNode();
}

}  // namespace paylink::detail
