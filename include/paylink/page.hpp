#pragma once
/// @file page.hpp
/// @brief One page of a paginated list.

#include <string>
#include <vector>

namespace paylink {

/// Items of one page and where the next one starts.
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  ///< Empty when this is the last page.
  bool has_more() const noexcept { return !next_cursor.empty(); }
};

}  // namespace paylink
