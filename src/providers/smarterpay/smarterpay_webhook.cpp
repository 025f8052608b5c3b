// Verifying SmarterPay's signed webhooks ("Signature" authentication of a webhook subscription,
// vendors/smarterpay.md "Webhooks"), then reading the event of a link (smarterpay_wire's
// `decode_webhook` and its correlation rule).
//
//   Webhook-Signature: lower-case hex HMAC-SHA256(key = the webhook key, message = raw body)
#include "paylink/providers/smarterpay_webhook.hpp"

#include <string>

#include "core/crypto.hpp"
#include "core/webhook_check.hpp"
#include "providers/smarterpay/smarterpay_wire.hpp"

namespace paylink {
namespace {

namespace webhook = detail::webhook;
using detail::smarterpay::kProvider;

// --- The vendor's signature format -----------------------------------------------------------------

constexpr std::string_view kSignatureHeader = "Webhook-Signature";
constexpr std::size_t kSignatureHexLength = 64;  // 32-byte SHA-256 digest, hex

}  // namespace

// --- Public verb ---------------------------------------------------------------------------------------

Result<LinkEvent> verify_and_parse_smarterpay_webhook(const HttpHeaders& headers, std::string_view raw_body,
                                                      const Secret& secret, Timestamp /*now*/,
                                                      std::chrono::seconds /*tolerance: no signed time*/) {
  if (auto e = webhook::check_arguments(secret.empty(), "secret", std::chrono::seconds(0))) return std::move(*e);
  const auto header = find_header(headers, kSignatureHeader);
  if (!header || webhook::trim(*header).empty()) {
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Webhook-Signature header is missing or empty");
  }
  const auto signature = webhook::hex_signature(webhook::trim(*header), kSignatureHexLength);
  if (!signature) {
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Webhook-Signature header is not 64 hex digits");
  }
  const std::string expected = detail::hex_encode(detail::hmac_sha256(secret.reveal(), raw_body));
  if (!detail::constant_time_equal(expected, *signature)) {
    return webhook::refusal(kProvider, webhook::kBadSignature,
                            "the signature does not match this body and webhook key (the body must be the bytes as "
                            "received)");
  }

  auto event = detail::smarterpay::decode_webhook(raw_body);
  if (!event) {
    return webhook::body_error(kProvider, webhook::kMalformedBody,
                               "the signed body is not a SmarterPay V2 webhook: " + event.error().message);
  }
  if (!*event) {
    return webhook::body_error(kProvider, webhook::kNotALinkEvent,
                               "no event in the signed webhook concerns a payment link (a card-payment event with a "
                               "custom_reference)");
  }
  return std::move(**event);
}

}  // namespace paylink
