#pragma once
/// @file http_request.hpp
/// @brief What an adapter asks the transport to send.

#include <string>
#include <string_view>

#include "paylink/http_headers.hpp"

namespace paylink {

enum class HttpMethod { get, post, put, patch, delete_ };

/// "GET", "POST", …
std::string_view to_string(HttpMethod method) noexcept;

/// A complete request. Adapters build it; the transport sends it verbatim.
struct HttpRequest {
  HttpMethod method = HttpMethod::get;
  std::string url;  ///< Absolute URL, query included.
  HttpHeaders headers;
  std::string body;
  /// True when sending it twice has the effect of sending it once: reads, and writes that carry a
  /// vendor idempotency key. Only such requests are retried once they may have reached the server.
  bool idempotent = false;
};

}  // namespace paylink
