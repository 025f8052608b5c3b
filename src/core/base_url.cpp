#include "core/base_url.hpp"

#include <fmt/format.h>

#include "core/header_value.hpp"
#include "core/url.hpp"

namespace paylink::detail {
namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

}  // namespace

bool is_allowed_scheme_and_host(std::string_view url) {
  const std::string_view host = url_host(url);
  if (host.empty()) return false;
  if (starts_with_ci(url, "https://")) return true;
  return starts_with_ci(url, "http://") && is_loopback_host(host);
}

Result<std::string> checked_base_url(std::string_view url, std::string_view field) {
  const bool has_scheme = starts_with_ci(url, "https://") || starts_with_ci(url, "http://");
  if (!has_scheme || url_host(url).empty() || !is_header_safe(url) ||
      url.find_first_of(" ?#") != std::string_view::npos) {
    return Error::validation(std::string(field),
                             fmt::format("{} must be an absolute URL such as \"https://api.example.com/v1/\" or "
                                         "\"http://127.0.0.1:8787\", without query, fragment or spaces",
                                         field));
  }
  if (!is_allowed_scheme_and_host(url)) {
    return Error::validation(
        std::string(field),
        fmt::format("{} must be https (plain http only to a loopback host); nothing was sent", field));
  }
  return std::string(url);
}

}  // namespace paylink::detail
