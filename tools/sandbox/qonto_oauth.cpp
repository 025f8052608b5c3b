#include "qonto_oauth.hpp"

#include <algorithm>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

constexpr std::chrono::hours kRefreshTokenLifetime{24 * 90};  // [C] 90 days
constexpr std::chrono::seconds kMaxGrace{60};                 // [C] "about 60 s"
// [C] the payment-link scopes and offline_access (needed for a refresh token); that the token
// answer lists them in `scope` is [I].
constexpr const char* kScope = "offline_access payment_link.read payment_link.write";
constexpr const char* kTokenType = "bearer";
// Expired access tokens and dead refresh tokens are remembered this long (so a refusal can be
// counted as "expired"), then forgotten; a forgotten token is refused all the same, as unknown.
constexpr std::chrono::hours kForgetAfter{1};
constexpr std::uint64_t kIssuesBetweenForgetting = 256;

// The form's single value of `key`; nullopt when absent or empty.
std::optional<std::string> field(const httplib::Params& form, const std::string& key) {
  const auto it = form.find(key);
  if (it == form.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

}  // namespace

QontoOAuth::QontoOAuth(OAuthClientCredentials client, std::chrono::seconds access_ttl)
    : client_(std::move(client)), access_ttl_(access_ttl), grace_(std::min(kMaxGrace, access_ttl)) {}

QontoOAuth::Answer QontoOAuth::error(int status, const std::string& code, const std::string& description) {
  return Answer{status, json{{"error", code}, {"error_description", description}}};
}

QontoOAuth::Answer QontoOAuth::token(const httplib::Params& form, Clock::time_point now) {
  // RFC 6749 3.2: parameters must not be repeated.
  for (auto it = form.begin(); it != form.end(); it = form.upper_bound(it->first)) {
    if (form.count(it->first) > 1) return error(400, "invalid_request", it->first + " is given more than once");
  }
  const auto grant_type = field(form, "grant_type");
  if (!grant_type) return error(400, "invalid_request", "grant_type is required");
  const auto client_id = field(form, "client_id");
  if (!client_id) return error(400, "invalid_request", "client_id is required");
  const auto client_secret = field(form, "client_secret");
  if (!client_secret) return error(400, "invalid_request", "client_secret is required");
  // Both compared in full (no early exit), so a wrong id and a wrong secret look the same.
  const bool id_ok = constant_time_equal(*client_id, client_.id);
  const bool secret_ok = constant_time_equal(*client_secret, client_.secret);
  if (!id_ok || !secret_ok) return error(401, "invalid_client", "client authentication failed");

  std::lock_guard<std::mutex> lock(mutex_);
  if (*grant_type == "authorization_code") {
    const auto code = field(form, "code");
    if (!code) return error(400, "invalid_request", "code is required");
    // redirect_uri is accepted and not checked: the sandbox has no registered redirect URIs.
    if (!used_codes_.insert(*code).second) {
      return error(400, "invalid_grant", "the authorization code has already been used");
    }
    return issue_pair(now);
  }
  if (*grant_type == "refresh_token") {
    const auto presented = field(form, "refresh_token");
    if (!presented) return error(400, "invalid_request", "refresh_token is required");
    const auto it = refresh_tokens_.find(*presented);
    if (it == refresh_tokens_.end()) return error(400, "invalid_grant", "the refresh token is unknown");
    RefreshToken& rt = it->second;
    if (now >= rt.expires_at) return error(400, "invalid_grant", "the refresh token has expired");
    if (rt.superseded_until) {
      if (now >= *rt.superseded_until) {
        return error(400, "invalid_grant",
                     "the refresh token was rotated and its grace period is over; use the newest one");
      }
      ++refreshes_in_grace_;
    } else {
      rt.superseded_until = now + grace_;
    }
    ++refreshes_;
    if (now < rt.access_expires_at) ++refreshes_before_expiry_;  // as Qonto asks: before, not after a 401
    return issue_pair(now);
  }
  return error(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
}

QontoOAuth::Answer QontoOAuth::issue_pair(Clock::time_point now) {
  if (++issues_since_forget_ >= kIssuesBetweenForgetting) forget_old(now);
  const std::string access = "sandbox-qonto-at-" + random_hex(24);
  const std::string refresh = "sandbox-qonto-rt-" + random_hex(24);
  access_tokens_.emplace(access, now + access_ttl_);
  refresh_tokens_.emplace(refresh, RefreshToken{now + kRefreshTokenLifetime, std::nullopt, now + access_ttl_});
  ++issued_;
  last_refresh_token_ = refresh;
  return Answer{200, json{{"access_token", access},
                          {"token_type", kTokenType},
                          {"expires_in", access_ttl_.count()},
                          {"refresh_token", refresh},
                          {"scope", kScope}}};
}

void QontoOAuth::forget_old(Clock::time_point now) {
  issues_since_forget_ = 0;
  for (auto it = access_tokens_.begin(); it != access_tokens_.end();) {
    it = it->second + kForgetAfter <= now ? access_tokens_.erase(it) : std::next(it);
  }
  for (auto it = refresh_tokens_.begin(); it != refresh_tokens_.end();) {
    const auto dead_since = it->second.superseded_until.value_or(it->second.expires_at);
    it = dead_since + kForgetAfter <= now ? refresh_tokens_.erase(it) : std::next(it);
  }
}

QontoOAuth::AccessCheck QontoOAuth::check_access(const std::string& access_token, Clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = access_tokens_.find(access_token);
  if (it == access_tokens_.end()) return AccessCheck::unknown;
  if (now < it->second) return AccessCheck::valid;
  ++expired_token_rejections_;
  return AccessCheck::expired;
}

json QontoOAuth::stats() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return json{{"issued", issued_},
              {"refreshes", refreshes_},
              {"refreshes_in_grace", refreshes_in_grace_},
              {"refreshes_before_expiry", refreshes_before_expiry_},
              {"expired_token_rejections", expired_token_rejections_},
              {"last_refresh_token", last_refresh_token_}};
}

void QontoOAuth::reset_counters() {
  std::lock_guard<std::mutex> lock(mutex_);
  issued_ = 0;
  refreshes_ = 0;
  refreshes_in_grace_ = 0;
  refreshes_before_expiry_ = 0;
  expired_token_rejections_ = 0;
  last_refresh_token_.clear();
}

void register_qonto_oauth_routes(SandboxServer& server) {
  server.add_route("POST", "/oauth2/token", [&server](Exchange& ex) {
    QontoOAuth::Answer answer;
    if (!starts_with(to_lower(ex.req.get_header_value("Content-Type")), "application/x-www-form-urlencoded")) {
      answer = QontoOAuth::error(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
    } else {
      // The body only: httplib's req.params would mix in the query string.
      httplib::Params form;
      httplib::detail::parse_query_text(ex.req.body, form);
      answer = server.qonto_oauth().token(form, QontoOAuth::Clock::now());
    }
    send_json(ex.res, answer.status, answer.body);
    // RFC 6749 5.1: token answers must not be cached.
    ex.res.set_header("Cache-Control", "no-store");
    ex.res.set_header("Pragma", "no-cache");
  });
}

}  // namespace paylink_sandbox
