#pragma once
// SmarterPay Cloud wire format: the `{"payment_link": {…}}` envelope, its fields and limits, and the
// mapping to and from the domain model. Pure functions; the adapter adds URLs, headers and errors.
// Source: ../shared/seeds/003_23670d7667728979.txt (the authority) and vendors/smarterpay.md.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json_document.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/update_link_request.hpp"

namespace paylink::detail::smarterpay {

// ---- The vendor's wire, as documented --------------------------------------------------------------

inline constexpr std::string_view kProvider = "smarterpay";

// [I] The amount's unit. The seed shows `"amount": "2750"` (a string) with description "Payment Plan",
// and SmarterPay's Recurrence Schedule API documents "Amount in pence – no decimal point". We read and
// write amounts as whole pence in a decimal-integer string. Correct it here if the vendor says otherwise.
inline constexpr std::string_view kAmountCurrency = "GBP";  // [I] no currency on the wire: links are in GBP.

// [C] Field limits of POST /paymentlink and PUT /paymentlink/{ID}, in characters.
inline constexpr std::size_t kMaxDescription = 255;
inline constexpr std::size_t kMaxCustomReference = 100;
inline constexpr std::size_t kMaxReturnUrl = 2048;
inline constexpr std::size_t kMaxMetadata = 1000;

// [C] The seven metadata strings of create, update and every record.
inline constexpr std::array<std::string_view, 7> kMetadataFields{"metadata",
                                                                 "metadata_account_validation",
                                                                 "metadata_bank_account",
                                                                 "metadata_card",
                                                                 "metadata_customer_account",
                                                                 "metadata_mandate",
                                                                 "metadata_recurrence_schedule"};

// [C] List paging: limit default 40, 1..500; page_no default 1; sort_field id|type|created_at;
// sort_order asc (default) | desc.
inline constexpr int kDefaultListLimit = 40;
inline constexpr int kMinListLimit = 1;
inline constexpr int kMaxListLimit = 500;
inline constexpr std::array<std::string_view, 3> kSortFields{"id", "type", "created_at"};

// [C] List filters: exact-match ids and contains-match references. `status` is not among them.
inline constexpr std::array<std::string_view, 6> kExactFilters{
    "bank_account_id", "customer_account_id", "ecommerce_page_id", "id", "mandate_id", "recurrence_schedule_id"};
inline constexpr std::array<std::string_view, 5> kContainsFilters{
    "auddis", "bank_account_custom_reference", "card_payment_custom_reference", "customer_custom_reference",
    "recurrence_schedule_custom_reference"};

// [C] Record fields kept in `PaymentLink::vendor_fields` by their own names (when not null): the ids,
// references and schedule overrides the domain model has no field for. `customer_custom_reference` is
// not in the seed's response table but is a create field and a list filter, so it is read if present.
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

// [C] Record `status` words; `completed_at` set means paid (see `status_of`).
inline constexpr std::string_view kStatusActive = "active";
inline constexpr std::string_view kStatusExpired = "expired";
// [C] `expiry` of a link that never expires.
inline constexpr std::string_view kExpiryNever = "never";

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// ---- Domain → wire ---------------------------------------------------------------------------------

/// The create body `{"payment_link": {…}}`, or a `validation` error naming the field and limit.
Result<std::string> encode_create_body(const CreateLinkRequest& request);
/// The update body with the metadata strings, or a `validation` error.
Result<std::string> encode_update_body(const UpdateLinkRequest& update);
/// `{"payment_link": {"status": "expired"}}`.
std::string encode_expire_body();
/// The list query parameters in this order: limit, page_no, sort_field, sort_order, then the filters
/// in ascending key order. Values are not yet URL-escaped (`query_string` does it).
Result<QueryParams> encode_list_params(const ListQuery& query);

// ---- Wire → domain ---------------------------------------------------------------------------------

/// A single-record body `{"payment_link": {…}}`; anything else is `invalid_response`.
Result<PaymentLink> decode_link_body(std::string_view body);
/// A list body `{"payment_links": […]}`; `next_cursor` is the next `page_no` when the page is full.
Result<Page<PaymentLink>> decode_list_body(std::string_view body, const ListQuery& query);
/// One record object; its text in the body is kept as `raw_json`.
Result<PaymentLink> decode_record(JsonNode record);

}  // namespace paylink::detail::smarterpay
