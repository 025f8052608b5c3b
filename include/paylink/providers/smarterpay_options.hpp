#pragma once
/// @file smarterpay_options.hpp
/// @brief Fields of a create that only SmarterPay takes.

#include <string>

namespace paylink {

/// SmarterPay-only create fields (`POST /paymentlink`). Empty strings are not sent.
///
/// The common fields of `CreateLinkRequest` map as:
/// - `amount` → `amount`, in pence as a decimal-integer string ("2750" is £27.50). SmarterPay links are
///   in GBP; any other currency is refused (field "amount"). The amount is optional: without it the
///   E-commerce Page's amount applies.
/// - `description` → `description` (max 255 characters).
/// - `reference` → `customer_custom_reference` (max 100 characters).
/// - `return_url` → `return_url` (max 2048 characters).
/// - `metadata` keys must be the seven SmarterPay metadata field names — "metadata",
///   "metadata_account_validation", "metadata_bank_account", "metadata_card",
///   "metadata_customer_account", "metadata_mandate", "metadata_recurrence_schedule" — each value at
///   most 1000 characters; any other key is refused naming it.
/// - `lifetime` is refused (field "lifetime"): SmarterPay takes no expiry on create; the E-commerce
///   Page decides it, and `Client::expire` ends a link.
/// - `items` without `amount` are refused (field "items"): SmarterPay takes no basket. With an
///   amount, items are not sent.
/// - `customer`, `reusable` and `notify_customer` are not sent: SmarterPay takes the payer as the
///   `customer_account` id below, and the page setup decides reuse and notification.
///
/// Which of the ids below the vendor requires depends on the E-commerce Page setup ("Note 1" of the
/// vendor's docs), so paylink requires only `ecommerce_page`. Lengths are counted in characters
/// (Unicode code points); every string must be valid UTF-8.
struct SmarterPayOptions {
  std::string ecommerce_page;                        ///< Required: the E-commerce Page Setup id ("EP…").
  std::string customer_account;                      ///< Customer Account id ("CA…"), when the page setup expects it.
  std::string bank_account;                          ///< Bank Account id ("BA…"), when the page setup expects it.
  std::string mandate;                               ///< Mandate id, when the page setup expects it.
  std::string recurrence_schedule;                   ///< Recurrence Schedule id, when the page setup expects it.
  std::string auddis;                                ///< Overrides the mandate's AUDDIS reference.
  std::string bank_account_custom_reference;         ///< Max 100 characters.
  std::string card_payment_custom_reference;         ///< Max 100 characters.
  std::string recurrence_schedule_custom_reference;  ///< Max 100 characters.
  std::string start_date;             ///< Schedule override, passed through as given (format undocumented).
  std::string end_date;               ///< Schedule override, passed through as given (format undocumented).
  std::string first_collection_date;  ///< Schedule override, passed through as given (format undocumented).
  /// Schedule override in the same unit as `amount`: pence, digits only ("1500" is £15.00).
  std::string first_collection_amount;
};

}  // namespace paylink
