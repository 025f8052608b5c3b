#pragma once
// Many transfers at once over one libcurl multi handle, driven from the calling thread: no background
// thread. Connections (and HTTP/2 streams) are shared by every transfer of the multi handle.

#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "paylink/curl_transport.hpp"
#include "transport/curl_easy.hpp"

namespace paylink::detail {

class CurlMulti {
 public:
  using Done = std::function<void(Result<HttpResponse>)>;

  /// `max_connections` bounds the connections per host (and in the cache).
  CurlMulti(CurlTransportOptions options, long max_connections);
  ~CurlMulti();
  CurlMulti(const CurlMulti&) = delete;
  CurlMulti& operator=(const CurlMulti&) = delete;

  /// Starts `request`. `done` runs later, inside `poll`, exactly once (also for a refused request).
  void start(HttpRequest request, Done done);
  /// Moves transfers along for at most `timeout` and runs `done` for each that ended.
  void poll(std::chrono::milliseconds timeout);
  std::size_t in_flight() const noexcept { return transfers_.size() + refused_.size(); }

 private:
  struct Transfer {
    HttpRequest request;
    CurlExchange exchange;
    Done done;
  };

  std::size_t deliver_finished();

  CurlTransportOptions options_;
  std::string user_agent_;
  CURLM* multi_ = nullptr;
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> transfers_;
  std::vector<std::pair<Result<HttpResponse>, Done>> refused_;  // delivered at the next poll
  std::vector<CURL*> idle_;
};

}  // namespace paylink::detail
