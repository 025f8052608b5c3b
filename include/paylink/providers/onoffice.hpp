#pragma once
/// @file onoffice.hpp
/// @brief onOffice marketplace: `Do subsequentPaymentLink`, signed with HMAC v2.

#include <memory>
#include <string>

#include "paylink/client.hpp"
#include "paylink/credential_source.hpp"
#include "paylink/export.hpp"
#include "paylink/provider.hpp"
#include "paylink/secret.hpp"

namespace paylink {

/// Credentials and endpoint of the onOffice API user of the provider's own onOffice customer (the
/// marketplace provider, not one of its client customers: onOffice refuses the call otherwise).
///
/// Checked on every create, before anything is sent: `token` and `secret` must be non-empty, and
/// `endpoint` must be https (the token travels in the request body), or http to a loopback host for
/// paylink-sandbox. A `validation` error names the field, never its value.
struct OnOfficeConfig {
  /// API token, sent as the envelope's top-level `token` and part of every signature. onOffice documents
  /// 32 characters; other lengths are not refused (sandbox and demo tokens differ). No default.
  Secret token;
  /// API secret, the HMAC-SHA256 key of each action's signature; never sent. onOffice documents
  /// 64 characters; other lengths are not refused. No default.
  Secret secret;
  /// The api.php endpoint every call is POSTed to. Default the stable API (onOffice redirects live
  /// customers to stable and beta customers to latest whatever the URL says); point it at
  /// paylink-sandbox to develop offline.
  std::string endpoint = "https://api.onoffice.de/api/stable/api.php";
  /// Credentials read before every attempt ("token" and "secret") instead of the two fields above:
  /// for a token and secret your service rotates without building a new client. Default none.
  std::shared_ptr<CredentialSource> credentials;
};

/// The onOffice adapter. Capabilities: create only; get, list, expire, update and the payment calls
/// return `unsupported` without sending anything. Creates are not idempotent at onOffice.
PAYLINK_EXPORT std::shared_ptr<const Provider> make_onoffice_provider(OnOfficeConfig config);
/// A client of onOffice. Creates are never retried once they may have reached onOffice: a create whose
/// answer was lost is `ambiguous`. A create refused before sending (connection refused) is retried and
/// signed again with the fresh timestamp of the new attempt.
PAYLINK_EXPORT Client make_onoffice_client(OnOfficeConfig config, ClientOptions options = {});

}  // namespace paylink
