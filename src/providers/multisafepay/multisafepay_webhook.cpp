// Verifying MultiSafepay's signed POST notifications (docs content/payment-management/webhook.md,
// "Own solution"; php-sdk src/Util/Notification.php does the same).
//
//   Auth header = base64("<unix seconds>:<lower-case hex HMAC-SHA512>")
//   signature   = HMAC-SHA512(key = API key, message = "<unix seconds>:" + raw body)
#include "paylink/providers/multisafepay_webhook.hpp"

#include "core/crypto.hpp"
#include "core/webhook_check.hpp"
#include "providers/multisafepay/multisafepay_wire.hpp"

namespace paylink {
namespace {

// --- The vendor's signature format -----------------------------------------------------------------

namespace webhook = detail::webhook;
using detail::multisafepay::kProvider;

constexpr std::string_view kAuthHeader = "Auth";
constexpr std::size_t kSignatureHexLength = 128;  // 64-byte SHA-512 digest, hex
constexpr std::size_t kMaxHeaderLength = 1024;    // a real header is 188 characters

struct SignedHeader {
  long long timestamp = 0;
  std::string timestamp_text;
  std::string signature;  // lower-case hex
};

Result<SignedHeader> parse_auth_header(std::string_view header);  // defined below

}  // namespace

// --- Public verbs --------------------------------------------------------------------------------------

Result<LinkEvent> verify_and_parse_multisafepay_webhook(const HttpHeaders& headers, std::string_view raw_body,
                                                        const Secret& secret, Timestamp now,
                                                        std::chrono::seconds tolerance) {
  const std::string auth = find_header(headers, kAuthHeader).value_or("");
  auto notification = verify_multisafepay_notification(raw_body, auth, secret, now, tolerance);
  if (!notification) return std::move(notification).error();
  PaymentLink& link = notification->link;
  LinkEvent event;
  event.provider = std::string(kProvider);
  event.link_id = std::move(link.id);
  event.status = link.status;
  event.raw_status = std::move(link.raw_status);
  event.amount = link.amount;
  event.occurred_at = notification->signed_at;
  event.raw_body = std::string(raw_body);
  return event;
}

Result<MultiSafepayNotification> verify_multisafepay_notification(std::string_view raw_body,
                                                                  std::string_view auth_header, const Secret& api_key,
                                                                  Timestamp now, std::chrono::seconds tolerance) {
  const std::string_view key = webhook::trim(api_key.reveal());
  if (auto e = webhook::check_arguments(key.empty(), "api_key", tolerance)) return std::move(*e);

  auto header = parse_auth_header(auth_header);
  if (!header) return std::move(header).error();

  std::string message = header->timestamp_text;
  message += ':';
  message.append(raw_body);
  const std::string expected = detail::hex_encode(detail::hmac_sha512(key, message));
  if (!detail::constant_time_equal(expected, header->signature)) {
    return webhook::refusal(
        kProvider, webhook::kBadSignature,
        "the signature does not match this body and API key (the body must be the bytes as received)");
  }

  const Timestamp signed_at{std::chrono::seconds(header->timestamp)};
  if (auto e = webhook::check_age(kProvider, signed_at, now, tolerance)) return std::move(*e);

  auto link = detail::multisafepay::decode_notification(raw_body);
  if (!link) {
    return webhook::body_error(kProvider, webhook::kMalformedBody,
                               "the signed notification body is not an order: " + link.error().message);
  }
  MultiSafepayNotification out;
  out.signed_at = signed_at;
  out.link = std::move(link).value();
  return out;
}

namespace {

// --- Private builders ------------------------------------------------------------------------------

Result<SignedHeader> parse_auth_header(std::string_view header) {
  header = webhook::trim(header);
  if (header.empty())
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Auth header is missing or empty");
  if (header.size() > kMaxHeaderLength)
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Auth header is too long");
  std::string decoded;
  if (!detail::base64_decode(header, decoded)) {
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Auth header is not base64");
  }
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) {
    return webhook::refusal(kProvider, webhook::kMalformedHeader,
                            "the decoded Auth header is not \"timestamp:signature\"");
  }
  SignedHeader out;
  out.timestamp_text = decoded.substr(0, colon);
  const auto seconds = webhook::parse_unix_seconds(out.timestamp_text);
  if (!seconds)
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Auth header's timestamp is not decimal seconds");
  out.timestamp = *seconds;
  auto signature = webhook::hex_signature(std::string_view(decoded).substr(colon + 1), kSignatureHexLength);
  if (!signature)
    return webhook::refusal(kProvider, webhook::kMalformedHeader, "the Auth header's signature is not 128 hex digits");
  out.signature = std::move(*signature);
  return out;
}

}  // namespace
}  // namespace paylink
