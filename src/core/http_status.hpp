#pragma once
// What an HTTP status means when the vendor's body says nothing better; shared by all adapters and
// the client loop so that the four vendors classify alike.

#include <chrono>
#include <optional>
#include <string_view>

#include "paylink/error.hpp"
#include "paylink/http_response.hpp"
#include "paylink/timestamp.hpp"

namespace paylink::detail {

/// 401/403 auth, 404/410 not_found, 409 conflict, 400/422 validation, 429 rate_limited,
/// other 4xx validation, 5xx provider.
ErrorCode error_code_for_status(int status) noexcept;
/// 429, 502, 503 and 504: the server did not act and asks to be tried again.
bool status_is_retryable(int status) noexcept;
/// True for 2xx.
inline bool is_success(int status) noexcept { return status >= 200 && status < 300; }
/// An error for a failed response whose body the adapter could not read as the vendor's error
/// envelope: "<provider>: HTTP <status>: <bounded body text>", code from the status.
Error error_from_status(std::string_view provider, const HttpResponse& response);
/// Retry-After as delta-seconds or as an HTTP-date in any of its three forms (IMF-fixdate, RFC 850,
/// asctime; read by libcurl's curl_getdate), relative to `now`: zero for a date that has passed,
/// nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(const HttpResponse& response, Timestamp now);
/// True when a body is an HTML page (login walls, proxies) rather than the JSON the API speaks.
bool looks_like_html(std::string_view body) noexcept;

}  // namespace paylink::detail
