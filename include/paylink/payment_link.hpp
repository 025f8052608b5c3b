#pragma once
/// @file payment_link.hpp
/// @brief The provider-neutral payment link every call returns.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "paylink/line_item.hpp"
#include "paylink/link_status.hpp"
#include "paylink/money.hpp"
#include "paylink/timestamp.hpp"

namespace paylink {

/// A payment link at one vendor. Fields the vendor does not report are empty / `nullopt`.
struct PaymentLink {
  std::string provider;                     ///< "onoffice", "multisafepay", "smarterpay" or "qonto".
  std::string id;                           ///< The vendor's id (MultiSafepay: the order_id).
  std::string url;                          ///< Where the payer goes.
  LinkStatus status = LinkStatus::unknown;  ///< The vendor's word mapped (see each vendor's page).
  std::string raw_status;                   ///< The vendor's own status word, verbatim.
  std::optional<Money> amount;              ///< What the payer pays, when known.
  std::string description;                  ///< As the vendor stores it (or as sent, where it echoes nothing).
  std::string reference;                    ///< Your reference (MultiSafepay order_id, SmarterPay custom reference).
  std::optional<Timestamp> created_at;      ///< When the vendor made the link.
  std::optional<Timestamp> expires_at;      ///< When it stops being payable, if the vendor says.
  std::optional<Timestamp> visited_at;      ///< When the payer first opened it (SmarterPay).
  std::optional<Timestamp> completed_at;    ///< When it was paid.
  bool reusable = false;                    ///< Payable more than once (Qonto).
  std::vector<LineItem> items;              ///< The basket, where the vendor reports one.
  /// Your metadata as the vendor stores it (MultiSafepay var1..var3, SmarterPay metadata_*).
  std::map<std::string, std::string> metadata;
  /// Facts only one vendor reports, by the vendor's field name (e.g. onOffice "mailToCustomerSent",
  /// Qonto "resource_type", "invoice_number").
  std::map<std::string, std::string> vendor_fields;
  /// The vendor's JSON object for this link, verbatim, for anything the model does not carry.
  std::string raw_json;
};

}  // namespace paylink
