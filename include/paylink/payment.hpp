#pragma once
/// @file payment.hpp
/// @brief A payment made through a link, and a payment method a vendor offers.

#include <optional>
#include <string>

#include "paylink/money.hpp"
#include "paylink/timestamp.hpp"

namespace paylink {

/// One payment made through a link (Qonto `GET /v2/payment_links/{id}/payments`).
struct LinkPayment {
  std::string id;                       ///< The vendor's payment id.
  std::optional<Money> amount;          ///< What was paid, when reported.
  std::string status;                   ///< The vendor's word, e.g. "paid".
  std::string payment_method;           ///< e.g. "credit_card".
  std::string debitor_email;            ///< The payer's e-mail, when reported.
  std::optional<Timestamp> created_at;  ///< When the payment was started.
  std::optional<Timestamp> paid_at;     ///< When it was completed; empty while it is not.
};

/// A payment method the account can offer on its links.
struct PaymentMethod {
  std::string name;      ///< Vendor name, e.g. "credit_card", "apple_pay".
  bool enabled = false;  ///< Whether the account can use it now (false when the vendor omits it).
};

}  // namespace paylink
