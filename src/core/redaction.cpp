#include "core/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "core/json.hpp"
#include "paylink/logging.hpp"

namespace paylink::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view name) {
  const std::string l = lower(name);
  return std::find(list.begin(), list.end(), l) != list.end();
}

// Header names whose values carry no secret. Everything else (Authorization, api_key,
// X-Qonto-Staging-Token, cookies, unknown vendor headers) is redacted.
constexpr std::array<std::string_view, 10> kHarmlessHeaders{
    "content-type", "accept",    "user-agent",      "content-length",
    "retry-after",  "date",      "idempotency-key", "x-qonto-idempotency-key",
    "x-request-id", "x-trace-id"};

// Query parameters of the list calls; no vendor puts a credential in them.
constexpr std::array<std::string_view, 9> kHarmlessQuery{"page",       "per_page", "limit",    "page_no", "sort_field",
                                                         "sort_order", "status",   "status[]", "locale"};

// JSON keys whose values are credentials or signatures.
constexpr std::array<std::string_view, 12> kCredentialKeys{
    "token",    "hmac",          "api_key",      "apikey",        "secret",       "secret_key",
    "password", "authorization", "access_token", "refresh_token", "bearer_token", "staging_token"};

void mask(Json& value) {
  if (value.is_object()) {
    for (auto& [key, child] : value.items()) {
      if (listed(kCredentialKeys, key))
        child = "***";
      else
        mask(child);
    }
  } else if (value.is_array()) {
    for (auto& child : value) mask(child);
  }
}

}  // namespace

std::string redact_url(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const auto slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  const auto q = url.find('?');
  std::string out(url.substr(0, q));
  if (q == std::string_view::npos) return out;
  std::string_view query = url.substr(q + 1);
  char sep = '?';
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    const std::string_view key = pair.substr(0, eq);
    std::string decoded_key(key);
    if (decoded_key.size() > 6 && lower(decoded_key.substr(decoded_key.size() - 6)) == "%5b%5d") {
      decoded_key = decoded_key.substr(0, decoded_key.size() - 6) + "[]";
    }
    out += sep;
    out += key;
    if (eq != std::string_view::npos) {
      out += '=';
      out += listed(kHarmlessQuery, decoded_key) ? std::string(pair.substr(eq + 1)) : std::string(kRedacted);
    }
    sep = '&';
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string redact_headers(const HttpHeaders& headers) {
  std::string out;
  for (const auto& [name, value] : headers) {
    if (!out.empty()) out += "; ";
    out += fmt::format("{}: {}", name, listed(kHarmlessHeaders, name) ? value : std::string(kRedacted));
  }
  return out;
}

std::string mask_body(std::string_view body) {
  auto parsed = parse_json(body, "log");
  if (!parsed) return fmt::format("<{} bytes, not JSON>", body.size());
  mask(*parsed);
  return dump_json(*parsed);
}

}  // namespace paylink::detail

namespace paylink {

RedactedRequest redact_request(const HttpRequest& request) {
  RedactedRequest out;
  out.method = std::string(to_string(request.method));
  // scheme://host kept (user:password@ dropped), then the path and query as the log shows them.
  std::string_view url = request.url;
  const auto scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const auto path = url.find_first_of("/?#", scheme + 3);
    std::string_view authority = url.substr(scheme + 3, path == std::string_view::npos ? url.npos : path - scheme - 3);
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) authority.remove_prefix(at + 1);
    out.url = fmt::format("{}://{}", url.substr(0, scheme), authority);
    if (path != std::string_view::npos) out.url += detail::redact_url(url.substr(path));
  } else {
    out.url = detail::redact_url(url);
  }
  for (const auto& [name, value] : request.headers) {
    out.headers.emplace_back(name,
                             detail::listed(detail::kHarmlessHeaders, name) ? value : std::string(detail::kRedacted));
  }
  if (!request.body.empty()) out.body = detail::mask_body(request.body);
  return out;
}

}  // namespace paylink
