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
  std::string id;
  std::optional<Money> amount;
  std::string status;          ///< The vendor's word, e.g. "paid".
  std::string payment_method;  ///< e.g. "credit_card".
  std::string debitor_email;
  std::optional<Timestamp> created_at;
  std::optional<Timestamp> paid_at;
};

/// A payment method the account can offer on its links.
struct PaymentMethod {
  std::string name;     ///< Vendor name, e.g. "credit_card", "apple_pay".
  bool enabled = false;
};

}  // namespace paylink
