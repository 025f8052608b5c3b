#pragma once
// Redaction by allow-list for everything the client logs: a header or query value is shown only when
// its name is known to be harmless; bodies are masked field by field when the user asks for them.

#include <string>
#include <string_view>

#include "paylink/http_headers.hpp"

namespace paylink::detail {

inline constexpr std::string_view kRedacted = "REDACTED";

/// The URL's path and query, each query value not on the allow-list replaced by REDACTED.
std::string redact_url(std::string_view url);
/// "Name: value; Name: REDACTED; …" with only allow-listed values shown.
std::string redact_headers(const HttpHeaders& headers);
/// The body with every JSON value whose key names a credential ("token", "hmac", "api_key", "secret",
/// "password", "authorization", …) replaced by "***"; a non-JSON body is replaced by its length.
std::string mask_body(std::string_view body);

}  // namespace paylink::detail
