#pragma once
// Setting up one libcurl easy handle for a request and reading its outcome: shared by the blocking
// transport (curl_easy_perform) and the batch transport (curl_multi), so TLS, timeouts, limits and
// error mapping are written once.

#include <curl/curl.h>

#include <string>

#include "paylink/curl_transport.hpp"
#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"

namespace paylink::detail {

/// curl_global_init exactly once per process, thread-safely.
void curl_global_init_once();

/// "paylink/<version>[ suffix]".
std::string curl_user_agent(const CurlTransportOptions& options);

/// The state of one exchange: what libcurl writes into, and the header list it reads from.
class CurlExchange {
 public:
  CurlExchange() = default;
  ~CurlExchange();
  CurlExchange(const CurlExchange&) = delete;
  CurlExchange& operator=(const CurlExchange&) = delete;

  /// Refuses URLs the options do not allow (plain http or no TLS verification off loopback), then
  /// configures `handle` for `request`. `request` must outlive the transfer (its body is not copied).
  Result<void> prepare(CURL* handle, const HttpRequest& request, const CurlTransportOptions& options,
                       const std::string& user_agent);
  /// The response, or the error for `code`, once the transfer has ended.
  Result<HttpResponse> finish(CURL* handle, CURLcode code);

  // libcurl callbacks (public for the C trampolines).
  HttpResponse response;
  std::size_t limit = 0;
  bool too_large = false;

 private:
  std::string description_;
  curl_slist* headers_ = nullptr;
};

}  // namespace paylink::detail
