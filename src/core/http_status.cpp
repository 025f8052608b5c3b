#include "core/http_status.hpp"

#include <cctype>
#include <ctime>
#include <string>

#include <curl/curl.h>

#include <fmt/format.h>

#include "core/json.hpp"

namespace paylink::detail {

ErrorCode error_code_for_status(int status) noexcept {
  switch (status) {
    case 401:
    case 403:
      return ErrorCode::auth;
    case 404:
    case 410:
      return ErrorCode::not_found;
    case 409:
      return ErrorCode::conflict;
    case 429:
      return ErrorCode::rate_limited;
    default:
      break;
  }
  if (status >= 400 && status < 500) return ErrorCode::validation;
  return ErrorCode::provider;
}

bool status_is_retryable(int status) noexcept {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

Error error_from_status(std::string_view provider, const HttpResponse& response) {
  Error e = Error::make(error_code_for_status(response.status),
                        response.body.empty()
                            ? fmt::format("{}: HTTP {}", provider, response.status)
                            : fmt::format("{}: HTTP {}: {}", provider, response.status, bounded_text(response.body)));
  e.http_status = response.status;
  e.vendor_message = bounded_text(response.body);
  e.retryable = status_is_retryable(response.status);
  return e;
}

std::optional<std::chrono::milliseconds> parse_retry_after(const HttpResponse& response, Timestamp now) {
  const auto value = find_header(response.headers, "Retry-After");
  if (!value) return std::nullopt;
  std::string_view v = *value;
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  bool digits = v.size() <= 9;
  for (const char c : v) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (digits) return std::chrono::milliseconds(std::stoll(std::string(v)) * 1000);
  // RFC 9110 has recipients accept all three HTTP-date forms (IMF-fixdate, RFC 850, asctime);
  // curl_getdate reads each of them.
  const time_t when = curl_getdate(std::string(v).c_str(), nullptr);
  if (when == -1) return std::nullopt;
  // In whole milliseconds since the epoch, not as a Timestamp: a year-9999 date would overflow its
  // nanoseconds.
  const long long now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  const long long when_ms = static_cast<long long>(when) * 1000;
  return std::chrono::milliseconds(when_ms > now_ms ? when_ms - now_ms : 0);
}

bool looks_like_html(std::string_view body) noexcept {
  while (!body.empty() && std::isspace(static_cast<unsigned char>(body.front()))) body.remove_prefix(1);
  if (body.empty() || body.front() != '<') return false;
  std::string head;
  for (std::size_t i = 0; i < body.size() && i < 15; ++i)
    head += static_cast<char>(std::tolower(static_cast<unsigned char>(body[i])));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 || head.rfind("<head", 0) == 0 ||
         head.rfind("<body", 0) == 0;
}

}  // namespace paylink::detail
