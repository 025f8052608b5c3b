#include <fmt/format.h>

#include "paylink/error.hpp"
#include "paylink/exception.hpp"

namespace paylink {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::network:
      return "network";
    case ErrorCode::timeout:
      return "timeout";
    case ErrorCode::auth:
      return "auth";
    case ErrorCode::validation:
      return "validation";
    case ErrorCode::not_found:
      return "not_found";
    case ErrorCode::conflict:
      return "conflict";
    case ErrorCode::rate_limited:
      return "rate_limited";
    case ErrorCode::provider:
      return "provider";
    case ErrorCode::invalid_response:
      return "invalid_response";
    case ErrorCode::unsupported:
      return "unsupported";
    case ErrorCode::ambiguous:
      return "ambiguous";
    case ErrorCode::canceled:
      return "canceled";
  }
  return "unknown";
}

Error Error::validation(std::string field_name, std::string text) {
  Error e;
  e.code = ErrorCode::validation;
  e.field = std::move(field_name);
  e.message = std::move(text);
  return e;
}

Error Error::make(ErrorCode error_code, std::string text) {
  Error e;
  e.code = error_code;
  e.message = std::move(text);
  e.retryable = error_code == ErrorCode::network || error_code == ErrorCode::timeout;
  return e;
}

Error Error::unsupported(std::string_view provider, std::string_view operation) {
  return make(ErrorCode::unsupported, fmt::format("{} does not support {}; nothing was sent", provider, operation));
}

std::string Error::to_string() const {
  std::string out = fmt::format("{}: {}", paylink::to_string(code), message);
  if (http_status != 0) out += fmt::format(" [http {}]", http_status);
  if (!vendor_code.empty() || !vendor_message.empty()) {
    out += fmt::format(" [vendor {}{}{}]", vendor_code, vendor_code.empty() || vendor_message.empty() ? "" : ": ",
                       vendor_message);
  }
  if (!request_id.empty()) out += fmt::format(" [request-id {}]", request_id);
  return out;
}

Exception::Exception(Error error) : std::runtime_error(error.to_string()), error_(std::move(error)) {}

}  // namespace paylink
