#pragma once
/// @file qonto_options.hpp
/// @brief Fields of a create that only Qonto takes.

#include <string>
#include <vector>

namespace paylink {

/// Qonto-only create fields (`POST /v2/payment_links`). A basket link is built from
/// `CreateLinkRequest::items` (or one item from amount + description); an invoice link is chosen by
/// setting `invoice_id`.
///
/// Basket links: Qonto's unit prices are before VAT and the payer pays each line plus its VAT (the
/// seed's 10.99 at "21.0" % is a link of 13.30). When a request gives both `amount` and `items`, the
/// amount must equal that VAT-inclusive total (each line rounded half-up to the minor unit) or the
/// request is refused (field "amount"). A request with only `amount` becomes one item titled with the
/// `description`, quantity 1, unit price = amount, VAT `default_vat_rate`, type "good", measure unit
/// "unit". Items without `type` are sent as "good", without `measure_unit` as "unit", without
/// `vat_rate` with `default_vat_rate`.
///
/// Invoice links take `amount`, `invoice_id`, `invoice_number` and `debitor_name`, and no items;
/// `CreateLinkRequest::reusable` is not sent for them.
///
/// `CreateLinkRequest::return_url` is sent as `redirect_url` (both kinds of link); it must be https, or
/// plain http to a loopback host (field "return_url").
///
/// Qonto's create has no field for, and ignores: `reference`, `customer`, `lifetime`,
/// `notify_customer`, `metadata`.
struct QontoOptions {
  /// `potential_payment_methods` ("credit_card", "apple_pay", "paypal", …); empty means {"credit_card"}.
  std::vector<std::string> payment_methods;
  /// VAT rate used when a single item is made from the amount, and for items that leave `vat_rate`
  /// empty, as a percent string ("21.0"): a plain decimal from 0 to 100 with at most two decimals.
  /// Default "0.0", so that an amount-only link costs exactly the amount.
  std::string default_vat_rate = "0.0";
  std::string invoice_id;      ///< Set for an invoice link (Qonto's invoice id). Default empty = basket link.
  std::string invoice_number;  ///< Required with invoice_id. Default empty.
  std::string debitor_name;    ///< Required with invoice_id. Default empty.
};

}  // namespace paylink
