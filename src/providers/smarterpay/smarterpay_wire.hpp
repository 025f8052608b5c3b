#pragma once
// SmarterPay Cloud wire: the `{"payment_link": {…}}` envelope, its fields and limits, and the mapping to
// and from the domain model. Pure functions; the adapter adds URLs, headers and errors.
// Sources: ../shared/seeds/003_23670d7667728979.txt (the authority for the four payment-link calls) and
// ../shared/vendors/smarterpay.md.

#include <array>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/link_event.hpp"
#include "paylink/link_status.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/update_link_request.hpp"

namespace paylink::detail::smarterpay {

// --- The vendor's words -----------------------------------------------------------------------------

inline constexpr std::string_view kProvider = "smarterpay";

/// [C] seed 003: a link's `status` is "active" or "expired" ("Link status. Can be “active”,
/// “expired”"). Nothing in the seed or the stored wiki describes a submitted-but-not-final state of a
/// link (the card-payment results' "pending" belongs to another resource), so no word maps to
/// `LinkStatus::pending`. Any other word is `unknown`; the caller keeps it in `raw_status`.
LinkStatus map_status(std::string_view word);
/// [I] A link with `completed_at` set was paid, whatever its status word says (the seed has no example
/// of a completed link); otherwise `map_status(word)`.
LinkStatus link_status(std::string_view word, bool completed);

/// [C] The word `PUT paymentlink/{ID}` takes to expire a link.
inline constexpr std::string_view kStatusExpired = "expired";
/// [C] `expiry` of a link that never expires.
inline constexpr std::string_view kExpiryNever = "never";

/// [I] The amount is whole pence of GBP in a decimal-integer string: the seed shows `"amount": "2750"`
/// with description "Payment Plan", and SmarterPay's Recurrence Schedule API documents "Amount in pence
/// – no decimal point". The wire carries no currency. Correct it here if the vendor says otherwise.
inline constexpr std::string_view kAmountCurrency = "GBP";
/// Digits of a pence amount, so that it fits a signed 64-bit integer.
inline constexpr std::size_t kMaxAmountDigits = 18;

// [C] Field limits of POST /paymentlink and PUT /paymentlink/{ID}, in characters.
inline constexpr std::size_t kMaxDescription = 255;
inline constexpr std::size_t kMaxCustomReference = 100;
inline constexpr std::size_t kMaxReturnUrl = 2048;
inline constexpr std::size_t kMaxMetadata = 1000;

/// [C] The seven metadata strings of create, update and every record.
inline constexpr std::array<std::string_view, 7> kMetadataFields{"metadata",
                                                                 "metadata_account_validation",
                                                                 "metadata_bank_account",
                                                                 "metadata_card",
                                                                 "metadata_customer_account",
                                                                 "metadata_mandate",
                                                                 "metadata_recurrence_schedule"};

/// [C] Record fields kept in `PaymentLink::vendor_fields` by their own names (when not null): the ids,
/// references and schedule overrides the domain model has no field for. `customer_custom_reference` is
/// not in the seed's response table but is a create field and a list filter, so it is read if present
/// (it is also `PaymentLink::reference`).
inline constexpr std::array<std::string_view, 16> kVendorFields{"customer_account",
                                                                "bank_account",
                                                                "mandate",
                                                                "recurrence_schedule",
                                                                "ecommerce_page",
                                                                "auddis",
                                                                "customer_custom_reference",
                                                                "bank_account_custom_reference",
                                                                "card_payment_custom_reference",
                                                                "recurrence_schedule_custom_reference",
                                                                "return_url",
                                                                "account_validation_callback",
                                                                "start_date",
                                                                "end_date",
                                                                "first_collection_date",
                                                                "first_collection_amount"};

// [C] List paging: limit default 40, 1..500; page_no default 1; sort_field id|type|created_at;
// sort_order asc (default) | desc.
inline constexpr int kDefaultListLimit = 40;
inline constexpr int kMinListLimit = 1;
inline constexpr int kMaxListLimit = 500;
inline constexpr std::array<std::string_view, 3> kSortFields{"id", "type", "created_at"};

/// [C] List filters: exact-match ids and contains-match references. `status` is not among them.
inline constexpr std::array<std::string_view, 11> kListFilters{"bank_account_id",
                                                               "customer_account_id",
                                                               "ecommerce_page_id",
                                                               "id",
                                                               "mandate_id",
                                                               "recurrence_schedule_id",
                                                               "auddis",
                                                               "bank_account_custom_reference",
                                                               "card_payment_custom_reference",
                                                               "customer_custom_reference",
                                                               "recurrence_schedule_custom_reference"};

// Webhooks (wiki "System Webhooks", "V2 Webhook Structure", "webhooks/v2/card"; vendors/smarterpay.md).
// [C] SmarterPay has no payment-link event: its webhooks report card payments, payments, mandates and
// schedules.

/// [C] The event types of a card payment (wiki webhooks/v2/card).
inline constexpr std::array<std::string_view, 2> kCardPaymentEventTypes{"card_payment.create", "card_payment.update"};

/// [C] A card payment's status words: successful, pending, cancelled, failed, error (the card-payment
/// results table). [I] As a link's state: "successful" → paid, "pending" → pending; "cancelled",
/// "failed" and "error" → open, because the payer can try again on the same link (as MultiSafepay's
/// "declined"). Any other word is `unknown`.
LinkStatus map_payment_status(std::string_view word);

// --- Wire structs -----------------------------------------------------------------------------------

/// The `payment_link` object of create, update and expire; empty members are not sent.
struct WireLinkBody {
  std::string ecommerce_page;
  std::string customer_account;
  std::string bank_account;
  std::string mandate;
  std::string recurrence_schedule;
  std::string auddis;
  std::string amount;  ///< [I] whole pence, see kAmountCurrency
  std::string description;
  std::string customer_custom_reference;
  std::string bank_account_custom_reference;
  std::string card_payment_custom_reference;
  std::string recurrence_schedule_custom_reference;
  std::string return_url;
  std::string start_date;
  std::string end_date;
  std::string first_collection_date;
  std::string first_collection_amount;
  std::map<std::string, std::string> metadata;  ///< by wire name, one of kMetadataFields
  std::string status;                           ///< update only: kStatusExpired
};
/// `{"payment_link": {…}}`.
struct WireLinkRequest {
  WireLinkBody payment_link;
};
void to_json(Json& j, const WireLinkBody& w);
void to_json(Json& j, const WireLinkRequest& w);

/// [?] A scalar read as text: the JSON types of the ids, references and schedule fields are not all
/// shown in the seed (`account_validation_callback` is a boolean there, `amount` a string), so a string,
/// an integer or a boolean is taken ("true"/"false").
struct WireScalar {
  std::string text;
};
void from_json(const Json& j, WireScalar& w);

/// The record of every answer (seed 003, "Response Parameters"). Null members are absent.
struct WireLink {
  std::string id;
  std::optional<std::string> url;
  std::string status;
  std::optional<WireScalar> amount;
  std::optional<std::string> description;
  std::optional<std::string> expiry;  ///< "never" or a time
  std::optional<std::string> created_at;
  std::optional<std::string> visited_at;
  std::optional<std::string> completed_at;
  std::map<std::string, std::string> metadata;       ///< the kMetadataFields that are set
  std::map<std::string, std::string> vendor_fields;  ///< the kVendorFields that are set
  Json raw;                                          ///< the record as received: `PaymentLink::raw_json`
};
/// `{"payment_link": {…}}`: create, get, update and expire.
struct WireLinkAnswer {
  WireLink payment_link;
};
/// `{"payment_links": […]}`: list, without paging metadata.
struct WireLinkList {
  std::vector<WireLink> payment_links;
};
void from_json(const Json& j, WireLink& w);
void from_json(const Json& j, WireLinkAnswer& w);
void from_json(const Json& j, WireLinkList& w);

/// One event of a V2 webhook. [C] names and formats from the wiki's card event table; unread members
/// stay in the raw body.
struct WireWebhookEvent {
  std::string id;          ///< the record's id (the card payment's)
  std::string event_id;    ///< the event's id
  std::string event_type;  ///< "card_payment.update", "mandate.create", …
  std::string status;
  std::string custom_reference;
  std::string currency_code;
  Json initial_amount;  ///< [?] format not documented: see `webhook_amount`
  std::optional<std::string> created_at;
  std::optional<std::string> edited_at;
};
/// A V2 webhook: `{id, idempotency_key, sent_at, client{id}, events: [...]}` [C].
struct WireWebhook {
  std::string id;
  std::optional<WireScalar> idempotency_key;  ///< the docs example shows it unquoted: any scalar
  std::optional<std::string> sent_at;
  std::vector<WireWebhookEvent> events;  ///< Required.
};
void from_json(const Json& j, WireWebhookEvent& w);
void from_json(const Json& j, WireWebhook& w);

/// [I] THE CORRELATION RULE, the one place that decides which SmarterPay event concerns which payment
/// link. SmarterPay sends no link event; a link is paid by card on its e-commerce page, and the card
/// payment made there is taken to carry the link's `card_payment_custom_reference` (the create option
/// `SmarterPayOptions::card_payment_custom_reference`) as its `custom_reference`. So an event concerns
/// a link when it is a card-payment event (`kCardPaymentEventTypes`) with a non-empty
/// `custom_reference`, and that reference is the key the application looks the link up by (also the
/// list filter `card_payment_custom_reference`). Give every link a unique one to correlate. Returns
/// the reference, or nullopt for an event about something else.
std::optional<std::string> correlated_link_reference(const WireWebhookEvent& event);

/// [?] A card payment's `initial_amount` in `currency_code` (GBP when absent): a decimal-integer
/// string or JSON integer is read as minor units (pence, as a link's `amount`); a decimal string with
/// a point ("27.50") as major units. Anything else (a JSON fraction, text): nullopt, not an error,
/// since the format is undocumented and the status matters more than the amount.
std::optional<Money> webhook_amount(const WireWebhookEvent& event);

/// [?] The error body of the paymentlink resource is not documented (vendors/smarterpay.md §5): this
/// is the one place that guesses it. It reads the keys JSON APIs commonly use and those of SmarterPay's
/// card-payment results (`status`, `code`, `details`):
///   {"message": "…"}   {"error": "…"}   {"error": {"code": …, "message": "…", "field": "…"}}
///   {"errors": ["…"]}   {"errors": [{"field": "…", "message": "…"}]}   {"errors": {"field": ["…"]}}
///   {"status": "error", "code": 101, "details": "Unauthorised"}
struct WireError {
  std::string code;     ///< "code", else error.code, else "status" (a result class such as "error")
  std::string message;  ///< the messages in the order above, at most kMaxErrorMessages, joined by "; "
  std::string field;    ///< the first field an entry names
};
inline constexpr std::size_t kMaxErrorMessages = 5;
void from_json(const Json& j, WireError& w);

// --- Domain ⇄ wire ----------------------------------------------------------------------------------

using QueryParams = std::vector<std::pair<std::string, std::string>>;

/// The create body, or a `validation` error naming the field and its limit.
Result<std::string> encode_create_body(const CreateLinkRequest& request);
/// The update body with the metadata strings, or a `validation` error.
Result<std::string> encode_update_body(const UpdateLinkRequest& update);
/// `{"payment_link": {"status": "expired"}}`.
std::string encode_expire_body();
/// The list query parameters in this order: limit, page_no, sort_field, sort_order, then the filters
/// in ascending key order. Values are not yet URL-escaped (`query_string` does it).
Result<QueryParams> encode_list_params(const ListQuery& query);

/// A single-record answer; anything else is `invalid_response` naming the JSON path.
Result<PaymentLink> decode_link(std::string_view body, int http_status);
/// A list answer; `next_cursor` is the next `page_no` when the page is as long as the limit asked for.
Result<Page<PaymentLink>> decode_list(std::string_view body, int http_status, const ListQuery& query);
/// A V2 webhook body (already verified) as the `LinkEvent` of its first event that concerns a link
/// (`correlated_link_reference`); nullopt when no event does. `link_id` is the correlation reference,
/// `event_id` the event's `event_id` (else the webhook's `idempotency_key`, else its `id`),
/// `occurred_at` the event's `edited_at` (else `created_at`, else the webhook's `sent_at`).
/// Errors: `invalid_response` naming the JSON path (not JSON, no `events` array, a bad member type).
Result<std::optional<LinkEvent>> decode_webhook(std::string_view body);
/// The vendor's error, or nullopt when the body is not JSON or says none of WireError's keys.
std::optional<WireError> decode_error_body(std::string_view body);

}  // namespace paylink::detail::smarterpay
