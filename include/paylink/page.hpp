#pragma once
/// @file page.hpp
/// @brief One page of a paginated list.

#include <string>
#include <vector>

namespace paylink {

/// Items of one page and where the next one starts.
template <typename T>
struct Page {
  std::vector<T> items;     ///< This page's items, in the vendor's order.
  std::string next_cursor;  ///< Empty when this is the last page.
  /// True when another page may follow (`next_cursor` is not empty).
  bool has_more() const noexcept { return !next_cursor.empty(); }
};

}  // namespace paylink
