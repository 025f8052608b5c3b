#pragma once
// DecimalText: a Money's amount as decimal text ("1100.50", "-0.05", "500" for JPY) in a buffer of its
// own. The one writer of that text: Money::to_decimal makes a string of it, and encoders append it to a
// body without one.

#include <cstddef>
#include <string_view>

#include "paylink/money.hpp"

namespace paylink::detail {

class DecimalText {
 public:
  explicit DecimalText(const Money& money) noexcept;
  std::string_view view() const noexcept { return std::string_view(text_, size_); }

 private:
  // A sign, the 19 digits of an int64's magnitude, the point, and the zeros of "0.000x" for exponents
  // up to 4 (Currency's largest, checked in currency.cpp): 27 at most.
  char text_[32];
  std::size_t size_ = 0;
};

}  // namespace paylink::detail
