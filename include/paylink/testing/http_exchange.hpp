#pragma once
/// @file http_exchange.hpp
/// @brief Recorded request/response pairs and the fixture file format that holds them.

#include <string>
#include <string_view>
#include <vector>

#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"
#include "paylink/testing/export.hpp"

namespace paylink::testing {

/// What the transport did instead of answering, for scripting failures.
enum class ExchangeOutcome {
  respond,              ///< Answer with `response`.
  network_before_send,  ///< Fail with `network`, request not sent (connection refused).
  network_after_send,   ///< Fail with `network`, request sent (connection dropped before the answer).
  timeout_after_send,   ///< Fail with `timeout`, request sent.
};

/// One expected request and what to answer to it.
struct HttpExchange {
  HttpRequest request;    ///< Headers listed here must be sent with these values ("*" = any value).
  HttpResponse response;  ///< The answer when `outcome` is `respond`.
  ExchangeOutcome outcome = ExchangeOutcome::respond;  ///< Answer, or fail as scripted. Default answer.
};

/// Parses the fixture format, one or more exchanges per file:
///
///     # comment lines before the first exchange
///     >>> POST https://thirdparty.qonto.com/v2/payment_links
///     Content-Type: application/json
///
///     {"payment_link": {…}}
///     <<< 201
///     Content-Type: application/json
///
///     {"payment_link": {…}}
///
/// `<<< ` takes a status code, or `!network-before-send`, `!network-after-send`, `!timeout`.
/// Bodies are kept verbatim except for the one line break that ends them.
PAYLINK_TESTING_EXPORT Result<std::vector<HttpExchange>> parse_fixture(std::string_view text);
/// Reads and parses a fixture file. Errors name the file.
PAYLINK_TESTING_EXPORT Result<std::vector<HttpExchange>> load_fixture(const std::string& path);

}  // namespace paylink::testing
