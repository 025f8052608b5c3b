// The one libcurl transport. Each send borrows an easy handle from a small pool; a handle keeps its
// connection cache across calls (curl_easy_reset keeps live connections), which gives keep-alive
// without a share handle or any background thread.
#include "paylink/curl_transport.hpp"

#include <curl/curl.h>

#include <mutex>
#include <vector>

#include <fmt/format.h>

#include "core/url.hpp"
#include "paylink/version.hpp"

namespace paylink {
namespace {

void global_init_once() {
  // curl_global_init is not thread-safe; every transport funnels through this once.
  static std::once_flag flag;
  std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Exchange {
  HttpResponse response;
  std::size_t limit = 0;
  bool too_large = false;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (ex->response.body.size() + n > ex->limit) {
    ex->too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  ex->response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* ex = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  std::string_view line(data, n);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    ex->response.headers.clear();  // a new status line (after 100 Continue): start over
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  ex->response.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  return n;
}

class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options)
      : options_(std::move(options)),
        user_agent_(options_.user_agent_suffix.empty()
                        ? fmt::format("paylink/{}", version_string())
                        : fmt::format("paylink/{} {}", version_string(), options_.user_agent_suffix)) {
    global_init_once();
  }

  ~CurlTransport() override {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }

  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<HttpResponse> send(const HttpRequest& request) override {
    const std::string host = detail::url_host(request.url);
    const bool loopback = detail::is_loopback_host(host);
    const bool https = request.url.rfind("https://", 0) == 0;
    if (!https && !(request.url.rfind("http://", 0) == 0 && loopback)) {
      return Error::validation("url", fmt::format("refusing to send to {}: only https is allowed, and plain http "
                                                  "only to a loopback host",
                                                  describe(request)));
    }
    if (!options_.verify_tls && https && !loopback) {
      return Error::validation("verify_tls", fmt::format("TLS verification may only be turned off for loopback "
                                                         "hosts, not for {}",
                                                         host));
    }

    CURL* h = acquire();
    if (!h) return Error::make(ErrorCode::network, "libcurl could not create a handle");

    Exchange ex;
    ex.limit = options_.max_response_bytes;
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers) {
      headers = curl_slist_append(headers, fmt::format("{}: {}", name, value).c_str());
    }
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout.count()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_bundle.c_str());
    if (!options_.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options_.proxy.c_str());
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &ex);

    switch (request.method) {
      case HttpMethod::get: curl_easy_setopt(h, CURLOPT_HTTPGET, 1L); break;
      case HttpMethod::post: curl_easy_setopt(h, CURLOPT_POST, 1L); break;
      default: curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(to_string(request.method)).c_str()); break;
    }
    if (request.method != HttpMethod::get) {
      // The body is set for every attempt from the request itself, so a retry never sends it empty.
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }

    const CURLcode code = curl_easy_perform(h);
    long status = 0;
    long request_size = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
    curl_slist_free_all(headers);
    release(h, code == CURLE_OK);

    if (ex.too_large) {
      return Error::make(ErrorCode::invalid_response,
                         fmt::format("response from {} exceeds the {} byte limit", describe(request), ex.limit));
    }
    if (code != CURLE_OK) {
      Error e = Error::make(code == CURLE_OPERATION_TIMEDOUT ? ErrorCode::timeout : ErrorCode::network,
                            fmt::format("{} failed: {} (curl {})", describe(request), curl_easy_strerror(code),
                                        static_cast<int>(code)));
      // Bytes of the request left this machine: the server may have acted on it.
      e.request_sent = request_size > 0;
      e.retryable = true;
      return e;
    }
    ex.response.status = static_cast<int>(status);
    return std::move(ex.response);
  }

 private:
  // "POST https://host/path" — never the query, which could carry a key in someone's custom URL.
  static std::string describe(const HttpRequest& r) {
    const auto q = r.url.find('?');
    return fmt::format("{} {}", to_string(r.method), r.url.substr(0, q));
  }

  CURL* acquire() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        curl_easy_reset(h);
        return h;
      }
    }
    return curl_easy_init();
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

std::shared_ptr<Transport> make_curl_transport(const CurlTransportOptions& options) {
  return std::make_shared<CurlTransport>(options);
}

}  // namespace paylink
