#pragma once
// HTML and non-JSON answers, one rule for every vendor: a login wall, a proxy's error page or a bare
// text where the API speaks JSON is classified here, so that all four vendors report it alike.

#include <string_view>

#include "paylink/error.hpp"
#include "paylink/http_response.hpp"

namespace paylink::detail {

enum class AnswerKind {
  json,   ///< Starts (after white space) with '{' or '[': for the vendor's wire to read.
  html,   ///< An HTML page (`looks_like_html`).
  empty,  ///< No body, or only white space.
  other,  ///< Anything else: plain text, a truncated or foreign format.
};

AnswerKind classify_answer(std::string_view body) noexcept;

/// The error for an answer the vendor's wire cannot read (kind html, empty or other, or JSON that is not
/// the vendor's error envelope): for a failed status, the status's error (`error_from_status`: code by
/// status, retryable by status, the body's bounded text), saying when the body was an HTML page; for a
/// 2xx, `invalid_response` saying what came instead of JSON.
Error unreadable_answer(std::string_view provider, const HttpResponse& response);

}  // namespace paylink::detail
