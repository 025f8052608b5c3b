#include "sandbox_server.hpp"

#include <sys/socket.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include <fmt/format.h>

namespace paylink_sandbox {

namespace {

// Enough worker threads that slow faults and keep-alive connections of concurrent (batch) clients
// do not starve each other: a keep-alive connection holds its worker, and four batch processes of 16
// in flight (the shared-quota test) keep 64 open. httplib's default is max(8, cores - 1).
constexpr std::size_t kWorkerThreads = 64;
// httplib closes a keep-alive connection after 5 requests by default, so a batch reconnects every
// fifth request (695 connections for 3,000 creates): each reconnect is a slower round trip, which the
// client's limiter must then cover. A connection is still recycled now and then, so that a client
// with more connections than workers cannot hold them all for good.
constexpr std::size_t kRequestsPerConnection = 1000;
constexpr std::size_t kMaxBodyBytes = std::size_t{8} * 1024 * 1024;

const char* reason_phrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 402:
      return "Payment Required";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 504:
      return "Gateway Timeout";
    default:
      return status >= 500 ? "Server Error" : status >= 400 ? "Client Error" : "Injected Status";
  }
}

// RFC 6749's error word closest to an HTTP status the sandbox answers by itself (faults, 404, 405).
const char* oauth_error_code(int status) {
  if (status == 429 || status == 503) return "temporarily_unavailable";
  if (status >= 500) return "server_error";
  if (status == 401) return "invalid_client";
  return "invalid_request";
}

// A body that no JSON parser accepts (the `malformed` fault).
constexpr const char* kMalformedBody = "{\"sandbox_fault\": \"malformed\", \"data\": [1, 2,, <html>";

}  // namespace

SandboxServer::SandboxServer(Options options, Credentials credentials)
    : options_(options),
      credentials_(std::move(credentials)),
      http_server_(make_http_server(options.tls)),
      server_(*http_server_),
      qonto_oauth_({credentials_.qonto_client_id, credentials_.qonto_client_secret}, options_.qonto_token_ttl),
      qonto_quota_(options_.qonto_quota ? qonto_quota_windows() : std::vector<QuotaWindow>{}) {
  notifier_.configure(Notifier::Options{options_.redelivery_interval});
  server_.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server_.set_payload_max_length(kMaxBodyBytes);
  // httplib's default sets SO_REUSEPORT, which would let a second sandbox bind the same port
  // silently; plain SO_REUSEADDR keeps "address in use" an error.
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // cpp-httplib 0.11 answers 400 by itself to a POST/PUT/PATCH that has neither Content-Length
  // nor Transfer-Encoding, which is how libcurl sends a body-less PATCH (Qonto's deactivate) or
  // `curl -X POST`. Such a request has no body to read, so it is served here, before httplib
  // tries to read one; the connection stays in sync for keep-alive.
  server_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    const bool body_method = req.method == "POST" || req.method == "PUT" || req.method == "PATCH";
    if (body_method && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding")) {
      dispatch(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  const auto handler = [this](const httplib::Request& req, httplib::Response& res) { dispatch(req, res); };
  server_.Get(".*", handler);
  server_.Post(".*", handler);
  server_.Put(".*", handler);
  server_.Patch(".*", handler);
  server_.Delete(".*", handler);
  server_.Options(".*", handler);

  register_control_routes(*this);
  register_payment_page_routes(*this);
  register_onoffice_routes(*this);
  register_multisafepay_routes(*this);
  register_smarterpay_routes(*this);
  register_qonto_routes(*this);
  register_qonto_oauth_routes(*this);
}

int SandboxServer::bind() {
  // Answers go out in one segment (no Nagle delay on keep-alive connections), and an idle keep-alive
  // connection holds its worker for at most a second, so stopping the sandbox is quick.
  server_.set_tcp_nodelay(true);
  server_.set_keep_alive_timeout(1);
  server_.set_keep_alive_max_count(kRequestsPerConnection);
  int port = -1;
  if (options_.port == 0) {
    port = server_.bind_to_any_port(kHost);
  } else if (server_.bind_to_port(kHost, options_.port)) {
    port = options_.port;
  }
  if (port > 0) base_url_ = fmt::format("{}://{}:{}", options_.tls ? "https" : "http", kHost, port);
  return port > 0 ? port : -1;
}

bool SandboxServer::run() { return server_.listen_after_bind(); }

void SandboxServer::stop() { server_.stop(); }

void SandboxServer::add_route(const std::string& method, const std::string& pattern, RouteHandler handler, bool icase) {
  auto flags = std::regex::ECMAScript;
  if (icase) flags |= std::regex::icase;
  routes_.push_back(Route{method, std::regex(pattern, flags), std::move(handler)});
}

void SandboxServer::on_state_change(Vendor vendor, ChangeHook hook) { hooks_.emplace(vendor, std::move(hook)); }

void SandboxServer::publish_changes(const std::vector<Link>& links) {
  for (const auto& link : links) {
    const auto range = hooks_.equal_range(link.vendor);
    for (auto it = range.first; it != range.second; ++it) it->second(link);
  }
}

void SandboxServer::expire_due_links() {
  publish_changes(store_.with_lock([](StoreData& d) { return d.expire_due(); }));
}

void SandboxServer::dispatch(const httplib::Request& req, httplib::Response& res) {
  const auto started = std::chrono::steady_clock::now();
  const bool control = starts_with(req.path, "/__sandbox");
  std::string note;
  std::optional<Fault> fault;

  if (!control) {
    faults_.count_request(req.method, req.path);
    if (req.has_header("X-Sandbox-Fault")) {
      std::string error;
      fault = parse_fault_header(req.get_header_value("X-Sandbox-Fault"), error);
      if (!fault) {
        send_json(res, 400, json{{"error", "invalid X-Sandbox-Fault header: " + error}});
        log_line(req, res.status, 0, "bad fault header");
        return;
      }
    } else {
      fault = faults_.take(req.method, req.path);
    }
  }

  Exchange ex{req, res, {}, {}};
  if (fault && fault->kind == FaultKind::status) {
    // Not processed: the "server" refused before doing any work.
    write_generic_error(req.path, res, fault->status, reason_phrase(fault->status));
    if (!fault->retry_after.empty()) res.set_header("Retry-After", fault->retry_after);
    note = fmt::format("fault status {}", fault->status);
  } else {
    // Qonto's quota counts every API request per IP, before authentication [I]; its OAuth host and
    // the sandbox's own routes are outside it. A refused request is not processed.
    const bool admitted = vendor_for_path(req.path) != Vendor::qonto || admit_qonto_request(res, note);
    if (admitted) {
      if (!control) expire_due_links();
      route(ex);
      publish_changes(ex.changed);
    }
    if (fault) {
      switch (fault->kind) {
        case FaultKind::drop:
          if (drop_connection(req)) {
            note = "fault drop (connection closed, no response)";
          } else {
            // Should not happen on Linux; answer something unmistakable rather than the real reply.
            res.status = 502;
            res.body = "paylink-sandbox: drop fault could not find the connection's socket";
            res.set_header("Connection", "close");
            note = "fault drop FAILED";
          }
          break;
        case FaultKind::slow:
          std::this_thread::sleep_for(std::chrono::milliseconds(fault->delay_ms));
          note = fmt::format("fault slow {} ms", fault->delay_ms);
          break;
        case FaultKind::malformed:
          res.status = 200;
          res.body = kMalformedBody;
          note = "fault malformed";
          break;
        case FaultKind::truncated:
          res.body = res.body.substr(0, res.body.size() / 2);
          note = "fault truncated";
          break;
        case FaultKind::status:
          break;
      }
    }
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  log_line(req, res.status, static_cast<long long>(ms), note);
}

bool SandboxServer::admit_qonto_request(httplib::Response& res, std::string& note) {
  const auto decision = qonto_quota_.admit(SlidingWindowQuota::Clock::now());
  if (decision.accepted) return true;
  qonto_generic_error(res, 429, "Too many requests, retry later");
  // Qonto documents no Retry-After [?]; the sandbox sends one so that clients can honour it [I].
  res.set_header("Retry-After", std::to_string(decision.retry_after.count()));
  note = "quota exceeded";
  return false;
}

void SandboxServer::route(Exchange& ex) {
  const std::string method = ex.req.method == "HEAD" ? "GET" : ex.req.method;
  std::string allowed;
  for (const auto& r : routes_) {
    std::smatch m;
    if (!std::regex_match(ex.req.path, m, r.pattern)) continue;
    if (r.method != method) {
      if (allowed.find(r.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + r.method;
      continue;
    }
    ex.params.clear();
    for (std::size_t i = 1; i < m.size(); ++i) ex.params.push_back(m[i].str());
    try {
      r.handler(ex);
    } catch (const std::exception& e) {
      ex.res.headers.clear();
      write_generic_error(ex.req.path, ex.res, 500, std::string("paylink-sandbox internal error: ") + e.what());
    }
    return;
  }
  if (!allowed.empty()) {
    write_generic_error(ex.req.path, ex.res, 405, "Method Not Allowed");
    ex.res.set_header("Allow", allowed);
  } else {
    write_generic_error(ex.req.path, ex.res, 404, "Not Found");
  }
}

void SandboxServer::log_line(const httplib::Request& req, int status, long long ms, const std::string& note) {
  if (options_.quiet) return;
  // Method and path only: query strings may carry credentials (MultiSafepay's ?api_key=) and
  // headers are never logged.
  const std::string line = fmt::format("{} {} {} -> {} ({} ms){}\n", format_iso_utc(unix_now()), req.method, req.path,
                                       status, ms, note.empty() ? "" : " [" + note + "]");
  std::fwrite(line.data(), 1, line.size(), stderr);
}

// ---- shared helpers ----

void send_json(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(dump_json(body), "application/json");
}

std::optional<json> parse_json_body(const httplib::Request& req) {
  if (req.body.empty()) return std::nullopt;
  json parsed = json::parse(req.body, nullptr, false);
  if (parsed.is_discarded()) return std::nullopt;
  return parsed;
}

std::optional<Vendor> vendor_for_path(const std::string& path) {
  const std::string p = to_lower(path);
  if (starts_with(p, "/api/")) return Vendor::onoffice;
  if (starts_with(p, "/v1/json")) return Vendor::multisafepay;
  if (starts_with(p, "/service.svc")) return Vendor::smarterpay;
  if (starts_with(p, "/v2/")) return Vendor::qonto;
  return std::nullopt;
}

void write_generic_error(const std::string& path, httplib::Response& res, int status, const std::string& message) {
  const auto vendor = vendor_for_path(path);
  if (!vendor) {
    if (starts_with(path, "/oauth2/")) {
      // Qonto's OAuth host answers the standard OAuth error body [I].
      send_json(res, status, json{{"error", oauth_error_code(status)}, {"error_description", message}});
    } else if (starts_with(path, "/pay/")) {
      res.status = status;
      res.set_content("<!DOCTYPE html><html><body><h1>" + std::to_string(status) + " " + html_escape(message) +
                          "</h1></body></html>",
                      "text/html; charset=utf-8");
    } else {
      send_json(res, status, json{{"error", {{"status", status}, {"message", message}}}});
    }
    return;
  }
  switch (*vendor) {
    case Vendor::onoffice:
      onoffice_generic_error(res, status, message);
      break;
    case Vendor::multisafepay:
      multisafepay_generic_error(res, status, message);
      break;
    case Vendor::smarterpay:
      smarterpay_generic_error(res, status, message);
      break;
    case Vendor::qonto:
      qonto_generic_error(res, status, message);
      break;
  }
}

std::string vendor_status_word(const Link& link) {
  switch (link.vendor) {
    case Vendor::onoffice:
      return state_name(link.state);  // the API has no status call
    case Vendor::multisafepay:
      return multisafepay_status_word(link.state);
    case Vendor::smarterpay:
      return smarterpay_status_word(link.state);
    case Vendor::qonto:
      return qonto_status_word(link.state);
  }
  return state_name(link.state);
}

}  // namespace paylink_sandbox
