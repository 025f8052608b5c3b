#pragma once
// The libcurl TransferSession: many transfers over one multi handle, driven from the thread that
// polls it (no background thread). Connections, and HTTP/2 streams where the server offers them, are
// shared by every transfer of the session and kept between them.

#include <chrono>
#include <memory>
#include <unordered_map>
#include <vector>

#include "paylink/curl_transport.hpp"
#include "paylink/transport.hpp"
#include "transport/curl_easy.hpp"

namespace paylink::detail {

class CurlTransferSession final : public TransferSession {
 public:
  /// `max_in_flight` bounds the connections per host, those in the session's connection cache and the
  /// HTTP/2 streams per connection.
  CurlTransferSession(CurlTransportOptions options, std::size_t max_in_flight);
  ~CurlTransferSession() override;
  CurlTransferSession(const CurlTransferSession&) = delete;
  CurlTransferSession& operator=(const CurlTransferSession&) = delete;

  void start(HttpRequest request, std::uint64_t tag) override;
  std::vector<TransferCompletion> poll(std::chrono::milliseconds max_wait) override;
  bool abort(std::uint64_t tag, Error reason) override;
  void wakeup() override;

 private:
  struct Transfer {
    std::uint64_t tag = 0;
    CURL* handle = nullptr;
    HttpRequest request;  // libcurl reads the URL, headers and body from here until the transfer ends
    CurlExchange exchange;
  };

  CURL* take_handle();
  void end_transfer(Transfer& transfer, bool keep_handle);
  void collect_finished();

  CurlTransportOptions options_;
  std::string user_agent_;
  CURLM* multi_ = nullptr;
  std::unordered_map<std::uint64_t, std::unique_ptr<Transfer>> transfers_;  // in progress, by tag
  std::vector<TransferCompletion> ended_;                                   // reported by the next poll
  std::vector<CURL*> idle_;  // configured handles, for the next transfers
};

}  // namespace paylink::detail
