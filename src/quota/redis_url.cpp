#include "quota/redis_url.hpp"

#include <curl/curl.h>

#include <charconv>
#include <memory>

#include <fmt/format.h>

namespace paylink::detail {

namespace {

constexpr std::string_view kField = "quota_redis_url";
constexpr std::string_view kShape = "redis://[:password@]host[:port][/db]";

struct UrlDeleter {
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
};
struct CurlStringDeleter {
  void operator()(char* s) const noexcept { curl_free(s); }
};

// One part of the URL, or "" when it has none (URL-decoded: a password may hold '@' or ':').
std::string part(CURLU* url, CURLUPart which, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(url, which, &raw, flags) != CURLUE_OK || raw == nullptr) return {};
  const std::unique_ptr<char, CurlStringDeleter> owned(raw);
  return std::string(raw);
}

Error bad(std::string_view what) {
  return Error::validation(std::string(kField), fmt::format("the quota's Redis URL {}; expected {}", what, kShape));
}

}  // namespace

Result<RedisAddress> parse_redis_url(std::string_view url) {
  const std::unique_ptr<CURLU, UrlDeleter> handle(curl_url());
  if (!handle) return Error::make(ErrorCode::network, "out of memory parsing the quota's Redis URL");
  const std::string text(url);
  if (text.rfind("redis://", 0) != 0)
    return bad("must start with redis:// (rediss:// and unix sockets are not supported)");
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
    return bad("cannot be parsed");
  }
  RedisAddress a;
  a.host = part(handle.get(), CURLUPART_HOST);
  if (a.host.empty()) return bad("names no host");
  if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  // libcurl decodes a percent-encoded host ("c%2542" is "c%42"); a '%' left in it would make `display`
  // name another host, and no host name or address holds one.
  if (a.host.find('%') != std::string::npos) return bad("has a host with a '%' (not a host name or address)");
  const std::string port = part(handle.get(), CURLUPART_PORT);
  if (!port.empty()) {
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), a.port);
    if (ec != std::errc() || end != port.data() + port.size() || a.port < 1 || a.port > 65535) {
      return bad("has a port that is not 1 to 65535");
    }
  }
  std::string path = part(handle.get(), CURLUPART_PATH);
  if (!path.empty() && path.front() == '/') path.erase(0, 1);
  if (!path.empty()) {
    const auto [end, ec] = std::from_chars(path.data(), path.data() + path.size(), a.db);
    if (ec != std::errc() || end != path.data() + path.size() || a.db < 0) {
      return bad("has a database that is not a number (the path is /<db>, e.g. /0)");
    }
  }
  if (!part(handle.get(), CURLUPART_QUERY).empty() || !part(handle.get(), CURLUPART_FRAGMENT).empty()) {
    return bad("has a query or fragment");
  }
  a.user = part(handle.get(), CURLUPART_USER, CURLU_URLDECODE);
  a.password = part(handle.get(), CURLUPART_PASSWORD, CURLU_URLDECODE);
  const bool v6 = a.host.find(':') != std::string::npos;
  a.display = fmt::format("redis://{}{}{}:{}/{}", v6 ? "[" : "", a.host, v6 ? "]" : "", a.port, a.db);
  return a;
}

}  // namespace paylink::detail
