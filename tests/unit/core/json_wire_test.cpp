// Reading wire structs with core/json.hpp: the JSON path of the first bad member is named, integers are
// strict, exact decimals are written without a double, and parse_json keeps every limit.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace paylink::detail {
namespace {

struct WireAmount {
  std::string value;
  std::string currency;
};
struct WireItem {
  std::string title;
  std::int64_t quantity = 0;
};
struct WireLink {
  std::string id;
  WireAmount amount;
  std::optional<std::string> note;
  std::vector<WireItem> items;
  bool reusable = false;
};
void from_json(const Json& j, WireAmount& w) {
  read_required(j, "value", w.value);
  read_required(j, "currency", w.currency);
}
void from_json(const Json& j, WireItem& w) {
  read_required(j, "title", w.title);
  read_required(j, "quantity", w.quantity);
}
void from_json(const Json& j, WireLink& w) {
  read_required(j, "id", w.id);
  read_required(j, "amount", w.amount);
  read_optional(j, "note", w.note);
  read_optional(j, "items", w.items);
  read_optional(j, "reusable", w.reusable);
}
struct WireEnvelope {
  WireLink payment_link;
};
void from_json(const Json& j, WireEnvelope& w) { read_required(j, "payment_link", w.payment_link); }

Error decode_error(const std::string& body) {
  auto r = decode_wire<WireEnvelope>(body, "qonto", 200);
  EXPECT_FALSE(r.ok()) << body;
  if (r.ok()) return Error{};
  EXPECT_EQ(r.error().code, ErrorCode::invalid_response);
  EXPECT_EQ(r.error().http_status, 200);
  return r.error();
}

TEST(ReadWire, ReadsRequiredOptionalNestedAndArrays) {
  const auto r = decode_wire<WireEnvelope>(
      R"({"payment_link":{"id":"l1","amount":{"value":"13.30","currency":"EUR"},"note":null,
          "items":[{"title":"a","quantity":2}],"reusable":true,"unknown":[1]}})",
      "qonto");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->payment_link.id, "l1");
  EXPECT_EQ(r->payment_link.amount.value, "13.30");
  EXPECT_FALSE(r->payment_link.note.has_value());
  ASSERT_EQ(r->payment_link.items.size(), 1u);
  EXPECT_EQ(r->payment_link.items[0].quantity, 2);
  EXPECT_TRUE(r->payment_link.reusable);
}

TEST(ReadWire, NamesTheJsonPathOfTheFirstBadMember) {
  const Error wrong_type = decode_error(R"({"payment_link":{"id":"l1","amount":{"value":13.3,"currency":"EUR"}}})");
  EXPECT_NE(wrong_type.message.find("qonto: /payment_link/amount/value: "), std::string::npos) << wrong_type.message;
  EXPECT_NE(wrong_type.message.find("string"), std::string::npos) << wrong_type.message;

  const Error missing = decode_error(R"({"payment_link":{"id":"l1"}})");
  EXPECT_NE(missing.message.find("/payment_link: has no amount"), std::string::npos) << missing.message;

  const Error in_array = decode_error(
      R"({"payment_link":{"id":"l1","amount":{"value":"1","currency":"EUR"},"items":[{"title":"a","quantity":1},{"title":"b","quantity":"2"}]}})");
  EXPECT_NE(in_array.message.find("/payment_link/items/1/quantity"), std::string::npos) << in_array.message;

  const Error not_object = decode_error(R"({"payment_link":[]})");
  EXPECT_NE(not_object.message.find("/payment_link: must be an object"), std::string::npos) << not_object.message;

  const Error root = decode_error("[]");
  EXPECT_NE(root.message.find("qonto: the body: must be an object"), std::string::npos) << root.message;
}

TEST(ReadWire, IntegersAreStrictNeverTruncated) {
  for (const char* quantity : {"1.5", "1e3", "9223372036854775808", "\"2\"", "true"}) {
    const std::string body =
        std::string(
            R"({"payment_link":{"id":"l","amount":{"value":"1","currency":"EUR"},"items":[{"title":"t","quantity":)") +
        quantity + "}]}}";
    const Error e = decode_error(body);
    EXPECT_NE(e.message.find("/payment_link/items/0/quantity"), std::string::npos) << quantity << ": " << e.message;
  }
  const auto max = decode_wire<WireItem>(R"({"title":"t","quantity":9223372036854775807})", "x");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->quantity, INT64_MAX);
  const auto min = decode_wire<WireItem>(R"({"title":"t","quantity":-9223372036854775808})", "x");
  ASSERT_TRUE(min.ok());
  EXPECT_EQ(min->quantity, INT64_MIN);
}

TEST(ExactDecimal, IsWrittenAsABareNumberFromItsText) {
  Json item;
  item["unit_price"] = exact_decimal("50.00");
  item["quantity"] = 2;
  item["tiny"] = exact_decimal("-0.125");
  item["whole"] = exact_decimal("1100");
  item["name"] = "\x01paylink-decimal:7";  // only exact_decimal makes a number: a caller's text stays text
  const std::string text = dump_json(item);
  EXPECT_NE(text.find("\"unit_price\":50.00"), std::string::npos) << text;
  EXPECT_NE(text.find("\"tiny\":-0.125"), std::string::npos) << text;
  EXPECT_NE(text.find("\"whole\":1100"), std::string::npos) << text;
  EXPECT_EQ(text.find("\"name\":7"), std::string::npos) << text;
  // Digits beyond a double's precision survive.
  Json big;
  big["amount"] = exact_decimal("92233720368547758.07");
  EXPECT_EQ(dump_json(big), R"({"amount":92233720368547758.07})");
  const auto parsed = Json::parse(dump_json(item));
  EXPECT_TRUE(parsed["unit_price"].is_number());
}

TEST(ExactDecimal, AnythingButAPlainDecimalStaysAString) {
  for (const char* bad : {"1e3", "1,50", "", "-", "1.", ".5", "0x10", "1.2.3"}) {
    Json j;
    j["v"] = exact_decimal(bad);
    const auto parsed = Json::parse(dump_json(j));
    EXPECT_TRUE(parsed["v"].is_string()) << bad;
  }
}

TEST(ParseJson, ANulByteAnywhereIsRefusedEvenAfterTheValue) {
  // nlohmann alone would stop at the NUL and accept "{}".
  for (const std::string& body : {std::string("{}\0", 3), std::string("{\"a\":\"x\0\"}", 10), std::string("\0", 1)}) {
    const auto r = parse_json(body, "msp");
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().message.find("NUL"), std::string::npos) << r.error().message;
  }
  EXPECT_TRUE(parse_json(R"({"a":"x\u0000y"})", "msp").ok());  // escaped: valid JSON, kept
}

TEST(ParseJson, InvalidUtf8AndHtmlAreNamed) {
  const auto utf8 = parse_json("{\"a\":\"\xc3\x28\"}", "qonto");
  ASSERT_FALSE(utf8.ok());
  EXPECT_NE(utf8.error().message.find("UTF-8"), std::string::npos) << utf8.error().message;
  const auto html = parse_json("<!DOCTYPE html><html></html>", "qonto", 200);
  ASSERT_FALSE(html.ok());
  EXPECT_NE(html.error().message.find("HTML page"), std::string::npos) << html.error().message;
  EXPECT_EQ(html.error().http_status, 200);
}

TEST(ParseJson, ValueCountIsBounded) {
  std::string many = "[";
  for (std::size_t i = 0; i <= kMaxJsonValues; ++i) many += i == 0 ? "0" : ",0";
  many += "]";
  const auto r = parse_json(many, "test");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("values"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace paylink::detail
