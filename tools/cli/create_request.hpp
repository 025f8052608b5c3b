// `paylink create` flags → `CreateLinkRequest`, including each vendor's --set keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "arguments.hpp"
#include "credentials.hpp"
#include "paylink/create_link_request.hpp"

namespace paylink_cli {

/// The --set keys `vendor` takes, in the order the help lists them.
std::vector<std::string_view> set_keys(Vendor vendor);

/// Builds the request from --amount/--currency, --description, --reference and every --set.
/// Throws `Failure` (exit 2) naming the flag or key at fault and what is allowed.
paylink::CreateLinkRequest build_create_request(Vendor vendor, const Arguments& args);

}  // namespace paylink_cli
