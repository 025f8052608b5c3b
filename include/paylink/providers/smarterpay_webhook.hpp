#pragma once
/// @file smarterpay_webhook.hpp
/// @brief Verifying SmarterPay's signed webhooks and reading the card payment of a link as a `LinkEvent`.

#include <chrono>
#include <string_view>

#include "paylink/export.hpp"
#include "paylink/http_headers.hpp"
#include "paylink/link_event.hpp"
#include "paylink/result.hpp"
#include "paylink/secret.hpp"
#include "paylink/timestamp.hpp"

namespace paylink {

/// Verifies a SmarterPay (V2) webhook, then reads the event in it that concerns a payment link.
///
/// `headers` are the request's headers (looked up case-insensitively); `Webhook-Signature` is the hex
/// HMAC-SHA256 of `raw_body` keyed with the subscription's webhook key (its bytes as given), compared in
/// constant time. `raw_body` must be the bytes as received.
///
/// `tolerance` is **ignored**: SmarterPay's signature covers no timestamp, so there is no replay window
/// to check (a body's own `sent_at` is not used either, because retries may carry the first one). It is
/// a parameter only so that the three vendors' verifiers have one shape. De-duplicate by `event_id`.
///
/// SmarterPay has no payment-link event. The link's card payment is recognised by the inferred
/// correlation rule written in one place (smarterpay_wire.hpp, `correlated_link_reference`): a
/// `card_payment.create`/`card_payment.update` event whose `custom_reference` is set, which is taken to
/// be the link's `card_payment_custom_reference` [I]. So for SmarterPay, `LinkEvent::link_id` is that
/// reference (not the link's `PL…` id): give each link a unique one and look it up by it. `status` maps
/// the card payment's word (successful → paid, pending → pending, cancelled/failed/error → open, the
/// link can be tried again); `event_id` is the event's `event_id`, else the webhook's `idempotency_key`.
/// A webhook carrying several link events gives the first one (set the subscription's maximum events
/// per webhook to 1, or read `raw_body` for the others).
///
/// Errors, each with `vendor_code` saying why and never the key:
/// - `auth` "malformed_header": no `Webhook-Signature`, or not 64 hex digits;
/// - `auth` "bad_signature": not made with this key over this body (answer 498, SmarterPay's rule);
/// - `validation` (field "raw_body") "malformed_body": authentic, but not a V2 webhook (no `events`);
/// - `validation` (field "raw_body") "not_a_link_event": authentic, but no event concerns a link
///   (mandates, schedules, …; answer 204, SmarterPay's rule for events the receiver does not handle);
/// - `validation` (field "secret"): an empty key.
PAYLINK_EXPORT Result<LinkEvent> verify_and_parse_smarterpay_webhook(
    const HttpHeaders& headers, std::string_view raw_body, const Secret& secret, Timestamp now,
    std::chrono::seconds tolerance = std::chrono::minutes(5));

}  // namespace paylink
