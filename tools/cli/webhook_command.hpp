// `paylink webhook verify`: checks one delivery of any vendor that signs its webhooks (Qonto,
// MultiSafepay, SmarterPay) with the SDK's verify_and_parse_<vendor>_webhook, and prints the event.
#pragma once

#include <string>

#include "arguments.hpp"
#include "output.hpp"
#include "paylink/link_event.hpp"

namespace paylink_cli {

/// Runs `paylink webhook verify`; returns the exit code (0 valid, 1 not valid) or throws `Failure`.
int webhook_verify(const Arguments& args, const Console& console);

/// The event as one JSON line: provider, id, status, raw_status, event_id (null when the vendor gives
/// none), occurred_at (absent when unknown), amount {value, currency} (absent when not given).
std::string event_json(const paylink::LinkEvent& event);

}  // namespace paylink_cli
