#include "transport/curl_easy.hpp"

#include <sys/utsname.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "core/base_url.hpp"
#include "core/url.hpp"
#include "paylink/version.hpp"
#include "transport/curl_protocols.hpp"

namespace paylink::detail {
namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* ex = static_cast<CurlExchange*>(user);
  const std::size_t n = size * count;
  if (ex->response.body.size() + n > ex->limit) {
    ex->too_large = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  ex->response.body.append(data, n);
  return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* ex = static_cast<CurlExchange*>(user);
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

// libcurl calls it often while data moves and about once a second while it waits: a nonzero return
// aborts the transfer (CURLE_ABORTED_BY_CALLBACK). Only requests with a time limit or a token set it.
int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* ex = static_cast<CurlExchange*>(user);
  if (ex->cancel && ex->cancel->canceled()) {
    ex->stopped_by = CurlExchange::StoppedBy::cancel;
    return 1;
  }
  if (ex->deadline && std::chrono::steady_clock::now() >= *ex->deadline) {
    ex->stopped_by = CurlExchange::StoppedBy::deadline;
    return 1;
  }
  return 0;
}

// "POST https://host/path" — never the query, which could carry a key in someone's custom URL.
std::string describe(const HttpRequest& r) {
  const auto q = r.url.find('?');
  return fmt::format("{} {}", to_string(r.method), r.url.substr(0, q));
}

// Failures that the same request would meet again: the peer's certificate or the TLS setup is wrong, or
// the URL cannot be used. Retrying them only spends the retry budget (and, for a certificate, hides an
// attack or a misconfiguration behind a slow failure).
bool is_permanent(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:  // unknown CA, wrong host name, expired or not yet valid
    case CURLE_SSL_CACERT_BADFILE:        // the CA bundle cannot be read
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
      return true;
    default:
      return false;
  }
}

}  // namespace

void curl_global_init_once() {
  static std::once_flag flag;
  std::call_once(flag, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

namespace {
// A piece of the User-Agent comment: visible ASCII only, and none of the comment's own delimiters.
std::string ua_token(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    out += (c > 0x20 && c < 0x7f && ch != '(' && ch != ')' && ch != ';') ? ch : '_';
  }
  return out;
}
}  // namespace

std::string format_user_agent(const UserAgentParts& parts, std::string_view suffix) {
  std::string platform = ua_token(parts.system);
  std::transform(platform.begin(), platform.end(), platform.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!parts.machine.empty()) platform += " " + ua_token(parts.machine);
  std::string libraries = "libcurl/" + ua_token(parts.libcurl);
  if (!parts.tls.empty()) libraries += " " + ua_token(parts.tls);
  std::string agent = fmt::format("paylink/{} ({}; {})", version_string(), platform, libraries);
  if (!suffix.empty()) agent += fmt::format(" {}", suffix);
  return agent;
}

UserAgentParts runtime_user_agent_parts() {
  UserAgentParts parts;
  utsname name{};
  if (::uname(&name) == 0) {
    parts.system = name.sysname;
    parts.machine = name.machine;
  } else {
    parts.system = "unknown";
  }
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  parts.libcurl = curl && curl->version ? curl->version : "unknown";
  if (curl && curl->ssl_version) parts.tls = curl->ssl_version;  // "OpenSSL/3.0.11"
  return parts;
}

// libcurl only reads the list (it never frees or changes it), so its nodes and their text can live in
// two buffers of this exchange: two allocations per request instead of two per header with
// curl_slist_append, and nothing to free node by node.
void CurlExchange::build_header_list(const HttpHeaders& headers) {
  static constexpr std::string_view kNoExpect = "Expect:";  // no 100-continue round trip
  std::size_t text_size = kNoExpect.size() + 1;
  for (const auto& [name, value] : headers) text_size += name.size() + 2 + value.size() + 1;
  // Sized once and written through a pointer: the nodes point into this buffer, which never moves.
  header_text_.resize(text_size);
  header_nodes_.resize(headers.size() + 1);
  char* out = header_text_.data();
  const auto put = [&out](std::string_view text) {
    if (text.empty()) return;  // an empty view may have no data pointer, which memcpy must not get
    std::memcpy(out, text.data(), text.size());
    out += text.size();
  };
  std::size_t node = 0;
  const auto line = [&](std::string_view name, std::string_view separator, std::string_view value) {
    header_nodes_[node].data = out;
    header_nodes_[node].next = node + 1 < header_nodes_.size() ? &header_nodes_[node + 1] : nullptr;
    ++node;
    put(name);
    put(separator);
    put(value);
    *out++ = '\0';
  };
  for (const auto& [name, value] : headers) line(name, ": ", value);
  line(kNoExpect, {}, {});
}

void configure_handle(CURL* h, const CurlTransportOptions& options, const std::string& user_agent) {
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  allow_only_http_and_https(h);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  // verify_tls off is honoured only for loopback hosts: prepare refuses any other host first.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options.verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options.verify_tls ? 2L : 0L);
  if (!options.ca_bundle.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_bundle.c_str());
  if (!options.proxy.empty()) curl_easy_setopt(h, CURLOPT_PROXY, options.proxy.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &on_header);
}

Result<void> CurlExchange::prepare(CURL* h, const HttpRequest& request, const CurlTransportOptions& options) {
  request_ = &request;
  const bool https = request.url.rfind("https://", 0) == 0;
  // The same rule as every adapter's base URL (core/base_url.hpp), kept here too for requests a user's
  // own adapter builds.
  if (!is_allowed_scheme_and_host(request.url)) {
    return Error::validation("url", fmt::format("refusing to send to {}: only https is allowed, and plain http "
                                                "only to a loopback host",
                                                describe(request)));
  }
  if (!options.verify_tls && !is_loopback_host(url_host(request.url))) {
    return Error::validation("verify_tls", fmt::format("TLS verification may only be turned off for loopback hosts, "
                                                       "not for {}",
                                                       url_host(request.url)));
  }

  // Set only once the request is accepted: a refused request leaves the handle untouched.
  error_detail_[0] = '\0';
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_detail_);
  limit = options.max_response_bytes;
  response.headers.reserve(12);  // a typical answer has 5-10 headers: no regrowth while they arrive
  build_header_list(request.headers);

  // Every option below is set for every request, whatever the previous request on this handle was.
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, header_nodes_.data());
  curl_easy_setopt(h, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, this);
  // Over TLS, where HTTP/2 may be offered, wait for an existing connection to multiplex on rather than
  // opening another; over plain HTTP/1.1 (a loopback sandbox) waiting would only serialise requests.
  curl_easy_setopt(h, CURLOPT_PIPEWAIT, https ? 1L : 0L);
  // The caller's limits: the total timeout is cut to the call's time left (the exact end), and the
  // progress callback notices a canceled token (within about a second while the transfer waits).
  deadline.reset();
  cancel = request.cancel ? &*request.cancel : nullptr;
  stopped_by = StoppedBy::nothing;
  long timeout_ms = static_cast<long>(options.total_timeout.count());
  deadline_is_timeout = false;
  if (request.time_left) {
    const auto left = std::max<long long>(1, request.time_left->count());
    deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(left);
    if (timeout_ms <= 0 || left < timeout_ms) {
      timeout_ms = static_cast<long>(left);
      deadline_is_timeout = true;
    }
  }
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout_ms);
  const bool watch = deadline || cancel;
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, watch ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, watch ? &on_progress : nullptr);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, watch ? this : nullptr);

  switch (request.method) {
    case HttpMethod::get:
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
      // Drop the previous request's body first (setting POSTFIELDS selects POST), then select GET.
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, static_cast<const char*>(nullptr));
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(-1));
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      return {};
    case HttpMethod::post:
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, static_cast<const char*>(nullptr));
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      break;
    default:
      // A POST with the method name replaced: the body is sent as for a POST.
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(to_string(request.method)).c_str());
      break;
  }
  // Set from the request for every attempt, so a retry never sends an empty body.
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  return {};
}

Result<HttpResponse> CurlExchange::finish(CURL* h, CURLcode code) {
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));  // the handle may outlive this exchange
  if (too_large) {
    Error e = Error::make(ErrorCode::invalid_response,
                          fmt::format("response from {} exceeds the {} byte limit", describe(*request_), limit));
    // An answer was arriving, so the server had the request and may have acted on it: a create must be
    // reported as ambiguous, not sent again.
    e.request_sent = true;
    return e;
  }
  if (code != CURLE_OK) {
    long request_size = 0;
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
    // libcurl's detail says which check failed ("SSL certificate problem: certificate has expired");
    // its generic text for the code is the fallback.
    const std::string_view detail = error_detail_[0] != '\0' ? error_detail_ : curl_easy_strerror(code);
    const bool canceled = code == CURLE_ABORTED_BY_CALLBACK && stopped_by == StoppedBy::cancel;
    const bool out_of_time = (code == CURLE_ABORTED_BY_CALLBACK && stopped_by == StoppedBy::deadline) ||
                             (code == CURLE_OPERATION_TIMEDOUT && deadline_is_timeout);
    Error e = Error::make(
        canceled ? ErrorCode::canceled
                 : (code == CURLE_OPERATION_TIMEDOUT || out_of_time ? ErrorCode::timeout : ErrorCode::network),
        canceled ? fmt::format("{} aborted: the call was canceled", describe(*request_))
        : out_of_time
            ? fmt::format("{} aborted: the call's time ran out", describe(*request_))
            : fmt::format("{} failed: {}{} (curl {})", describe(*request_),
                          code == CURLE_PEER_FAILED_VERIFICATION ? "TLS: " : "", detail, static_cast<int>(code)));
    // Bytes of the request left this machine: the server may have acted on it.
    e.request_sent = request_size > 0;
    e.retryable = !is_permanent(code) && !canceled && !out_of_time;
    return e;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return std::move(response);
}

}  // namespace paylink::detail
