#pragma once
/// @file qonto.hpp
/// @brief Qonto Business API v2 payment links.
///
/// Operations: create (basket or invoice link), get, list (pages of up to 100, filtered by status,
/// sorted by amount or expiration date), expire (= deactivate), list_payments (filtered by payment
/// status, sorted by creation date), list_payment_methods. Not offered: update. Creates carry
/// `X-Qonto-Idempotency-Key` and are retried with it; `Client::reconcile_create` replays a create with
/// the same key. The client paces calls to Qonto's documented 1000 requests / 10 s by default.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "paylink/client.hpp"
#include "paylink/credential_source.hpp"
#include "paylink/export.hpp"
#include "paylink/provider.hpp"
#include "paylink/secret.hpp"

namespace paylink {

/// Which Qonto deployment a client talks to.
enum class QontoEnvironment {
  production,  ///< https://thirdparty.qonto.com
  sandbox,     ///< https://thirdparty-sandbox.staging.qonto.co; needs `QontoConfig::staging_token`.
};

/// A Qonto OAuth2 token pair, as handed to `QontoOAuth::store` after every refresh.
struct QontoTokens {
  Secret access_token;     ///< Sent as "Authorization: Bearer <token>" until it expires.
  Secret refresh_token;    ///< The rotated refresh token: the one the next refresh must use.
  Timestamp expires_at{};  ///< When `access_token` expires, by the client's clock.
};

/// OAuth2 with refresh: paylink renews the access token itself, before it expires
/// (docs/credentials.md). Qonto's access tokens live one hour; every refresh rotates the refresh token.
///
/// - A token is refreshed when less than min(60 s, a tenth of its lifetime) remains. The lifetime of
///   the configured first token, not given, is taken to be Qonto's hour.
/// - However many threads or batch items need a token at once, one refresh request is in flight and
///   the others wait for it (a refresh blocks the thread that makes the call).
/// - The rotated pair goes to `store` before the new access token is used; if `store` fails, the call
///   fails with its error and the previous pair stays in force.
/// - A 401 from the API renews the token once (unless another call already did) and sends the request
///   once more.
/// - An `invalid_grant` answer (a refresh token that is dead, revoked or unknown) fails the call with
///   `auth`, saying that the user must authorise the application again.
/// Errors of a refresh: `auth` (refused grant or client), `rate_limited`, `provider` (5xx),
/// `network`/`timeout`, `invalid_response` (an answer without a token), or `store`'s error.
/// No token or secret ever appears in an error or log line.
struct QontoOAuth {
  std::string client_id;  ///< The OAuth application's client id (sent in the token request's body).
  Secret client_secret;   ///< Its client secret (sent in the token request's body). Required.
  Secret refresh_token;   ///< The current refresh token (scope `offline_access`). Required.
  /// The current access token; empty = the first call refreshes first. Default empty.
  Secret access_token;
  /// When `access_token` expires. Default: the epoch, so a given access token is refreshed at once.
  Timestamp access_token_expires_at{};
  /// Called with the rotated pair after every refresh, before the new access token is used; return an
  /// `Error` when it could not be kept (the call then fails with it, message prefixed). Called on the
  /// thread that refreshes, one refresh at a time. Default none (tokens are kept in memory only, so a
  /// restarted process needs a new authorisation).
  std::function<Result<void>(const QontoTokens&)> store;
  /// Replaces the OAuth host of `QontoConfig::environment` (https://oauth.qonto.com, sandbox
  /// https://oauth-sandbox.staging.qonto.co); the token path is always "/oauth2/token". https, or plain
  /// http to a loopback host. Default empty.
  std::string base_url;
};

/// Either an OAuth access token, or a login and secret key (read-mostly at Qonto), or OAuth with
/// refresh (`oauth`), or a `credentials` source. With none, every call is refused with `validation`
/// (field "access_token") before anything is sent.
struct QontoConfig {
  Secret access_token;  ///< Sent as "Authorization: Bearer <token>". Takes precedence when set. Default empty.
  /// With `secret_key`: "Authorization: <login>:<secret_key>" (no "Basic", no base64). Default empty.
  std::string login;
  Secret secret_key;  ///< With `login`. Default empty.
  /// Sandbox only: sent as `X-Qonto-Staging-Token` on every request; required when `environment` is
  /// `sandbox` (without it the sandbox answers with an HTML login page, reported as `auth`). Ignored in
  /// production. Default empty.
  Secret staging_token;
  /// Default `production`.
  QontoEnvironment environment = QontoEnvironment::production;
  /// Replaces the environment's URL (e.g. "http://127.0.0.1:8787"): https, or plain http to a loopback
  /// host; no query or fragment. The environment still decides whether the staging token is sent.
  /// Default empty.
  std::string base_url;
  /// OAuth2 with refresh, instead of `access_token`, `login` and `secret_key` (which must then be
  /// empty, field "oauth"). Default none.
  std::optional<QontoOAuth> oauth;
  /// Credentials read before every attempt ("access_token", or "login" and "secret_key"), instead of
  /// the fields above: for tokens your code renews. Not with `oauth`. Default none.
  std::shared_ptr<CredentialSource> credentials;
};

/// The Qonto adapter, for a `Client` or a batch run. Never fails: configuration errors are reported
/// by each call as `validation`.
PAYLINK_EXPORT std::shared_ptr<const Provider> make_qonto_provider(QontoConfig config);
/// A client of Qonto. Creates carry `X-Qonto-Idempotency-Key` and are retried safely.
PAYLINK_EXPORT Client make_qonto_client(QontoConfig config, ClientOptions options = {});

}  // namespace paylink
