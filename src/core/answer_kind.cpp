#include "core/answer_kind.hpp"

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/json.hpp"

namespace paylink::detail {

AnswerKind classify_answer(std::string_view body) noexcept {
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return AnswerKind::empty;
  if (body[first] == '{' || body[first] == '[') return AnswerKind::json;
  if (looks_like_html(body)) return AnswerKind::html;
  return AnswerKind::other;
}

Error unreadable_answer(std::string_view provider, const HttpResponse& response) {
  const AnswerKind kind = classify_answer(response.body);
  if (!is_success(response.status)) {
    Error e = error_from_status(provider, response);
    if (kind == AnswerKind::html) {
      e.message = fmt::format("{}: HTTP {}: got an HTML page instead of JSON (a proxy or login page?)", provider,
                              response.status);
    }
    return e;
  }
  switch (kind) {
    case AnswerKind::html:
      return invalid_response(provider, "got an HTML page instead of JSON", response.status);
    case AnswerKind::empty:
      return invalid_response(provider, "the body is empty, not JSON", response.status);
    case AnswerKind::other:
      return invalid_response(provider, fmt::format("the body is not JSON: {}", bounded_text(response.body, 80)),
                              response.status);
    case AnswerKind::json:
      break;
  }
  return invalid_response(provider, "the body is not the JSON this call answers with", response.status);
}

}  // namespace paylink::detail
