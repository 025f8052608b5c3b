#include "core/json_slice.hpp"

#include "core/json_scan.hpp"

namespace paylink::detail {
namespace {

constexpr std::size_t kNone = std::string_view::npos;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

// Just past the string that starts at s[i] == '"'.
std::size_t skip_string(std::string_view s, std::size_t i) {
  for (++i; i < s.size(); ++i) {
    while (s.size() - i >= 8) {  // whole words without a quote or a backslash
      const std::uint64_t word = load_word(s.data() + i);
      if (has_byte(word, '"') | has_byte(word, '\\')) break;
      i += 8;
    }
    if (i >= s.size()) break;
    if (s[i] == '\\')
      ++i;
    else if (s[i] == '"')
      return i + 1;
  }
  return kNone;
}

// Just past the value that starts at s[i]; iterative, so depth costs no stack.
std::size_t skip_value(std::string_view s, std::size_t i) {
  if (i >= s.size()) return kNone;
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    std::size_t depth = 0;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '"') {
        i = skip_string(s, i);
        if (i == kNone) return kNone;
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return kNone;
  }
  while (i < s.size() && !is_space(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
  return i;
}

}  // namespace

std::optional<std::string_view> raw_member(std::string_view s, std::string_view key) {
  std::size_t i = skip_space(s, 0);
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  i = skip_space(s, i + 1);
  std::optional<std::string_view> found;
  while (i < s.size() && s[i] == '"') {
    const std::size_t key_end = skip_string(s, i);
    if (key_end == kNone) return std::nullopt;
    const std::string_view name = s.substr(i + 1, key_end - i - 2);
    // An escaped name may spell `key` too; which member the parser kept is then not known here.
    if (name.find('\\') != std::string_view::npos) return std::nullopt;
    i = skip_space(s, key_end);
    if (i >= s.size() || s[i] != ':') return std::nullopt;
    i = skip_space(s, i + 1);
    const std::size_t value_end = skip_value(s, i);
    if (value_end == kNone) return std::nullopt;
    if (name == key) found = s.substr(i, value_end - i);
    i = skip_space(s, value_end);
    if (i >= s.size() || s[i] != ',') break;
    i = skip_space(s, i + 1);
  }
  return found;
}

std::vector<std::string_view> raw_elements(std::string_view s) {
  std::vector<std::string_view> out;
  if (s.empty() || s.front() != '[') return out;
  std::size_t i = skip_space(s, 1);
  while (i < s.size() && s[i] != ']') {
    const std::size_t end = skip_value(s, i);
    if (end == kNone) return {};
    out.push_back(s.substr(i, end - i));
    i = skip_space(s, end);
    if (i >= s.size() || s[i] != ',') break;
    i = skip_space(s, i + 1);
  }
  return out;
}

}  // namespace paylink::detail
