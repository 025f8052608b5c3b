#pragma once
/// @file onoffice_options.hpp
/// @brief Fields of a create that only onOffice takes.

#include <string>

namespace paylink {

/// onOffice-only create fields (`Do subsequentPaymentLink`). The common fields map as:
/// amount → `priceNet` (a net price, EUR only, printed "1100.50"), description → `description`
/// (required), notify_customer → `sendMailToCustomer`. onOffice takes nothing else: line items,
/// reference, customer, return URL, lifetime, reusable, metadata and idempotency key are ignored
/// (a request with items but no amount is refused).
struct OnOfficeOptions {
  /// The marketplace transaction the subsequent payment belongs to (`transactionid`, e.g.
  /// "1100135697"). Required, non-blank. It becomes the returned link's `reference`. No default.
  std::string transaction_id;
  /// Optional label of the action (`identifier`), echoed back by onOffice. Default empty.
  std::string identifier;
};

}  // namespace paylink
