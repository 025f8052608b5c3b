#pragma once
/// @file smarterpay.hpp
/// @brief SmarterPay Cloud payment links: create, update, expire, get, list.

#include <memory>
#include <string>

#include "paylink/client.hpp"
#include "paylink/credential_source.hpp"
#include "paylink/export.hpp"
#include "paylink/provider.hpp"
#include "paylink/secret.hpp"

namespace paylink {

/// The bearer token from the SmarterPay Cloud Portal and the service base.
///
/// SmarterPay has no separate sandbox host that we know of; test and live are told apart by the
/// token (see docs/vendors smarterpay.md §1).
struct SmarterPayConfig {
  /// Required. Sent as "Authorization: Bearer <token>" on every call. Empty: every call fails with
  /// `validation` (field "bearer_token") and nothing is sent. The token is never printed.
  Secret bearer_token;
  /// The service base; must end in "/". Default the production service. Must be https, except for a
  /// loopback host (127.0.0.1, ::1, localhost), which may use http (paylink-sandbox).
  std::string base_url =
      "https://api.smarterpaycloud.com/service.svc/";  /// Credentials read before every attempt ("bearer_token")
                                                       /// instead of the fixed field above: for a key your
  /// service rotates without building a new client (`RotatingCredentials`). Default none.
  std::shared_ptr<CredentialSource> credentials;
};

/// The SmarterPay adapter. Never fails to construct: a missing or malformed token or base URL is
/// reported by the first call, before anything is sent.
PAYLINK_EXPORT std::shared_ptr<const Provider> make_smarterpay_provider(SmarterPayConfig config);
/// A client of SmarterPay. Creates and updates carry `Idempotency-Key` and are retried safely.
PAYLINK_EXPORT Client make_smarterpay_client(SmarterPayConfig config, ClientOptions options = {});

}  // namespace paylink
