#pragma once
/// @file fake_transport.hpp
/// @brief A transport whose answers a test computes, recording every request.

#include <functional>
#include <mutex>
#include <vector>

#include "paylink/transport.hpp"

namespace paylink::testing {

/// Calls `handler` for each request and records the request. Thread-safe.
class FakeTransport : public Transport {
 public:
  /// Computes the answer to one request: a response, or an `Error` as a real transport would fail
  /// (`network` / `timeout` with `Error::request_sent`). Called on the sending thread.
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  /// A transport that answers with `handler`.
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  /// Records `request`, then returns whatever the handler returns for it.
  Result<HttpResponse> send(const HttpRequest& request) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sent_.push_back(request);
    }
    return handler_(request);
  }

  /// Every request received so far, in order (a copy).
  std::vector<HttpRequest> sent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sent_;
  }
  /// How many requests were received so far.
  std::size_t count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sent_.size();
  }

 private:
  Handler handler_;
  mutable std::mutex mutex_;
  std::vector<HttpRequest> sent_;
};

/// A handler that always answers `status` with `body` (JSON content type).
inline FakeTransport::Handler always_respond(int status, std::string body) {
  return [status, body = std::move(body)](const HttpRequest&) -> Result<HttpResponse> {
    HttpResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = body;
    return r;
  };
}

}  // namespace paylink::testing
