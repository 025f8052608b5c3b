#pragma once
/// @file qonto.hpp
/// @brief Qonto Business API v2 payment links.
///
/// Operations: create (basket or invoice link), get, list (pages of up to 100, filtered by status,
/// sorted by amount or expiration date), expire (= deactivate), list_payments (filtered by payment
/// status, sorted by creation date), list_payment_methods. Not offered: update. Creates carry
/// `X-Qonto-Idempotency-Key` and are retried with it; `Client::reconcile_create` replays a create with
/// the same key. The client paces calls to Qonto's documented 1000 requests / 10 s by default.

#include <memory>
#include <string>

#include "paylink/client.hpp"
#include "paylink/export.hpp"
#include "paylink/provider.hpp"
#include "paylink/secret.hpp"

namespace paylink {

/// Which Qonto deployment a client talks to.
enum class QontoEnvironment {
  production,  ///< https://thirdparty.qonto.com
  sandbox,     ///< https://thirdparty-sandbox.staging.qonto.co; needs `QontoConfig::staging_token`.
};

/// Either an OAuth access token, or a login and secret key (read-mostly at Qonto). With neither, every
/// call is refused with `validation` (field "access_token") before anything is sent.
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
};

/// The Qonto adapter, for a `Client` or a batch run. Never fails: configuration errors are reported
/// by each call as `validation`.
PAYLINK_EXPORT std::shared_ptr<const Provider> make_qonto_provider(QontoConfig config);
/// A client of Qonto. Creates carry `X-Qonto-Idempotency-Key` and are retried safely.
PAYLINK_EXPORT Client make_qonto_client(QontoConfig config, ClientOptions options = {});

}  // namespace paylink
