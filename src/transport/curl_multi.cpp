#include "transport/curl_multi.hpp"

#include <algorithm>
#include <limits>
#include <utility>

namespace paylink::detail {

CurlTransferSession::CurlTransferSession(CurlTransportOptions options, std::size_t max_in_flight)
    : options_(std::move(options)), user_agent_(paylink::user_agent(options_)) {
  curl_global_init_once();
  multi_ = curl_multi_init();
  const long connections = static_cast<long>(std::clamp<std::size_t>(max_in_flight, 1, 1024));
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, connections);
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, connections);
  // Every transfer of the session may be a stream of one HTTP/2 connection. libcurl's own cap is 100
  // streams per connection: above it, a batch opened dozens of extra connections (each a TLS handshake)
  // although the server allowed more streams. The server's SETTINGS_MAX_CONCURRENT_STREAMS still applies.
  curl_multi_setopt(multi_, CURLMOPT_MAX_CONCURRENT_STREAMS, connections);
}

CurlTransferSession::~CurlTransferSession() {
  for (auto& [tag, transfer] : transfers_) {
    curl_multi_remove_handle(multi_, transfer->handle);
    curl_easy_cleanup(transfer->handle);
  }
  for (CURL* h : idle_) curl_easy_cleanup(h);
  curl_multi_cleanup(multi_);
}

CURL* CurlTransferSession::take_handle() {
  if (!idle_.empty()) {
    CURL* handle = idle_.back();
    idle_.pop_back();  // configured when created; prepare sets the rest
    return handle;
  }
  CURL* handle = curl_easy_init();
  if (handle) configure_handle(handle, options_, user_agent_);
  return handle;
}

void CurlTransferSession::start(HttpRequest request, std::uint64_t tag) {
  if (transfers_.count(tag) != 0) {  // a caller's mistake; the transfer in progress stays as it is
    ended_.push_back({tag, Error::validation("tag", "a transfer with this tag is already in progress")});
    return;
  }
  CURL* handle = take_handle();
  if (!handle) {
    ended_.push_back({tag, Error::make(ErrorCode::network, "libcurl could not create a handle")});
    return;
  }
  auto transfer = std::make_unique<Transfer>();
  transfer->tag = tag;
  transfer->handle = handle;
  transfer->request = std::move(request);
  if (auto prepared = transfer->exchange.prepare(handle, transfer->request, options_); !prepared) {
    idle_.push_back(handle);  // prepare leaves a refused request's handle untouched
    ended_.push_back({tag, prepared.error()});
    return;
  }
  curl_easy_setopt(handle, CURLOPT_PRIVATE, transfer.get());
  curl_multi_add_handle(multi_, handle);
  transfers_.emplace(tag, std::move(transfer));
}

void CurlTransferSession::end_transfer(Transfer& transfer, bool keep_handle) {
  curl_multi_remove_handle(multi_, transfer.handle);
  if (keep_handle)
    idle_.push_back(transfer.handle);
  else
    curl_easy_cleanup(transfer.handle);  // its connection may be half-used: never reuse it
  transfers_.erase(transfer.tag);        // destroys `transfer`
}

void CurlTransferSession::collect_finished() {
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    const CURLcode code = msg->data.result;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &transfer);
    if (!transfer) continue;
    ended_.push_back({transfer->tag, transfer->exchange.finish(transfer->handle, code)});
    end_transfer(*transfer, code == CURLE_OK);
  }
}

std::vector<TransferCompletion> CurlTransferSession::poll(std::chrono::milliseconds max_wait) {
  if (!transfers_.empty()) {
    int running = 0;
    curl_multi_perform(multi_, &running);
    collect_finished();
    // Wait for sockets only when nothing has ended yet: what has ended is reported at once, so that
    // the driver can give its slot to the next request without a round trip's delay.
    if (ended_.empty() && running > 0 && max_wait.count() > 0) {
      const auto wait = std::min<std::chrono::milliseconds::rep>(max_wait.count(), std::numeric_limits<int>::max());
      curl_multi_poll(multi_, nullptr, 0, static_cast<int>(wait), nullptr);
      curl_multi_perform(multi_, &running);
      collect_finished();
    }
  }
  return std::exchange(ended_, {});
}

bool CurlTransferSession::abort(std::uint64_t tag, Error reason) {
  const auto it = transfers_.find(tag);
  if (it == transfers_.end()) return false;
  Transfer& transfer = *it->second;
  // Once the transfer has got as far as sending (or has sent bytes), the server may have the request.
  curl_off_t pretransfer_us = 0;
  long request_size = 0;
  curl_easy_getinfo(transfer.handle, CURLINFO_PRETRANSFER_TIME_T, &pretransfer_us);
  curl_easy_getinfo(transfer.handle, CURLINFO_REQUEST_SIZE, &request_size);
  reason.request_sent = pretransfer_us > 0 || request_size > 0;
  ended_.push_back({tag, std::move(reason)});
  end_transfer(transfer, false);
  return true;
}

void CurlTransferSession::wakeup() { curl_multi_wakeup(multi_); }

}  // namespace paylink::detail
