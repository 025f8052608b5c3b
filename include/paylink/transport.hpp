#pragma once
/// @file transport.hpp
/// @brief The seam between the client loop and the network.

#include "paylink/export.hpp"
#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// Sends one request and returns the response, or an `Error` of code `network` or `timeout` whose
/// `request_sent` says whether the request may have reached the server. Any HTTP status is a response,
/// not an error. Implementations are safe to call from several threads at once.
class PAYLINK_EXPORT Transport {
 public:
  virtual ~Transport() = default;
  /// Sends `request` once (retries are the client's business) and returns the whole response.
  /// Errors: `network` or `timeout` (with `Error::request_sent`), `invalid_response` for a body
  /// above the transport's size cap, and `validation` for a request the transport refuses to send
  /// (e.g. plain http to a host that is not loopback), with `request_sent` false.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace paylink
