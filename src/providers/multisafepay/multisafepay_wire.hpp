#pragma once
// MultiSafepay wire: the JSON of orders, to and from the domain model. Pure functions, no I/O.
//
// Sources (vendor docs page /work/shared/vendors/multisafepay.md): OpenAPI in MultiSafepay/docs
// (openapi/components/examples/requests/post-orders/recurring-subsequent.json, responses/getOrder.json,
// responses/postOrdersRedirect.json, schemas/SecondsActive.yaml, schemas/Item.yaml) and the PHP SDK
// (MultiSafepay/php-sdk src/ValueObject/CartItem.php). Facts marked [I] are inferred.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_document.hpp"
#include "paylink/call_context.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/link_status.hpp"
#include "paylink/money.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink::detail::msp {

// --- The vendor's wire facts ----------------------------------------------------------------------

inline constexpr std::string_view kProvider = "multisafepay";

/// `order_id`: at most 50 characters (OpenAPI). It is also a URL path segment of get and cancel, so '/',
/// '?', '#' and control characters are refused [I: %2F in a path is not reliably routed].
inline constexpr std::size_t kOrderIdMaxLength = 50;
/// `description`: required, at most 200 characters (OpenAPI; error 1008 when missing).
inline constexpr std::size_t kDescriptionMaxLength = 200;
/// `var1`..`var3`. Discrepancy: the seed's OpenAPI body params say "length ≤ 500", the vendor docs page
/// and the issue say 100. We keep the stricter 100 so that nothing we accept is refused by either.
inline constexpr std::size_t kVarMaxLength = 100;
/// `customer.email`: at most 64 characters (vendor docs page).
inline constexpr std::size_t kEmailMaxLength = 64;
/// `seconds_active`: 1 to 31 536 000 (SecondsActive.yaml). `days_active` is never sent: the vendor uses
/// `seconds_active` when both are set, so seconds alone say everything.
inline constexpr std::int64_t kSecondsActiveMin = 1;
inline constexpr std::int64_t kSecondsActiveMax = 31'536'000;

/// Order `status` words (OpenAPI enum) and what they mean for a link. The raw word is always kept.
struct StatusWord {
  std::string_view word;
  LinkStatus status;
};
inline constexpr std::array<StatusWord, 12> kStatusWords{{
    {"initialized", LinkStatus::open},  // created, not paid yet
    {"uncleared", LinkStatus::open},    // paid, awaiting the merchant's or the vendor's clearance: pending
    {"reserved", LinkStatus::open},     // funds reserved, not captured: pending
    {"completed", LinkStatus::paid},
    {"shipped", LinkStatus::paid},  // BNPL order marked shipped after payment
    // [I] Refunds and chargebacks come after a completed payment: the link was paid; the raw word says
    // what happened to the money afterwards.
    {"refunded", LinkStatus::paid},
    {"partial_refunded", LinkStatus::paid},  // [I] seen in plugins, not in the OpenAPI enum
    {"chargeback", LinkStatus::paid},
    {"expired", LinkStatus::expired},
    {"cancelled", LinkStatus::canceled},
    {"void", LinkStatus::canceled},
    // [I] Declined is final for the order (a token charge or the last attempt failed); the link will not
    // be paid, so it reads as canceled.
    {"declined", LinkStatus::canceled},
}};

/// The link status of an order status word; `unknown` for any other word.
LinkStatus link_status_for(std::string_view word) noexcept;

// --- Create -----------------------------------------------------------------------------------------

/// The order_id of a create: `request.reference`, or when empty the client's idempotency key (made once
/// before the first attempt, so every attempt and the reconcile use the same id). Validated.
Result<std::string> order_id_for(const CreateLinkRequest& request, const CallContext& ctx);
/// The amount a create charges: `request.amount`, or the sum of `request.items`. Both given must agree
/// (the vendor checks the cart against the amount). Must be positive.
Result<Money> order_amount(const CreateLinkRequest& request);
/// Validates everything a create sends (naming the field and the limit) and builds the body of
/// POST orders. Null and empty fields are omitted, never sent as null.
Result<std::string> create_order_body(const CreateLinkRequest& request, std::string_view order_id);
/// The link a successful create reports. `data` is the envelope's data: a full order for direct orders,
/// or {order_id, payment_url, session_id} for redirect and paymentlink orders [I for paymentlink], in
/// which case amount, description, metadata and items are the ones sent, and the status is open.
Result<PaymentLink> link_from_create_response(JsonNode data, const CreateLinkRequest& request,
                                              std::string_view order_id, const Money& amount);

// --- Get, cancel -----------------------------------------------------------------------------------

/// Checks an order_id given to get or cancel; errors name `field`.
Result<std::string> checked_order_id(std::string_view id, std::string_view field);
/// Body of PATCH orders/{order_id} that cancels: {"status":"cancelled","exclude_order":true}.
std::string cancel_order_body();
/// An order object (GET data, direct-create data, notification body) as a link. Required: order_id
/// (string or integer) and status (string); mapped fields of the wrong type give `invalid_response`.
/// Times have no zone and are read as UTC. The object is kept verbatim in `raw_json`.
Result<PaymentLink> link_from_order(JsonNode order);

}  // namespace paylink::detail::msp
