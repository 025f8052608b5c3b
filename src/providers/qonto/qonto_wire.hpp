#pragma once
// Qonto's wire: the JSON bodies of the Business API v2 payment-link calls, mapped to and from the
// domain. Pure functions of their arguments. The adapter (qonto_adapter.*) adds URLs, headers and the
// HTTP-status side of error mapping.
//
// Sources: ../shared/seeds/004_9f53836288fde638.txt (the authority for the create body) and
// ../shared/vendors/qonto.md. Every inferred ([I]) or unknown ([?]) fact is one named constant or
// function below, so that correcting it is one edit.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/create_link_request.hpp"
#include "paylink/link_status.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink::detail::qonto {

// --- The vendor's body facts -----------------------------------------------------------------------

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

/// [I] Status words. "open" is documented, "canceled" (American spelling, after deactivate) is seen in
/// third-party fixtures; "paid" and "expired" are inferred. Any other word (e.g. a possible
/// "processing") maps to `unknown` and is kept in `PaymentLink::raw_status`.
LinkStatus map_status(std::string_view word) noexcept;
/// The word a `status[]` list filter sends for `status`; nullopt for `LinkStatus::unknown`.
std::optional<std::string_view> status_word(LinkStatus status) noexcept;

// --- Requests --------------------------------------------------------------------------------------

/// The body of `POST /v2/payment_links`: a basket link (from `items`, or one item made from `amount`
/// and `description`) or, when `qonto.invoice_id` is set, an invoice link. Validates first; a
/// `validation` error names the request field ("items[0].unit_price", "amount", "qonto.invoice_number").
Result<std::string> encode_create_body(const CreateLinkRequest& request);

// --- Responses -------------------------------------------------------------------------------------

/// `{"payment_link": {…}}` (create, get, deactivate). Errors: `invalid_response`.
Result<PaymentLink> decode_link_envelope(std::string_view body, int http_status);
/// `{"payment_links": […], "meta": {…}}`; `Page::next_cursor` is `meta.next_page`.
Result<Page<PaymentLink>> decode_link_page(std::string_view body, int http_status);
/// `{"payments": […], "meta": {…}}` of `GET /v2/payment_links/{id}/payments`.
Result<Page<LinkPayment>> decode_payment_page(std::string_view body, int http_status);
/// `{"payment_link_payment_methods": [{"name": …, "enabled": …}]}`.
Result<std::vector<PaymentMethod>> decode_payment_methods(std::string_view body, int http_status);

/// The Business API error envelope `{"errors": [{code, detail, source{pointer, parameter}}], trace_id}`,
/// or the OAuth form `{"error", "error_description"}`.
struct WireError {
  std::string code;    ///< errors[0].code, or the OAuth `error`.
  std::string detail;  ///< errors[0].detail, or the OAuth `error_description`.
  std::string field;   ///< The request field named by errors[0].source (see `field_from_source`).
  std::string trace_id;
  std::size_t count = 0;  ///< How many errors the body listed.
};
/// Reads an error body; nullopt when the body is not one of the two envelopes.
std::optional<WireError> decode_error_body(std::string_view body);

/// The request field an error's `source` points at, in the domain's names:
/// "/payment_link/items/0/vat_rate" → "items[0].vat_rate", "/payment_link/items/1/unit_price/value" →
/// "items[1].unit_price", "/payment_link/amount/value" → "amount", "/payment_link/invoice_number" →
/// "qonto.invoice_number"; query parameters "per_page" → "page_size", "page" → "cursor".
std::string field_from_source(std::string_view pointer, std::string_view parameter);

}  // namespace paylink::detail::qonto
