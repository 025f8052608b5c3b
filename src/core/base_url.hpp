#pragma once
// The base-URL policy, one rule for every vendor and for the transport: https to any host, or plain http
// only to a loopback host (a local sandbox), so that a credential never crosses a network in clear text.

#include <string>
#include <string_view>

#include "paylink/result.hpp"

namespace paylink::detail {

/// True for "https://<host>…", or "http://<loopback host>…" (127.0.0.0/8, ::1, localhost); scheme
/// letters in any case.
bool is_allowed_scheme_and_host(std::string_view url);

/// A configured base URL (`…Config::base_url`), checked: absolute, with a host, allowed by
/// `is_allowed_scheme_and_host`, and without query, fragment, whitespace or control characters (it is
/// joined with paths and would otherwise change them). A path is allowed ("…/service.svc/").
/// Errors: `validation` naming `field`, before anything is sent.
Result<std::string> checked_base_url(std::string_view url, std::string_view field = "base_url");

}  // namespace paylink::detail
