#include "providers/qonto/qonto_oauth.hpp"

#include <algorithm>
#include <exception>
#include <utility>

#include <fmt/format.h>

#include "core/base_url.hpp"
#include "core/header_value.hpp"
#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/url.hpp"
#include "providers/qonto/qonto_wire.hpp"

namespace paylink::detail {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// --- The vendor's OAuth ----------------------------------------------------------------------------
// The one place for Qonto's OAuth facts and the inferences paylink makes about them.
// Source: ../shared/vendors/qonto.md §9b (docs.qonto.com).

/// [C] OAuth hosts; the token path is the same on both.
constexpr std::string_view kProductionOAuthUrl = "https://oauth.qonto.com";
constexpr std::string_view kSandboxOAuthUrl = "https://oauth-sandbox.staging.qonto.co";
/// [C] Guides and a working client use "/oauth2/token" (one reference page says "/v2/oauth2/token").
constexpr std::string_view kTokenPath = "/oauth2/token";

/// [C] Refresh before expiry, not after a 401: when less than min(60 s, a tenth of the token's
/// lifetime) remains (the 60 s are also the old refresh token's grace after a rotation).
constexpr milliseconds kLongestRefreshMargin = seconds(60);
constexpr int kLifetimeFractionOfMargin = 10;

/// [C] Access tokens live one hour (`expires_in` 3600). [I] The configured first token's lifetime is
/// not given (only its expiry): it is taken to be this, so its margin is the full 60 s.
constexpr milliseconds kDocumentedLifetime = seconds(3600);

/// [I] A token's expiry is counted from the moment its request was sent, not from its answer, so that a
/// slow answer can never make paylink believe a token lives longer than Qonto does.

/// [I] An answer without `refresh_token` keeps the current one (Qonto documents that every refresh
/// rotates it; a server that does not rotate must not leave paylink without any).

/// [I] The sandbox needs X-Qonto-Staging-Token on every non-browser request; the token request to the
/// sandbox's OAuth host is assumed to be one of them.
constexpr std::string_view kStagingTokenHeader = "X-Qonto-Staging-Token";

/// [I] Token-endpoint error bodies are the standard OAuth JSON (`{"error", "error_description"}`, read
/// by the wire's `WireError`); `invalid_grant` means the refresh token is dead (expired after 90 days,
/// revoked, or an old one past its grace), `invalid_client` a wrong client id or secret.
constexpr std::string_view kInvalidGrant = "invalid_grant";
constexpr std::string_view kInvalidClient = "invalid_client";

milliseconds margin_for(milliseconds lifetime) {
  return std::min(kLongestRefreshMargin, lifetime / kLifetimeFractionOfMargin);
}

std::shared_ptr<const Credentials> bearer(const Secret& access_token) {
  return std::make_shared<const Credentials>(Credentials{{"access_token", access_token}});
}

void log_refresh(const ClientOptions& client, LogLevel level, std::string outcome, milliseconds took) {
  if (!client.log.hook) return;
  LogEvent event;
  event.level = level;
  event.event = "token_refresh";
  event.fields = {{"provider", std::string(qonto::kProvider)},
                  {"operation", "oauth_refresh"},
                  {"outcome", std::move(outcome)},
                  {"duration_ms", std::to_string(took.count())}};
  client.log.hook(event);
}

}  // namespace

// --- Public verbs ----------------------------------------------------------------------------------

QontoOAuthSource::QontoOAuthSource(QontoOAuth oauth, QontoEnvironment environment, Secret staging_token)
    : oauth_(std::move(oauth)), staging_token_(std::move(staging_token)) {
  std::string base(environment == QontoEnvironment::sandbox ? kSandboxOAuthUrl : kProductionOAuthUrl);
  if (!oauth_.base_url.empty()) {
    auto checked = checked_base_url(oauth_.base_url, "oauth.base_url");
    if (checked) {
      base = std::move(*checked);
    } else {
      config_error_ = std::move(checked).error();
    }
  }
  token_url_ = join_url(base, kTokenPath);
  if (config_error_) return;
  if (oauth_.client_id.empty()) {
    config_error_ = Error::validation("oauth.client_id", "Qonto OAuth needs the application's client_id");
  } else if (oauth_.client_secret.empty()) {
    config_error_ = Error::validation("oauth.client_secret", "Qonto OAuth needs the application's client_secret");
  } else if (oauth_.refresh_token.empty()) {
    config_error_ = Error::validation("oauth.refresh_token",
                                      "Qonto OAuth needs a refresh_token (scope offline_access) to renew tokens");
  } else if (auto e = check_header_value(oauth_.access_token.reveal(), "oauth.access_token")) {
    config_error_ = std::move(*e);
  }
  refresh_token_ = oauth_.refresh_token;
  if (!oauth_.access_token.empty()) current_ = bearer(oauth_.access_token);
}

Result<std::shared_ptr<const Credentials>> QontoOAuthSource::current(const ClientOptions& client) {
  return current_within(client, CredentialLimits{});
}

Result<bool> QontoOAuthSource::renew_rejected(const Credentials& rejected, const ClientOptions& client) {
  return renew_rejected_within(rejected, client, CredentialLimits{});
}

Result<std::shared_ptr<const Credentials>> QontoOAuthSource::current_within(const ClientOptions& client,
                                                                            const CredentialLimits& limits) {
  if (config_error_) return *config_error_;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (current_ && !expires_) {
      // The configured token's expiry is wall-clock time; from here on the steady clock counts.
      const auto left = std::chrono::duration_cast<milliseconds>(oauth_.access_token_expires_at - client.clock());
      expires_ = client.steady_clock() + left;
      lifetime_ = kDocumentedLifetime;
    }
    if (fresh(client.steady_clock())) return current_;
  }
  return refresh_unless([&] { return fresh(client.steady_clock()); }, client, limits);
}

Result<bool> QontoOAuthSource::renew_rejected_within(const Credentials& rejected, const ClientOptions& client,
                                                     const CredentialLimits& limits) {
  if (config_error_) return *config_error_;
  // Done when another call already replaced the rejected token: use the new one, refresh nothing.
  const std::string refused(rejected.get("access_token").reveal());
  const auto replaced = [&] { return current_ && current_->get("access_token").reveal() != refused; };
  if (auto renewed = refresh_unless(replaced, client, limits); !renewed) return renewed.error();
  return true;
}

std::vector<Secret> QontoOAuthSource::secrets() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Secret> all = {oauth_.client_secret, oauth_.refresh_token, oauth_.access_token, refresh_token_,
                             staging_token_};
  if (current_) all.push_back(current_->get("access_token"));
  if (unstored_) {
    all.push_back(unstored_->access_token);
    all.push_back(unstored_->refresh_token);
  }
  return all;
}

// --- Private builders ------------------------------------------------------------------------------

bool QontoOAuthSource::fresh(SteadyTime now) const {
  return current_ && expires_ && now < *expires_ - margin_for(lifetime_);
}

Result<std::shared_ptr<const Credentials>> QontoOAuthSource::refresh_unless(const std::function<bool()>& done,
                                                                            const ClientOptions& client,
                                                                            const CredentialLimits& limits) {
  // A condition variable waits by the real steady clock, so the call's time left is counted on it.
  std::optional<std::chrono::steady_clock::time_point> give_up;
  if (limits.time_left) give_up = std::chrono::steady_clock::now() + *limits.time_left;
  const auto canceled = [&] { return limits.cancel && limits.cancel->canceled(); };
  const auto out_of_time = [&] { return give_up && std::chrono::steady_clock::now() >= *give_up; };
  // A cancel wakes this thread while it waits for another call's refresh. Registered before mutex_ is
  // taken, and dropped after it is released, since the callback takes mutex_ (so no wake-up is lost).
  CancellationRegistration wake;
  if (limits.cancel) {
    wake = limits.cancel->on_cancel([this] {
      std::lock_guard<std::mutex> hold(mutex_);
      refreshed_.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done()) {
    if (canceled() || out_of_time()) break;
    if (!refreshing_) {
      if (auto refreshed = lead_refresh(lock, client, limits); !refreshed) return refreshed.error();
      return current_;
    }
    // One refresh is in flight: its outcome is this caller's too, unless its own caller's limits cut it
    // short; then this caller looks again, and may run the next one.
    const std::uint64_t waited_for = generation_;
    const auto ended = [&] { return generation_ != waited_for || canceled(); };
    if (give_up) {
      refreshed_.wait_until(lock, *give_up, ended);
    } else {
      refreshed_.wait(lock, ended);
    }
    if (generation_ == waited_for) break;  // this call's own limits ended the wait
    if (last_cut_short_) continue;
    if (last_failure_) return *last_failure_;
    return current_;
  }
  if (done()) return current_;
  Error e = canceled() ? Error::make(ErrorCode::canceled,
                                     "qonto: the call was canceled while its OAuth access token was being refreshed")
                       : Error::make(ErrorCode::timeout,
                                     "qonto: the call's time ran out while its OAuth access token was being refreshed");
  e.retryable = false;
  e.request_sent = false;
  return e;
}

Result<void> QontoOAuthSource::lead_refresh(std::unique_lock<std::mutex>& lock, const ClientOptions& client,
                                            const CredentialLimits& limits) {
  refreshing_ = true;
  const Secret refresh_token = refresh_token_;
  lock.unlock();
  Result<Refreshed> result = Error::make(ErrorCode::provider, "qonto: the OAuth token refresh did not run");
  try {
    result = refresh(refresh_token, client, limits);
  } catch (const std::exception& e) {  // a transport or clock that throws must not leave waiters stuck
    result = Error::make(ErrorCode::network, fmt::format("qonto: the OAuth token refresh failed: {}", e.what()));
  }
  lock.lock();
  refreshing_ = false;
  ++generation_;
  last_cut_short_ = false;
  if (result) {
    // Only now, after `store` kept the pair, does the new access token become the one in use.
    current_ = bearer(result->tokens.access_token);
    refresh_token_ = result->tokens.refresh_token;
    expires_ = result->expires;
    lifetime_ = result->lifetime;
    last_failure_.reset();
  } else {
    last_failure_ = result.error();
    // Out of this caller's time or canceled by it: nothing was stored, and the waiters, whose limits
    // may allow more, do not inherit that end; the next of them refreshes with the same refresh token
    // (if Qonto rotated it anyway, the old one stays valid for its grace period).
    const ErrorCode code = result.error().code;
    last_cut_short_ =
        (limits.time_left || limits.cancel) && (code == ErrorCode::timeout || code == ErrorCode::canceled);
  }
  refreshed_.notify_all();
  if (last_failure_) return *last_failure_;
  return {};
}

Result<QontoOAuthSource::Refreshed> QontoOAuthSource::refresh(const Secret& refresh_token, const ClientOptions& client,
                                                              const CredentialLimits& limits) {
  HttpRequest request;
  request.method = HttpMethod::post;
  request.url = token_url_;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  if (!staging_token_.empty()) {
    request.headers.emplace_back(kStagingTokenHeader, staging_token_.reveal());
  }
  request.body = qonto::encode_refresh_form(refresh_token.reveal(), oauth_.client_id, oauth_.client_secret.reveal());
  request.idempotent = false;  // it consumes the refresh token
  // The call's limits bound the token request too: a hung OAuth host does not hold the call for the
  // transport's whole timeout.
  request.time_left = limits.time_left;
  request.cancel = limits.cancel;

  const SteadyTime sent = client.steady_clock();
  const Timestamp sent_wall = client.clock();
  Result<HttpResponse> answer = client.transport->send(request);
  const auto took = std::chrono::duration_cast<milliseconds>(client.steady_clock() - sent);
  if (!answer) {
    log_refresh(client, LogLevel::error, std::string(to_string(answer.error().code)), took);
    Error e = std::move(answer).error();
    e.message = fmt::format("qonto: the OAuth token refresh failed: {}", e.message);
    e.request_sent = false;  // the API request it was for was not sent
    return e;
  }
  log_refresh(client, is_success(answer->status) ? LogLevel::info : LogLevel::error,
              fmt::format("HTTP {}", answer->status), took);
  if (!is_success(answer->status)) return refused(*answer);

  auto token = qonto::decode_token(answer->body, answer->status);
  if (!token) {
    Error e = std::move(token).error();
    e.message = fmt::format("qonto: the OAuth token endpoint's answer is unusable: {}", e.message);
    return e;
  }
  if (!is_header_safe(token->access_token)) {
    return Error::make(ErrorCode::invalid_response,
                       "qonto: the OAuth token endpoint answered an access_token with control characters");
  }
  const seconds lifetime(token->expires_in);
  Refreshed refreshed{
      QontoTokens{token->access_token, token->refresh_token.empty() ? refresh_token : Secret(token->refresh_token),
                  sent_wall + lifetime},
      sent + lifetime, lifetime};
  if (oauth_.store) {
    Result<void> kept;
    try {
      kept = oauth_.store(refreshed.tokens);
    } catch (const std::exception& e) {
      kept = Error::make(ErrorCode::provider, e.what());
    }
    if (!kept) {
      Error e = kept.error();
      e.message = fmt::format(
          "qonto: the refreshed OAuth tokens could not be stored ({}); the call was not sent, and the previous "
          "tokens stay in force",
          e.message);
      e.request_sent = false;
      e.retryable = false;
      // The message may quote the pair (it is the store's); the call loop removes it, as one of secrets().
      std::lock_guard<std::mutex> lock(mutex_);
      unstored_ = refreshed.tokens;
      return e;
    }
  }
  return refreshed;
}

Error QontoOAuthSource::refused(const HttpResponse& response) const {
  const int status = response.status;
  const auto wire = qonto::decode_error_body(response.body);
  const std::string code = wire ? bounded_text(wire->code, 100) : std::string();
  const std::string description = wire ? bounded_text(wire->detail, 300) : std::string();
  Error e;
  if (code == kInvalidGrant) {
    e = Error::make(
        ErrorCode::auth,
        fmt::format("qonto: HTTP {}: the OAuth refresh token was refused (invalid_grant{}{}): the user must "
                    "authorise the application again (a new authorization code), then give paylink the "
                    "new tokens",
                    status, description.empty() ? "" : ": ", description));
  } else if (code == kInvalidClient) {
    e = Error::make(ErrorCode::auth,
                    fmt::format("qonto: HTTP {}: the OAuth client was refused (invalid_client{}{}): check the client "
                                "id and client secret",
                                status, description.empty() ? "" : ": ", description));
  } else if (wire) {
    e = Error::make(error_code_for_status(status),
                    fmt::format("qonto: HTTP {}: the OAuth token refresh was refused ({}{}{})", status, code,
                                description.empty() ? "" : ": ", description));
    e.retryable = status_is_retryable(status);
  } else {
    e = error_from_status(qonto::kProvider, response);
    e.message = fmt::format("qonto: the OAuth token refresh was refused: {}", e.message);
  }
  e.http_status = status;
  e.vendor_code = code;
  e.vendor_message = description;
  e.request_sent = false;
  return e;
}

}  // namespace paylink::detail
