#pragma once
/// @file qonto_webhook.hpp
/// @brief Verifying Qonto's signed payment-link webhooks and reading them as a `LinkEvent`.

#include <chrono>
#include <string_view>

#include "paylink/export.hpp"
#include "paylink/http_headers.hpp"
#include "paylink/link_event.hpp"
#include "paylink/result.hpp"
#include "paylink/secret.hpp"
#include "paylink/timestamp.hpp"

namespace paylink {

/// Verifies a Qonto webhook delivery, then reads it as the event of a payment link.
///
/// `headers` are the request's headers (looked up case-insensitively); `X-Qonto-Signature` is
/// `t=<unix seconds>,v1=<hex>`, where v1 is HMAC-SHA256 keyed with the subscription's secret (its bytes
/// as given, not trimmed) over `"<t>.<raw_body>"`. During a secret rotation the header may carry several
/// `v1`: any one that matches is enough; other keys (`v0=…`) are ignored. Compared in constant time.
/// `raw_body` must be the bytes as received. `t` may be at most `tolerance` before or after `now`
/// (default 5 minutes, Qonto's rule); a tolerance of 0 skips that check.
///
/// The body is a `v1/payment-links` delivery: `link_id` = `data.payment_link_id`, `status` mapped from
/// `data.status` as for `PaymentLink::status` (`raw_status` the word), `amount` = `data.amount`,
/// `occurred_at` = `data.updated_at` (else the delivery's `created_at`, else `t`), `event_id` = the
/// delivery's `id` (Qonto retries a delivery for days: de-duplicate by it).
///
/// Errors, each with `vendor_code` saying why and a message that never contains the secret:
/// - `auth` "malformed_header": the header is missing, has no `t`, a `t` that is not decimal seconds, a
///   part without '=', or a `v1` that is not 64 hex digits (or none at all);
/// - `auth` "bad_signature": no `v1` was made with this secret over this `t` and body;
/// - `auth` "too_old" / "not_yet_valid": authentic, but `t` is outside the tolerance;
/// - `validation` (field "raw_body") "malformed_body": authentic, but not a Qonto delivery (not JSON,
///   no `type`, or a `v1/payment-links` delivery without `data.payment_link_id`);
/// - `validation` (field "raw_body") "not_a_link_event": authentic, a delivery of another type
///   (transactions, …): answer it 2xx and ignore it;
/// - `validation` (fields "secret", "tolerance"): an empty secret, a negative tolerance.
/// The signature is checked before the age and the body, so a forgery always reads "bad_signature".
PAYLINK_EXPORT Result<LinkEvent> verify_and_parse_qonto_webhook(
    const HttpHeaders& headers, std::string_view raw_body, const Secret& secret, Timestamp now,
    std::chrono::seconds tolerance = std::chrono::minutes(5));

}  // namespace paylink
