// Verifying SmarterPay webhooks. SmarterPay publishes no test vector, so the fixed vector is self-made:
// a V2 webhook in the wiki's shape, signed with Python (hmac.new(key, body, sha256).hexdigest()),
// independently of this code. Then tampering, wrong keys, malformed headers, header-name case, the
// correlation rule (which events concern a link), and a canary key that no error may carry.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "paylink/providers/smarterpay_webhook.hpp"

namespace paylink {
namespace {

using std::chrono::seconds;

Timestamp at(long long unix_seconds) { return Timestamp(seconds(unix_seconds)); }

constexpr const char* kKey = "sp-webhook-key-self-made";
const std::string kBody =
    R"({"id":"OM01L45YJ67Q1ER78Z2D","idempotency_key":"8586bda6-52d6-474a-a31d-86f45b7b86f9",)"
    R"("sent_at":"2022-11-21T14:33:42Z","client":{"id":"CL01LG420EJ9DP1VQWR9"},"events":[{"id":"CP01L45YJ67Q1ER78Z2E",)"
    R"("event_id":"EV01L45YJ67Q1ER78Z2F","created_at":"2022-11-21T14:33:41Z","edited_at":"2022-11-21T14:33:42Z",)"
    R"("custom_reference":"invoice-2022-118","event_type":"card_payment.update","event_source":"API",)"
    R"("status":"successful","currency_code":"GBP","initial_amount":"2750","metadata":"order 118"}]})";
constexpr const char* kSignature = "8e5f137370d1b418b96a6cd0857783786360184300c10425f8f21e5bb644c24b";
constexpr long long kNow = 1669041222;  // sent_at

std::string sign(const std::string& key, const std::string& body) {
  return detail::hex_encode(detail::hmac_sha256(key, body));
}

Result<LinkEvent> verify(const std::string& signature, const std::string& body = kBody, const std::string& key = kKey,
                         const std::string& header = "Webhook-Signature") {
  return verify_and_parse_smarterpay_webhook({{"Content-Type", "application/json"}, {header, signature}}, body, key,
                                             at(kNow));
}

// One V2 webhook holding `events` (JSON objects, comma-separated), signed with kKey.
std::string webhook_of(const std::string& events) {
  return R"({"id":"OM1","idempotency_key":"idem-1","sent_at":"2022-11-21T14:33:42Z","events":[)" + events + "]}";
}

void expect_refused(const Result<LinkEvent>& result, const char* vendor_code, ErrorCode code = ErrorCode::auth) {
  ASSERT_FALSE(result.ok()) << "accepted, expected " << vendor_code;
  EXPECT_EQ(result.error().code, code) << result.error().to_string();
  EXPECT_EQ(result.error().vendor_code, vendor_code) << result.error().to_string();
  EXPECT_NE(result.error().message.find("smarterpay webhook"), std::string::npos) << result.error().message;
}

// --- The fixed vector ----------------------------------------------------------------------------------

TEST(SmarterPayWebhook, SelfMadeVectorHmacMatches) { EXPECT_EQ(sign(kKey, kBody), kSignature); }

TEST(SmarterPayWebhook, SuccessfulCardPaymentIsThePaidEventOfTheCorrelatedLink) {
  const auto event = verify(kSignature);
  ASSERT_TRUE(event.ok()) << event.error().to_string();
  EXPECT_EQ(event->provider, "smarterpay");
  EXPECT_EQ(event->link_id, "invoice-2022-118");  // the correlation reference, not a PL… id
  EXPECT_EQ(event->status, LinkStatus::paid);
  EXPECT_EQ(event->raw_status, "successful");
  EXPECT_EQ(event->amount, Money::from_minor_units(2750, "GBP").value());
  EXPECT_EQ(event->occurred_at, at(1669041222));  // edited_at
  EXPECT_EQ(event->event_id, "EV01L45YJ67Q1ER78Z2F");
  EXPECT_EQ(event->raw_body, kBody);
}

TEST(SmarterPayWebhook, HeaderNameIsFoundInAnyCaseAndHexInEitherCase) {
  std::string upper = kSignature;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(verify(kSignature, kBody, kKey, "webhook-signature").ok());
  EXPECT_TRUE(verify(kSignature, kBody, kKey, "WEBHOOK-SIGNATURE").ok());
  EXPECT_TRUE(verify(" " + upper + " ").ok());
}

TEST(SmarterPayWebhook, ToleranceAndNowAreIgnoredForThereIsNoSignedTime) {
  const HttpHeaders headers{{"Webhook-Signature", kSignature}};
  EXPECT_TRUE(verify_and_parse_smarterpay_webhook(headers, kBody, kKey, at(kNow + 10'000'000), seconds(1)).ok());
  EXPECT_TRUE(verify_and_parse_smarterpay_webhook(headers, kBody, kKey, at(0), seconds(0)).ok());
}

// --- The correlation rule and the status words ------------------------------------------------------

TEST(SmarterPayWebhook, CardPaymentStatusWordsMapToTheLinksState) {
  for (const auto& [word, status] :
       std::vector<std::pair<std::string, LinkStatus>>{{"successful", LinkStatus::paid},
                                                       {"pending", LinkStatus::pending},
                                                       {"cancelled", LinkStatus::open},
                                                       {"failed", LinkStatus::open},
                                                       {"error", LinkStatus::open},
                                                       {"chargeback", LinkStatus::unknown}}) {
    const std::string body = webhook_of(R"({"event_type":"card_payment.create","custom_reference":"ref-1",)"
                                        R"("status":")" +
                                        word + R"("})");
    const auto event = verify(sign(kKey, body), body);
    ASSERT_TRUE(event.ok()) << event.error().to_string();
    EXPECT_EQ(event->status, status) << word;
    EXPECT_EQ(event->raw_status, word);
    EXPECT_EQ(event->event_id, "idem-1");     // no event_id: the webhook's idempotency key
    EXPECT_EQ(event->occurred_at, at(kNow));  // no event time: sent_at
  }
}

TEST(SmarterPayWebhook, FirstEventThatConcernsALinkIsTaken) {
  const std::string body = webhook_of(
      R"({"event_type":"mandate.create","custom_reference":"ref-m","status":"new instruction"},)"
      R"({"event_type":"card_payment.update","status":"failed"},)"
      R"({"event_type":"card_payment.update","custom_reference":"ref-2","status":"pending","event_id":"EV2"},)"
      R"({"event_type":"card_payment.update","custom_reference":"ref-3","status":"successful","event_id":"EV3"})");
  const auto event = verify(sign(kKey, body), body);
  ASSERT_TRUE(event.ok()) << event.error().to_string();
  EXPECT_EQ(event->link_id, "ref-2");
  EXPECT_EQ(event->event_id, "EV2");
  EXPECT_EQ(event->status, LinkStatus::pending);
}

TEST(SmarterPayWebhook, EventsThatConcernNoLinkAreNotALinkEvent) {
  for (const std::string& events :
       {std::string(""), std::string(R"({"event_type":"mandate.create","custom_reference":"ref"})"),
        std::string(R"({"event_type":"payment.update","custom_reference":"ref","status":"paid"})"),
        std::string(R"({"event_type":"card_payment.update","status":"successful"})"),
        std::string(R"({"event_type":"card_payment.update","custom_reference":"","status":"successful"})")}) {
    SCOPED_TRACE(events);
    const std::string body = webhook_of(events);
    expect_refused(verify(sign(kKey, body), body), "not_a_link_event", ErrorCode::validation);
  }
}

TEST(SmarterPayWebhook, AmountFormatsThatAreNotDocumentedAreLeftOut) {
  const auto amount_of = [](const std::string& member) -> std::optional<Money> {
    const std::string body = webhook_of(R"({"event_type":"card_payment.update","custom_reference":"r",)"
                                        R"("status":"successful","currency_code":"EUR")" +
                                        member + "}");
    auto event = verify(sign(kKey, body), body);
    EXPECT_TRUE(event.ok()) << event.error().to_string();
    return event ? event->amount : std::nullopt;
  };
  EXPECT_EQ(amount_of(R"(,"initial_amount":1999)"), Money::from_minor_units(1999, "EUR").value());
  EXPECT_EQ(amount_of(R"(,"initial_amount":"19.99")"), Money::from_minor_units(1999, "EUR").value());
  EXPECT_EQ(amount_of(R"(,"initial_amount":19.99)"), std::nullopt);
  EXPECT_EQ(amount_of(R"(,"initial_amount":"n/a")"), std::nullopt);
  EXPECT_EQ(amount_of(R"(,"initial_amount":"19.999")"), std::nullopt);
  EXPECT_EQ(amount_of(""), std::nullopt);
}

// --- Tampered, wrong key ------------------------------------------------------------------------------

TEST(SmarterPayWebhook, TamperedBodyIsBadSignature) {
  std::string body = kBody;
  body.replace(body.find("successful"), 10, "pending\"  ");
  expect_refused(verify(kSignature, body), "bad_signature");
  expect_refused(verify(kSignature, kBody + "\n"), "bad_signature");
}

TEST(SmarterPayWebhook, WrongKeyIsBadSignature) {
  expect_refused(verify(kSignature, kBody, "another-key"), "bad_signature");
  expect_refused(verify(kSignature, kBody, std::string(kKey) + " "), "bad_signature");  // the key's bytes as given
}

// --- Malformed --------------------------------------------------------------------------------------------

TEST(SmarterPayWebhook, MissingOrMalformedSignatureIsMalformedHeader) {
  expect_refused(verify_and_parse_smarterpay_webhook({{"Content-Type", "application/json"}}, kBody, kKey, at(kNow)),
                 "malformed_header");
  const std::string sig = kSignature;
  for (const std::string& header : {std::string(""), std::string("  "), sig.substr(2), sig + "00", std::string(64, 'z'),
                                    "sha256=" + sig, std::string(5000, 'a')}) {
    SCOPED_TRACE(header.substr(0, 80));
    expect_refused(verify(header), "malformed_header");
  }
}

TEST(SmarterPayWebhook, AuthenticBodiesThatAreNoWebhookAreMalformedBody) {
  for (const std::string& body :
       {std::string("not json"), std::string("[]"), std::string("{}"), std::string(R"({"events":{}})"),
        std::string(R"({"events":[7]})"), std::string(R"({"events":[{"event_type":5}]})")}) {
    SCOPED_TRACE(body);
    const auto event = verify(sign(kKey, body), body);
    expect_refused(event, "malformed_body", ErrorCode::validation);
    EXPECT_EQ(event.error().field, "raw_body");
  }
}

TEST(SmarterPayWebhook, EmptyKeyIsAValidationError) {
  const auto event = verify(kSignature, kBody, "");
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(event.error().code, ErrorCode::validation);
  EXPECT_EQ(event.error().field, "secret");
}

// --- Secrets ---------------------------------------------------------------------------------------------

TEST(SmarterPayWebhook, NoErrorCarriesTheKeyOrTheExpectedSignature) {
  const std::string canary = "CANARY-smarterpay-webhook-key-91c2";
  const std::string other = webhook_of(R"({"event_type":"mandate.create"})");
  const std::string expected = sign(canary, kBody);
  const std::vector<Result<LinkEvent>> results = {
      verify(expected, kBody + " ", canary),       // bad_signature
      verify(sign(canary, "x"), kBody, canary),    // bad_signature
      verify(canary, kBody, canary),               // malformed_header
      verify(sign(canary, other), other, canary),  // not_a_link_event
      verify(sign(canary, "{}"), "{}", canary),    // malformed_body
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
