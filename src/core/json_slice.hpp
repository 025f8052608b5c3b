#pragma once
// Verbatim slices of JSON text that parse_json has already accepted, so a decoder can keep the vendor's
// own text of a record (PaymentLink::raw_json) without serialising the parsed value again.

#include <optional>
#include <string_view>
#include <vector>

namespace paylink::detail {

/// The text of member `key` of the object that `object_text` holds (the last such member, as the
/// parser keeps the last), or nullopt. `key` is compared with the member name as written.
std::optional<std::string_view> raw_member(std::string_view object_text, std::string_view key);

/// The text of each element of the array that `array_text` holds; empty when it cannot be sliced.
std::vector<std::string_view> raw_elements(std::string_view array_text);

}  // namespace paylink::detail
