#pragma once
/// @file http_response.hpp
/// @brief What the transport received.

#include <string>

#include "paylink/http_headers.hpp"

namespace paylink {

/// A complete response: status, header fields (names as received) and the body bytes.
struct HttpResponse {
  int status = 0;       ///< The HTTP status code, e.g. 200.
  HttpHeaders headers;  ///< Header fields as received (use `find_header` to look one up).
  std::string body;     ///< The body bytes, already decoded from any Content-Encoding.
};

}  // namespace paylink
