#pragma once
/// @file multisafepay_options.hpp
/// @brief Fields of a create that only MultiSafepay takes.

#include <string>

namespace paylink {

/// How MultiSafepay processes the order (`type`).
enum class MultiSafepayOrderType {
  paymentlink,  ///< A payment link (`type: paymentlink`); lifetime from `CreateLinkRequest::lifetime`.
  redirect,     ///< The payer is sent to the payment page.
  /// Charged at once, without a payment page. paylink sends direct orders only as token payments, so a
  /// direct order needs `recurring_id` (other direct payments need `gateway_info`, which is not sent).
  direct,
};

/// The recurring model of a token payment (`recurring_model`).
enum class MultiSafepayRecurringModel {
  none,          ///< Not a token payment.
  card_on_file,  ///< "cardOnFile"
  subscription,  ///< "subscription"
  unscheduled,   ///< "unscheduled"
};

/// MultiSafepay-only create fields. The common fields map as: reference → order_id (generated from the
/// idempotency key when empty; at most 50 characters, no '/', '?' or '#' because it is later a URL path
/// segment), amount → amount (minor units) + currency, description → description (required, at most
/// 200 characters), customer → customer (reference, email ≤ 64, first_name, last_name, locale "xx_XX"),
/// return_url → payment_options.redirect_url, items → shopping_cart (amount = sum of items when no
/// amount is given; both given must agree), metadata keys "var1".."var3" → var1..var3 (at most 100
/// characters each; other keys are refused), lifetime → seconds_active (1 s to 365 days).
/// `reusable = true` is refused (a MultiSafepay order is paid once); `notify_customer` is ignored.
///
/// URLs (return_url, notification_url, cancel_url) may hold only ASCII letters, digits and
/// `- _ . : / ? & = %` and `#` (the vendor's set plus what a query needs), with '%' only as "%XX";
/// they must be http(s). The notification URL must be https without a port, except to a loopback host.
///
/// Token payments: `recurring_id` set → a subsequent payment (`type` direct or redirect,
/// `recurring_model` required, `customer.reference` required). `recurring_model` without `recurring_id`
/// → an initial payment that creates a token (`type` redirect, `customer.reference` required).
struct MultiSafepayOptions {
  /// Default `paymentlink`.
  MultiSafepayOrderType type = MultiSafepayOrderType::paymentlink;
  /// The token of an earlier payment (`recurring_id`); set for a subsequent payment. Printable ASCII
  /// without spaces. Default empty.
  std::string recurring_id;
  /// Default `none`.
  MultiSafepayRecurringModel recurring_model = MultiSafepayRecurringModel::none;
  /// Gateway id, e.g. "CREDITCARD" (ASCII letters and digits); empty lets the payment page offer all.
  std::string gateway;
  /// Webhook target (`payment_options.notification_url`, sent with `notification_method: "POST"` so that
  /// notifications are signed). Default empty: the website's configured webhook, if any.
  std::string notification_url;
  /// Where a payer who cancels lands (`payment_options.cancel_url`). Default empty.
  std::string cancel_url;
  /// `payment_options.close_window`: close the payment window after paying. Sent only when true.
  bool close_window = false;
};

}  // namespace paylink
