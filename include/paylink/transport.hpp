#pragma once
/// @file transport.hpp
/// @brief The seam between the client loop and the network.

#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// Sends one request and returns the response, or an `Error` of code `network` or `timeout` whose
/// `request_sent` says whether the request may have reached the server. Any HTTP status is a response,
/// not an error. Implementations are safe to call from several threads at once.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

}  // namespace paylink
