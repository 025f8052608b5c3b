// Names of the model's enumerations, used in logs, errors, the CLI and JSON output.
#include <cctype>

#include "paylink/capabilities.hpp"
#include "paylink/http_headers.hpp"
#include "paylink/http_request.hpp"
#include "paylink/link_status.hpp"
#include "paylink/logging.hpp"

namespace paylink {

std::string_view to_string(LinkStatus status) noexcept {
  switch (status) {
    case LinkStatus::open:
      return "open";
    case LinkStatus::pending:
      return "pending";
    case LinkStatus::paid:
      return "paid";
    case LinkStatus::expired:
      return "expired";
    case LinkStatus::canceled:
      return "canceled";
    case LinkStatus::unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<LinkStatus> parse_link_status(std::string_view word) noexcept {
  for (const auto s : {LinkStatus::open, LinkStatus::pending, LinkStatus::paid, LinkStatus::expired,
                       LinkStatus::canceled, LinkStatus::unknown}) {
    if (to_string(s) == word) return s;
  }
  return std::nullopt;
}

std::string_view to_string(Operation op) noexcept {
  switch (op) {
    case Operation::create:
      return "create";
    case Operation::get:
      return "get";
    case Operation::list:
      return "list";
    case Operation::expire:
      return "expire";
    case Operation::update:
      return "update";
    case Operation::list_payments:
      return "list_payments";
    case Operation::list_payment_methods:
      return "list_payment_methods";
  }
  return "unknown";
}

bool Capabilities::supports(Operation op) const noexcept {
  switch (op) {
    case Operation::create:
      return create;
    case Operation::get:
      return get;
    case Operation::list:
      return list;
    case Operation::expire:
      return expire;
    case Operation::update:
      return update;
    case Operation::list_payments:
      return list_payments;
    case Operation::list_payment_methods:
      return list_payment_methods;
  }
  return false;
}

std::string_view to_string(HttpMethod method) noexcept {
  switch (method) {
    case HttpMethod::get:
      return "GET";
    case HttpMethod::post:
      return "POST";
    case HttpMethod::put:
      return "PUT";
    case HttpMethod::patch:
      return "PATCH";
    case HttpMethod::delete_:
      return "DELETE";
  }
  return "GET";
}

std::string_view to_string(LogLevel level) noexcept {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "info";
}

std::optional<std::string> find_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < key.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(key[i])) == std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return value;
  }
  return std::nullopt;
}

}  // namespace paylink
