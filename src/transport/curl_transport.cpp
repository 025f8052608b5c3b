// The libcurl transport. Each blocking send borrows an easy handle from a small pool; a handle keeps
// its connection cache across calls, which gives keep-alive without a share handle or any background
// thread. A session (for batch runs) is a multi handle of its own: see curl_multi.hpp. A pooled handle keeps the
// options set when it was created (configure_handle) and gets only the per-request ones for each send
// (CurlExchange::prepare), instead of a curl_easy_reset and every option again.
#include "paylink/curl_transport.hpp"

#include <mutex>
#include <vector>

#include "transport/curl_easy.hpp"
#include "transport/curl_multi.hpp"

namespace paylink {
namespace {

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options)
      : options_(std::move(options)), user_agent_(user_agent(options_)) {
    detail::curl_global_init_once();
  }

  ~CurlTransport() override {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }

  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override {
    CURL* h = acquire();
    if (!h) return Error::make(ErrorCode::network, "libcurl could not create a handle");
    detail::CurlExchange exchange;
    if (auto prepared = exchange.prepare(h, request, options_); !prepared) {
      release(h, true);
      return prepared.error();
    }
    const CURLcode code = curl_easy_perform(h);
    auto result = exchange.finish(h, code);
    release(h, code == CURLE_OK);
    return result;
  }

  std::unique_ptr<TransferSession> open_session(std::size_t max_in_flight) override {
    return std::make_unique<detail::CurlTransferSession>(options_, max_in_flight);
  }

 private:
  CURL* acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        return h;
      }
    }
    CURL* h = curl_easy_init();
    if (h) detail::configure_handle(h, options_, user_agent_);
    return h;
  }

  void release(CURL* h, bool healthy) {
    if (healthy) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (idle_.size() < options_.max_idle_handles) {
        idle_.push_back(h);
        return;
      }
    }
    curl_easy_cleanup(h);
  }

  CurlTransportOptions options_;
  std::string user_agent_;
  std::mutex mutex_;
  std::vector<CURL*> idle_;
};

}  // namespace

std::string user_agent(const CurlTransportOptions& options) {
  detail::curl_global_init_once();  // before curl_version_info, which older libcurl wants
  // uname and libcurl's version do not change while the process runs.
  static const detail::UserAgentParts parts = detail::runtime_user_agent_parts();
  return detail::format_user_agent(parts, options.user_agent_suffix);
}

std::shared_ptr<Transport> make_curl_transport(const CurlTransportOptions& options) {
  return std::make_shared<CurlTransport>(options);
}

}  // namespace paylink
