#include "paylink/testing/replay_transport.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace paylink::testing {
namespace {

bool same_body(const std::string& expected, const std::string& actual) {
  if (expected == actual) return true;
  const auto a = nlohmann::json::parse(expected, nullptr, false);
  const auto b = nlohmann::json::parse(actual, nullptr, false);
  return !a.is_discarded() && !b.is_discarded() && a == b;
}

std::string describe(const HttpRequest& r) { return fmt::format("{} {}", to_string(r.method), r.url); }

// Returns an empty string when `actual` matches `expected`, else what differs.
std::string difference(const HttpRequest& expected, const HttpRequest& actual) {
  if (expected.method != actual.method || expected.url != actual.url) {
    return fmt::format("expected {}, got {}", describe(expected), describe(actual));
  }
  for (const auto& [name, value] : expected.headers) {
    const auto sent = find_header(actual.headers, name);
    if (!sent) return fmt::format("{}: header {} was not sent", describe(actual), name);
    if (value != "*" && *sent != value) {
      return fmt::format("{}: header {} differs from the fixture", describe(actual), name);
    }
  }
  if (!same_body(expected.body, actual.body)) {
    return fmt::format("{}: body differs\n  expected: {}\n  actual:   {}", describe(actual), expected.body,
                       actual.body);
  }
  return {};
}

}  // namespace

ReplayTransport::ReplayTransport(std::vector<HttpExchange> script, MismatchHandler on_mismatch)
    : script_(std::move(script)), on_mismatch_(std::move(on_mismatch)) {}

Result<HttpResponse> ReplayTransport::send(const HttpRequest& request) {
  std::string problem;
  HttpExchange exchange;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    sent_.push_back(request);
    if (next_ >= script_.size()) {
      problem = fmt::format("unexpected request {} (script of {} used up)", describe(request), script_.size());
    } else {
      problem = difference(script_[next_].request, request);
      exchange = script_[next_];
      ++next_;
    }
    if (!problem.empty()) mismatches_.push_back(problem);
  }
  if (!problem.empty()) {
    if (on_mismatch_) on_mismatch_(problem);
    return Error::make(ErrorCode::network, "replay transport: " + problem);
  }
  switch (exchange.outcome) {
    case ExchangeOutcome::respond:
      return exchange.response;
    case ExchangeOutcome::network_before_send:
      return Error::make(ErrorCode::network, "replay transport: connection refused (scripted)");
    case ExchangeOutcome::network_after_send: {
      Error e = Error::make(ErrorCode::network, "replay transport: connection dropped after sending (scripted)");
      e.request_sent = true;
      return e;
    }
    case ExchangeOutcome::timeout_after_send: {
      Error e = Error::make(ErrorCode::timeout, "replay transport: timed out waiting for the answer (scripted)");
      e.request_sent = true;
      return e;
    }
  }
  return exchange.response;
}

std::vector<HttpRequest> ReplayTransport::sent() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return sent_;
}

std::size_t ReplayTransport::remaining() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return script_.size() - next_;
}

std::vector<std::string> ReplayTransport::mismatches() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return mismatches_;
}

bool ReplayTransport::fully_consumed_without_mismatch() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_ == script_.size() && mismatches_.empty();
}

}  // namespace paylink::testing
