#pragma once
// Qonto's wire: the JSON bodies and list queries of the Business API v2 payment-link calls, as wire
// structs read and written with nlohmann/json (core/json.hpp), and their mapping to and from the
// domain. Pure functions of their arguments; the adapter (qonto_adapter.*) adds URLs and headers.
//
// Sources: ../shared/seeds/004_9f53836288fde638.txt (the authority for the create body) and
// ../shared/vendors/qonto.md. Every inferred ([I]) or unknown ([?]) fact is one named constant or
// function below, so that correcting it is one edit.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/link_event.hpp"
#include "paylink/link_status.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink::detail::qonto {

// --- The vendor's words ----------------------------------------------------------------------------

inline constexpr std::string_view kProvider = "qonto";

/// `potential_payment_methods` when `QontoOptions::payment_methods` is empty ("credit_card" is the
/// seed's and the docs' only example).
inline constexpr std::string_view kDefaultPaymentMethod = "credit_card";

/// [I] `items[].type` when a line item leaves it empty. The docs show only "good"; "service" is a
/// likely other value, but the full enum is not published.
inline constexpr std::string_view kDefaultItemType = "good";

/// [I] `items[].measure_unit` when a line item leaves it empty. "unit" is the only value seen.
inline constexpr std::string_view kDefaultMeasureUnit = "unit";

/// Decimal places a `vat_rate` may have. EU rates have at most two ("5.5", "2.1", "13.5"); the bound
/// keeps the VAT arithmetic of `basket_total` exact in integers.
inline constexpr int kMaxVatDecimals = 2;

/// [?] The docs disagree on the format of `vat_rate`: the seed sends a percent string ("21.0"), one
/// docs page a fraction ("0.21"). The seed wins (vendors/README.md): the request's percent string is
/// sent as given. Change this one function if the sandbox says otherwise.
std::string wire_vat_rate(std::string_view percent);

/// [I] What a basket costs the payer: the seed's item of 10.99 at "21.0" % gives a link `amount` of
/// 13.30, so Qonto's unit prices are before VAT and the link's amount is Σ quantity × unit_price ×
/// (1 + vat/100). Qonto does not say where it rounds; this rounds each line half-up to the minor unit
/// and adds the lines. Used only to check a request that gives both `amount` and `items`. An item
/// without a `vat_rate` counts at `default_vat_rate`.
/// Errors: `validation` (field "items") when the total does not fit in 64 bits.
Result<Money> basket_total(const std::vector<LineItem>& items, std::string_view default_vat_rate = {});

/// [C] A link's status words (docs "show"/"index", vendors/qonto.md §5): "open", "processing" (a
/// payment was submitted and is not final: `pending`), "paid", "expired", "canceled" (American
/// spelling; the state after deactivate). Any other word maps to `unknown` and is kept in
/// `PaymentLink::raw_status`.
LinkStatus map_status(std::string_view word) noexcept;
/// The word the links list's `status[]` filter sends for `status` (pending → "processing"); nullopt
/// for `LinkStatus::unknown`.
std::optional<std::string_view> status_word(LinkStatus status) noexcept;

/// [C] The words of the payments list's `status[]` filter (vendors/qonto.md §6): a payment's own life
/// cycle, not a link's.
inline constexpr std::array<std::string_view, 7> kPaymentStatusWords = {"open",     "pending", "authorized", "paid",
                                                                        "canceled", "expired", "failed"};
/// [I] The payment word for a neutral status in `ListQuery::status` of `list_payments`: the word of the
/// same name (pending → "pending"); nullopt for `unknown`. "authorized" and "failed" have no neutral
/// status: ask for them with `ListQuery::filters["status"]`.
std::optional<std::string_view> payment_status_word(LinkStatus status) noexcept;

/// [C] `sort_by` fields (`<field>:asc|desc`), for `ListQuery::sort_field`: links by "amount" or
/// "expiration_date", payments by "creation_date".
inline constexpr std::array<std::string_view, 2> kLinkSortFields = {"amount", "expiration_date"};
inline constexpr std::array<std::string_view, 1> kPaymentSortFields = {"creation_date"};

/// `per_page` is 1..100 (documented; the default is 100).
inline constexpr int kMaxPerPage = 100;

/// [C] The list filter's query name: a repeated Rails-style array (`?status[]=open&status[]=paid`),
/// sent percent-encoded ("status%5B%5D=open"), which servers decode to the same name.
inline constexpr std::string_view kStatusFilterParam = "status[]";

/// [C] The webhook type of payment-link deliveries (docs "v1/payment-links", vendors/qonto.md §9); its
/// `data.event` is "created" or "updated", and a payment shows as an "updated" with `data.status`.
inline constexpr std::string_view kLinkWebhookType = "v1/payment-links";

/// [I] The longest `expires_in` of a token answer paylink accepts: a year (Qonto's tokens live an hour,
/// vendors/qonto.md §9b). A longer one is `invalid_response`: nothing issues such tokens, and far larger
/// values would overflow the refresh's clock arithmetic (nanoseconds since the epoch).
inline constexpr std::int64_t kLongestTokenLifetimeSeconds = 366LL * 24 * 3600;

// --- Wire structs ----------------------------------------------------------------------------------

/// `{"value": "13.30", "currency": "EUR"}`: a decimal string in major units, read and written exactly
/// (never through a double). Reading refuses a value that is not exact in its currency.
struct WireMoney {
  Money money;
};

/// One basket line, sent and read back.
struct WireItem {
  std::string title;
  std::int64_t quantity = 1;  ///< 1 when a response leaves it out.
  WireMoney unit_price;
  std::string vat_rate;  ///< A percent string; a response's JSON number is kept as its text.
  std::string type;
  std::string description;  ///< Not sent when empty.
  std::string measure_unit;
};

/// The `payment_link` of `POST /v2/payment_links`: a basket link (items, reusable) or an invoice link
/// (invoice_id, invoice_number, debitor_name, amount). Empty members are not sent.
struct WireCreateLink {
  std::vector<std::string> potential_payment_methods;
  std::optional<bool> reusable;  ///< Basket links only.
  std::vector<WireItem> items;
  std::string invoice_id;
  std::string invoice_number;
  std::string debitor_name;
  std::optional<WireMoney> amount;  ///< Invoice links only.
  std::string redirect_url;         ///< [C] Where the payer lands after paying, for both kinds.
};
struct WireCreateRequest {
  WireCreateLink payment_link;
};

/// A link as create, get, deactivate and list answer it. Null members read as absent.
struct WireLink {
  std::string id;  ///< Required, not empty.
  std::string url;
  std::string status;
  std::optional<WireMoney> amount;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> expiration_date;
  bool reusable = false;
  std::string resource_type;  ///< "Basket" or "Invoice" [3P].
  std::string invoice_id;
  std::string invoice_number;
  std::string debitor_name;
  std::vector<std::string> potential_payment_methods;
  std::vector<WireItem> items;
  std::string raw_json;  ///< `dump_json` of the link object.
};
/// `{"payment_link": {…}}` (create, get, deactivate).
struct WireLinkEnvelope {
  WireLink payment_link;
};

/// `meta` of a list page; `next_page` is null on the last page.
struct WirePageMeta {
  std::optional<std::int64_t> current_page;
  std::optional<std::int64_t> next_page;
};
/// `{"payment_links": […], "meta": {…}}`.
struct WireLinkPage {
  std::vector<WireLink> payment_links;
  std::optional<WirePageMeta> meta;
};

/// A payment made through a link [3P: shape from third-party fixtures].
struct WirePayment {
  std::string id;  ///< Required, not empty.
  std::optional<WireMoney> amount;
  std::string status;
  std::string payment_method;
  std::string debitor_email;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> paid_at;
};
/// `{"payments": […], "meta": {…}}` of `GET /v2/payment_links/{id}/payments`.
struct WirePaymentPage {
  std::vector<WirePayment> payments;
  std::optional<WirePageMeta> meta;
};

struct WirePaymentMethod {
  std::string name;  ///< Required, not empty.
  bool enabled = false;
};
/// `{"payment_link_payment_methods": [{"name": …, "enabled": …}]}` [3P].
struct WirePaymentMethods {
  std::vector<WirePaymentMethod> payment_link_payment_methods;
};

/// The Business API error envelope `{"errors": [{code, detail, source{pointer, parameter}}], trace_id}`,
/// or the OAuth form `{"error", "error_description"}` [3P]. Reading fails for any other body.
struct WireError {
  std::string code;    ///< errors[0].code, or the OAuth `error`.
  std::string detail;  ///< errors[0].detail (or title), or the OAuth `error_description`.
  std::string field;   ///< The request field named by errors[0].source (see `field_from_source`).
  std::string trace_id;
  std::size_t count = 0;  ///< How many errors the body listed.
};

/// The OAuth2 token endpoint's answer `{access_token, token_type, expires_in, refresh_token, scope}`
/// [C RFC 6749 §5.1; vendors/qonto.md §9b]. `access_token` and `expires_in` (> 0) are required;
/// `refresh_token` is empty when the answer has none.
struct WireToken {
  std::string access_token;
  std::string token_type;
  std::int64_t expires_in = 0;
  std::string refresh_token;
};

/// A webhook delivery's envelope `{id, subscription_id, organization_id, membership_id, type,
/// created_at, data}` [C docs example]; `data` is read by type.
struct WireWebhookDelivery {
  std::string id;    ///< Required, not empty: the delivery's id, the de-duplication key.
  std::string type;  ///< Required, not empty: "v1/payment-links", …
  std::optional<Timestamp> created_at;
  Json data;  ///< `data` as received (null when absent)
};
/// `data` of a `v1/payment-links` delivery. Unread members (potential_payment_methods, resource_*,
/// expired_at) stay in the raw body.
struct WireWebhookLinkData {
  std::string event;            ///< "created" or "updated"
  std::string status;           ///< a link status word
  std::string payment_link_id;  ///< Required, not empty.
  std::optional<WireMoney> amount;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> updated_at;
};

void to_json(Json& j, const WireMoney& w);
void from_json(const Json& j, WireMoney& w);
void to_json(Json& j, const WireItem& w);
void from_json(const Json& j, WireItem& w);
void to_json(Json& j, const WireCreateLink& w);
void to_json(Json& j, const WireCreateRequest& w);
void from_json(const Json& j, WireLink& w);
void from_json(const Json& j, WireLinkEnvelope& w);
void from_json(const Json& j, WirePageMeta& w);
void from_json(const Json& j, WireLinkPage& w);
void from_json(const Json& j, WirePayment& w);
void from_json(const Json& j, WirePaymentPage& w);
void from_json(const Json& j, WirePaymentMethod& w);
void from_json(const Json& j, WirePaymentMethods& w);
void from_json(const Json& j, WireError& w);
void from_json(const Json& j, WireToken& w);
void from_json(const Json& j, WireWebhookDelivery& w);
void from_json(const Json& j, WireWebhookLinkData& w);

// --- Domain ⇄ wire ---------------------------------------------------------------------------------

/// The body of `POST /v2/payment_links`: a basket link (from `items`, or one item made from `amount`
/// and `description`) or, when `qonto.invoice_id` is set, an invoice link; `return_url` is sent as
/// `redirect_url`. Validates first; a `validation` error names the request field
/// ("items[0].unit_price", "amount", "return_url", "qonto.invoice_number").
Result<std::string> encode_create_body(const CreateLinkRequest& request);

/// "?page=…&per_page=…&status[]=…&sort_by=…" of `GET /v2/payment_links` (empty without parameters).
/// `status` (or `filters["status"]`, link words separated by ','), `sort_field` "amount" or
/// "expiration_date". Errors: `validation` naming the ListQuery field.
Result<std::string> encode_list_query(const ListQuery& query);
/// The same for `GET /v2/payment_links/{id}/payments`: `status` by `payment_status_word`, or
/// `filters["status"]` with words of `kPaymentStatusWords`; `sort_field` "creation_date".
Result<std::string> encode_payments_query(const ListQuery& query);

/// `{"payment_link": {…}}` (create, get, deactivate). Errors: `invalid_response` naming the JSON path.
Result<PaymentLink> decode_link_envelope(std::string_view body, int http_status);
/// `{"payment_links": […], "meta": {…}}`; `Page::next_cursor` is `meta.next_page`.
Result<Page<PaymentLink>> decode_link_page(std::string_view body, int http_status);
/// `{"payments": […], "meta": {…}}`.
Result<Page<LinkPayment>> decode_payment_page(std::string_view body, int http_status);
/// `{"payment_link_payment_methods": […]}`.
Result<std::vector<PaymentMethod>> decode_payment_methods(std::string_view body, int http_status);
/// A webhook body (already verified) as a `LinkEvent` of `kProvider`, its `occurred_at` falling back to
/// `signed_at`. nullopt for a delivery of another type than `kLinkWebhookType`. Errors:
/// `invalid_response` naming the JSON path (not JSON, no `id`/`type`, no `data.payment_link_id`).
Result<std::optional<LinkEvent>> decode_webhook(std::string_view body, Timestamp signed_at);
/// An error body in one of `WireError`'s envelopes; nullopt for anything else.
std::optional<WireError> decode_error_body(std::string_view body);

/// The form body of `POST /oauth2/token` for the refresh grant, client credentials in the body
/// [C vendors/qonto.md §9b]: "grant_type=refresh_token&refresh_token=…&client_id=…&client_secret=…".
std::string encode_refresh_form(std::string_view refresh_token, std::string_view client_id,
                                std::string_view client_secret);
/// A 2xx answer of the token endpoint. Errors: `invalid_response` naming the JSON path, never a value.
Result<WireToken> decode_token(std::string_view body, int http_status);

/// The request field an error's `source` points at, in the domain's names:
/// "/payment_link/items/0/vat_rate" → "items[0].vat_rate", "/payment_link/items/1/unit_price/value" →
/// "items[1].unit_price", "/payment_link/amount/value" → "amount", "/payment_link/invoice_number" →
/// "qonto.invoice_number", "/payment_link/redirect_url" → "return_url"; query parameters "per_page" →
/// "page_size", "page" → "cursor", "status[]" → "status", "sort_by" → "sort_field".
std::string field_from_source(std::string_view pointer, std::string_view parameter);

}  // namespace paylink::detail::qonto
