// Credentials and endpoints from the environment, and the SDK client built from them.
//
// Credentials come from the environment only (never from flags, which end up in shell history and
// process listings), and no credential value is ever printed: the messages here name variables only.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/client.hpp"
#include "paylink/secret.hpp"
#include "paylink/transport.hpp"

namespace paylink_cli {

enum class Vendor { onoffice, multisafepay, smarterpay, qonto };

/// "onoffice", "multisafepay", "smarterpay", "qonto".
std::string_view vendor_name(Vendor vendor) noexcept;
/// Parses --provider; throws `Failure` (exit 2) listing the providers.
Vendor parse_vendor(std::string_view word);

/// The environment variable that overrides a vendor's base, e.g. "PAYLINK_QONTO_BASE_URL".
std::string base_url_variable(Vendor vendor);

/// What a client's calls will do with its credentials.
enum class CredentialUse {
  send,     ///< Real calls: Qonto OAuth refreshes the access token when it is due.
  dry_run,  ///< --dry-run: nothing is sent, so Qonto OAuth never refreshes (see make_client).
};

/// A client of `vendor` with `options` (its transport, log hook, retry policy). The base is
/// `base_url_flag`, else PAYLINK_<P>_BASE_URL, else the vendor's documented one. Throws `Failure`
/// (exit 2) naming the unset variable(s) when a credential is missing; an empty variable counts as unset.
/// With `CredentialUse::dry_run`, Qonto OAuth (PAYLINK_QONTO_TOKEN_FILE) is checked as for a real call,
/// but the client sends a placeholder bearer token instead of refreshing (the dry run prints the request
/// the command would make, with its Authorization header REDACTED, not a token request).
paylink::Client make_client(Vendor vendor, const std::optional<std::string>& base_url_flag,
                            paylink::ClientOptions options, CredentialUse use = CredentialUse::send);

/// The secret `vendor` signs its webhooks with: PAYLINK_QONTO_WEBHOOK_SECRET,
/// PAYLINK_MULTISAFEPAY_API_KEY or PAYLINK_SMARTERPAY_WEBHOOK_KEY. Throws `Failure` (exit 2) naming the
/// variable when it is unset, or for onOffice, which signs none.
paylink::Secret webhook_secret(Vendor vendor);

/// Every credential value set in the environment (all vendors), so that output can be scrubbed of them.
std::vector<std::string> credential_values();

}  // namespace paylink_cli
