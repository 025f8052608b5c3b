#pragma once
/// @file http_headers.hpp
/// @brief An ordered list of HTTP header fields with case-insensitive lookup.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paylink/export.hpp"

namespace paylink {

/// Header fields in the order they are sent or were received.
using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

/// The first value of header `name` (compared case-insensitively), if present.
PAYLINK_EXPORT std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name);

}  // namespace paylink
