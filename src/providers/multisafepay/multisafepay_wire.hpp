#pragma once
// MultiSafepay wire: the vendor's words, the JSON shapes of orders as wire structs, and their mapping to
// and from the domain. Pure functions, no I/O.
//
// Sources (team notes ../shared/vendors/multisafepay.md): the OpenAPI of MultiSafepay/docs
// (openapi/components/examples/requests/post-orders/recurring-subsequent.json, responses/getOrder.json,
// responses/postOrdersRedirect.json, schemas/SecondsActive.yaml, schemas/Item.yaml), the docs pages
// (content/checkout/payment-links.md) and the PHP SDK MultiSafepay/php-sdk (src/Api/Base/Response.php,
// src/ValueObject/CartItem.php). [C] confirmed by a source, [I] inferred, [?] unknown.

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "paylink/call_context.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/link_status.hpp"
#include "paylink/money.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink::detail::multisafepay {

// --- The vendor's words --------------------------------------------------------------------------------

inline constexpr std::string_view kProvider = "multisafepay";

/// `order_id`: at most 50 characters [C: OpenAPI]. It is also a URL path segment of get and cancel, so
/// '/', '?', '#' and control characters are refused [I: %2F in a path is not reliably routed].
inline constexpr std::size_t kOrderIdMaxLength = 50;
/// `description`: required, at most 200 characters [C: OpenAPI; error 1008 when missing].
inline constexpr std::size_t kDescriptionMaxLength = 200;
/// `var1`..`var3`. Discrepancy: the seed's OpenAPI body params say "length ≤ 500", the vendor docs page
/// and the issue say 100. We keep the stricter 100 so that nothing we accept is refused by either.
inline constexpr std::size_t kVarMaxLength = 100;
/// `customer.email`: at most 64 characters [C: vendor docs page].
inline constexpr std::size_t kEmailMaxLength = 64;
/// `gateway`: a gateway id of ASCII letters and digits ("CREDITCARD") [I: at most 50].
inline constexpr std::size_t kGatewayMaxLength = 50;
/// `seconds_active`: 1 to 31 536 000 [C: SecondsActive.yaml]. `days_active` is never sent: the vendor uses
/// `seconds_active` when both are set, so seconds alone say everything.
inline constexpr std::int64_t kSecondsActiveMin = 1;
inline constexpr std::int64_t kSecondsActiveMax = 31'536'000;

/// Whether a payer can still come back to an order; it decides what `declined` means.
enum class OrderKind {
  /// A paymentlink or redirect order: it has a payment page. Also every order read back (get, a
  /// notification): the order object does not say its type [C: getOrder.json has no `type`].
  payment_page,
  /// A direct (token) order: charged at once, without a payment page.
  direct,
};

/// What a `declined` order means for its link, the one place this is decided [I].
/// MultiSafepay lets the payer open a payment link up to 20 times, each attempt a new transaction under
/// the same order_id [C: docs content/checkout/payment-links.md, "Number of attempts"], so a declined
/// attempt does not end an order that has a payment page: the link can still be paid, and reads `open`
/// (`raw_status` keeps "declined"). Reading it `canceled` would invite the merchant to send a second link
/// while the first is still payable, and to be paid twice. A direct order has no page and no payer to
/// try again: its decline is final, `canceled`.
constexpr LinkStatus declined_status(OrderKind kind) noexcept {
  return kind == OrderKind::direct ? LinkStatus::canceled : LinkStatus::open;
}

/// Order `status` words [C: OpenAPI enum] and what they mean for a link. The raw word is always kept.
struct StatusWord {
  std::string_view word;
  LinkStatus status;
};
inline constexpr std::array<StatusWord, 12> kStatusWords{{
    {"initialized", LinkStatus::open},   // created, not paid yet
    {"uncleared", LinkStatus::pending},  // paid, awaiting the merchant's or the vendor's clearance
    {"reserved", LinkStatus::open},      // [I] funds reserved, not captured
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
    {"declined", declined_status(OrderKind::payment_page)},  // see declined_status: depends on the kind
}};

/// The kind of order a create makes: `direct` for type direct, else `payment_page`.
OrderKind order_kind_of(const CreateLinkRequest& request) noexcept;

/// The link status of an order status word (`declined` by `declined_status(kind)`); `unknown` for any
/// other word.
LinkStatus map_status(std::string_view word, OrderKind kind = OrderKind::payment_page) noexcept;

/// The order type word (`type`) of a create.
std::string_view type_word(MultiSafepayOrderType type) noexcept;
/// The recurring model word (`recurring_model`); empty for `none`.
std::string_view recurring_model_word(MultiSafepayRecurringModel model) noexcept;

// --- Wire structs --------------------------------------------------------------------------------------

/// A basket line of a create [C: OpenAPI schemas/Item.yaml]. `unit_price` is a JSON number in major
/// units [C: OpenAPI, php-sdk 5.15+ CartItem.php, hyperswitch]; it is held as the Money's exact decimal
/// text ("12.50", "-2.50", "500" for JPY) and written as that number, never through a double.
/// [I] merchant_item_id is not sent: LineItem has no item id, and the vendor requires it only for BNPL
/// gateways. vat_rate is not sent: it needs checkout_options tax tables, which paylink does not model.
struct WireCartItem {
  std::string name;
  std::string description;
  std::string unit_price;
  std::int64_t quantity = 1;
};
struct WireShoppingCart {
  std::vector<WireCartItem> items;
};
struct WireCustomer {
  std::string email;
  std::string first_name;
  std::string last_name;
  std::string locale;
  std::string reference;
};
struct WirePaymentOptions {
  std::string cancel_url;
  bool close_window = false;  ///< Written only when true.
  std::string notification_method;
  std::string notification_url;
  std::string redirect_url;
};
/// The body of POST orders [C: recurring-subsequent.json, payment-page.json]. Empty members are left
/// out, never sent as null (as the PHP SDK's removeNullRecursive does).
struct WireCreateOrder {
  std::string type;
  std::string order_id;
  std::string currency;
  std::int64_t amount = 0;  ///< Minor units.
  std::string description;
  std::string gateway;
  std::optional<WireCustomer> customer;
  std::optional<WirePaymentOptions> payment_options;
  std::string recurring_id;
  std::string recurring_model;
  std::optional<std::int64_t> seconds_active;
  std::optional<WireShoppingCart> shopping_cart;
  std::map<std::string, std::string> vars;  ///< "var1".."var3" → text.
};
/// The body of PATCH orders/{order_id} that cancels [C: cancelOrder.json, CancelOrder.yaml].
struct WireCancelOrder {
  std::string status = "cancelled";
  bool exclude_order = true;
};

/// `payment_details` of an order; read leniently (a member of another type is left out).
struct WirePaymentDetails {
  std::optional<std::string> type;
  std::optional<std::string> recurring_id;
};
/// A basket line as the vendor echoes it: `unit_price` a decimal string with up to ten decimals
/// ("242.9300000000") or an integer, `quantity` an integer or a digit string [C: php-sdk fixtures].
struct WireCartLine {
  std::string name;
  std::string unit_price;
  std::int64_t quantity = 0;
  std::string description;
};
/// An order [C: getOrder.json, the notification body]: GET data, a direct create's data, a notification.
/// `order_id` and `transaction_id` come as strings or integers (held as text).
struct WireOrder {
  std::string order_id;
  std::string status;
  std::optional<std::int64_t> amount;
  std::optional<std::string> currency;
  std::optional<std::string> description;
  std::optional<std::string> payment_url;
  std::optional<std::string> created;
  std::optional<std::string> completed;
  std::optional<std::string> modified;
  std::array<std::optional<std::string>, 3> vars;  ///< var1..var3
  /// The basket, or nullopt when absent or when any line cannot be read exactly (raw_json keeps it).
  std::optional<std::vector<WireCartLine>> cart;
  // Kept in vendor_fields; read leniently.
  std::optional<std::string> financial_status;
  std::optional<std::string> transaction_id;
  std::optional<std::string> session_id;
  std::optional<std::string> reason;
  WirePaymentDetails payment_details;
};
/// What a paymentlink or redirect create answers [C: postOrdersRedirect.json; I for paymentlink].
struct WirePaymentPage {
  std::optional<std::string> order_id;
  std::string payment_url;
  std::optional<std::string> session_id;
};
/// The documented answer of a cancel: an empty `data` object [C: patchOrdersCancel.json].
struct WireNoOrder {};
/// The success envelope {"success": true, "data": {…}}. Like the PHP SDK (Response.php), an answer
/// without `success` but with a non-empty `data` is a success too [C].
template <typename Data>
struct WireEnvelope {
  std::optional<bool> success;
  Data data;
};
/// The error body {"success": false, "data": [], "error_code": 1032, "error_info": "Invalid API key"}
/// [C: docs error-reference.md, php-sdk generic-fail.json]. `error_code` comes as an integer or a digit
/// string.
struct WireError {
  std::string code;                    ///< As sent (bounded), empty when absent.
  std::optional<std::int64_t> number;  ///< The code as a number, when it is one.
  std::string info;                    ///< error_info, empty when absent.
};

void to_json(Json& j, const WireCartItem& w);
void to_json(Json& j, const WireShoppingCart& w);
void to_json(Json& j, const WireCustomer& w);
void to_json(Json& j, const WirePaymentOptions& w);
void to_json(Json& j, const WireCreateOrder& w);
void to_json(Json& j, const WireCancelOrder& w);
void from_json(const Json& j, WirePaymentDetails& w);
void from_json(const Json& j, WireCartLine& w);
void from_json(const Json& j, WireOrder& w);
void from_json(const Json& j, WirePaymentPage& w);
void from_json(const Json& j, WireNoOrder& w);
template <typename Data>
void from_json(const Json& j, WireEnvelope<Data>& w) {
  read_optional(j, "success", w.success);
  if (w.success == false) throw_wire_type_error(j, "is an error answer (success is false)");
  if (!w.success && (!j.contains("data") || j.at("data").empty())) {
    throw_wire_type_error(j, "has neither \"success\" nor a non-empty \"data\"");
  }
  read_required(j, "data", w.data);
}

// --- Domain ⇄ wire -------------------------------------------------------------------------------------

/// The order_id of a create and the request field it comes from: `reference`, or when empty the client's
/// idempotency key (made once before the first attempt, so every attempt and the reconcile use the same
/// id). Not checked: `check_order_id` does that.
struct OrderId {
  std::string_view value;
  std::string_view field;  ///< "reference" or "idempotency_key".
};
OrderId order_id_of(const CreateLinkRequest& request, const CallContext& ctx) noexcept;
/// nullopt when `id` can be an order_id, else `validation` naming `field`.
std::optional<Error> check_order_id(std::string_view id, std::string_view field);
/// The amount a create charges: `request.amount`, or the sum of `request.items`; nullopt when there is
/// neither or the sum overflows. Unchecked: for a request `encode_create_body` accepted.
std::optional<Money> charged_amount(const CreateLinkRequest& request);

/// Validates everything a create sends (naming the field and the limit), then the body of POST orders.
Result<std::string> encode_create_body(const CreateLinkRequest& request, const CallContext& ctx);
/// The body of PATCH orders/{order_id} that cancels.
std::string encode_cancel_body();

/// A successful create's answer as the link: a direct order answers with the full order (read as kind
/// `direct` when the request's type is direct); a paymentlink or redirect order with its payment page
/// only, and then the link has the amount, description, items and metadata that were sent and status
/// open [I: a new order is "initialized"], with an empty raw_status because the vendor did not say it.
Result<PaymentLink> decode_created(std::string_view body, int http_status, const CreateLinkRequest& request,
                                   const CallContext& ctx);
/// A successful get's answer: the order in the envelope, its status read for an order of `kind` (a
/// reconcile knows the kind from the create's request; a get does not).
Result<PaymentLink> decode_order(std::string_view body, int http_status, OrderKind kind = OrderKind::payment_page);
/// A successful cancel's answer: the order when the vendor sends one, else (the documented empty `data`)
/// the link `id` canceled, raw status "cancelled" [I].
Result<PaymentLink> decode_cancel(std::string_view body, int http_status, std::string_view id);
/// A notification's body: the bare order, no envelope.
Result<PaymentLink> decode_notification(std::string_view body);
/// The vendor's error body, when `body` is one: a JSON object whose `success` is false, or which has an
/// `error_code` and no `success: true`. Never fails: anything else is nullopt.
std::optional<WireError> decode_error_body(std::string_view body);

}  // namespace paylink::detail::multisafepay
