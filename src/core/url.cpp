#include "core/url.hpp"

#include <cctype>

#include <fmt/format.h>

namespace paylink::detail {

namespace {
// RFC 3986 "unreserved", as ASCII: std::isalnum would follow the C locale, and in a Latin-1 locale
// take bytes such as 0xE4 as letters and leave them raw in the URL.
constexpr bool is_unreserved(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}
}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (is_unreserved(c)) {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

Result<std::string> path_segment(std::string_view id, std::string_view field) {
  if (id.empty()) return Error::validation(std::string(field), fmt::format("{} must not be empty", field));
  if (id == "." || id == "..") {
    return Error::validation(
        std::string(field),
        fmt::format("{} must not be \"{}\": a dot segment would change the request's route", field, id));
  }
  return url_encode(id);
}

std::string join_url(std::string_view base, std::string_view path) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  out += '/';
  out += path;
  return out;
}

std::string query_string(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [key, value] : params) {
    out += out.empty() ? '?' : '&';
    out += url_encode(key);
    out += '=';
    out += url_encode(value);
  }
  return out;
}

namespace {
std::string_view authority(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return {};
  url.remove_prefix(scheme + 3);
  // A plain loop: find_first_of tests each byte against the set with a library call (the transport
  // asks for a loopback sandbox's host on every request).
  std::size_t end = 0;
  while (end < url.size() && url[end] != '/' && url[end] != '?' && url[end] != '#') ++end;
  return url.substr(0, end);
}
}  // namespace

std::string_view url_host(std::string_view url) {
  std::string_view a = authority(url);
  const auto at = a.rfind('@');
  if (at != std::string_view::npos) a.remove_prefix(at + 1);
  if (!a.empty() && a.front() == '[') {
    const auto close = a.find(']');
    return a.substr(1, close == std::string_view::npos ? std::string_view::npos : close - 1);
  }
  return a.substr(0, a.find(':'));
}

std::string url_path(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    url.remove_prefix(scheme + 3);
    const auto slash = url.find('/');
    if (slash == std::string_view::npos) return "/";
    url.remove_prefix(slash);
  }
  return std::string(url.substr(0, url.find_first_of("?#")));
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1") return true;
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.')
      ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return dots == 3;
}

}  // namespace paylink::detail
