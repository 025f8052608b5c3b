#pragma once
/// @file replay_transport.hpp
/// @brief A transport that answers from recorded fixtures and checks what was sent.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "paylink/testing/export.hpp"
#include "paylink/testing/http_exchange.hpp"
#include "paylink/transport.hpp"

namespace paylink::testing {

/// Answers requests in script order. Each request must match the next exchange: same method and URL,
/// every scripted header present with the same value, and the same body (compared as JSON when both
/// sides are JSON, byte for byte otherwise). A mismatch or a request past the end of the script is
/// reported to `on_mismatch` (tests pass a function that fails the test) and answered with a
/// `network` error that was not sent. Thread-safe.
class PAYLINK_TESTING_EXPORT ReplayTransport : public Transport {
 public:
  /// Told what did not match (expected versus sent), once per mismatching request.
  using MismatchHandler = std::function<void(const std::string& what)>;

  /// A transport that expects the exchanges of `script` in order (e.g. from `load_fixture`) and
  /// reports mismatches to `on_mismatch` (none = only recorded, see `mismatches()`).
  explicit ReplayTransport(std::vector<HttpExchange> script, MismatchHandler on_mismatch = {});

  /// Checks `request` against the next exchange and answers as it scripts (a response, or a
  /// `network` / `timeout` error with `request_sent` as the outcome says). On a mismatch or past the
  /// end of the script: `network`, not sent.
  Result<HttpResponse> send(const HttpRequest& request) override;

  /// Every request received, in order, matching or not.
  std::vector<HttpRequest> sent() const;
  /// Exchanges not yet used.
  std::size_t remaining() const;
  /// Descriptions of every mismatch so far.
  std::vector<std::string> mismatches() const;
  /// True when every exchange was used and nothing mismatched.
  bool fully_consumed_without_mismatch() const;

 private:
  mutable std::mutex mutex_;
  std::vector<HttpExchange> script_;
  std::size_t next_ = 0;
  std::vector<HttpRequest> sent_;
  std::vector<std::string> mismatches_;
  MismatchHandler on_mismatch_;
};

}  // namespace paylink::testing
