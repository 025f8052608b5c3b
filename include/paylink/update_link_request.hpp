#pragma once
/// @file update_link_request.hpp
/// @brief A change to an existing link.

#include <map>
#include <string>

namespace paylink {

/// Fields of an update. Only what is set is sent. SmarterPay takes the seven metadata strings by their
/// field names ("metadata", "metadata_card", …).
struct UpdateLinkRequest {
  /// Metadata strings to set, by the vendor's field name; empty values are not sent.
  std::map<std::string, std::string> metadata;
  /// Idempotency key for vendors that take one on updates; empty: the client makes one.
  std::string idempotency_key;
};

}  // namespace paylink
