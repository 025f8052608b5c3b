#pragma once
/// @file link_event.hpp
/// @brief One provider-neutral event: a payment link changed status.
///
/// Events come from a vendor's signed webhook (`verify_and_parse_qonto_webhook` and its MultiSafepay
/// and SmarterPay siblings, in paylink/providers/*_webhook.hpp) or from polling (`Client::watch`). Both
/// give the same type, so code that reacts to "paid" is written once.

#include <optional>
#include <string>

#include "paylink/link_status.hpp"
#include "paylink/money.hpp"
#include "paylink/timestamp.hpp"

namespace paylink {

/// A payment link's status as a vendor reported it at one moment. Fields the source does not give are
/// empty / `nullopt`.
struct LinkEvent {
  std::string provider;                     ///< "qonto", "multisafepay", "smarterpay" or "onoffice".
  std::string link_id;                      ///< The link's id, as `PaymentLink::id` would carry it.
  LinkStatus status = LinkStatus::unknown;  ///< The vendor's word mapped as for `PaymentLink::status`.
  std::string raw_status;                   ///< The vendor's own status word, verbatim.
  std::optional<Money> amount;              ///< The amount, when the event says.
  std::optional<Timestamp> occurred_at;     ///< When it happened (or was signed), when the event says.
  /// The vendor's id for this delivery or event, when it gives one: the key for de-duplicating
  /// redeliveries. Empty when the vendor gives none.
  std::string event_id;
  std::string raw_body;  ///< The body as received (webhooks) or the link's JSON (polling).
};

}  // namespace paylink
