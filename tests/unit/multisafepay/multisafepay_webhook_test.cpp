// Verifying MultiSafepay notifications: the vendor's own published vectors, self-made vectors (computed
// with Python's hmac module, independently of this code), tampering, wrong keys, age and malformed headers.
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "paylink/providers/multisafepay_webhook.hpp"

namespace paylink {
namespace {

using std::chrono::seconds;

Timestamp at(long long unix_seconds) { return Timestamp(seconds(unix_seconds)); }

// Public vector 1: MultiSafepay/docs content/payment-management/webhook.md, "Own solution" steps 1-4
// (API key, Auth header and payload as published; note the space after "my-order-id", which is part of
// the signed bytes).
constexpr const char* kDocsKey = "8HHhGgRWrA3O7NswjmgwyH7buPPCGnR5AkwAQyqI";
constexpr const char* kDocsAuth =
    "MTY0MTIxODg4NDowNmNiZjIyNmU3Yzg3M2VmZjk2OTIxZDdmZGUzOTk4ZWI2YmUwZGU3OTE1ZWUxYzFiNTE0OTUxMWZjYTgyZTI2YmIwYWIyZTZk"
    "MGUwYWQ5OTdjYmFiMTUxZTRiYTU2MTU0MThkOGUxMjUyODMwMTcyNjE0M2VkMTE0NjI4N2Y5Mw==";
const std::string kDocsBody =
    R"msp({"amount":1000,"amount_refunded":0,"costs":[{"amount":0.49,"description":"0.49 For iDEAL Transactions","transaction_id":"123456789","type":"SYSTEM"}],"created":"2022-01-03T15:08:02","currency":"EUR","custom_info":{"custom_1":null,"custom_2":null,"custom_3":null},"customer":{"address1":null,"address2":null,"city":null,"country":null,"country_name":null,"email":"","first_name":null,"house_number":null,"last_name":null,"locale":"en_US","phone1":null,"phone2":"","state":null,"zip_code":null},"description":"product description","fastcheckout":"NO","financial_status":"initialized","items":null,"modified":"2022-01-03T15:08:02","order_id":"my-order-id", "payment_details":{"account_holder_name":null,"account_iban":"https://example.com","account_id":null,"external_transaction_id":"123456789","issuer_id":"3151","recurring_flow":null,"recurring_id":null,"recurring_model":null,"type":"IDEAL"},"payment_methods":[{"amount":1000,"currency":"EUR","description":"product description","external_transaction_id":"123456789","payment_description":"iDEAL","status":"initialized","type":"IDEAL"}],"reason":"","reason_code":"","related_transactions":null,"status":"initialized","transaction_id":"123456789","var1":null,"var2":null,"var3":null})msp";
constexpr long long kDocsTimestamp = 1641218884;
// Steps 1, 2 and 4 of the same page: the signature the Auth header carries, and the published hash.
constexpr const char* kDocsSignature =
    "06cbf226e7c873eff96921d7fde3998eb6be0de7915ee1c1b5149511fca82e26bb0ab2e6d0e0ad997cbab151e4ba5615418d8e12528301726"
    "143ed1146287f93";

// Public vector 2: MultiSafepay/php-sdk tests/Unit/Util/NotificationTest.php ($apiKey, $auth, $json),
// taken verbatim (PHP single-quoted: its backslashes are part of the signed bytes).
constexpr const char* kPhpKey = "your-MultiSafepay-API-key";
constexpr const char* kPhpAuth =
    "MTYxNjYwMTg1MTo2ZTRhZTg2MzhhYTJmOWUxNTkyYjA3NDM3NmY2ODE2MTk2NTQ2MzMxYTliOWU5NDlkMWFiNWVmNmE5MzFjYjA5ZWQ4M2FkMTJm"
    "ODUzZjI5ZGYyMjMxZThmODgzZTJiMThhYWVmN2NiYWZmMTA5NGU5ZmQ5ZmNlMWRkMzYyZjJhNA==";
const std::string kPhpBody =
    R"msp({"amount":24293,"amount_refunded":0,"checkout_options":{"alternate":[{"name":"0","rules":[{"country":"","rate":"0.00"}],"standalone":""}],"default":[]},"costs":[{"amount":7.04,"description":"2.9 % For Visa CreditCards Transactions (min 0.6)","transaction_id":"2583849","type":"SYSTEM"}],"created":"2021-03-24T16:26:31","currency":"GBP","custom_info":{"custom_1":null,"custom_2":null,"custom_3":null},"customer":{"address1":"Kraanspoor","address2":null,"city":"Amsterdam","country":"NL","country_name":null,"email":"john.doe@example.com","first_name":"John","house_number":"39C","last_name":"Doe","locale":"nl_NL","phone1":"0612345678","phone2":"","state":null,"zip_code":"1033SC"},"description":"Payment for order: 182","fastcheckout":"NO","financial_status":"completed","items":"<table border=\"0\" cellpadding=\"5\" width=\"100%\">\n<tr>\n<th width=\"10%\"><font size=\"2\" face=\"Verdana\">Quantity </font></th>\n<th align=\"left\"></th>\n<th align=\"left\"><font size=\"2\" face=\"Verdana\">Details </font></th>\n<th width=\"19%\" align=\"right\"><font size=\"2\" face=\"Verdana\">Price </font></th>\n</tr>\n<tr>\n<td align=\"center\"><font size=\"2\" face=\"Verdana\">1</font></td>\n<td width=\"6%\"></td>\n<td width=\"65%\"><font size=\"2\" face=\"Verdana\">Ergonomic Paper Table</font></td>\n<td align=\"right\">&pound;<font size=\"2\" face=\"Verdana\">242.93</font>\n</td>\n</tr>\n</table>","modified":"2021-03-24T16:26:38","order_id":"182","payment_details":{"account_holder_name":"MultiSafepay","account_id":null,"card_expiry_date":"2404","external_transaction_id":"234453696","last4":"1111","recurring_flow":null,"recurring_id":"99814704667013722040","recurring_model":null,"type":"VISA"},"payment_methods":[{"account_holder_name":"MultiSafepay","amount":24293,"card_expiry_date":2404,"currency":"GBP","description":"Payment for order: 182","external_transaction_id":"234453696","last4":1111,"payment_description":"Visa CreditCards","status":"completed","type":"VISA"}],"reason":"","reason_code":"","related_transactions":null,"shopping_cart":{"items":[{"cashback":"","currency":"GBP","description":"","image":"","merchant_item_id":"68","name":"Ergonomic Paper Table","options":[],"product_url":"","quantity":"1","tax_table_selector":"0","unit_price":"242.9300000000","weight":{"unit":null,"value":null}}]},"status":"completed","transaction_id":4680345,"var1":null,"var2":"182","var3":null})msp";
constexpr long long kPhpTimestamp = 1616601851;

// Self-made vector (Python: base64(ts + ":" + hmac.new(key, ts + ":" + body, sha512).hexdigest())).
constexpr const char* kOwnKey = "self-made-test-key-0123456789";
const std::string kOwnBody =
    R"({"order_id":"my-order-id-1","status":"completed","amount":2500,"currency":"EUR","description":"Self-made",)"
    R"("created":"2023-11-14T22:00:00","completed":"2023-11-14T22:10:00","var1":"invoice-7","var2":null,"var3":null})";
constexpr const char* kOwnAuth =
    "MTcwMDAwMDAwMDpjNTlkOWYxMTg2ZDAwMTdjMDExNGNiN2Q2MjM3ZjNkM2Q1NzRkOGYwZDk3MWMwOTVkNWNjMTU4OGJlMTNjZjAyNzJhMWJhZjhi"
    "NGI5MGYyMGYwZTk3YjAyNDkyNWMxYTA5YTE3YmZkN2IzMTdlNDcyMDkyNjdiNWRmYWNiYzZjYg==";
constexpr const char* kOwnAuthUpperHex =
    "MTcwMDAwMDAwMDpDNTlEOUYxMTg2RDAwMTdDMDExNENCN0Q2MjM3RjNEM0Q1NzREOEYwRDk3MUMwOTVENUNDMTU4OEJFMTNDRjAyNzJBMUJBRjhC"
    "NEI5MEYyMEYwRTk3QjAyNDkyNUMxQTA5QTE3QkZEN0IzMTdFNDcyMDkyNjdCNURGQUNCQzZDQg==";
constexpr long long kOwnTimestamp = 1700000000;

// Signs `body` the vendor's way, for cases the fixed vectors do not cover.
std::string sign(const std::string& key, const std::string& timestamp, const std::string& body) {
  const std::string signature = detail::hex_encode(detail::hmac_sha512(key, timestamp + ":" + body));
  return detail::base64_encode(timestamp + ":" + signature);
}

void expect_auth_failure(const Result<MultiSafepayNotification>& result, const char* vendor_code) {
  ASSERT_FALSE(result.ok()) << "accepted, expected " << vendor_code;
  EXPECT_EQ(result.error().code, ErrorCode::auth) << result.error().to_string();
  EXPECT_EQ(result.error().vendor_code, vendor_code) << result.error().to_string();
  EXPECT_FALSE(result.error().message.empty());
}

// --- Official known-answer vectors -----------------------------------------------------------------

TEST(MultiSafepayWebhook, DocsVectorDecodesToThePublishedTimestampAndSignature) {
  // webhook.md steps 1-2: the Auth header decodes to "timestamp:signature" as published.
  std::string decoded;
  ASSERT_TRUE(detail::base64_decode(kDocsAuth, decoded));
  EXPECT_EQ(decoded, std::string("1641218884:") + kDocsSignature);
}

TEST(MultiSafepayWebhook, DocsVectorHmacIsThePublishedHash) {
  // webhook.md steps 3-4: HMAC-SHA512 keyed with the API key over "timestamp:" + payload.
  EXPECT_EQ(detail::hex_encode(detail::hmac_sha512(kDocsKey, "1641218884:" + kDocsBody)), kDocsSignature);
}

// NotificationTest.php's cases. Its two other cases test PHP argument types (an integer body, a
// TransactionResponse object), which a std::string_view signature rules out at compile time.
TEST(MultiSafepayWebhook, PhpSdkCheckAuthWithNoTimestampCheckVerifies) {
  EXPECT_TRUE(
      verify_multisafepay_notification(kPhpBody, kPhpAuth, kPhpKey, at(kPhpTimestamp + 10'000'000), seconds(0)).ok());
}

TEST(MultiSafepayWebhook, PhpSdkCheckAuthWithFailingTimestampCheckIsTooOld) {
  // The SDK's validation time of 1 s, checked long after the notification was signed.
  expect_auth_failure(verify_multisafepay_notification(kPhpBody, kPhpAuth, kPhpKey, at(kPhpTimestamp + 2), seconds(1)),
                      "too_old");
}

TEST(MultiSafepayWebhook, PhpSdkVerifyWithInvalidApiKeyIsBadSignature) {
  expect_auth_failure(
      verify_multisafepay_notification(kPhpBody, kPhpAuth, "a-fake-API-key", at(kPhpTimestamp), seconds(0)),
      "bad_signature");
}

TEST(MultiSafepayWebhook, PhpSdkVerifyWithInvalidValidationTimeIsRefused) {
  const auto n = verify_multisafepay_notification(kPhpBody, kPhpAuth, kPhpKey, at(kPhpTimestamp), seconds(-1));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::validation);
  EXPECT_EQ(n.error().field, "tolerance");
}

// --- Valid ------------------------------------------------------------------------------------------

TEST(MultiSafepayWebhook, DocsPublishedVectorVerifies) {
  const auto n = verify_multisafepay_notification(kDocsBody, kDocsAuth, kDocsKey, at(kDocsTimestamp + 60));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(n->signed_at, at(kDocsTimestamp));
  EXPECT_EQ(n->link.id, "my-order-id");
  EXPECT_EQ(n->link.provider, "multisafepay");
  EXPECT_EQ(n->link.status, LinkStatus::open);
  EXPECT_EQ(n->link.raw_status, "initialized");
  EXPECT_EQ(n->link.amount, Money::from_minor_units(1000, "EUR").value());
}

TEST(MultiSafepayWebhook, PhpSdkPublishedVectorVerifies) {
  const auto n = verify_multisafepay_notification(kPhpBody, kPhpAuth, kPhpKey, at(kPhpTimestamp), seconds(0));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(n->link.id, "182");
  EXPECT_EQ(n->link.status, LinkStatus::paid);
  EXPECT_EQ(n->link.raw_status, "completed");
  EXPECT_EQ(n->link.amount, Money::from_minor_units(24293, "GBP").value());
  EXPECT_EQ(n->link.metadata.at("var2"), "182");
  ASSERT_EQ(n->link.items.size(), 1u);  // "unit_price":"242.9300000000" read exactly as 242.93 GBP
  EXPECT_EQ(n->link.items[0].unit_price, Money::from_minor_units(24293, "GBP").value());
}

TEST(MultiSafepayWebhook, SelfMadeVectorVerifiesAndMapsTheOrder) {
  const auto n = verify_multisafepay_notification(kOwnBody, kOwnAuth, kOwnKey, at(kOwnTimestamp + 599));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
  EXPECT_EQ(n->link.id, "my-order-id-1");
  EXPECT_EQ(n->link.status, LinkStatus::paid);
  EXPECT_EQ(n->link.metadata.at("var1"), "invoice-7");
  EXPECT_EQ(n->link.completed_at, at(1699999800));  // 2023-11-14T22:10:00, zone-less = UTC
  EXPECT_EQ(n->link.raw_json.find("my-order-id-1") != std::string::npos, true);
}

TEST(MultiSafepayWebhook, UpperCaseHexAndSurroundingSpacesAreAccepted) {
  const auto n = verify_multisafepay_notification(kOwnBody, std::string(" ") + kOwnAuthUpperHex + "\r\n",
                                                  std::string(kOwnKey) + "\n", at(kOwnTimestamp));
  ASSERT_TRUE(n.ok()) << n.error().to_string();
}

TEST(MultiSafepayWebhook, SignedDeclinedOrderStaysOpenAndUnclearedIsPending) {
  for (const auto& [word, status] : {std::pair<std::string, LinkStatus>{"declined", LinkStatus::open},
                                     std::pair<std::string, LinkStatus>{"uncleared", LinkStatus::pending}}) {
    const std::string body = R"({"order_id":"my-order-id-1","status":")" + word + R"("})";
    const auto n =
        verify_multisafepay_notification(body, sign(kOwnKey, "1700000000", body), kOwnKey, at(kOwnTimestamp));
    ASSERT_TRUE(n.ok()) << n.error().to_string();
    EXPECT_EQ(n->link.status, status) << word;
    EXPECT_EQ(n->link.raw_status, word);
  }
}

// --- Tampered, wrong key --------------------------------------------------------------------------

TEST(MultiSafepayWebhook, OneExtraSpaceInTheBodyIsBadSignature) {
  std::string body = kDocsBody;
  body.replace(body.find("\"my-order-id\", "), 15, "\"my-order-id\",");  // the published body minus one space
  expect_auth_failure(verify_multisafepay_notification(body, kDocsAuth, kDocsKey, at(kDocsTimestamp)), "bad_signature");
}

TEST(MultiSafepayWebhook, TamperedStatusIsBadSignature) {
  std::string body = kOwnBody;
  body.replace(body.find("completed"), 9, "cancelled");
  expect_auth_failure(verify_multisafepay_notification(body, kOwnAuth, kOwnKey, at(kOwnTimestamp)), "bad_signature");
}

TEST(MultiSafepayWebhook, ReSignedTimestampWithOldSignatureIsBadSignature) {
  // Replaying an old signature under a fresh timestamp must fail: the timestamp is signed too.
  std::string decoded;
  ASSERT_TRUE(detail::base64_decode(kOwnAuth, decoded));
  const std::string forged = detail::base64_encode("1700000500" + decoded.substr(decoded.find(':')));
  expect_auth_failure(verify_multisafepay_notification(kOwnBody, forged, kOwnKey, at(1700000500)), "bad_signature");
}

TEST(MultiSafepayWebhook, WrongKeyIsBadSignature) {
  expect_auth_failure(
      verify_multisafepay_notification(kPhpBody, kPhpAuth, "a-fake-API-key", at(kPhpTimestamp), seconds(0)),
      "bad_signature");
}

// --- Age ---------------------------------------------------------------------------------------------

TEST(MultiSafepayWebhook, OlderThanToleranceIsTooOld) {
  expect_auth_failure(verify_multisafepay_notification(kOwnBody, kOwnAuth, kOwnKey, at(kOwnTimestamp + 601)),
                      "too_old");
  // The php-sdk's own case: a one-second window long past.
  expect_auth_failure(verify_multisafepay_notification(kPhpBody, kPhpAuth, kPhpKey, at(kOwnTimestamp), seconds(1)),
                      "too_old");
}

TEST(MultiSafepayWebhook, ExactlyAtToleranceIsAccepted) {
  EXPECT_TRUE(verify_multisafepay_notification(kOwnBody, kOwnAuth, kOwnKey, at(kOwnTimestamp + 600)).ok());
}

TEST(MultiSafepayWebhook, FarFutureTimestampIsNotYetValid) {
  expect_auth_failure(verify_multisafepay_notification(kOwnBody, kOwnAuth, kOwnKey, at(kOwnTimestamp - 601)),
                      "not_yet_valid");
}

TEST(MultiSafepayWebhook, ZeroToleranceSkipsTheAgeCheck) {
  EXPECT_TRUE(verify_multisafepay_notification(kDocsBody, kDocsAuth, kDocsKey, at(kOwnTimestamp), seconds(0)).ok());
}

TEST(MultiSafepayWebhook, ForgedOldNotificationReadsBadSignatureNotTooOld) {
  expect_auth_failure(verify_multisafepay_notification(kOwnBody, kOwnAuth, "other-key", at(kOwnTimestamp + 9999)),
                      "bad_signature");
}

// --- Malformed ---------------------------------------------------------------------------------------

TEST(MultiSafepayWebhook, MalformedHeadersAreMalformedHeader) {
  const std::string good_sig(128, 'a');
  const std::string cases[] = {
      "",                                                            // missing
      "   ",                                                         // blank
      "not base64!",                                                 // not base64
      detail::base64_encode("1700000000"),                           // no colon
      detail::base64_encode(":" + good_sig),                         // no timestamp
      detail::base64_encode("17000x0000:" + good_sig),               // timestamp not digits
      detail::base64_encode("-1700000000:" + good_sig),              // negative
      detail::base64_encode("1234567890123:" + good_sig),            // absurdly long timestamp
      detail::base64_encode("1700000000:abc"),                       // short signature
      detail::base64_encode("1700000000:" + std::string(128, 'g')),  // not hex
      detail::base64_encode("1700000000:" + good_sig + "a"),         // long signature
      std::string(2000, 'A'),                                        // oversized header
  };
  for (const auto& header : cases) {
    SCOPED_TRACE(header);
    expect_auth_failure(verify_multisafepay_notification(kOwnBody, header, kOwnKey, at(kOwnTimestamp)),
                        "malformed_header");
  }
}

TEST(MultiSafepayWebhook, AuthenticBodyThatIsNotAnOrderIsMalformedBody) {
  for (const std::string& body : {std::string("not json"), std::string("[]"), std::string(R"({"status":"completed"})"),
                                  std::string(R"({"order_id":"x"})"), std::string(R"({"order_id":"x","status":7})")}) {
    SCOPED_TRACE(body);
    const auto n =
        verify_multisafepay_notification(body, sign(kOwnKey, "1700000000", body), kOwnKey, at(kOwnTimestamp));
    ASSERT_FALSE(n.ok());
    EXPECT_EQ(n.error().code, ErrorCode::validation) << n.error().to_string();
    EXPECT_EQ(n.error().vendor_code, "malformed_body");
    EXPECT_EQ(n.error().field, "raw_body");
  }
}

TEST(MultiSafepayWebhook, EmptyKeyAndNegativeToleranceAreValidationErrors) {
  auto n = verify_multisafepay_notification(kOwnBody, kOwnAuth, "", at(kOwnTimestamp));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::validation);
  EXPECT_EQ(n.error().field, "api_key");
  n = verify_multisafepay_notification(kOwnBody, kOwnAuth, kOwnKey, at(kOwnTimestamp), seconds(-1));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().field, "tolerance");
}

TEST(MultiSafepayWebhook, NoErrorCarriesTheKeyOrTheExpectedSignature) {
  std::string decoded;
  ASSERT_TRUE(detail::base64_decode(kOwnAuth, decoded));
  const std::string expected_signature = decoded.substr(decoded.find(':') + 1);
  const auto results = {
      verify_multisafepay_notification(kOwnBody + " ", kOwnAuth, kOwnKey, at(kOwnTimestamp)),
      verify_multisafepay_notification(kOwnBody, kOwnAuth, kOwnKey, at(kOwnTimestamp + 10'000)),
      verify_multisafepay_notification(kOwnBody, "garbage", kOwnKey, at(kOwnTimestamp)),
      verify_multisafepay_notification("{}", sign(kOwnKey, "1700000000", "{}"), kOwnKey, at(kOwnTimestamp)),
  };
  for (const auto& r : results) {
    ASSERT_FALSE(r.ok());
    const std::string text = r.error().to_string() + r.error().vendor_message + r.error().field;
    EXPECT_EQ(text.find(kOwnKey), std::string::npos) << text;
    EXPECT_EQ(text.find(expected_signature), std::string::npos) << text;
  }
}

// --- The LinkEvent model: verify_and_parse_multisafepay_webhook ---------------------------------------

TEST(MultiSafepayWebhookEvent, DocsVectorIsTheOrdersEvent) {
  const HttpHeaders headers{{"Content-Type", "application/json"}, {"Auth", kDocsAuth}};
  const auto event = verify_and_parse_multisafepay_webhook(headers, kDocsBody, kDocsKey, at(kDocsTimestamp + 60));
  ASSERT_TRUE(event.ok()) << event.error().to_string();
  EXPECT_EQ(event->provider, "multisafepay");
  EXPECT_EQ(event->link_id, "my-order-id");
  EXPECT_EQ(event->status, LinkStatus::open);
  EXPECT_EQ(event->raw_status, "initialized");
  EXPECT_EQ(event->amount, Money::from_minor_units(1000, "EUR").value());
  EXPECT_EQ(event->occurred_at, at(kDocsTimestamp));
  EXPECT_TRUE(event->event_id.empty());  // MultiSafepay gives none
  EXPECT_EQ(event->raw_body, kDocsBody);
}

TEST(MultiSafepayWebhookEvent, AuthHeaderIsFoundInAnyCase) {
  for (const char* name : {"auth", "AUTH", "aUtH"}) {
    const auto event = verify_and_parse_multisafepay_webhook({{name, kOwnAuth}}, kOwnBody, kOwnKey, at(kOwnTimestamp));
    ASSERT_TRUE(event.ok()) << name << ": " << event.error().to_string();
    EXPECT_EQ(event->status, LinkStatus::paid);
  }
}

TEST(MultiSafepayWebhookEvent, RefusalsAreThoseOfTheVerifier) {
  const auto missing =
      verify_and_parse_multisafepay_webhook({{"Authorization", kOwnAuth}}, kOwnBody, kOwnKey, at(kOwnTimestamp));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().vendor_code, "malformed_header");
  const HttpHeaders headers{{"Auth", kOwnAuth}};
  EXPECT_EQ(
      verify_and_parse_multisafepay_webhook(headers, kOwnBody + " ", kOwnKey, at(kOwnTimestamp)).error().vendor_code,
      "bad_signature");
  EXPECT_EQ(
      verify_and_parse_multisafepay_webhook(headers, kOwnBody, kOwnKey, at(kOwnTimestamp + 601)).error().vendor_code,
      "too_old");
  EXPECT_EQ(
      verify_and_parse_multisafepay_webhook(headers, kOwnBody, kOwnKey, at(kOwnTimestamp - 601)).error().vendor_code,
      "not_yet_valid");
  const std::string body = "[]";
  const auto not_order = verify_and_parse_multisafepay_webhook({{"Auth", sign(kOwnKey, "1700000000", body)}}, body,
                                                               kOwnKey, at(kOwnTimestamp));
  ASSERT_FALSE(not_order.ok());
  EXPECT_EQ(not_order.error().code, ErrorCode::validation);
  EXPECT_EQ(not_order.error().vendor_code, "malformed_body");
}

TEST(MultiSafepayWebhookEvent, NoErrorCarriesACanaryKey) {
  const std::string canary = "CANARY-multisafepay-api-key-55d1";
  const std::string auth = sign(canary, "1700000000", kOwnBody);
  std::string decoded;
  ASSERT_TRUE(detail::base64_decode(auth, decoded));
  const std::string expected_signature = decoded.substr(decoded.find(':') + 1);
  const HttpHeaders headers{{"Auth", auth}};
  const std::vector<Result<LinkEvent>> results = {
      verify_and_parse_multisafepay_webhook(headers, kOwnBody + " ", canary, at(kOwnTimestamp)),
      verify_and_parse_multisafepay_webhook(headers, kOwnBody, canary, at(kOwnTimestamp + 10'000)),
      verify_and_parse_multisafepay_webhook({{"Auth", canary}}, kOwnBody, canary, at(kOwnTimestamp)),
      verify_and_parse_multisafepay_webhook({{"Auth", sign(canary, "1700000000", "{}")}}, "{}", canary,
                                            at(kOwnTimestamp)),
  };
  for (const auto& r : results) {
    ASSERT_FALSE(r.ok());
    const Error& e = r.error();
    const std::string text = e.to_string() + e.message + e.vendor_code + e.vendor_message + e.field + e.request_id;
    EXPECT_EQ(text.find(canary), std::string::npos) << text;
    EXPECT_EQ(text.find(expected_signature), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace paylink
