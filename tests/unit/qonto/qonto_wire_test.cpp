// Qonto's JSON mapping on its own: exact amounts, timestamps, statuses, verbatim raw JSON, wrong shapes,
// error envelopes and the inferred facts of qonto_wire.hpp.
#include <limits>
#include <random>

#include <nlohmann/json.hpp>

#include "providers/qonto/qonto_wire.hpp"
#include "qonto/qonto_test_support.hpp"

namespace paylink::qonto_test {
namespace {

namespace wire = paylink::detail::qonto;

std::string link_body(const std::string& fields) {
  return R"({"payment_link":{"id":"l1","status":"open")" + (fields.empty() ? "" : "," + fields) + "}}";
}

void expect_invalid(const Result<PaymentLink>& link, const std::string& body) {
  ASSERT_FALSE(link.ok()) << "accepted: " << body;
  EXPECT_EQ(link.error().code, ErrorCode::invalid_response) << body << " → " << link.error().to_string();
}

// --- exact amounts ---------------------------------------------------------------------------------

TEST(QontoWire, EverySeedAmountRoundTripsExactly) {
  // The seed's answer, from its fixture: decode every amount, then send them back.
  const auto script = load("create_basket.http");
  ASSERT_EQ(script.size(), 1u);
  const auto link = wire::decode_link_envelope(script[0].response.body, 201);
  ASSERT_TRUE(link.ok()) << link.error().to_string();

  ASSERT_TRUE(link->amount.has_value());
  EXPECT_EQ(link->amount->minor_units(), 1330);  // "13.30"
  EXPECT_EQ(link->amount->to_decimal(), "13.30");
  ASSERT_EQ(link->items.size(), 1u);
  EXPECT_EQ(link->items[0].unit_price.minor_units(), 1099);  // "10.99"
  EXPECT_EQ(link->items[0].unit_price.to_decimal(), "10.99");

  // Back onto the wire: the decoded item and amount make the seed's request, byte-exact in value.
  CreateLinkRequest again;
  again.items = link->items;
  again.amount = link->amount;
  again.reusable = link->reusable;
  const auto body = wire::encode_create_body(again);
  ASSERT_TRUE(body.ok()) << body.error().to_string();
  const auto sent = nlohmann::json::parse(*body);
  EXPECT_EQ(sent["payment_link"]["items"][0]["unit_price"],
            nlohmann::json::parse(R"({"value":"10.99","currency":"EUR"})"));
  EXPECT_EQ(sent, nlohmann::json::parse(script[0].request.body))
      << "re-encoding the decoded seed gives the seed's request";
  EXPECT_NE(body->find(R"("value":"10.99")"), std::string::npos) << *body;

  CreateLinkRequest invoice;
  invoice.amount = link->amount;
  invoice.qonto.invoice_id = "i";
  invoice.qonto.invoice_number = "n";
  invoice.qonto.debitor_name = "d";
  const auto invoice_body = wire::encode_create_body(invoice);
  ASSERT_TRUE(invoice_body.ok());
  EXPECT_NE(invoice_body->find(R"("amount":{"currency":"EUR","value":"13.30"})"), std::string::npos) << *invoice_body;
}

TEST(QontoWire, AmountsAreExactDecimalStringsOrInvalid) {
  const auto big =
      wire::decode_link_envelope(link_body(R"("amount":{"value":"92233720368547758.07","currency":"EUR"})"), 200);
  ASSERT_TRUE(big.ok()) << big.error().to_string();
  EXPECT_EQ(big->amount->minor_units(), std::numeric_limits<std::int64_t>::max());
  const auto yen = wire::decode_link_envelope(link_body(R"("amount":{"value":"1500","currency":"JPY"})"), 200);
  EXPECT_EQ(yen->amount->minor_units(), 1500);

  for (const std::string amount : {R"({"value":13.3,"currency":"EUR"})", R"({"value":"13.305","currency":"EUR"})",
                                   R"({"value":"1e3","currency":"EUR"})", R"({"value":"13.30","currency":"XXY"})",
                                   R"({"value":"13.30"})", R"("13.30")", R"({"value":"13,30","currency":"EUR"})",
                                   R"({"value":"92233720368547758.08","currency":"EUR"})"}) {
    const std::string body = link_body(R"("amount":)" + amount);
    expect_invalid(wire::decode_link_envelope(body, 200), body);
  }
}

TEST(QontoWire, BothLinkKindsSendTheReturnUrlAsRedirectUrl) {
  CreateLinkRequest basket = seed_request();
  basket.return_url = "https://shop.example/thanks";
  const auto basket_body = wire::encode_create_body(basket);
  ASSERT_TRUE(basket_body.ok()) << basket_body.error().to_string();
  EXPECT_EQ(nlohmann::json::parse(*basket_body)["payment_link"]["redirect_url"], "https://shop.example/thanks");

  CreateLinkRequest invoice;
  invoice.amount = eur(1330);
  invoice.qonto.invoice_id = "i";
  invoice.qonto.invoice_number = "n";
  invoice.qonto.debitor_name = "d";
  invoice.return_url = "https://shop.example/paid";
  const auto invoice_body = wire::encode_create_body(invoice);
  ASSERT_TRUE(invoice_body.ok()) << invoice_body.error().to_string();
  EXPECT_EQ(nlohmann::json::parse(*invoice_body)["payment_link"]["redirect_url"], "https://shop.example/paid");
}

// --- timestamps and statuses -----------------------------------------------------------------------

TEST(QontoWire, TimestampsWithAndWithoutMilliseconds) {
  const auto link = wire::decode_link_envelope(
      link_body(R"("created_at":"2021-01-01T00:00:00Z","expiration_date":"2021-01-01T00:00:00.250Z")"), 200);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->created_at, utc(1609459200));
  EXPECT_EQ(link->expires_at, utc(1609459200, 250));
  const auto offset = wire::decode_link_envelope(link_body(R"("created_at":"2021-01-01T02:00:00+02:00")"), 200);
  EXPECT_EQ(offset->created_at, utc(1609459200));
  const auto absent = wire::decode_link_envelope(link_body(R"("expiration_date":null)"), 200);
  EXPECT_FALSE(absent->expires_at.has_value());
  for (const std::string t :
       {R"("created_at":"yesterday")", R"("created_at":1609459200)", R"("expiration_date":"2021-02-30T00:00:00Z")"}) {
    expect_invalid(wire::decode_link_envelope(link_body(t), 200), t);
  }
}

TEST(QontoWire, StatusWordsMapAndAnUnknownWordIsKeptRaw) {
  const std::vector<std::pair<std::string, LinkStatus>> words = {
      {"open", LinkStatus::open},         {"paid", LinkStatus::paid},          {"expired", LinkStatus::expired},
      {"canceled", LinkStatus::canceled}, {"processing", LinkStatus::pending}, {"cancelled", LinkStatus::unknown},
      {"OPEN", LinkStatus::unknown}};
  for (const auto& [word, status] : words) {
    const auto link = wire::decode_link_envelope(R"({"payment_link":{"id":"l1","status":")" + word + R"("}})", 200);
    ASSERT_TRUE(link.ok()) << word;
    EXPECT_EQ(link->status, status) << word;
    EXPECT_EQ(link->raw_status, word);
  }
  for (const auto status :
       {LinkStatus::open, LinkStatus::pending, LinkStatus::paid, LinkStatus::expired, LinkStatus::canceled}) {
    EXPECT_EQ(wire::map_status(*wire::status_word(status)), status);
  }
  EXPECT_FALSE(wire::status_word(LinkStatus::unknown).has_value());
}

// --- shapes ----------------------------------------------------------------------------------------

TEST(QontoWire, LinkFieldsOfTheWrongTypeAreInvalidResponse) {
  for (const std::string fields :
       {R"("url":5)", R"("reusable":"yes")", R"("items":{})", R"("items":[7])", R"("items":[{"title":"A"}])",
        R"("items":[{"title":"A","quantity":"1","unit_price":{"value":"1.00","currency":"EUR"}}])",
        R"("potential_payment_methods":"credit_card")", R"("potential_payment_methods":[1])", R"("resource_type":{})",
        R"("invoice_number":12345)", R"("status":null,"id":7)"}) {
    expect_invalid(wire::decode_link_envelope(link_body(fields), 200), fields);
  }
  for (const std::string body : {R"({"payment_link":{}})", R"({"payment_link":{"id":""}})", R"({"payment_link":[]})",
                                 R"({"payment_links":[]})", R"([{"payment_link":{"id":"x"}}])"}) {
    expect_invalid(wire::decode_link_envelope(body, 200), body);
  }
}

TEST(QontoWire, ARepeatedMemberMeansItsLastValue) {
  // As JsonNode::find (and nlohmann): the decoders read each object's members in one pass, and a name
  // written twice keeps its last value, in links, items, amounts and payments alike.
  const auto link = wire::decode_link_envelope(
      link_body(
          R"("id":"l2","url":5,"url":"https://pay/x","amount":{"value":"1.00","currency":"EUR","value":"2.50"},)"
          R"("items":[{"title":"A","unit_price":{"value":"1.00","currency":"EUR"}}],)"
          R"("items":[{"title":"B","title":"C","quantity":1,"quantity":3,"unit_price":{"value":"4.00","currency":"EUR"}}])"),
      200);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "l2");
  EXPECT_EQ(link->url, "https://pay/x");
  ASSERT_TRUE(link->amount.has_value());
  EXPECT_EQ(link->amount->minor_units(), 250);
  ASSERT_EQ(link->items.size(), 1u);
  EXPECT_EQ(link->items[0].title, "C");
  EXPECT_EQ(link->items[0].quantity, 3);
  EXPECT_EQ(link->items[0].unit_price.minor_units(), 400);

  const auto wrong_last = wire::decode_link_envelope(link_body(R"("url":"https://pay/x","url":5)"), 200);
  ASSERT_FALSE(wrong_last.ok());
  EXPECT_EQ(wrong_last.error().message, "qonto: /payment_link/url: type must be string, but is number");

  const auto payments = wire::decode_payment_page(
      R"({"payments":[{"id":"p1","status":"paid","status":"refunded","id":"p2","paid_at":"bad","paid_at":null}]})",
      200);
  ASSERT_TRUE(payments.ok()) << payments.error().to_string();
  ASSERT_EQ(payments->items.size(), 1u);
  EXPECT_EQ(payments->items[0].id, "p2");
  EXPECT_EQ(payments->items[0].status, "refunded");
  EXPECT_FALSE(payments->items[0].paid_at.has_value());
}

TEST(QontoWire, MemberNamesAreComparedDecodedAndExactly) {
  // "i\u0064" is "id"; names that only share a length or a prefix with a field are other members.
  const auto link = wire::decode_link_envelope(
      R"({"payment_link":{"i\u0064":"l1","status":"open","\u0061mount":{"v\u0061lue":"3.00","currency":"EUR"},)"
      R"("ur1":5,"amoun":7,"amounts":[],"Id":{},"reusable ":"x","items":[{"titl":1,"unit_price":{"value":"1.00","currency":"EUR"}}]}})",
      200);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "l1");
  ASSERT_TRUE(link->amount.has_value());
  EXPECT_EQ(link->amount->minor_units(), 300);
  EXPECT_TRUE(link->url.empty());
  ASSERT_EQ(link->items.size(), 1u);
  EXPECT_TRUE(link->items[0].title.empty());
}

TEST(QontoWire, TheFirstFieldAtFaultInDecodeOrderIsNamedWhereverItIsWritten) {
  // Fields are checked in one order (id, url, status, amount, created_at, expiration_date, reusable, …)
  // whatever the order of the members in the body.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"payment_link":{"reusable":"yes","url":5,"id":"l1"}})",
       "qonto: /payment_link/url: type must be string, but is number"},
      {R"({"payment_link":{"debitor_name":1,"expiration_date":"soon","id":"l1"}})",
       "qonto: /payment_link/expiration_date: \"soon\" is not an ISO 8601 time"},
      {R"({"payment_link":{"amount":{"value":1},"id":7}})",
       "qonto: /payment_link/id: type must be string, but is number"},
      {R"({"payment_link":{"potential_payment_methods":[1],"resource_type":[]}})", "qonto: /payment_link: has no id"},
      {R"({"payment_link":{"id":"l1","items":[{"vat_rate":[],"quantity":"2","unit_price":{"value":"1.00","currency":"EUR"}}]}})",
       "qonto: /payment_link/items/0/quantity: must be an integer, but is string"},
      {R"({"payment_link":{"id":"l1","items":[{"title":"A"},{"measure_unit":1}]}})",
       "qonto: /payment_link/items/0: has no unit_price"},
      {R"({"payment_link":{"id":"l1","items":[{"unit_price":[],"title":2}]}})",
       "qonto: /payment_link/items/0/title: type must be string, but is number"},
      {R"({"payment_link":{"id":"l1","amount":[{"value":"1.00","currency":"EUR"}]}})",
       "qonto: /payment_link/amount: must be an object"},
  };
  for (const auto& [body, message] : cases) {
    const auto link = wire::decode_link_envelope(body, 200);
    ASSERT_FALSE(link.ok()) << body;
    EXPECT_EQ(link.error().code, ErrorCode::invalid_response) << body;
    EXPECT_EQ(link.error().message, message) << body;
    EXPECT_EQ(link.error().http_status, 200) << body;
  }
}

TEST(QontoWire, NullFieldsAreAbsentNotErrors) {
  const auto link = wire::decode_link_envelope(
      link_body(R"("url":null,"amount":null,"items":null,"invoice_id":null,"potential_payment_methods":null)"), 200);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_FALSE(link->amount.has_value());
  EXPECT_TRUE(link->vendor_fields.empty());
}

TEST(QontoWire, VatRateSentAsANumberIsKeptAsItsText) {
  const auto link = wire::decode_link_envelope(
      link_body(
          R"("items":[{"title":"A","quantity":2,"unit_price":{"value":"1.00","currency":"EUR"},"vat_rate":21.0}])"),
      200);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->items[0].vat_rate, "21.0");
  EXPECT_EQ(link->items[0].quantity, 2);
}

TEST(QontoWire, RawJsonIsVerbatimAndFallsBackToTheParsedObject) {
  const std::string spaced = R"({ "payment_link" : {"id": "l1",  "status":"open", "note": "a \"}\" b"} , "x": 1 })";
  const auto link = wire::decode_link_envelope(spaced, 200);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(nlohmann::json::parse(link->raw_json),
            nlohmann::json::parse(R"({"id": "l1",  "status":"open", "note": "a \"}\" b"})"));
  // A key the slicer does not read literally (escaped) still gives the link's JSON.
  const auto escaped = wire::decode_link_envelope(R"({"payment_\u006cink":{"id":"l1","status":"open"}})", 200);
  ASSERT_TRUE(escaped.ok());
  EXPECT_EQ(nlohmann::json::parse(escaped->raw_json), nlohmann::json::parse(R"({"id":"l1","status":"open"})"));
  // Duplicate keys: the parser keeps the last one, and so does the slice.
  const auto twice = wire::decode_link_envelope(R"({"payment_link":{"id":"a"},"payment_link":{"id":"b"}})", 200);
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->id, "b");
  EXPECT_EQ(nlohmann::json::parse(twice->raw_json), nlohmann::json::parse(R"({"id":"b"})"));
}

TEST(QontoWire, PagesFollowMetaNextPage) {
  const auto last = wire::decode_link_page(R"({"payment_links":[],"meta":{"current_page":1,"next_page":null}})", 200);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->next_cursor, "");
  const auto no_meta = wire::decode_link_page(R"({"payment_links":[{"id":"a"}, {"id":"b"}]})", 200);
  ASSERT_TRUE(no_meta.ok());
  EXPECT_EQ(no_meta->items.size(), 2u);
  EXPECT_EQ(no_meta->items[1].raw_json, R"({"id":"b"})");
  EXPECT_EQ(no_meta->next_cursor, "");
  for (const std::string body :
       {R"({"payment_links":[],"meta":{"current_page":2,"next_page":2}})",
        R"({"payment_links":[],"meta":{"current_page":2,"next_page":1}})",
        R"({"payment_links":[],"meta":{"next_page":"2"}})", R"({"payment_links":[],"meta":[]})",
        R"({"payment_links":[],"meta":{"next_page":0}})", R"({"payment_links":[1]})",
        R"({"payment_links":[{"id":"a","status":5}]})", R"({"payment_links":{}})"}) {
    const auto page = wire::decode_link_page(body, 200);
    ASSERT_FALSE(page.ok()) << body;
    EXPECT_EQ(page.error().code, ErrorCode::invalid_response) << body;
  }
}

TEST(QontoWire, PaymentsAndPaymentMethodsRefuseWrongShapes) {
  for (const std::string body :
       {R"({"payments":[{"amount":{"value":"1.00","currency":"EUR"}}]})",
        R"({"payments":[{"id":"p","paid_at":"soon"}]})", R"({"payments":[{"id":"p","status":1}]})",
        R"({"payments":"none"})", R"({"payments":[[]]})"}) {
    EXPECT_FALSE(wire::decode_payment_page(body, 200).ok()) << body;
  }
  for (const std::string body : {R"({"payment_link_payment_methods":[{"enabled":true}]})",
                                 R"({"payment_link_payment_methods":[{"name":"card","enabled":"yes"}]})",
                                 R"({"payment_link_payment_methods":["card"]})", R"({"methods":[]})"}) {
    EXPECT_FALSE(wire::decode_payment_methods(body, 200).ok()) << body;
  }
  const auto unset = wire::decode_payment_methods(R"({"payment_link_payment_methods":[{"name":"ideal"}]})", 200);
  ASSERT_TRUE(unset.ok());
  EXPECT_FALSE((*unset)[0].enabled);
}

// --- errors ----------------------------------------------------------------------------------------

TEST(QontoWire, ErrorSourcesNameDomainFields) {
  EXPECT_EQ(wire::field_from_source("/payment_link/items/0/vat_rate", ""), "items[0].vat_rate");
  EXPECT_EQ(wire::field_from_source("/payment_link/items/12/unit_price/value", ""), "items[12].unit_price");
  EXPECT_EQ(wire::field_from_source("/payment_link/items/1/unit_price/currency", ""), "items[1].unit_price");
  EXPECT_EQ(wire::field_from_source("/payment_link/amount/value", ""), "amount");
  EXPECT_EQ(wire::field_from_source("/payment_link/amount", ""), "amount");
  EXPECT_EQ(wire::field_from_source("/payment_link/invoice_number", ""), "qonto.invoice_number");
  EXPECT_EQ(wire::field_from_source("/payment_link/potential_payment_methods/0", ""), "qonto.payment_methods");
  EXPECT_EQ(wire::field_from_source("/payment_link/reusable", ""), "reusable");
  EXPECT_EQ(wire::field_from_source("/payment_link/a~1b~0c", ""), "a/b~c");
  EXPECT_EQ(wire::field_from_source("", "per_page"), "page_size");
  EXPECT_EQ(wire::field_from_source("", "page"), "cursor");
  EXPECT_EQ(wire::field_from_source("", "status[]"), "status");
  EXPECT_EQ(wire::field_from_source("", "sort_by"), "sort_field");
  EXPECT_EQ(wire::field_from_source("/payment_link/redirect_url", ""), "return_url");
  EXPECT_EQ(wire::field_from_source("", ""), "");
}

TEST(QontoWire, ErrorBodiesInBothEnvelopes) {
  const auto business = wire::decode_error_body(
      R"({"errors":[{"code":"not_in_list","detail":"d","source":{"pointer":"/payment_link/items/0/vat_rate","parameter":"status"}},{"code":"x"}],"trace_id":"t-1"})");
  ASSERT_TRUE(business.has_value());
  EXPECT_EQ(business->code, "not_in_list");
  EXPECT_EQ(business->detail, "d");
  EXPECT_EQ(business->field, "items[0].vat_rate");
  EXPECT_EQ(business->trace_id, "t-1");
  EXPECT_EQ(business->count, 2u);
  const auto oauth = wire::decode_error_body(R"({"error":"invalid_client","error_description":"bad client"})");
  ASSERT_TRUE(oauth.has_value());
  EXPECT_EQ(oauth->code, "invalid_client");
  EXPECT_EQ(oauth->detail, "bad client");
  for (const std::string body : {"", "oops", "[]", R"({"errors":[]})", R"({"errors":[7]})", R"({"message":"x"})"}) {
    EXPECT_FALSE(wire::decode_error_body(body).has_value()) << body;
  }
}

// --- inferred facts --------------------------------------------------------------------------------

TEST(QontoWire, TokenLifetimesBeyondTheCapAreInvalidNotOverflowed) {
  // Found by fuzz_qonto_oauth: a huge `expires_in` overflowed the clock arithmetic of the refresh
  // (seconds to nanoseconds, now + lifetime), undefined behaviour.
  const auto token = [](const std::string& expires_in) {
    return wire::decode_token(R"({"access_token":"a-token","expires_in":)" + expires_in + "}", 200);
  };
  const auto hour = token("3600");
  ASSERT_TRUE(hour.ok()) << hour.error().to_string();
  EXPECT_EQ(hour->expires_in, 3600);
  const auto longest = token(std::to_string(wire::kLongestTokenLifetimeSeconds));
  ASSERT_TRUE(longest.ok()) << longest.error().to_string();
  for (const std::string& too_long : {std::to_string(wire::kLongestTokenLifetimeSeconds + 1), std::string("9000000000"),
                                      std::to_string(std::numeric_limits<std::int64_t>::max())}) {
    const auto refused = token(too_long);
    ASSERT_FALSE(refused.ok()) << too_long;
    EXPECT_EQ(refused.error().code, ErrorCode::invalid_response) << too_long;
    EXPECT_NE(refused.error().message.find("expires_in"), std::string::npos) << refused.error().message;
    EXPECT_EQ(refused.error().message.find("a-token"), std::string::npos) << "never a value";
  }
}

TEST(QontoWire, BasketTotalAddsVatPerLineRoundedHalfUp) {
  LineItem a;
  a.quantity = 1;
  a.unit_price = eur(1099);
  a.vat_rate = "21.0";
  EXPECT_EQ(wire::basket_total({a})->minor_units(), 1330);  // the seed: 13.2979 → 13.30
  a.unit_price = eur(5);
  a.vat_rate = "10";
  EXPECT_EQ(wire::basket_total({a})->minor_units(), 6);  // 0.055 → 0.06
  a.unit_price = eur(4);
  EXPECT_EQ(wire::basket_total({a})->minor_units(), 4);  // 0.044 → 0.04
  a.vat_rate = "0.0";
  a.quantity = 3;
  EXPECT_EQ(wire::basket_total({a, a})->minor_units(), 24);
  EXPECT_FALSE(wire::basket_total({}).ok());
  EXPECT_EQ(wire::wire_vat_rate("21.0"), "21.0");
}

TEST(QontoWire, SentAmountsAreMoneyToDecimalForEveryExponent) {
  // The amount sent is Money::to_decimal's text, digit for digit (money_test checks that text itself).
  std::vector<std::int64_t> units = {std::numeric_limits<std::int64_t>::max()};
  for (std::int64_t u = 1; u <= 1200; ++u) units.push_back(u);
  for (std::int64_t p = 10; p <= std::numeric_limits<std::int64_t>::max() / 10; p *= 10) {
    units.insert(units.end(), {p - 1, p, p + 1});
  }
  std::mt19937_64 random(7);
  for (int i = 0; i < 200; ++i) units.push_back(static_cast<std::int64_t>(random() >> (i % 63 + 1)) + 1);
  for (const char* code : {"EUR", "JPY", "KWD", "CLF"}) {
    for (const std::int64_t u : units) {
      const Money amount = Money::from_minor_units(u, code).value();
      CreateLinkRequest invoice;
      invoice.amount = amount;
      invoice.qonto.invoice_id = "i";
      invoice.qonto.invoice_number = "n";
      invoice.qonto.debitor_name = "d";
      const auto body = wire::encode_create_body(invoice);
      ASSERT_TRUE(body.ok()) << body.error().to_string();
      const std::string expected =
          R"("amount":{"currency":")" + std::string(code) + R"(","value":")" + amount.to_decimal() + "\"}";
      EXPECT_NE(body->find(expected), std::string::npos) << *body << " lacks " << expected;
    }
  }
  // A free item (unit price 0) next to a paid one: "0.00", as to_decimal writes it.
  LineItem free_item;
  free_item.title = "free";
  free_item.quantity = 1;
  free_item.unit_price = eur(0);
  LineItem paid = free_item;
  paid.title = "paid";
  paid.unit_price = eur(5);
  CreateLinkRequest basket;
  basket.items = {free_item, paid};
  const auto body = wire::encode_create_body(basket);
  ASSERT_TRUE(body.ok()) << body.error().to_string();
  EXPECT_NE(body->find(R"("unit_price":{"currency":"EUR","value":"0.00"})"), std::string::npos) << *body;
  EXPECT_NE(body->find(R"("unit_price":{"currency":"EUR","value":"0.05"})"), std::string::npos) << *body;
}

TEST(QontoWire, BodiesWithTextToEscapeAreWhatNlohmannWrites) {
  // Every text field of a basket and an invoice, with characters to escape and UTF-8, at lengths around
  // the writer's eight-byte steps, and bodies longer than its first room.
  const std::vector<std::string> texts = {"a",
                                          "ab\"c",
                                          "line\nbreak",
                                          "tab\there",
                                          "back\\slash",
                                          "caf\xc3\xa9",
                                          "\xe2\x82\xac 5",
                                          "\x01",
                                          std::string(7, 'x'),
                                          std::string(8, 'x'),
                                          std::string(9, 'y') + "\"",
                                          std::string(700, 'z')};
  for (const std::string& text : texts) {
    CreateLinkRequest basket;
    LineItem item;
    item.title = text;
    item.quantity = 2;
    item.unit_price = eur(1099);
    item.vat_rate = "21.0";
    item.type = text;
    item.description = text;
    item.measure_unit = text;
    basket.items = {item, item};
    basket.qonto.payment_methods = {text, "credit_card"};
    const auto body = wire::encode_create_body(basket);
    ASSERT_TRUE(body.ok()) << body.error().to_string();
    nlohmann::json expected_item;
    expected_item["title"] = text;
    expected_item["quantity"] = 2;
    expected_item["unit_price"] = {{"value", "10.99"}, {"currency", "EUR"}};
    expected_item["vat_rate"] = "21.0";
    expected_item["type"] = text;
    expected_item["description"] = text;
    expected_item["measure_unit"] = text;
    nlohmann::json link;
    link["potential_payment_methods"] = {text, "credit_card"};
    link["reusable"] = false;
    link["items"] = {expected_item, expected_item};
    nlohmann::json expected;
    expected["payment_link"] = link;
    EXPECT_EQ(*body, expected.dump()) << ::testing::PrintToString(text);

    CreateLinkRequest invoice;
    invoice.amount = eur(1330);
    invoice.qonto.invoice_id = text;
    invoice.qonto.invoice_number = text;
    invoice.qonto.debitor_name = text;
    const auto invoice_body = wire::encode_create_body(invoice);
    ASSERT_TRUE(invoice_body.ok()) << invoice_body.error().to_string();
    nlohmann::json invoice_link;
    invoice_link["potential_payment_methods"] = {"credit_card"};
    invoice_link["invoice_id"] = text;
    invoice_link["invoice_number"] = text;
    invoice_link["debitor_name"] = text;
    invoice_link["amount"] = {{"value", "13.30"}, {"currency", "EUR"}};
    nlohmann::json expected_invoice;
    expected_invoice["payment_link"] = invoice_link;
    EXPECT_EQ(*invoice_body, expected_invoice.dump()) << ::testing::PrintToString(text);
  }
}

}  // namespace
}  // namespace paylink::qonto_test
