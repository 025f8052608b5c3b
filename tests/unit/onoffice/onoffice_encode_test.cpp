// What the adapter sends: the exact bytes for a fixed clock, the HTTP shape, the amount format, and
// everything it refuses before sending.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "onoffice_test_support.hpp"

namespace paylink::onoffice_test {
namespace {

// Written by hand from vendors/onoffice.md (keys in byte order at every level; see kEscapeSlashes in
// onoffice_wire.hpp); the hmac is the one computed independently for the fixtures.
constexpr const char* kExpectedBody =
    R"({"request":{"actions":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do",)"
    R"("hmac":"s4QbwhUvSaC/yTafz/+/S0x1UZzPy+HyZmqlHqd3xmQ=","hmac_version":2,"identifier":"",)"
    R"("parameters":{"description":"Nachzahlung 3D-Rundgang","priceNet":"1000.00","sendMailToCustomer":true,)"
    R"("transactionid":"1100135697"},"resourceid":"","resourcetype":"subsequentPaymentLink",)"
    R"("timestamp":1700000000}]},"token":"mgjIQkNRnaqggVzy9cZW"})";

Result<HttpRequest> encode(const CreateLinkRequest& request, const OnOfficeConfig& config = test_config()) {
  return make_onoffice_provider(config)->encode_create(request, context_at(kFixtureTime));
}

nlohmann::json parameters_of(const HttpRequest& request) {
  return nlohmann::json::parse(request.body)["request"]["actions"][0]["parameters"];
}

TEST(OnOfficeEncode, RequestIsByteForByteTheExpectedJsonForAFixedClock) {
  const auto request = encode(seed_request());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->body, kExpectedBody);
}

TEST(OnOfficeEncode, CreateIsANonIdempotentJsonPostToTheEndpoint) {
  const auto request = encode(seed_request());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->method, HttpMethod::post);
  EXPECT_EQ(request->url, "https://api.onoffice.de/api/stable/api.php");
  EXPECT_EQ(request->headers, (HttpHeaders{{"Content-Type", "application/json"}}));
  EXPECT_FALSE(request->idempotent);
}

TEST(OnOfficeEncode, EndpointIsTakenFromTheConfig) {
  for (const std::string endpoint : {"https://api.onoffice.de/api/latest/api.php", "http://127.0.0.1:8787/api.php",
                                     "http://localhost:8787/onoffice/api.php"}) {
    auto config = test_config();
    config.endpoint = endpoint;
    const auto request = encode(seed_request(), config);
    ASSERT_TRUE(request.ok()) << endpoint << ": " << request.error().to_string();
    EXPECT_EQ(request->url, endpoint);
  }
}

TEST(OnOfficeEncode, CredentialsNeverAppearInTheUrl) {
  const auto request = encode(seed_request());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->url.find(kToken), std::string::npos);
  EXPECT_EQ(request->url.find(kSecret), std::string::npos);
  // The token travels in the body by protocol; the secret never leaves the process.
  EXPECT_NE(request->body.find(kToken), std::string::npos);
  EXPECT_EQ(request->body.find(kSecret), std::string::npos);
}

TEST(OnOfficeEncode, PriceNetHasTwoDecimalsAndADot) {
  const std::vector<std::pair<std::string, std::string>> cases = {{"1100.5", "1100.50"},
                                                                  {"5", "5.00"},
                                                                  {"0.01", "0.01"},
                                                                  {"1000.00", "1000.00"},
                                                                  {"92233720368547758.07", "92233720368547758.07"}};
  for (const auto& [input, wire] : cases) {
    auto r = seed_request();
    r.amount = Money::parse(input, "EUR").value();
    const auto request = encode(r);
    ASSERT_TRUE(request.ok()) << input;
    EXPECT_EQ(parameters_of(*request)["priceNet"], wire) << input;
  }
}

TEST(OnOfficeEncode, NotifyCustomerAndIdentifierAreSent) {
  auto r = seed_request();
  r.notify_customer = false;
  r.onoffice.identifier = "invoice-42";
  const auto request = encode(r);
  ASSERT_TRUE(request.ok());
  const auto body = nlohmann::json::parse(request->body);
  EXPECT_EQ(body["request"]["actions"][0]["parameters"]["sendMailToCustomer"], false);
  EXPECT_EQ(body["request"]["actions"][0]["identifier"], "invoice-42");
}

TEST(OnOfficeEncode, TextIsSentAsPlainUtf8JsonWithoutEscapedSlashes) {
  auto r = seed_request();
  r.description = "Nachzahlung 3D/Rundgang \"Süd\" – 2 Räume\n";
  const auto request = encode(r);
  ASSERT_TRUE(request.ok());
  EXPECT_NE(request->body.find(R"("description":"Nachzahlung 3D/Rundgang \"Süd\" – 2 Räume\n")"), std::string::npos)
      << request->body;
  EXPECT_EQ(parameters_of(*request)["description"], r.description);
}

TEST(OnOfficeEncode, FieldsOnOfficeDoesNotTakeAreIgnored) {
  auto r = seed_request();
  r.reference = "order-7";
  r.customer.email = "payer@example.com";
  r.return_url = "https://shop.example/return";
  r.lifetime = std::chrono::hours(24);
  r.reusable = true;
  r.metadata["k"] = "v";
  r.idempotency_key = "key-1";
  LineItem item;
  item.title = "3D-Rundgang";
  item.unit_price = Money::parse("1000.00", "EUR").value();
  r.items.push_back(item);
  const auto request = encode(r);
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->body, kExpectedBody);
}

struct InvalidCase {
  std::string name;
  CreateLinkRequest request;
  std::string field;
};

std::vector<InvalidCase> invalid_cases() {
  std::vector<InvalidCase> cases;
  auto add = [&](std::string name, auto change, std::string field) {
    auto r = seed_request();
    change(r);
    cases.push_back({std::move(name), std::move(r), std::move(field)});
  };
  add(
      "no amount", [](CreateLinkRequest& r) { r.amount.reset(); }, "amount");
  add(
      "items but no amount",
      [](CreateLinkRequest& r) {
        r.amount.reset();
        LineItem item;
        item.title = "x";
        item.unit_price = Money::parse("1.00", "EUR").value();
        r.items.push_back(item);
      },
      "amount");
  add(
      "USD", [](CreateLinkRequest& r) { r.amount = Money::parse("10.00", "USD").value(); }, "amount");
  add(
      "JPY", [](CreateLinkRequest& r) { r.amount = Money::parse("1000", "JPY").value(); }, "amount");
  add(
      "currency unset", [](CreateLinkRequest& r) { r.amount = Money(); }, "amount");
  add(
      "zero", [](CreateLinkRequest& r) { r.amount = Money::parse("0.00", "EUR").value(); }, "amount");
  add(
      "negative", [](CreateLinkRequest& r) { r.amount = Money::parse("-1.00", "EUR").value(); }, "amount");
  add(
      "empty description", [](CreateLinkRequest& r) { r.description.clear(); }, "description");
  add(
      "blank description", [](CreateLinkRequest& r) { r.description = " \t\n"; }, "description");
  add(
      "description not UTF-8", [](CreateLinkRequest& r) { r.description = "Nachzahlung \xff\xfe"; }, "description");
  add(
      "overlong UTF-8", [](CreateLinkRequest& r) { r.description = "slash \xc0\xaf"; }, "description");
  add(
      "truncated UTF-8", [](CreateLinkRequest& r) { r.description = "R\xc3"; }, "description");
  add(
      "empty transaction id", [](CreateLinkRequest& r) { r.onoffice.transaction_id.clear(); },
      "onoffice.transaction_id");
  add(
      "blank transaction id", [](CreateLinkRequest& r) { r.onoffice.transaction_id = "  "; },
      "onoffice.transaction_id");
  add(
      "identifier not UTF-8", [](CreateLinkRequest& r) { r.onoffice.identifier = "\x80"; }, "onoffice.identifier");
  return cases;
}

TEST(OnOfficeEncode, InvalidRequestsAreRefusedNamingTheField) {
  for (const auto& c : invalid_cases()) {
    const auto request = encode(c.request);
    ASSERT_FALSE(request.ok()) << c.name << " was accepted";
    EXPECT_EQ(request.error().code, ErrorCode::validation) << c.name;
    EXPECT_EQ(request.error().field, c.field) << c.name << ": " << request.error().to_string();
  }
}

TEST(OnOfficeEncode, ACurrencyOtherThanEuroIsNamedInTheError) {
  auto r = seed_request();
  r.amount = Money::parse("10.00", "CHF").value();
  const auto request = encode(r);
  ASSERT_FALSE(request.ok());
  EXPECT_NE(request.error().message.find("EUR"), std::string::npos) << request.error().message;
  EXPECT_NE(request.error().message.find("CHF"), std::string::npos) << request.error().message;
}

TEST(OnOfficeEncode, MissingCredentialsOrAnInsecureEndpointAreRefusedWithoutShowingThem) {
  struct Case {
    std::string name;
    OnOfficeConfig config;
    std::string field;
  };
  std::vector<Case> cases;
  auto add = [&](std::string name, auto change, std::string field) {
    auto config = test_config();
    change(config);
    cases.push_back({std::move(name), std::move(config), std::move(field)});
  };
  add(
      "no token", [](OnOfficeConfig& c) { c.token = ""; }, "token");
  add(
      "no secret", [](OnOfficeConfig& c) { c.secret = ""; }, "secret");
  add(
      "no endpoint", [](OnOfficeConfig& c) { c.endpoint.clear(); }, "endpoint");
  add(
      "plain http", [](OnOfficeConfig& c) { c.endpoint = "http://api.onoffice.de/api/stable/api.php"; }, "endpoint");
  add(
      "other scheme", [](OnOfficeConfig& c) { c.endpoint = "ftp://api.onoffice.de/api.php"; }, "endpoint");
  add(
      "no host", [](OnOfficeConfig& c) { c.endpoint = "https:///api.php"; }, "endpoint");
  for (const auto& c : cases) {
    const auto request = encode(seed_request(), c.config);
    ASSERT_FALSE(request.ok()) << c.name;
    EXPECT_EQ(request.error().code, ErrorCode::validation) << c.name;
    EXPECT_EQ(request.error().field, c.field) << c.name;
    EXPECT_EQ(request.error().to_string().find(kToken), std::string::npos) << c.name;
    EXPECT_EQ(request.error().to_string().find(kSecret), std::string::npos) << c.name;
  }
}

TEST(OnOfficeEncode, TokenAndSecretOfUndocumentedLengthsAreAccepted) {
  // The documented lengths are 32 and 64; the test vector's (and sandbox) credentials are shorter.
  auto config = test_config();
  ASSERT_NE(std::string(kToken).size(), 32u);
  ASSERT_NE(std::string(kSecret).size(), 64u);
  EXPECT_TRUE(encode(seed_request(), config).ok());
  config.token = std::string(32, 't');
  config.secret = std::string(64, 's');
  EXPECT_TRUE(encode(seed_request(), config).ok());
}

}  // namespace
}  // namespace paylink::onoffice_test
