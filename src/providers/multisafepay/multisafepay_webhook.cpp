// Verifying MultiSafepay's signed POST notifications (docs content/payment-management/webhook.md,
// "Own solution"; php-sdk src/Util/Notification.php does the same).
//
//   Auth header = base64("<unix seconds>:<lower-case hex HMAC-SHA512>")
//   signature   = HMAC-SHA512(key = API key, message = "<unix seconds>:" + raw body)
#include "paylink/providers/multisafepay_webhook.hpp"

#include <cctype>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "providers/multisafepay/multisafepay_wire.hpp"

namespace paylink {
namespace {

// --- The vendor's notification format ----------------------------------------------------------------

constexpr std::size_t kSignatureHexLength = 128;  // 64-byte SHA-512 digest, hex
constexpr std::size_t kMaxTimestampDigits = 12;   // seconds; far beyond year 9999, far below int64 overflow
constexpr std::size_t kMaxHeaderLength = 1024;    // a real header is 188 characters

Error auth_failure(std::string_view vendor_code, std::string message) {
  Error e = Error::make(ErrorCode::auth, "multisafepay notification: " + std::move(message));
  e.vendor_code = std::string(vendor_code);
  return e;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

struct SignedHeader {
  long long timestamp = 0;
  std::string timestamp_text;
  std::string signature;  // lower-case hex
};

Result<SignedHeader> parse_auth_header(std::string_view header);  // defined below

}  // namespace

// --- Public verb ---------------------------------------------------------------------------------------

Result<MultiSafepayNotification> verify_multisafepay_notification(std::string_view raw_body,
                                                                  std::string_view auth_header, const Secret& api_key,
                                                                  Timestamp now, std::chrono::seconds tolerance) {
  const std::string_view key = trim(api_key.reveal());
  if (key.empty()) return Error::validation("api_key", "verifying a notification needs the website API key");
  if (tolerance.count() < 0) return Error::validation("tolerance", "tolerance must not be negative (0 = no age check)");

  auto header = parse_auth_header(auth_header);
  if (!header) return std::move(header).error();

  std::string message = header->timestamp_text;
  message += ':';
  message.append(raw_body);
  const std::string expected = detail::hex_encode(detail::hmac_sha512(key, message));
  if (!detail::constant_time_equal(expected, header->signature)) {
    return auth_failure("bad_signature",
                        "the signature does not match this body and API key (the body must be the bytes as received)");
  }

  const Timestamp signed_at{std::chrono::seconds(header->timestamp)};
  if (tolerance.count() > 0) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - signed_at);
    if (age > tolerance) {
      return auth_failure("too_old",
                          fmt::format("signed {} s ago, more than the {} s tolerance", age.count(), tolerance.count()));
    }
    if (-age > tolerance) {
      return auth_failure("not_yet_valid", fmt::format("signed {} s in the future, more than the {} s tolerance",
                                                       -age.count(), tolerance.count()));
    }
  }

  auto link = detail::multisafepay::decode_notification(raw_body);
  if (!link) {
    Error e = Error::validation("raw_body", "the signed notification body is not an order: " + link.error().message);
    e.vendor_code = "malformed_body";
    return e;
  }
  MultiSafepayNotification out;
  out.signed_at = signed_at;
  out.link = std::move(link).value();
  return out;
}

namespace {

// --- Private builders ------------------------------------------------------------------------------

Result<SignedHeader> parse_auth_header(std::string_view header) {
  header = trim(header);
  if (header.empty()) return auth_failure("malformed_header", "the Auth header is missing or empty");
  if (header.size() > kMaxHeaderLength) return auth_failure("malformed_header", "the Auth header is too long");
  std::string decoded;
  if (!detail::base64_decode(header, decoded)) {
    return auth_failure("malformed_header", "the Auth header is not base64");
  }
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) {
    return auth_failure("malformed_header", "the decoded Auth header is not \"timestamp:signature\"");
  }
  SignedHeader out;
  out.timestamp_text = decoded.substr(0, colon);
  if (out.timestamp_text.empty() || out.timestamp_text.size() > kMaxTimestampDigits) {
    return auth_failure("malformed_header", "the Auth header's timestamp is not decimal seconds");
  }
  for (const char c : out.timestamp_text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return auth_failure("malformed_header", "the Auth header's timestamp is not decimal seconds");
    }
    out.timestamp = out.timestamp * 10 + (c - '0');
  }
  out.signature = decoded.substr(colon + 1);
  if (out.signature.size() != kSignatureHexLength) {
    return auth_failure("malformed_header", "the Auth header's signature is not 128 hex digits");
  }
  for (char& c : out.signature) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return auth_failure("malformed_header", "the Auth header's signature is not 128 hex digits");
    }
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace
}  // namespace paylink
