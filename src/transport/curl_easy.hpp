#pragma once
// Setting up one libcurl easy handle for a request and reading its outcome: shared by the blocking
// transport (curl_easy_perform) and the batch transport (curl_multi), so TLS, timeouts, limits and
// error mapping are written once.
//
// A handle is configured in two steps: `configure_handle` once, when a pool creates it, with what is
// the same for every request of a transport; `CurlExchange::prepare` before each request, with
// everything that may differ between requests. Pooled handles are never curl_easy_reset: `prepare`
// sets every per-request option, so nothing of a handle's previous request carries over.

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/curl_transport.hpp"
#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"

namespace paylink::detail {

/// curl_global_init exactly once per process, thread-safely.
void curl_global_init_once();

/// What the User-Agent says about where it runs; vendors' support teams ask for these.
struct UserAgentParts {
  std::string system;   ///< uname's sysname, e.g. "Linux" (written lower case)
  std::string machine;  ///< uname's machine, e.g. "x86_64"
  std::string libcurl;  ///< e.g. "7.88.1"
  std::string tls;      ///< libcurl's TLS library and version, e.g. "OpenSSL/3.0.11"; empty = none
};

/// "paylink/<version> (<system> <machine>; libcurl/<v> <tls>)[ suffix]"; characters that could break
/// the header or its comment become '_'.
std::string format_user_agent(const UserAgentParts& parts, std::string_view suffix);

/// The parts of this process: uname and the libcurl it runs with (not the one it was built against).
UserAgentParts runtime_user_agent_parts();

/// Sets the options that never change between the requests of one transport (protocols, redirects,
/// TLS verification, timeouts, user agent, keep-alive, callbacks, proxy, CA bundle). Call once, on a
/// fresh handle, before its first `CurlExchange::prepare`.
void configure_handle(CURL* handle, const CurlTransportOptions& options, const std::string& user_agent);

/// The state of one exchange: what libcurl writes into, and the header list it reads from.
class CurlExchange {
 public:
  CurlExchange() = default;
  CurlExchange(const CurlExchange&) = delete;
  CurlExchange& operator=(const CurlExchange&) = delete;

  /// Refuses URLs the options do not allow (plain http or no TLS verification off loopback), then
  /// sets the per-request options of `handle` (configured by `configure_handle`) for `request`: URL,
  /// method, body, headers, HTTP/2 stream waiting and where the answer goes. A refused request leaves
  /// the handle untouched. `request` must outlive the transfer (neither it nor its body is copied).
  Result<void> prepare(CURL* handle, const HttpRequest& request, const CurlTransportOptions& options);
  /// The response, or the error for `code`, once the transfer has ended.
  Result<HttpResponse> finish(CURL* handle, CURLcode code);

  // libcurl callbacks (public for the C trampolines).
  HttpResponse response;
  std::size_t limit = 0;
  bool too_large = false;
  /// The caller's limits of this request (`HttpRequest::time_left` and `cancel`), checked by the
  /// progress callback; `stopped_by` says which one ended the transfer.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  const CancellationToken* cancel = nullptr;
  enum class StoppedBy { nothing, deadline, cancel } stopped_by = StoppedBy::nothing;
  bool deadline_is_timeout = false;  // CURLOPT_TIMEOUT_MS was cut to the call's time left

 private:
  void build_header_list(const HttpHeaders& headers);

  const HttpRequest* request_ = nullptr;     // for error messages, which are built only when needed
  char error_detail_[CURL_ERROR_SIZE] = {};  // CURLOPT_ERRORBUFFER: libcurl's detail, e.g. which TLS check failed
  std::string header_text_;                  // "Name: value" lines, each NUL-terminated
  std::vector<curl_slist> header_nodes_;     // CURLOPT_HTTPHEADER's list, pointing into header_text_
};

}  // namespace paylink::detail
