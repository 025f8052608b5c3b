// The one HTTP server: a small router over cpp-httplib that counts every request, applies queued
// faults, logs one line per request, and hands each route to its vendor module.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <httplib.h>

#include "credentials.hpp"
#include "faults.hpp"
#include "notifier.hpp"
#include "qonto_oauth.hpp"
#include "quota.hpp"
#include "sandbox_tls.hpp"
#include "store.hpp"

namespace paylink_sandbox {

// One request being served.
struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  std::vector<std::string> params;  // the route pattern's capture groups
  std::vector<Link> changed;        // links whose state this request changed (copies)
};

using RouteHandler = std::function<void(Exchange&)>;
// Runs after a link changed state, outside the store lock (MultiSafepay sends notifications).
using ChangeHook = std::function<void(const Link&)>;

class SandboxServer {
 public:
  struct Options {
    int port = 8787;  // 0 = any free port
    bool quiet = false;
    // Webhook redeliveries wait this long each instead of the vendors' schedules (tests).
    std::optional<std::chrono::milliseconds> redelivery_interval;
    const SandboxTls* tls = nullptr;             // serve HTTPS with this identity (outlives the server); null: HTTP
    std::chrono::seconds qonto_token_ttl{3600};  // lifetime of the OAuth access tokens it issues
    bool qonto_quota = false;                    // enforce Qonto's request windows on /v2/ routes
  };
  static constexpr const char* kHost = "127.0.0.1";  // loopback only, by contract

  SandboxServer(Options options, Credentials credentials);
  SandboxServer(const SandboxServer&) = delete;
  SandboxServer& operator=(const SandboxServer&) = delete;

  int bind();  // the bound port, or -1
  bool run();  // serves until stop()
  void stop();

  const std::string& base_url() const { return base_url_; }  // http(s)://127.0.0.1:PORT
  std::string pay_url(const std::string& link_id) const { return base_url_ + "/pay/" + link_id; }
  const Credentials& credentials() const { return credentials_; }
  Store& store() { return store_; }
  FaultRegistry& faults() { return faults_; }
  Notifier& notifier() { return notifier_; }
  QontoOAuth& qonto_oauth() { return qonto_oauth_; }
  SlidingWindowQuota& qonto_quota() { return qonto_quota_; }

  // Routes are tried in registration order; `pattern` must match the whole (decoded) path.
  // `icase`: match the literal parts case-insensitively (SmarterPay's WCF service is).
  void add_route(const std::string& method, const std::string& pattern, RouteHandler handler, bool icase = false);
  void on_state_change(Vendor vendor, ChangeHook hook);
  // Runs the change hooks for `links`. Never call it while holding the store lock.
  void publish_changes(const std::vector<Link>& links);
  // Expires due links and publishes those changes.
  void expire_due_links();

 private:
  struct Route {
    std::string method;
    std::regex pattern;
    RouteHandler handler;
  };

  void dispatch(const httplib::Request& req, httplib::Response& res);
  void route(Exchange& ex);
  // Counts a Qonto API request against the quota; when over it, writes the 429 and returns false.
  bool admit_qonto_request(httplib::Response& res, std::string& note);
  void log_line(const httplib::Request& req, int status, long long ms, const std::string& note);

  Options options_;
  Credentials credentials_;
  std::unique_ptr<httplib::Server> http_server_;  // an SSLServer with --tls
  httplib::Server& server_;
  std::string base_url_;
  Store store_;
  FaultRegistry faults_;
  Notifier notifier_;
  QontoOAuth qonto_oauth_;
  SlidingWindowQuota qonto_quota_;  // without windows unless Options::qonto_quota
  std::vector<Route> routes_;
  std::multimap<Vendor, ChangeHook> hooks_;
};

// ---- shared helpers for the route modules ----

void send_json(httplib::Response& res, int status, const json& body);
// Parses the request body as JSON; nullopt on empty or invalid bodies.
std::optional<json> parse_json_body(const httplib::Request& req);
// The vendor a path belongs to (for error shapes), if any.
std::optional<Vendor> vendor_for_path(const std::string& path);
// A vendor-shaped error for `path` (faults, unknown routes, wrong methods).
void write_generic_error(const std::string& path, httplib::Response& res, int status, const std::string& message);
// The link's status in its vendor's own words.
std::string vendor_status_word(const Link& link);

// ---- the route modules: one per vendor, plus the payment page and the control endpoints ----

void register_onoffice_routes(SandboxServer& server);
void register_multisafepay_routes(SandboxServer& server);
void register_smarterpay_routes(SandboxServer& server);
void register_qonto_routes(SandboxServer& server);
void register_qonto_oauth_routes(SandboxServer& server);  // qonto_oauth.cpp
void register_payment_page_routes(SandboxServer& server);
void register_control_routes(SandboxServer& server);

// Each vendor's error envelope for errors that are not the vendor's own validation.
void onoffice_generic_error(httplib::Response& res, int status, const std::string& message);
void multisafepay_generic_error(httplib::Response& res, int status, const std::string& message);
void smarterpay_generic_error(httplib::Response& res, int status, const std::string& message);
void qonto_generic_error(httplib::Response& res, int status, const std::string& message);

const char* multisafepay_status_word(LinkState s);
const char* smarterpay_status_word(LinkState s);
const char* qonto_status_word(LinkState s);

// Vendor-specific effects of paying a link on the payment page (under the store lock).
void multisafepay_on_paid(Link& link);
void qonto_on_paid(Link& link, std::int64_t now);

// Qonto's documented request windows (per IP), enforced with --qonto-quota.
std::vector<QuotaWindow> qonto_quota_windows();

}  // namespace paylink_sandbox
