#pragma once
/// @file multisafepay_webhook.hpp
/// @brief Verifying MultiSafepay's signed notifications.

#include <chrono>
#include <string_view>

#include "paylink/export.hpp"
#include "paylink/http_headers.hpp"
#include "paylink/link_event.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/secret.hpp"
#include "paylink/timestamp.hpp"

namespace paylink {

/// A verified notification: when it was signed and the link state it reports.
struct MultiSafepayNotification {
  Timestamp signed_at;  ///< When MultiSafepay signed it: the timestamp of the `Auth` header, UTC.
  PaymentLink link;     ///< id = order_id, status mapped from the order's status word.
};

/// Verifies a notification and reads it as a `LinkEvent`, the model every vendor's webhook gives (see
/// qonto_webhook.hpp, smarterpay_webhook.hpp). `headers` are the request's headers; the `Auth` header is
/// found case-insensitively. The checks and errors are those of `verify_multisafepay_notification`
/// below ("malformed_header" also when there is no `Auth` header; the key's field is "api_key").
/// The event: `link_id` = the order_id, `status`/`raw_status` mapped as for `PaymentLink`, `amount` the
/// order's, `occurred_at` = when MultiSafepay signed it. `event_id` is empty: MultiSafepay gives no
/// event id and signs every resend anew, so de-duplicate by (link_id, raw_status).
PAYLINK_EXPORT Result<LinkEvent> verify_and_parse_multisafepay_webhook(
    const HttpHeaders& headers, std::string_view raw_body, const Secret& secret, Timestamp now,
    std::chrono::seconds tolerance = std::chrono::seconds(600));

/// Verifies a notification and reads the whole order: use it when you need more of the order than a
/// `LinkEvent` carries (items, metadata, times); `verify_and_parse_multisafepay_webhook` is this plus
/// the conversion. `auth_header` is the `Auth` header, base64 of "timestamp:hex-signature",
/// where the signature is HMAC-SHA512 keyed with the API key over "timestamp:raw_body". Compared in
/// constant time. `raw_body` must be the bytes as received (one changed space breaks the signature).
/// The API key is trimmed of surrounding white space, as the vendor's PHP SDK does.
///
/// Errors (`auth`, with `vendor_code` one of "malformed_header", "bad_signature", "too_old",
/// "not_yet_valid", and `validation` "malformed_body" when the signature holds but the body is not an
/// order): the message says which.
/// - "malformed_header": empty, not base64, no ':' after decoding, a timestamp that is not decimal
///   seconds, or a signature that is not 128 hex digits.
/// - "bad_signature": well formed but not made with this key over this body.
/// - "too_old": authentic, but signed more than `tolerance` before `now` (a replay, or a retry the
///   vendor re-signs with a new timestamp anyway).
/// - "not_yet_valid": authentic, but signed more than `tolerance` after `now` (clock skew).
/// The signature is checked before the age, so a forged notification always reads "bad_signature".
/// A `tolerance` of zero skips the age check; a negative one, or an empty key, is a `validation` error
/// (fields "tolerance", "api_key"). Default tolerance 600 s, as in the vendor's PHP SDK.
PAYLINK_EXPORT Result<MultiSafepayNotification> verify_multisafepay_notification(
    std::string_view raw_body, std::string_view auth_header, const Secret& api_key, Timestamp now,
    std::chrono::seconds tolerance = std::chrono::seconds(600));

}  // namespace paylink
