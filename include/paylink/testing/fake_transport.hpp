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
  using Handler = std::function<Result<HttpResponse>(const HttpRequest&)>;

  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sent_.push_back(request);
    }
    return handler_(request);
  }

  std::vector<HttpRequest> sent() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sent_;
  }
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
