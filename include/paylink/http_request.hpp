#pragma once
/// @file http_request.hpp
/// @brief What an adapter asks the transport to send.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "paylink/cancellation.hpp"
#include "paylink/export.hpp"
#include "paylink/http_headers.hpp"

namespace paylink {

/// The HTTP methods adapters use.
enum class HttpMethod {
  get,     ///< GET
  post,    ///< POST
  put,     ///< PUT
  patch,   ///< PATCH
  delete_  ///< DELETE (the trailing underscore avoids the keyword)
};

/// "GET", "POST", …
PAYLINK_EXPORT std::string_view to_string(HttpMethod method) noexcept;

/// A complete request. Adapters build it; the transport sends it verbatim.
struct HttpRequest {
  HttpMethod method = HttpMethod::get;  ///< Default GET.
  std::string url;                      ///< Absolute URL, query included.
  /// Sent in this order. The curl transport adds the User-Agent (`user_agent()`), Accept-Encoding
  /// and what HTTP itself needs (Host, Content-Length).
  HttpHeaders headers;
  std::string body;  ///< Sent verbatim; empty = no body.
  /// True when sending it twice has the effect of sending it once: reads, and writes that carry a
  /// vendor idempotency key. Only such requests are retried once they may have reached the server.
  bool idempotent = false;
  /// Set by the client from the call's `CallOptions`: the time the call has left when this attempt
  /// starts. A transport ends the transfer when it runs out, with a `timeout` error (the libcurl
  /// transport aborts it from its progress callback). Default none: only the transport's own timeouts.
  std::optional<std::chrono::milliseconds> time_left;
  /// Set by the client from `CallOptions::cancel`: a transport ends the transfer once it is canceled,
  /// with a `canceled` error whose `request_sent` says whether the server may have it. Default none.
  std::optional<CancellationToken> cancel;
};

}  // namespace paylink
