// Verifying Qonto's signed webhooks (docs "Webhooks > Signature", vendors/qonto.md §9), then reading
// a `v1/payment-links` delivery as a LinkEvent (qonto_wire's `decode_webhook`).
//
//   X-Qonto-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]
//   v1 = lower-case hex HMAC-SHA256(key = the subscription's secret, message = "<t>.<raw body>")
#include "paylink/providers/qonto_webhook.hpp"

#include <string>
#include <vector>

#include "core/crypto.hpp"
#include "core/webhook_check.hpp"
#include "providers/qonto/qonto_wire.hpp"

namespace paylink {
namespace {

namespace webhook = detail::webhook;
using detail::qonto::kProvider;

// --- The vendor's signature format -----------------------------------------------------------------

constexpr std::string_view kSignatureHeader = "X-Qonto-Signature";
constexpr std::size_t kSignatureHexLength = 64;  // 32-byte SHA-256 digest, hex
constexpr std::size_t kMaxHeaderLength = 4096;   // bounds the work on a hostile header
constexpr std::size_t kMaxSignatures = 16;       // [I] rotation needs two; more is not Qonto

struct SignatureHeader {
  std::string timestamp_text;
  long long timestamp = 0;
  std::vector<std::string> signatures;  // lower-case hex
};

Result<SignatureHeader> parse_signature_header(const HttpHeaders& headers);  // defined below

}  // namespace

// --- Public verb ---------------------------------------------------------------------------------------

Result<LinkEvent> verify_and_parse_qonto_webhook(const HttpHeaders& headers, std::string_view raw_body,
                                                 const Secret& secret, Timestamp now, std::chrono::seconds tolerance) {
  if (auto e = webhook::check_arguments(secret.empty(), "secret", tolerance)) return std::move(*e);
  auto header = parse_signature_header(headers);
  if (!header) return std::move(header).error();

  std::string message = header->timestamp_text;
  message += '.';
  message.append(raw_body);
  const std::string expected = detail::hex_encode(detail::hmac_sha256(secret.reveal(), message));
  bool matched = false;
  for (const std::string& signature : header->signatures) {
    matched = detail::constant_time_equal(expected, signature) || matched;  // every one compared
  }
  if (!matched) {
    return webhook::refusal(kProvider, webhook::kBadSignature,
                            "no v1 signature matches this body, timestamp and secret (the body must be the bytes "
                            "as received)");
  }

  const Timestamp signed_at{std::chrono::seconds(header->timestamp)};
  if (auto e = webhook::check_age(kProvider, signed_at, now, tolerance)) return std::move(*e);

  auto event = detail::qonto::decode_webhook(raw_body, signed_at);
  if (!event) {
    return webhook::body_error(kProvider, webhook::kMalformedBody,
                               "the signed body is not a Qonto delivery: " + event.error().message);
  }
  if (!*event) {
    return webhook::body_error(kProvider, webhook::kNotALinkEvent,
                               "the signed delivery is not of type v1/payment-links (nothing about a link)");
  }
  return std::move(**event);
}

namespace {

// --- Private builders ------------------------------------------------------------------------------

Error malformed(std::string_view what) { return webhook::refusal(kProvider, webhook::kMalformedHeader, what); }

Result<SignatureHeader> parse_signature_header(const HttpHeaders& headers) {
  const auto value = find_header(headers, kSignatureHeader);
  if (!value || webhook::trim(*value).empty()) return malformed("the X-Qonto-Signature header is missing or empty");
  if (value->size() > kMaxHeaderLength) return malformed("the X-Qonto-Signature header is too long");
  SignatureHeader out;
  bool has_timestamp = false;
  std::string_view rest = *value;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view part = webhook::trim(rest.substr(0, comma));
    const auto equals = part.find('=');
    if (equals == std::string_view::npos) {
      return malformed("the X-Qonto-Signature header is not \"t=<seconds>,v1=<hex>\" (a part has no '=')");
    }
    const std::string_view key = webhook::trim(part.substr(0, equals));
    const std::string_view text = webhook::trim(part.substr(equals + 1));
    if (key == "t") {
      const auto seconds = webhook::parse_unix_seconds(text);
      if (has_timestamp || !seconds) {
        return malformed("the X-Qonto-Signature header's t is not one timestamp in decimal seconds");
      }
      has_timestamp = true;
      out.timestamp = *seconds;
      out.timestamp_text = std::string(text);
    } else if (key == "v1") {
      auto signature = webhook::hex_signature(text, kSignatureHexLength);
      if (!signature) return malformed("an X-Qonto-Signature v1 is not 64 hex digits");
      if (out.signatures.size() == kMaxSignatures) return malformed("the X-Qonto-Signature header has too many v1");
      out.signatures.push_back(std::move(*signature));
    }  // other keys: a later scheme's, ignored [I]
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (!has_timestamp) return malformed("the X-Qonto-Signature header has no t=<seconds>");
  if (out.signatures.empty()) return malformed("the X-Qonto-Signature header has no v1 signature");
  return out;
}

}  // namespace
}  // namespace paylink
