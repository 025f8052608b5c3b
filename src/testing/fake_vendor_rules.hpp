#pragma once
// The fake vendor's rules: its adapter checks them before sending (a refused call sends nothing) and its
// server checks them again on arrival (a body that bypassed the adapter is refused the same way). Each
// refusal is a `validation` error naming the field and the limit; fake_vendor.hpp lists them for users.
//
// Whose limits: no real vendor's. The fake imitates none of the four; its limits are its own, chosen so
// that every field has a rule a test can break. rules.cpp says at each limit where it happens to agree
// with a real vendor, so that nobody mistakes the fake's answer for that vendor's.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "paylink/create_link_request.hpp"
#include "paylink/error.hpp"
#include "paylink/money.hpp"
#include "paylink/result.hpp"

namespace paylink::testing::fake_vendor {

/// A `validation` error naming `field`, its message "fake: <what>".
Error refused(std::string field, std::string_view what);

/// Checks a create; returns the link's amount: `amount`, or the items' sum when none is given.
Result<Money> validate_create(const CreateLinkRequest& request);

/// Checks metadata as a create or an update sends it, and as an update's merge leaves it.
std::optional<Error> check_metadata(const std::map<std::string, std::string>& metadata);

/// A link id is 1 to 255 bytes.
std::optional<Error> check_link_id(std::string_view id);

/// A `ListQuery::page_size` is 0 (the vendor's default) to `max_page_size`.
std::optional<Error> check_page_size(int page_size, int max_page_size);

}  // namespace paylink::testing::fake_vendor
