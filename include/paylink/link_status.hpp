#pragma once
/// @file link_status.hpp
/// @brief The provider-neutral life-cycle state of a payment link.

#include <optional>
#include <string_view>

#include "paylink/export.hpp"

namespace paylink {

/// Where a link is in its life. Each adapter maps its vendor's words; a word it does not know maps to
/// `unknown` and the raw word is kept in `PaymentLink::raw_status`.
enum class LinkStatus {
  open,  ///< Can be paid.
  /// A payment was submitted and is not final yet (Qonto "processing", MultiSafepay "uncleared"): do
  /// not send another link, and do not ship yet; it becomes `paid`, or `open`/`canceled` if it fails.
  pending,
  paid,      ///< A payment was completed.
  expired,   ///< Its lifetime ended, or it was expired on request.
  canceled,  ///< Canceled or deactivated before payment.
  unknown,   ///< The vendor said something we do not map; see `raw_status`.
};

/// "open", "pending", "paid", "expired", "canceled" or "unknown".
PAYLINK_EXPORT std::string_view to_string(LinkStatus status) noexcept;
/// The inverse of `to_string`; `nullopt` for any other word.
PAYLINK_EXPORT std::optional<LinkStatus> parse_link_status(std::string_view word) noexcept;

}  // namespace paylink
