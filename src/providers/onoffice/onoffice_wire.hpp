#pragma once
// onOffice wire: the JSON envelope of `Do subsequentPaymentLink` and the reading of onOffice's answer,
// to and from the domain. Facts come from ../shared/vendors/onoffice.md and the seed; every inferred
// one ([I]) is a named constant or function in this section, so that correcting it is one edit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "paylink/create_link_request.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink::detail::onoffice {

// --- The wire, declared ------------------------------------------------------------------------------

inline constexpr std::string_view kProviderName = "onoffice";

/// [C] The action and resource of the call; both are part of the signature.
inline constexpr std::string_view kActionIdDo = "urn:onoffice-de-ns:smart:2.5:smartml:action:do";
inline constexpr std::string_view kResourceType = "subsequentPaymentLink";

/// [I] `resourceid`: mandatory but may be empty. The docs' request example sends null, the answer
/// echoes "", the official SDK sends "". We send "".
inline constexpr std::string_view kResourceId = "";

/// [I] `hmac_version`: the docs show the string "2", the official SDK sends the integer 2 (both are
/// evidently accepted). We send the integer.
inline constexpr int kHmacVersion = 2;

/// `priceNet` is a bare decimal with no currency; the marketplace bills in euros, so only EUR amounts
/// are accepted (any other currency is a `validation` error before sending).
inline constexpr std::string_view kCurrency = "EUR";

/// [I] Serialisation. Every object is written with its keys in byte order of their names: that gives
/// `parameters` the alphabetical order the docs require ("description, priceNet,
/// sendMailToCustomer, transactionid"), and key order means nothing to onOffice's JSON parser anywhere
/// else. '/' is NOT escaped as "\/": the docs ask for PHP's escaping only for the legacy v1 signature,
/// which hashed the parameters' JSON; v2 signs no part of the body and JSON reads "/" and "\/" alike.
inline constexpr bool kEscapeSlashes = false;

/// [I] onOffice returns no id for the link. The id is the value of the short link's `c` query
/// parameter (".../smart/short.php?c=1c13…e4da"), which names this one link; a transaction can have
/// several subsequent payment links, so the transaction id would not be unique. Without a `c`
/// parameter the whole URL is the id.
std::string link_id_from_url(std::string_view url);

// --- Request ------------------------------------------------------------------------------------------

/// The `parameters` of `Do subsequentPaymentLink`, wire names in the comments.
struct SubsequentPaymentLinkParameters {
  std::string description;             ///< description
  std::string price_net;               ///< priceNet, "1100.50": two decimals, a dot
  bool send_mail_to_customer = false;  ///< sendMailToCustomer
  std::string transaction_id;          ///< transactionid
};

/// One action of the request envelope, signed.
struct SignedAction {
  std::string identifier;
  long long timestamp = 0;  ///< Unix seconds, as signed.
  std::string hmac;         ///< base64 HMAC-SHA256, version kHmacVersion.
  SubsequentPaymentLinkParameters parameters;
};

/// Domain → parameters. Refuses with `validation` naming the field: no amount (items alone are not
/// sent), a currency other than EUR, an amount not above zero, a blank description or transaction id,
/// and text that is not UTF-8 (it would be altered on the wire).
Result<SubsequentPaymentLinkParameters> to_parameters(const CreateLinkRequest& request);

/// The request body: {"request":{"actions":[{…action…}]},"token":"…"}, compact, keys in byte order.
std::string build_envelope(std::string_view token, const SignedAction& action);

// --- Answer -------------------------------------------------------------------------------------------

/// A `status` object: at the top level {code, errorcode, message}; per action {errorcode, message}
/// (no code; read as 200).
struct WireStatus {
  std::int64_t code = 200;
  std::int64_t errorcode = 0;
  std::string message;
  bool ok() const noexcept { return code == 200 && errorcode == 0; }
};

/// `data.records[0].elements.result` of a successful action.
struct WireLinkResult {
  std::string subsequent_payment_url;
  std::optional<bool> mail_to_customer_sent;  ///< nullopt when onOffice leaves it out.
  std::string record_json;                    ///< `data.records[0]`, the vendor's text verbatim.
};

/// What one answer says. `link` is set exactly when neither status reports a failure.
struct WireAnswer {
  WireStatus status;                        ///< Top level.
  std::optional<WireStatus> action_status;  ///< `response.results[0].status`, when present.
  std::optional<WireLinkResult> link;
  bool failed() const noexcept { return !link.has_value(); }
};

/// Reads a body as onOffice's envelope. `invalid_response` when it is not JSON, has no readable
/// top-level `status`, has a field of the wrong type, or reports success without the result record
/// (or with the record of another action).
Result<WireAnswer> parse_answer(std::string_view body);

/// A successful answer → the domain link (the provider name, id, URL, status open, the request's
/// amount and description, reference = transaction id, vendor field "mailToCustomerSent").
PaymentLink to_payment_link(const WireLinkResult& result, const CreateLinkRequest& request);

}  // namespace paylink::detail::onoffice
