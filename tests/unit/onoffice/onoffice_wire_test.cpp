// The wire: what a create sends (the exact bytes for a fixed clock, the amount format, everything
// refused before sending) and how an answer is read (success variants, bodies that are not the
// envelope, the JSON path an invalid_response names).
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "onoffice_test_support.hpp"

namespace paylink::onoffice_test {
namespace {

// Written by hand from vendors/onoffice.md (keys in byte order at every level; see the serialisation
// note in onoffice_wire.hpp); the hmac is the one computed independently for the fixtures.
constexpr const char* kExpectedBody =
    R"({"request":{"actions":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:do",)"
    R"("hmac":"s4QbwhUvSaC/yTafz/+/S0x1UZzPy+HyZmqlHqd3xmQ=","hmac_version":2,"identifier":"",)"
    R"("parameters":{"description":"Nachzahlung 3D-Rundgang","priceNet":"1000.00","sendMailToCustomer":true,)"
    R"("transactionid":"1100135697"},"resourceid":"","resourcetype":"subsequentPaymentLink",)"
    R"("timestamp":1700000000}]},"token":"mgjIQkNRnaqggVzy9cZW"})";

nlohmann::json parameters_of(const HttpRequest& request) {
  return nlohmann::json::parse(request.body)["request"]["actions"][0]["parameters"];
}

// --- Encode ----------------------------------------------------------------------------------------

TEST(OnOfficeEncode, RequestIsByteForByteTheExpectedJsonForAFixedClock) {
  const auto request = encode(seed_request());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->body, kExpectedBody);
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

// --- Decode ----------------------------------------------------------------------------------------

TEST(OnOfficeDecode, SuccessVariants) {
  {
    const auto r = decode(respond(
        200,
        success_with(R"({"subsequentPaymentUrl":"https:\/\/x.example\/s.php?a=1&c=abc","mailToCustomerSent":false})")));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->url, "https://x.example/s.php?a=1&c=abc");
    EXPECT_EQ(r->id, "abc");
    EXPECT_EQ(r->vendor_fields.at("mailToCustomerSent"), "false");
  }
  {
    // Without mailToCustomerSent nothing is claimed; without a c= parameter the URL is the id.
    const auto r = decode(respond(200, success_with(R"({"subsequentPaymentUrl":"https://x.example/pay/123"})")));
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->id, "https://x.example/pay/123");
    EXPECT_EQ(r->vendor_fields.count("mailToCustomerSent"), 0u);
    EXPECT_EQ(r->status, LinkStatus::open);
  }
}

TEST(OnOfficeDecode, BodiesThatAreNotTheEnvelopeAreInvalidResponses) {
  const std::string ok_head = R"({"status":{"code":200,"errorcode":0,"message":"OK"},)";
  const std::vector<std::string> bodies = {
      R"({"status":{"code":"200","errorcode":0}})",
      R"({"status":{"errorcode":0}})",
      R"({"status":{"code":200,"errorcode":"0"}})",
      R"({"status":[],"response":{}})",
      ok_head + R"("response":{"results":[]}})",
      ok_head + R"("response":{"results":{}}})",
      ok_head + R"("response":{"results":["x"]}})",
      ok_head + R"("response":{"results":[{"status":"OK","data":{}}]}})",
      ok_head + R"("response":{"results":[{"status":{"errorcode":"0"}}]}})",
      ok_head + R"("response":{"results":[{"data":[]}]}})",
      ok_head + R"("response":{"results":[{"data":{"records":[]}}]}})",
      ok_head + R"("response":{"results":[{"data":{"records":[7]}}]}})",
      ok_head + R"("response":{"results":[{"data":{"records":[{"elements":{"subsequentPaymentUrl":"https://x"}}]}}]}})",
      ok_head + R"("response":{"results":[{"actionid":7,"data":{}}]}})",
      ok_head +
          R"("response":{"results":[{"resourcetype":"estate","data":{"records":[{"elements":{"result":{"subsequentPaymentUrl":"https://x"}}}]}}]}})",
      success_with(R"({"subsequentPaymentUrl":42})"),
      success_with(R"({"subsequentPaymentUrl":""})"),
      success_with(R"({"subsequentPaymentUrl":"javascript:void 0"})"),
      success_with(R"({"subsequentPaymentUrl":"https://x.example/?c=1","mailToCustomerSent":"yes"})"),
      success_with(R"({"mailToCustomerSent":true})"),
      success_with(R"([])"),
  };
  for (const auto& body : bodies) {
    const auto r = decode(respond(200, body));
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_response) << body << "\n" << r.error().to_string();
    EXPECT_EQ(r.error().http_status, 200) << body;
  }
}

TEST(OnOfficeDecode, AnHtmlPageOnSuccessIsAnInvalidResponseNamingTheEndpoint) {
  const auto r = decode(respond(200, "<!DOCTYPE html><html><body>login</body></html>"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::invalid_response);
  EXPECT_NE(r.error().message.find("HTML"), std::string::npos);
  EXPECT_NE(r.error().message.find("OnOfficeConfig::endpoint"), std::string::npos) << r.error().message;
}

TEST(OnOfficeDecode, AnInvalidResponseNamesTheJsonPathOfTheFirstBadField) {
  const std::string ok_head = R"({"status":{"code":200,"errorcode":0,"message":"OK"},)";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"status":{"code":"200","errorcode":0}})", "/status/code"},
      {R"({"status":{"code":200,"errorcode":0}})", "has no response"},
      {ok_head + R"("response":{"results":[]}})", "/response/results"},
      {ok_head + R"("response":{"results":[{"status":{"errorcode":"0"},"data":{}}]}})",
       "/response/results/0/status/errorcode"},
      {ok_head + R"("response":{"results":[{"data":{"records":[7]}}]}})", "/response/results/0/data/records/0"},
      {ok_head + R"("response":{"results":[{"resourcetype":"estate","data":{"records":[]}}]}})",
       "/response/results/0: answers another action"},
      {ok_head + R"("response":{"results":[{"data":{"records":[]}}]}})", "/response/results/0/data/records"},
      {success_with(R"({"subsequentPaymentUrl":42})"),
       "/response/results/0/data/records/0/elements/result/subsequentPaymentUrl"},
      {success_with(R"({"subsequentPaymentUrl":"ftp://x.example/"})"),
       "/response/results/0/data/records/0/elements/result/subsequentPaymentUrl: is not an http(s) URL"},
      {success_with(R"({"subsequentPaymentUrl":"https://x.example/?c=1","mailToCustomerSent":"yes"})"),
       "/response/results/0/data/records/0/elements/result/mailToCustomerSent"},
  };
  for (const auto& [body, path] : cases) {
    const auto r = decode(respond(200, body));
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_EQ(r.error().code, ErrorCode::invalid_response) << body;
    EXPECT_NE(r.error().message.find(path), std::string::npos) << body << "\n" << r.error().message;
  }
}

TEST(OnOfficeDecode, RawJsonIsTheRecordAsCompactJson) {
  // onOffice has no link object of its own: the record of the result stands for it, written by
  // dump_json (compact, members in nlohmann's byte order), not the vendor's source bytes.
  const auto r = decode(respond(
      200,
      success_with(R"({ "subsequentPaymentUrl" : "https:\/\/x.example\/s?c=abc", "mailToCustomerSent" : true })")));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->raw_json,
            R"({"elements":{"result":{"mailToCustomerSent":true,"subsequentPaymentUrl":"https://x.example/s?c=abc"}},)"
            R"("id":0,"type":""})");
}

TEST(OnOfficeDecode, OnOfficeReportsNoStatusSoACreatedLinkIsOpen) {
  // No status word exists on this call (nothing maps to pending or paid); a member that looks like one
  // is not read.
  const auto r =
      decode(respond(200, success_with(R"({"subsequentPaymentUrl":"https://x.example/?c=1","status":"paid"})")));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->status, LinkStatus::open);
  EXPECT_EQ(r->raw_status, "");
}

}  // namespace
}  // namespace paylink::onoffice_test
