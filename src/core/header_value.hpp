#pragma once
// The header-value check, one rule for every vendor: a value that goes into an HTTP header (credentials,
// idempotency keys, signatures) may hold no control character, so it can never split the header or
// smuggle another one in.

#include <optional>
#include <string_view>

#include "paylink/error.hpp"

namespace paylink::detail {

/// True when `value` has no byte below 0x20 and no DEL (0x7f).
bool is_header_safe(std::string_view value) noexcept;

/// nullopt for a safe value, else `validation` naming `field` (never quoting the value, which may be
/// a credential).
std::optional<Error> check_header_value(std::string_view value, std::string_view field);

}  // namespace paylink::detail
