#pragma once
/// @file create_link_request.hpp
/// @brief Everything a create can say, provider-neutral, plus one typed options struct per vendor.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "paylink/customer.hpp"
#include "paylink/line_item.hpp"
#include "paylink/money.hpp"
#include "paylink/providers/multisafepay_options.hpp"
#include "paylink/providers/onoffice_options.hpp"
#include "paylink/providers/qonto_options.hpp"
#include "paylink/providers/smarterpay_options.hpp"

namespace paylink {

/// A request to create a payment link. Give `amount`, or `items`, or both (then they must agree where
/// the vendor checks it). Each adapter validates what it sends and names the field and the limit on
/// failure, before anything is sent. Fields a vendor does not take are ignored by it (and documented so).
///
/// How each field reaches each vendor's wire (or why it is ignored or refused) is tabled on the vendor
/// pages in docs/vendors/.
struct CreateLinkRequest {
  /// What the payer pays. Empty: derived from `items` where the vendor takes a basket.
  std::optional<Money> amount;
  /// Basket lines (Qonto items, MultiSafepay shopping cart); refused without `amount` by vendors that
  /// take no basket.
  std::vector<LineItem> items;
  /// Shown to the payer. Required by onOffice and MultiSafepay, and by Qonto for an amount-only link.
  std::string description;
  std::string reference;  ///< Your reference for the link (MultiSafepay order_id).
  /// The payer (MultiSafepay takes it; the others do not).
  Customer customer;
  std::string return_url;  ///< Where the payer lands after paying.
  /// How long the link stays payable; empty = the vendor's default.
  std::optional<std::chrono::seconds> lifetime;
  bool reusable = false;         ///< Qonto: a link that can be paid more than once.
  bool notify_customer = false;  ///< onOffice: e-mail the payer.
  /// Your key/value strings, where the vendor stores them (MultiSafepay "var1".."var3", SmarterPay's
  /// seven metadata fields); other keys are refused by those vendors and ignored by the others.
  std::map<std::string, std::string> metadata;
  /// The key that makes retries of this create safe, where the vendor supports one. Empty: the client
  /// makes one (a UUID) before the first attempt and reuses it on every attempt.
  std::string idempotency_key;

  OnOfficeOptions onoffice;          ///< Read only by the onOffice adapter.
  MultiSafepayOptions multisafepay;  ///< Read only by the MultiSafepay adapter.
  SmarterPayOptions smarterpay;      ///< Read only by the SmarterPay adapter.
  QontoOptions qonto;                ///< Read only by the Qonto adapter.
};

}  // namespace paylink
