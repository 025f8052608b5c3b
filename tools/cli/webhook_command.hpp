// `paylink webhook verify`: checks one delivery of any vendor that signs its webhooks (Qonto,
// MultiSafepay, SmarterPay) with the SDK's verify_and_parse_<vendor>_webhook, and prints the event.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "arguments.hpp"
#include "credentials.hpp"
#include "output.hpp"
#include "paylink/http_headers.hpp"
#include "paylink/link_event.hpp"
#include "paylink/result.hpp"
#include "paylink/secret.hpp"
#include "paylink/timestamp.hpp"

namespace paylink_cli {

/// Runs `paylink webhook verify`; returns the exit code (0 valid, 1 not valid) or throws `Failure`.
int webhook_verify(const Arguments& args, const Console& console);

/// The one dispatch to the SDK's verifiers (`paylink webhook verify` and `paylink listen`): `vendor`'s
/// verify_and_parse_<vendor>_webhook, with `tolerance`, or the verifier's own default replay window when
/// nullopt. onOffice signs nothing: `unsupported`.
paylink::Result<paylink::LinkEvent> verify_webhook(Vendor vendor, const paylink::HttpHeaders& headers,
                                                   std::string_view body, const paylink::Secret& secret,
                                                   paylink::Timestamp now,
                                                   std::optional<std::chrono::seconds> tolerance = std::nullopt);

/// The event as one JSON line: provider, id, status, raw_status, event_id (null when the vendor gives
/// none), occurred_at (absent when unknown), amount {value, currency} (absent when not given).
std::string event_json(const paylink::LinkEvent& event);

}  // namespace paylink_cli
