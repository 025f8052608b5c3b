#pragma once
/// @file multisafepay.hpp
/// @brief MultiSafepay orders: payment links, token (subsequent) payments, status and cancel.
///
/// Operations: create (`POST orders`), get (`GET orders/{order_id}`), expire = cancel
/// (`PATCH orders/{order_id}` with status "cancelled"), and reconcile after an ambiguous create (a get
/// on the same order_id). No list, update or payment listing: the vendor's order API has none.
/// Notifications are verified with `verify_multisafepay_notification` (multisafepay_webhook.hpp).

#include <memory>
#include <string>

#include "paylink/client.hpp"
#include "paylink/credential_source.hpp"
#include "paylink/export.hpp"
#include "paylink/provider.hpp"
#include "paylink/secret.hpp"

namespace paylink {

/// Which MultiSafepay system a website API key belongs to (test and live keys differ).
enum class MultiSafepayEnvironment {
  test,  ///< https://testapi.multisafepay.com/v1/json/
  live,  ///< https://api.multisafepay.com/v1/json/
};

/// A website API key and where to send it.
struct MultiSafepayConfig {
  /// The website API key, sent as the `api_key` request header (never in the query string, because URLs
  /// get logged). Required: an empty key (or one with control characters) makes every call fail with
  /// `validation` (field "api_key") before anything is sent.
  Secret api_key;
  /// Default `test`. Ignored when `base_url` is set.
  MultiSafepayEnvironment environment = MultiSafepayEnvironment::test;
  /// Replaces the environment's base ("https://testapi.multisafepay.com/v1/json/"), e.g. the local
  /// sandbox. Must be https, or http to a loopback host (127.0.0.0/8, ::1, localhost); otherwise every
  /// call fails with `validation` (field "base_url"). A missing trailing "/" is tolerated.
  /// Default empty (use `environment`).
  std::string
      base_url;  /// Credentials read before every attempt ("api_key") instead of the fixed field above: for a key your
  /// service rotates without building a new client (`RotatingCredentials`). Default none.
  std::shared_ptr<CredentialSource> credentials;
};

/// The MultiSafepay adapter. Never null; configuration errors surface on the first call.
PAYLINK_EXPORT std::shared_ptr<const Provider> make_multisafepay_provider(MultiSafepayConfig config);
/// A client of MultiSafepay. Creates are not retried once sent; an ambiguous create is reconciled by
/// getting the order by its order_id.
PAYLINK_EXPORT Client make_multisafepay_client(MultiSafepayConfig config, ClientOptions options = {});

}  // namespace paylink
