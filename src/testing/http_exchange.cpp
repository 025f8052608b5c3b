#include "paylink/testing/http_exchange.hpp"

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace paylink::testing {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

Error fixture_error(std::size_t line, std::string_view what) {
  return Error::make(ErrorCode::validation, fmt::format("fixture line {}: {}", line + 1, what));
}

bool is_marker(std::string_view line) { return line.rfind(">>> ", 0) == 0 || line.rfind("<<< ", 0) == 0; }

// Reads header lines up to a blank line, then the body up to the next marker.
void read_block(const std::vector<std::string_view>& lines, std::size_t& i, HttpHeaders& headers, std::string& body) {
  for (; i < lines.size() && !is_marker(lines[i]); ++i) {
    const std::string_view line = trim(lines[i]);
    if (line.empty()) {
      ++i;
      break;
    }
    const auto colon = line.find(':');
    headers.emplace_back(std::string(trim(line.substr(0, colon))),
                         colon == std::string_view::npos ? std::string() : std::string(trim(line.substr(colon + 1))));
  }
  std::string text;
  for (; i < lines.size() && !is_marker(lines[i]); ++i) {
    text.append(lines[i]);
    text.push_back('\n');
  }
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  body = std::move(text);
}

std::optional<HttpMethod> parse_method(std::string_view m) {
  for (const auto method : {HttpMethod::get, HttpMethod::post, HttpMethod::put, HttpMethod::patch, HttpMethod::delete_})
    if (to_string(method) == m) return method;
  return std::nullopt;
}

}  // namespace

Result<std::vector<HttpExchange>> parse_fixture(std::string_view text) {
  const auto lines = split_lines(text);
  std::vector<HttpExchange> out;
  std::size_t i = 0;
  while (i < lines.size() && lines[i].rfind(">>> ", 0) != 0) ++i;  // skip comments
  while (i < lines.size()) {
    HttpExchange ex;
    const std::string_view request_line = trim(lines[i].substr(4));
    const auto space = request_line.find(' ');
    const auto method = parse_method(request_line.substr(0, space));
    if (!method || space == std::string_view::npos) return fixture_error(i, "expected \">>> METHOD URL\"");
    ex.request.method = *method;
    ex.request.url = std::string(trim(request_line.substr(space + 1)));
    ++i;
    read_block(lines, i, ex.request.headers, ex.request.body);
    if (i >= lines.size() || lines[i].rfind("<<< ", 0) != 0) return fixture_error(i, "expected \"<<< STATUS\"");
    const std::string_view status = trim(lines[i].substr(4));
    if (status == "!network-before-send") {
      ex.outcome = ExchangeOutcome::network_before_send;
    } else if (status == "!network-after-send") {
      ex.outcome = ExchangeOutcome::network_after_send;
    } else if (status == "!timeout") {
      ex.outcome = ExchangeOutcome::timeout_after_send;
    } else {
      int code = 0;
      for (const char c : status) {
        if (c < '0' || c > '9') return fixture_error(i, "expected a status code after \"<<< \"");
        code = code * 10 + (c - '0');
      }
      if (code < 100 || code > 599) return fixture_error(i, "status code out of range");
      ex.response.status = code;
    }
    ++i;
    read_block(lines, i, ex.response.headers, ex.response.body);
    out.push_back(std::move(ex));
  }
  if (out.empty()) return Error::make(ErrorCode::validation, "fixture has no \">>> \" exchange");
  return out;
}

Result<std::vector<HttpExchange>> load_fixture(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::make(ErrorCode::validation, fmt::format("cannot read fixture {}", path));
  std::ostringstream content;
  content << in.rdbuf();
  auto parsed = parse_fixture(content.str());
  if (!parsed) {
    Error e = parsed.error();
    e.message = fmt::format("{}: {}", path, e.message);
    return e;
  }
  return parsed;
}

}  // namespace paylink::testing
