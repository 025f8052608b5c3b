#pragma once
/// @file replay_transport.hpp
/// @brief A transport that answers from recorded fixtures and checks what was sent.

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "paylink/testing/http_exchange.hpp"
#include "paylink/transport.hpp"

namespace paylink::testing {

/// Answers requests in script order. Each request must match the next exchange: same method and URL,
/// every scripted header present with the same value, and the same body (compared as JSON when both
/// sides are JSON, byte for byte otherwise). A mismatch or a request past the end of the script is
/// reported to `on_mismatch` (tests pass a function that fails the test) and answered with a
/// `network` error that was not sent. Thread-safe.
class ReplayTransport : public Transport {
 public:
  using MismatchHandler = std::function<void(const std::string& what)>;

  explicit ReplayTransport(std::vector<HttpExchange> script, MismatchHandler on_mismatch = {});

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
