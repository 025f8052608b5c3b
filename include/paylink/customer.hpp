#pragma once
/// @file customer.hpp
/// @brief Who is asked to pay.

#include <string>

namespace paylink {

/// The payer, as far as a vendor takes one. Every field is optional unless a vendor requires it
/// (MultiSafepay token payments require `reference`).
struct Customer {
  std::string reference;   ///< Your own customer id.
  std::string email;       ///< Where a vendor may write to the payer.
  std::string first_name;  ///< Given name.
  std::string last_name;   ///< Family name.
  std::string locale;      ///< e.g. "en_US", "nl_NL".
};

}  // namespace paylink
