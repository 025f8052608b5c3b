#include "transport/curl_multi.hpp"

namespace paylink::detail {

CurlMulti::CurlMulti(CurlTransportOptions options, long max_connections)
    : options_(std::move(options)), user_agent_(curl_user_agent(options_)) {
  curl_global_init_once();
  multi_ = curl_multi_init();
  curl_multi_setopt(multi_, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
  curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, max_connections);
  curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, max_connections);
}

CurlMulti::~CurlMulti() {
  for (auto& [handle, transfer] : transfers_) {
    curl_multi_remove_handle(multi_, handle);
    curl_easy_cleanup(handle);
  }
  for (CURL* h : idle_) curl_easy_cleanup(h);
  curl_multi_cleanup(multi_);
}

void CurlMulti::start(HttpRequest request, Done done) {
  CURL* handle = nullptr;
  if (!idle_.empty()) {
    handle = idle_.back();
    idle_.pop_back();  // configured when created; prepare sets the rest
  } else {
    handle = curl_easy_init();
    if (handle) configure_handle(handle, options_, user_agent_);
  }
  if (!handle) {
    refused_.emplace_back(Error::make(ErrorCode::network, "libcurl could not create a handle"), std::move(done));
    return;
  }
  auto transfer = std::make_unique<Transfer>();
  transfer->request = std::move(request);
  transfer->done = std::move(done);
  if (auto prepared = transfer->exchange.prepare(handle, transfer->request, options_); !prepared) {
    idle_.push_back(handle);
    refused_.emplace_back(prepared.error(), std::move(transfer->done));
    return;
  }
  curl_multi_add_handle(multi_, handle);
  transfers_.emplace(handle, std::move(transfer));
}

void CurlMulti::poll(std::chrono::milliseconds timeout) {
  auto refused = std::move(refused_);
  refused_.clear();
  for (auto& [result, done] : refused) done(std::move(result));

  int running = 0;
  curl_multi_perform(multi_, &running);
  // Wait for sockets only when nothing has finished yet; finished transfers are delivered at once.
  if (deliver_finished() == 0 && refused.empty() && running > 0) {
    curl_multi_poll(multi_, nullptr, 0, static_cast<int>(timeout.count()), nullptr);
    curl_multi_perform(multi_, &running);
    deliver_finished();
  }
}

std::size_t CurlMulti::deliver_finished() {
  std::size_t delivered = 0;
  int queued = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
    if (msg->msg != CURLMSG_DONE) continue;
    CURL* handle = msg->easy_handle;
    const CURLcode code = msg->data.result;
    auto it = transfers_.find(handle);
    if (it == transfers_.end()) continue;
    std::unique_ptr<Transfer> transfer = std::move(it->second);
    transfers_.erase(it);
    Result<HttpResponse> result = transfer->exchange.finish(handle, code);
    curl_multi_remove_handle(multi_, handle);
    if (code == CURLE_OK)
      idle_.push_back(handle);
    else
      curl_easy_cleanup(handle);
    transfer->done(std::move(result));  // may start new transfers
    ++delivered;
  }
  return delivered;
}

}  // namespace paylink::detail
