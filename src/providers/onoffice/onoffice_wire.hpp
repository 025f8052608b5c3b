#pragma once
// onOffice's wire: the JSON envelope of the marketplace call `Do subsequentPaymentLink` and of its
// answer, as wire structs read and written with nlohmann/json (core/json.hpp), and their mapping to
// and from the domain. Pure functions of their arguments; the adapter (onoffice_adapter.*) adds the
// endpoint and the signature.
//
// Sources: ../shared/seeds/000_d2e0043d8a09f623.txt and 001_71ee95d0020bd386.txt (the call and its
// documented answer) and ../shared/vendors/onoffice.md. Every inferred ([I]) fact is one named
// constant or function below, so that correcting it is one edit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/link_status.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink::detail::onoffice {

// --- The vendor's words ----------------------------------------------------------------------------

inline constexpr std::string_view kProvider = "onoffice";

/// [C] The action and resource of the call; both are part of the signature.
inline constexpr std::string_view kActionIdDo = "urn:onoffice-de-ns:smart:2.5:smartml:action:do";
inline constexpr std::string_view kResourceType = "subsequentPaymentLink";

/// [I] `resourceid`: mandatory but may be empty. The docs' request example sends null, the answer
/// echoes "", the official SDK sends "". We send "".
inline constexpr std::string_view kResourceId = "";

/// [I] `hmac_version`: the docs show the string "2", the official SDK sends the integer 2 (both are
/// evidently accepted). We send the integer.
inline constexpr int kHmacVersion = 2;

/// [I] `priceNet` is a bare decimal with no currency; the marketplace bills in euros, so only EUR
/// amounts are accepted (any other currency is a `validation` error before sending).
inline constexpr std::string_view kCurrency = "EUR";

// [I] Serialisation: `dump_json` writes every object with its keys in byte order of their names (the
// order of nlohmann::json's std::map). That gives `parameters` the alphabetical order the docs require
// ("description, priceNet, sendMailToCustomer, transactionid"); key order means nothing to onOffice
// anywhere else. '/' is not escaped as "\/": the docs ask for PHP's escaping only for the legacy v1
// signature, which hashed the parameters' JSON; v2 signs no part of the body.

/// [C] onOffice reports no status word for a link (the answer has only the URL and whether the mail
/// was sent), so nothing maps to `pending`, `paid` or any other state: a link it has just made can be
/// paid, and `PaymentLink::raw_status` stays empty.
inline constexpr LinkStatus kCreatedLinkStatus = LinkStatus::open;

/// [I] onOffice returns no id for the link. The id is the value of the short link's `c` query
/// parameter (".../smart/short.php?c=1c13…e4da"), which names this one link; a transaction can have
/// several subsequent payment links, so the transaction id would not be unique. Without a `c`
/// parameter the whole URL is the id.
std::string link_id_from_url(std::string_view url);

// --- Wire structs ----------------------------------------------------------------------------------

/// The `parameters` of `Do subsequentPaymentLink`.
struct WireParameters {
  std::string description;
  std::string priceNet;  ///< "1100.50": two decimals, a dot.
  bool sendMailToCustomer = false;
  std::string transactionid;
};

/// One signed action of the request.
struct WireAction {
  std::string actionid;
  std::string hmac;  ///< base64 HMAC-SHA256, version `hmac_version`.
  int hmac_version = kHmacVersion;
  std::string identifier;
  WireParameters parameters;
  std::string resourceid;
  std::string resourcetype;
  std::int64_t timestamp = 0;  ///< Unix seconds, as signed.
};

/// The request body: `{"request": {"actions": […]}, "token": "…"}`.
struct WireRequest {
  std::vector<WireAction> actions;
  std::string token;
};

/// The top-level `status` `{code, errorcode, message}`. `code` is required; `errorcode` absent reads
/// as 0; `message` only explains, so one of the wrong type reads as "" rather than hide the code.
struct WireStatus {
  std::int64_t code = 0;
  std::int64_t errorcode = 0;
  std::string message;
  bool ok() const noexcept { return code == 200 && errorcode == 0; }
};

/// An action's own `status` `{errorcode, message}` (no code).
struct WireActionStatus {
  std::int64_t errorcode = 0;
  std::string message;
  bool ok() const noexcept { return errorcode == 0; }
};

/// `elements.result` of a successful action's record.
struct WireLinkResult {
  std::string subsequentPaymentUrl;        ///< Required.
  std::optional<bool> mailToCustomerSent;  ///< nullopt when onOffice leaves it out.
};
/// A record's `elements`. (Other onOffice calls put their fields directly here; this one nests them
/// one level deeper, in `result`.)
struct WireElements {
  WireLinkResult result;
};
/// `data.records[i]`: `{id, type, elements}`.
struct WireRecord {
  WireElements elements;
  std::string raw_json;  ///< `dump_json` of the record.
};
/// An action's `data`: `{meta, records}`.
struct WireData {
  std::vector<WireRecord> records;
};

/// `response.results[i]`: the answer of one action. `actionid` and `resourcetype` are "" when absent.
struct WireResult {
  std::string actionid;
  std::string resourcetype;
  std::optional<WireActionStatus> status;
  WireData data;
};
struct WireResponse {
  std::vector<WireResult> results;
};
/// A successful answer: `{"status": {…}, "response": {"results": […]}}`.
struct WireAnswer {
  WireStatus status;
  WireResponse response;
};

/// The error body: onOffice reports errors inside the same envelope, whatever the HTTP status (the
/// official SDK reads only the JSON). A failed action's status names the cause; a top-level
/// `errorcode` 97 ("Error in action") only says "see the action".
struct WireError {
  WireStatus status;                              ///< Top level.
  std::optional<WireActionStatus> action_status;  ///< `response.results[0].status`, when readable.
};

void to_json(Json& j, const WireParameters& w);
void to_json(Json& j, const WireAction& w);
void to_json(Json& j, const WireRequest& w);
void from_json(const Json& j, WireStatus& w);
void from_json(const Json& j, WireActionStatus& w);
void from_json(const Json& j, WireLinkResult& w);
void from_json(const Json& j, WireElements& w);
void from_json(const Json& j, WireRecord& w);
void from_json(const Json& j, WireData& w);
void from_json(const Json& j, WireResult& w);
void from_json(const Json& j, WireResponse& w);
void from_json(const Json& j, WireAnswer& w);

// --- Domain ⇄ wire ---------------------------------------------------------------------------------

/// The request body: one action carrying the request's parameters and identifier, signed at
/// `timestamp` with `hmac` (the adapter's; onOffice's v2 signature covers no part of the request, so
/// it is made before this), and the top-level `token`. Compact, keys in byte order.
/// Validates first and refuses with `validation` naming the field: no amount (items alone are not
/// sent), a currency other than EUR, an amount not above zero, a blank description or transaction id,
/// and text that is not UTF-8 (it would be altered on the wire).
Result<std::string> encode_create_body(const CreateLinkRequest& request, std::string_view token, std::int64_t timestamp,
                                       std::string_view hmac);

/// A successful answer → the domain link (the provider name, id, URL, status open, the request's
/// amount and description, reference = transaction id, vendor field "mailToCustomerSent").
/// `invalid_response` naming the JSON path when the body is not the envelope, has a field of the wrong
/// type, lacks the result record, answers another action, or has no http(s) URL.
Result<PaymentLink> decode_created_link(std::string_view body, int http_status, const CreateLinkRequest& request);

/// The envelope's error when `body` is onOffice's envelope and either status reports a failure; nullopt
/// otherwise (not JSON, no readable top-level status, or success). An unreadable action status does
/// not hide a top-level error.
std::optional<WireError> decode_error_body(std::string_view body);

}  // namespace paylink::detail::onoffice
