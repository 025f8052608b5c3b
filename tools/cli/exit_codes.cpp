#include "exit_codes.hpp"

#include <fmt/format.h>

namespace paylink_cli {

using paylink::ErrorCode;

ExitCode exit_code_for(const paylink::Error& error, int sends) {
  switch (error.code) {
    case ErrorCode::unsupported:
      return kUsage;  // the vendor lacks the operation: a usage error, and nothing was sent
    case ErrorCode::validation:
    case ErrorCode::auth:
    case ErrorCode::not_found:
    case ErrorCode::conflict:
      return sends == 0 ? kUsage : kRefused;
    case ErrorCode::rate_limited:
    case ErrorCode::provider:
    case ErrorCode::network:
    case ErrorCode::timeout:
    case ErrorCode::invalid_response:
    case ErrorCode::canceled:
      return kUnavailable;
    case ErrorCode::ambiguous:
      return kAmbiguous;
  }
  return kUnavailable;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool control = c < 0x20 || c == 0x7f;
    if (control || c == ' ') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string describe_error(const paylink::Error& error, std::string_view provider, std::string_view operation,
                           int sends, std::string_view how_to_check) {
  const ExitCode code = exit_code_for(error, sends);
  switch (code) {
    case kUsage:
      if (error.code == ErrorCode::unsupported) {
        return one_line(fmt::format("{} does not support {}; nothing was sent", provider, operation));
      }
      {
        // Name the field unless the message already does ("amount \"1.234\" has 3 decimals…").
        const bool named = error.field.empty() || error.message.find(error.field) != std::string::npos;
        return one_line(fmt::format("invalid input{}: {}; nothing was sent",
                                    named ? "" : fmt::format(" ({})", error.field), error.message));
      }
    case kRefused:
      return one_line(fmt::format("{} refused the {}: {}", provider, operation, error.to_string()));
    case kAmbiguous: {
      std::string text =
          fmt::format("{} create: the request was sent but no answer came, so the link may or may not exist", provider);
      if (!how_to_check.empty()) text += fmt::format("; {}", how_to_check);
      return one_line(text);
    }
    default: {
      const std::string attempts = sends > 1 ? fmt::format(" after {} attempts", sends) : "";
      return one_line(fmt::format("{} {} failed{}: {}", provider, operation, attempts, error.to_string()));
    }
  }
}

}  // namespace paylink_cli
