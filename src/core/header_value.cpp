#include "core/header_value.hpp"

#include <fmt/format.h>

namespace paylink::detail {

bool is_header_safe(std::string_view value) noexcept {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

std::optional<Error> check_header_value(std::string_view value, std::string_view field) {
  if (is_header_safe(value)) return std::nullopt;
  return Error::validation(std::string(field), fmt::format("{} contains a line break or control character", field));
}

}  // namespace paylink::detail
