// Verifying Qonto webhooks: Qonto's published vector, a self-made link event (signed with Python's hmac
// module, independently of this code), tampering, wrong secrets, age, malformed headers, rotation (several
// v1), header-name case, and a canary secret that no error may carry.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "paylink/providers/qonto_webhook.hpp"

namespace paylink {
namespace {

using std::chrono::seconds;

Timestamp at(long long unix_seconds) { return Timestamp(seconds(unix_seconds)); }

// Qonto's published vector (docs "Webhooks > Signature", vendors/qonto.md §9).
constexpr const char* kDocsSecret = "test-secret";
constexpr const char* kDocsBody = R"({"test":"data"})";
constexpr const char* kDocsHeader = "t=1704110400,v1=56aff06dc227db80d6568a5070f912c601c31f20451745d257cbc0b5dfa93805";
constexpr long long kDocsTimestamp = 1704110400;

// Self-made: the docs' v1/payment-links example as an "updated" to paid, signed with Python:
// hmac.new(b"whsec-self-made", b"1760432401." + body, sha256).hexdigest().
constexpr const char* kOwnSecret = "whsec-self-made";
const std::string kOwnBody =
    R"({"id":"8a1f0c2e-0000-4000-8000-000000000001","subscription_id":"123e4567-e89b-12d3-a456-426614174000",)"
    R"("organization_id":"123e4567-e89b-12d3-a456-426614174000","membership_id":"123e4567-e89b-12d3-a456-426614174000",)"
    R"("type":"v1/payment-links","created_at":"2025-10-14T09:00:01Z","data":{"event":"updated","status":"paid",)"
    R"("payment_link_id":"0199e1de-4fa1-7324-9aed-0b0f6a65243e","amount":{"currency":"EUR","value":"77052.50"},)"
    R"("potential_payment_methods":["bank_transfer","credit_card"],"resource_id":"0199e1de-4e01-72b7-86a0-fbe4e0475d56",)"
    R"("resource_metadata":{"invoice_number":"H2025-343"},"resource_type":"Invoice","expired_at":"2026-10-14T08:37:47Z",)"
    R"("created_at":"2025-10-14T08:37:47Z","updated_at":"2025-10-14T09:00:00Z"}})";
constexpr long long kOwnTimestamp = 1760432401;
constexpr const char* kOwnSignature = "49b6b8593d0c03a3b99295597654fff88dd3ec5bf0cede806e38bf9c3ad9e3ef";
const std::string kOwnHeader = std::string("t=1760432401,v1=") + kOwnSignature;

HttpHeaders with_signature(const std::string& value, const std::string& name = "X-Qonto-Signature") {
  return {{"Content-Type", "application/json"}, {name, value}};
}

// Signs `body` Qonto's way, for cases the fixed vectors do not cover.
std::string sign(const std::string& secret, long long t, const std::string& body) {
  return "t=" + std::to_string(t) +
         ",v1=" + detail::hex_encode(detail::hmac_sha256(secret, std::to_string(t) + "." + body));
}

Result<LinkEvent> verify(const std::string& header, const std::string& body = kOwnBody,
                         const std::string& secret = kOwnSecret, long long now = kOwnTimestamp) {
  return verify_and_parse_qonto_webhook(with_signature(header), body, secret, at(now));
}

void expect_refused(const Result<LinkEvent>& result, const char* vendor_code, ErrorCode code = ErrorCode::auth) {
  ASSERT_FALSE(result.ok()) << "accepted, expected " << vendor_code;
  EXPECT_EQ(result.error().code, code) << result.error().to_string();
  EXPECT_EQ(result.error().vendor_code, vendor_code) << result.error().to_string();
  EXPECT_NE(result.error().message.find("qonto webhook"), std::string::npos) << result.error().message;
}

// --- Published vector --------------------------------------------------------------------------------

TEST(QontoWebhook, PublishedVectorHmacIsThePublishedSignature) {
  EXPECT_EQ(detail::hex_encode(detail::hmac_sha256(kDocsSecret, std::string("1704110400.") + kDocsBody)),
            "56aff06dc227db80d6568a5070f912c601c31f20451745d257cbc0b5dfa93805");
}

TEST(QontoWebhook, PublishedVectorPassesTheSignatureAndFailsOnlyOnItsBody) {
  // The vector's body is no delivery: the signature and age checks pass, and only the body is refused.
  expect_refused(
      verify_and_parse_qonto_webhook(with_signature(kDocsHeader), kDocsBody, kDocsSecret, at(kDocsTimestamp)),
      "malformed_body", ErrorCode::validation);
}

TEST(QontoWebhook, PublishedVectorWithAnotherSecretIsBadSignature) {
  expect_refused(
      verify_and_parse_qonto_webhook(with_signature(kDocsHeader), kDocsBody, "test-secreT", at(kDocsTimestamp)),
      "bad_signature");
}

TEST(QontoWebhook, PublishedVectorSixMinutesLaterIsTooOld) {
  expect_refused(
      verify_and_parse_qonto_webhook(with_signature(kDocsHeader), kDocsBody, kDocsSecret, at(kDocsTimestamp + 360)),
      "too_old");
}

// --- A link event ----------------------------------------------------------------------------------------

TEST(QontoWebhook, SignedPaidUpdateIsTheLinksEvent) {
  const auto event = verify(kOwnHeader);
  ASSERT_TRUE(event.ok()) << event.error().to_string();
  EXPECT_EQ(event->provider, "qonto");
  EXPECT_EQ(event->link_id, "0199e1de-4fa1-7324-9aed-0b0f6a65243e");
  EXPECT_EQ(event->status, LinkStatus::paid);
  EXPECT_EQ(event->raw_status, "paid");
  EXPECT_EQ(event->amount, Money::parse("77052.50", "EUR").value());
  EXPECT_EQ(event->occurred_at, at(1760432400));  // data.updated_at
  EXPECT_EQ(event->event_id, "8a1f0c2e-0000-4000-8000-000000000001");
  EXPECT_EQ(event->raw_body, kOwnBody);
}

TEST(QontoWebhook, StatusWordsMapAsForLinks) {
  for (const auto& [word, status] :
       std::vector<std::pair<std::string, LinkStatus>>{{"open", LinkStatus::open},
                                                       {"processing", LinkStatus::pending},
                                                       {"expired", LinkStatus::expired},
                                                       {"canceled", LinkStatus::canceled},
                                                       {"refunded_someday", LinkStatus::unknown}}) {
    const std::string body = R"({"id":"ev-1","type":"v1/payment-links","data":{"event":"updated","status":")" + word +
                             R"(","payment_link_id":"pl-1"}})";
    const auto event = verify(sign(kOwnSecret, kOwnTimestamp, body), body);
    ASSERT_TRUE(event.ok()) << event.error().to_string();
    EXPECT_EQ(event->status, status) << word;
    EXPECT_EQ(event->raw_status, word);
    EXPECT_FALSE(event->amount.has_value());
    EXPECT_EQ(event->occurred_at, at(kOwnTimestamp));  // no time in the body: when it was signed
  }
}

TEST(QontoWebhook, HeaderNameIsFoundInAnyCase) {
  for (const char* name : {"x-qonto-signature", "X-QONTO-SIGNATURE", "x-Qonto-Signature"}) {
    const auto event =
        verify_and_parse_qonto_webhook(with_signature(kOwnHeader, name), kOwnBody, kOwnSecret, at(kOwnTimestamp));
    EXPECT_TRUE(event.ok()) << name << ": " << event.error().to_string();
  }
}

TEST(QontoWebhook, SpacesAroundPartsAndUpperCaseHexAreAccepted) {
  std::string upper = kOwnSignature;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(verify(" t=1760432401 , v1=" + upper + " ").ok());
}

// --- Rotation: several v1, unknown keys ----------------------------------------------------------------

TEST(QontoWebhook, AnyMatchingV1AmongSeveralIsEnough) {
  const std::string stale(64, 'a');
  EXPECT_TRUE(verify("t=1760432401,v1=" + stale + ",v1=" + kOwnSignature).ok());
  EXPECT_TRUE(verify("t=1760432401,v1=" + std::string(kOwnSignature) + ",v1=" + stale).ok());
  expect_refused(verify("t=1760432401,v1=" + stale + ",v1=" + std::string(64, 'b')), "bad_signature");
}

TEST(QontoWebhook, UnknownKeysAreIgnored) {
  EXPECT_TRUE(verify("t=1760432401,v0=whatever,v1=" + std::string(kOwnSignature) + ",scheme=2").ok());
}

// --- Tampered, wrong secret ---------------------------------------------------------------------------

TEST(QontoWebhook, TamperedBodyIsBadSignature) {
  std::string body = kOwnBody;
  body.replace(body.find("\"paid\""), 6, "\"open\"");
  expect_refused(verify(kOwnHeader, body), "bad_signature");
  expect_refused(verify(kOwnHeader, kOwnBody + " "), "bad_signature");
}

TEST(QontoWebhook, TamperedTimestampIsBadSignature) {
  // Moving t forward to escape the replay window breaks the signature: t is signed too.
  expect_refused(verify(std::string("t=1760439999,v1=") + kOwnSignature, kOwnBody, kOwnSecret, 1760439999),
                 "bad_signature");
}

TEST(QontoWebhook, WrongSecretIsBadSignatureEvenWhenOld) {
  expect_refused(verify(kOwnHeader, kOwnBody, "another-secret"), "bad_signature");
  expect_refused(verify(kOwnHeader, kOwnBody, "another-secret", kOwnTimestamp + 99999), "bad_signature");
}

TEST(QontoWebhook, SecretIsUsedAsGivenNotTrimmed) {
  expect_refused(verify(kOwnHeader, kOwnBody, std::string(kOwnSecret) + "\n"), "bad_signature");
}

// --- Age --------------------------------------------------------------------------------------------------

TEST(QontoWebhook, OlderThanFiveMinutesIsTooOld) {
  EXPECT_TRUE(verify(kOwnHeader, kOwnBody, kOwnSecret, kOwnTimestamp + 300).ok());
  expect_refused(verify(kOwnHeader, kOwnBody, kOwnSecret, kOwnTimestamp + 301), "too_old");
}

TEST(QontoWebhook, MoreThanToleranceInTheFutureIsNotYetValid) {
  EXPECT_TRUE(verify(kOwnHeader, kOwnBody, kOwnSecret, kOwnTimestamp - 300).ok());
  expect_refused(verify(kOwnHeader, kOwnBody, kOwnSecret, kOwnTimestamp - 301), "not_yet_valid");
}

TEST(QontoWebhook, ToleranceIsAParameterAndZeroSkipsTheAgeCheck) {
  const auto headers = with_signature(kOwnHeader);
  EXPECT_TRUE(verify_and_parse_qonto_webhook(headers, kOwnBody, kOwnSecret, at(kOwnTimestamp + 3000), seconds(3600)));
  EXPECT_TRUE(
      verify_and_parse_qonto_webhook(headers, kOwnBody, kOwnSecret, at(kOwnTimestamp + 10'000'000), seconds(0)));
  const auto negative = verify_and_parse_qonto_webhook(headers, kOwnBody, kOwnSecret, at(kOwnTimestamp), seconds(-1));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::validation);
  EXPECT_EQ(negative.error().field, "tolerance");
}

// --- Malformed ---------------------------------------------------------------------------------------------

TEST(QontoWebhook, MissingHeaderIsMalformedHeader) {
  const auto event =
      verify_and_parse_qonto_webhook({{"Content-Type", "application/json"}}, kOwnBody, kOwnSecret, at(kOwnTimestamp));
  expect_refused(event, "malformed_header");
}

TEST(QontoWebhook, MalformedHeadersAreMalformedHeader) {
  const std::string sig = kOwnSignature;
  const std::vector<std::string> cases = {
      "",                                         // empty
      "   ",                                      // blank
      "v1=" + sig,                                // no t
      "t=1760432401",                             // no v1
      "t=1760432401,v1=",                         // empty v1
      "t=abc,v1=" + sig,                          // t not digits
      "t=-1760432401,v1=" + sig,                  // negative t
      "t=1234567890123,v1=" + sig,                // absurd t
      "t=1760432401,t=1760432401,v1=" + sig,      // two t
      "t=1760432401,v1=" + sig.substr(1),         // short v1
      "t=1760432401,v1=" + sig + "0",             // long v1
      "t=1760432401,v1=" + std::string(64, 'g'),  // not hex
      "t=1760432401;v1=" + sig,                   // wrong separator
      "t=1760432401,v1=" + sig + ",",             // trailing empty part
      "garbage",                                  // no '='
      "t=1760432401," + std::string(5000, 'x'),   // oversized
  };
  for (const auto& header : cases) {
    SCOPED_TRACE(header.substr(0, 100));
    expect_refused(verify(header), "malformed_header");
  }
  std::string many = "t=1760432401";
  for (int i = 0; i < 17; ++i) many += ",v1=" + sig;
  expect_refused(verify(many), "malformed_header");
}

TEST(QontoWebhook, AuthenticBodiesThatAreNoDeliveryAreMalformedBody) {
  for (const std::string& body :
       {std::string("not json"), std::string("[]"), std::string("{}"), std::string(R"({"id":"ev-1"})"),
        std::string(R"({"id":"ev-1","type":"v1/payment-links"})"),
        std::string(R"({"id":"ev-1","type":"v1/payment-links","data":{"status":"paid"}})"),
        std::string(R"({"id":"ev-1","type":"v1/payment-links","data":{"status":7,"payment_link_id":"pl"}})"),
        std::string(R"({"id":"ev-1","type":"v1/payment-links","data":{"payment_link_id":"pl","amount":)"
                    R"({"value":"1.005","currency":"EUR"}}})"),
        std::string(
            R"({"id":"ev-1","type":"v1/payment-links","data":{"payment_link_id":"pl","updated_at":"soon"}})")}) {
    SCOPED_TRACE(body);
    const auto event = verify(sign(kOwnSecret, kOwnTimestamp, body), body);
    expect_refused(event, "malformed_body", ErrorCode::validation);
    EXPECT_EQ(event.error().field, "raw_body");
  }
}

TEST(QontoWebhook, AuthenticDeliveryOfAnotherTypeIsNotALinkEvent) {
  const std::string body = R"({"id":"ev-2","type":"v1/transactions","data":{"transaction_id":"t-1"}})";
  expect_refused(verify(sign(kOwnSecret, kOwnTimestamp, body), body), "not_a_link_event", ErrorCode::validation);
}

TEST(QontoWebhook, EmptySecretIsAValidationError) {
  const auto event = verify(kOwnHeader, kOwnBody, "");
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.error().code, ErrorCode::validation);
  EXPECT_EQ(event.error().field, "secret");
}

// --- Secrets ---------------------------------------------------------------------------------------------

TEST(QontoWebhook, NoErrorCarriesTheSecretOrTheExpectedSignature) {
  const std::string canary = "CANARY-qonto-webhook-secret-7f3a";
  const std::string body = R"({"id":"ev-3","type":"v1/transactions"})";
  const std::string good = sign(canary, kOwnTimestamp, body);
  const std::string expected = good.substr(good.find("v1=") + 3);
  const std::vector<Result<LinkEvent>> results = {
      verify(good, body + " ", canary),                         // bad_signature
      verify(good, body, canary, kOwnTimestamp + 10'000),       // too_old
      verify(good, body, canary, kOwnTimestamp - 10'000),       // not_yet_valid
      verify("t=1,v1=" + canary, body, canary),                 // malformed_header
      verify(good, body, canary),                               // not_a_link_event
      verify(sign(canary, kOwnTimestamp, "{}"), "{}", canary),  // malformed_body
  };
  for (const auto& r : results) {
    ASSERT_FALSE(r.ok());
    const Error& e = r.error();
    const std::string text =
        e.to_string() + e.message + e.vendor_code + e.vendor_message + e.field + e.request_id + e.reconcile_key;
    EXPECT_EQ(text.find(canary), std::string::npos) << text;
    EXPECT_EQ(text.find(expected), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace paylink
