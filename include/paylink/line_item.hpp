#pragma once
/// @file line_item.hpp
/// @brief One line of a basket: what is sold, how many, at what unit price.

#include <cstdint>
#include <string>

#include "paylink/money.hpp"

namespace paylink {

/// A basket line. Vendors that take a basket (Qonto items, MultiSafepay shopping cart) send these;
/// the others refuse a request that has items but no amount.
struct LineItem {
  std::string title;          ///< Required, shown to the payer.
  std::int64_t quantity = 1;  ///< Whole units, at least 1.
  Money unit_price;           ///< Price of one unit, in the request's currency.
  /// VAT rate as a decimal percent string, e.g. "21.0" for 21 % (the form Qonto's seed sends).
  /// Empty means "not given".
  std::string vat_rate;
  std::string type;          ///< Vendor item type, e.g. Qonto "good" or "service". Empty = vendor default.
  std::string description;   ///< Optional longer text.
  std::string measure_unit;  ///< Optional unit name, e.g. "unit", "hour".
};

}  // namespace paylink
