#include "diagnostics.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"

namespace paylink_cli {
namespace {

// Fields shown bare, in the order the SDK gives them: they read as a sentence.
bool bare(std::string_view key) { return key == "provider" || key == "operation" || key == "method" || key == "path"; }

std::string quoted_if_needed(const std::string& value) {
  std::string flat = one_line(value);
  if (!flat.empty() && flat.find(' ') == std::string::npos && flat.find('"') == std::string::npos) return flat;
  std::string out = "\"";
  for (const char c : flat) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string format_log_event(const paylink::LogEvent& event) {
  std::string line(event.event);
  const bool request = event.event == "request";
  for (const auto& [key, value] : event.fields) {
    // A response, retry or failure carries its request's fields again: its headers and body were on the
    // request's line already.
    if (!request && (key == "headers" || key == "body")) continue;
    if (bare(key)) {
      line += " " + one_line(value);
    } else if (key == "body" || key == "response_body") {
      line += fmt::format(" {}={}", key, one_line(value));  // JSON reads best as it is
    } else {
      line += fmt::format(" {}={}", key, quoted_if_needed(value));
    }
  }
  return line;
}

paylink::LogHook verbose_log_hook(const Console& console) {
  const Console* out = &console;
  return [out](const paylink::LogEvent& event) {
    try {
      out->error(format_log_event(event));
    } catch (...) {  // a hook must not throw; a lost log line is the lesser harm
    }
  };
}

paylink::Result<paylink::HttpResponse> DryRunTransport::send(const paylink::HttpRequest& request) {
  paylink::RedactedRequest shown = paylink::redact_request(request);
  shown.headers.emplace_back("User-Agent", paylink::user_agent(options_));
  shown_ = true;
  sink_(shown);
  paylink::Error error = paylink::Error::make(paylink::ErrorCode::network, "--dry-run: the request was not sent");
  error.request_sent = false;
  return error;
}

DryRunTransport::Sink print_request_to(const Console& console) {
  const Console* out = &console;
  return [out](const paylink::RedactedRequest& request) {
    out->out(fmt::format("{} {}", request.method, request.url));
    for (const auto& [name, value] : request.headers) out->out(one_line(fmt::format("{}: {}", name, value)));
    if (!request.body.empty()) {
      out->out("");
      out->out(request.body);
    }
  };
}

std::string request_json(const paylink::RedactedRequest& request) {
  nlohmann::json j{{"method", request.method}, {"url", request.url}, {"headers", nlohmann::json::array()}};
  for (const auto& [name, value] : request.headers) j["headers"].push_back({name, value});
  if (!request.body.empty()) {
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    j["body"] = body.is_discarded() ? nlohmann::json(request.body) : body;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace paylink_cli
