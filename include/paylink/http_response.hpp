#pragma once
/// @file http_response.hpp
/// @brief What the transport received.

#include <string>

#include "paylink/http_headers.hpp"

namespace paylink {

/// A complete response: status, header fields (names as received) and the body bytes.
struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

}  // namespace paylink
