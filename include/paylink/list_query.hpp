#pragma once
/// @file list_query.hpp
/// @brief Which links a list call returns and in which pages.

#include <map>
#include <optional>
#include <string>

#include "paylink/link_status.hpp"

namespace paylink {

/// A list request. Vendors that cannot filter on a field refuse it with `validation`.
struct ListQuery {
  std::optional<LinkStatus> status;  ///< Only links in this state.
  int page_size = 0;                 ///< Links per page; 0 = the vendor's default.
  std::string cursor;                ///< Opaque; from `Page::next_cursor`. Empty = first page.
  std::string sort_field;            ///< Vendor sort field (SmarterPay "id", "type", "created_at").
  bool sort_descending = false;      ///< Newest/largest first where the vendor sorts. Default false.
  /// Vendor filters by the vendor's own parameter name (SmarterPay "customer_account_id", …).
  std::map<std::string, std::string> filters;
};

}  // namespace paylink
