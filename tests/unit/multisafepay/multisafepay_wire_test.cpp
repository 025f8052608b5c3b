// The MultiSafepay wire: every limit checked before sending (one field, one limit per test), the exact
// bodies it builds, how answers decode, and the status words.
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "multisafepay_test_support.hpp"
#include "providers/multisafepay/multisafepay_wire.hpp"

namespace paylink {
namespace {

using msp_test::answer;
using msp_test::Case;
using msp_test::context;
using msp_test::eur;
using msp_test::expect_refused;
using msp_test::provider;
using msp_test::simple_create;
using nlohmann::json;

const std::string k51(51, 'x');
const std::string k201(201, 'd');
const std::string k101(101, 'v');

const Case kCases[] = {
    // order_id = reference (max 50, URL-safe), or the idempotency key.
    {"reference over 50 characters", [](auto& r) { r.reference = k51; }, "reference"},
    {"reference with a slash", [](auto& r) { r.reference = "a/b"; }, "reference"},
    {"reference with a control character", [](auto& r) { r.reference = "a\nb"; }, "reference"},
    {"reference not UTF-8", [](auto& r) { r.reference = std::string("\xff\xfe", 2); }, "reference"},
    {"idempotency key over 50 characters",
     [](auto& r) {
       r.reference.clear();
       r.idempotency_key = k51;
     },
     "idempotency_key"},
    // amount and items.
    {"no amount and no items", [](auto& r) { r.amount.reset(); }, "amount"},
    {"amount without currency", [](auto& r) { r.amount = Money(); }, "amount"},
    {"zero amount", [](auto& r) { r.amount = eur(0); }, "amount"},
    {"negative amount", [](auto& r) { r.amount = eur(-100); }, "amount"},
    {"item without title",
     [](auto& r) {
       r.amount.reset();
       LineItem i;
       i.unit_price = eur(100);
       r.items = {i};
     },
     "items[0].title"},
    {"item with zero quantity",
     [](auto& r) {
       r.amount.reset();
       LineItem i;
       i.title = "x";
       i.quantity = 0;
       i.unit_price = eur(100);
       r.items = {i};
     },
     "items[0].quantity"},
    {"item in another currency",
     [](auto& r) {
       LineItem i;
       i.title = "x";
       i.unit_price = Money::from_minor_units(1000, "USD").value();
       r.items = {i};
     },
     "items[0].unit_price"},
    {"items that differ from the amount",
     [](auto& r) {
       LineItem i;
       i.title = "x";
       i.unit_price = eur(999);
       r.items = {i};
     },
     "items"},
    {"items that add up to nothing",
     [](auto& r) {
       r.amount.reset();
       LineItem a;
       a.title = "thing";
       a.unit_price = eur(500);
       LineItem b;
       b.title = "discount";
       b.unit_price = eur(-500);
       r.items = {a, b};
     },
     "amount"},
    {"items whose sum overflows",
     [](auto& r) {
       r.amount.reset();
       LineItem i;
       i.title = "x";
       i.quantity = 4;
       i.unit_price = eur(INT64_MAX / 2);
       r.items = {i};
     },
     "items[0]"},
    // description: required, max 200.
    {"empty description", [](auto& r) { r.description.clear(); }, "description"},
    {"description over 200 characters", [](auto& r) { r.description = k201; }, "description"},
    // metadata: var1..var3 only, max 100 each.
    {"metadata key other than var1..var3", [](auto& r) { r.metadata["invoice"] = "1"; }, "metadata.invoice"},
    {"var1 over 100 characters", [](auto& r) { r.metadata["var1"] = k101; }, "metadata.var1"},
    {"var3 over 100 characters", [](auto& r) { r.metadata["var3"] = k101; }, "metadata.var3"},
    // lifetime → seconds_active 1..31536000.
    {"zero lifetime", [](auto& r) { r.lifetime = std::chrono::seconds(0); }, "lifetime"},
    {"lifetime over 365 days", [](auto& r) { r.lifetime = std::chrono::seconds(31'536'001); }, "lifetime"},
    {"lifetime on a direct order",
     [](auto& r) {
       r.lifetime = std::chrono::hours(1);
       r.customer.reference = "c";
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "tok";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::unscheduled;
     },
     "lifetime"},
    // URLs: ASCII letters, digits and - _ . : / ? & = % #, http(s); webhook https without port.
    {"return_url with a space", [](auto& r) { r.return_url = "https://example.com/a b"; }, "return_url"},
    {"return_url with a non-ASCII character", [](auto& r) { r.return_url = "https://example.com/caf\xc3\xa9"; },
     "return_url"},
    {"return_url with a bad percent escape", [](auto& r) { r.return_url = "https://example.com/%zz"; }, "return_url"},
    {"return_url that is not http", [](auto& r) { r.return_url = "ftp://example.com/"; }, "return_url"},
    {"cancel_url with a tilde", [](auto& r) { r.multisafepay.cancel_url = "https://example.com/~me"; },
     "multisafepay.cancel_url"},
    {"notification_url over plain http", [](auto& r) { r.multisafepay.notification_url = "http://example.com/hook"; },
     "multisafepay.notification_url"},
    {"notification_url with a port", [](auto& r) { r.multisafepay.notification_url = "https://example.com:8443/hook"; },
     "multisafepay.notification_url"},
    // Token payments.
    {"direct order without a token", [](auto& r) { r.multisafepay.type = MultiSafepayOrderType::direct; },
     "multisafepay.recurring_id"},
    {"token without a recurring model",
     [](auto& r) {
       r.customer.reference = "c";
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "tok";
     },
     "multisafepay.recurring_model"},
    {"token without customer.reference",
     [](auto& r) {
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "tok";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;
     },
     "customer.reference"},
    {"token on a paymentlink order",
     [](auto& r) {
       r.customer.reference = "c";
       r.multisafepay.recurring_id = "tok";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;
     },
     "multisafepay.type"},
    {"token with a space",
     [](auto& r) {
       r.customer.reference = "c";
       r.multisafepay.type = MultiSafepayOrderType::direct;
       r.multisafepay.recurring_id = "to ken";
       r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;
     },
     "multisafepay.recurring_id"},
    {"gateway with punctuation", [](auto& r) { r.multisafepay.gateway = "CREDIT-CARD"; }, "multisafepay.gateway"},
    // Customer.
    {"email over 64 characters", [](auto& r) { r.customer.email = std::string(60, 'e') + "@x.nl"; }, "customer.email"},
    {"locale not like en_US", [](auto& r) { r.customer.locale = "english"; }, "customer.locale"},
    // What the vendor cannot do.
    {"reusable link", [](auto& r) { r.reusable = true; }, "reusable"},
};

class MultiSafepayLimit : public ::testing::TestWithParam<Case> {};

TEST_P(MultiSafepayLimit, IsRefusedBeforeSendingAndNamesTheField) { expect_refused(GetParam()); }

INSTANTIATE_TEST_SUITE_P(MultiSafepayValidation, MultiSafepayLimit, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.name;
                           for (char& c : name) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return name;
                         });

TEST(MultiSafepayValidation, LimitsAreInclusive) {
  // The largest accepted values of each limit pass.
  CreateLinkRequest r = simple_create();
  r.reference = std::string(50, 'r');
  r.description = std::string(200, 'd');
  r.metadata["var1"] = std::string(100, 'v');
  r.metadata["var2"] = "\xc3\xa9" + std::string(99, 'v');  // 100 characters, 101 bytes
  r.lifetime = std::chrono::seconds(31'536'000);
  r.customer.email = std::string(59, 'e') + "@x.nl";
  r.return_url = "https://www.example.com/client/notification?type=redirect&x=%2F#top";
  r.multisafepay.notification_url = "http://127.0.0.1:8787/hook";  // loopback: the local sandbox
  CallContext ctx;
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const auto request = make_multisafepay_provider(msp_test::test_config())->encode_create(r, ctx);
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = nlohmann::json::parse(request->body);
  EXPECT_EQ(body.at("seconds_active"), 31'536'000);
  EXPECT_FALSE(body.contains("days_active"));
}

TEST(MultiSafepayValidation, GetAndCancelRefuseIdsThatCannotBeOrderIds) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Client client = make_multisafepay_client(msp_test::test_config(), msp_test::options_for(transport));
  for (const std::string& id : {std::string(), std::string(51, 'x'), std::string("a/b"), std::string("a?b")}) {
    SCOPED_TRACE(id);
    const auto got = client.get(id);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::validation);
    EXPECT_EQ(got.error().field, "id");
    const auto canceled = client.expire(id);
    ASSERT_FALSE(canceled.ok());
    EXPECT_EQ(canceled.error().field, "id");
  }
  EXPECT_EQ(transport->count(), 0u);
}

TEST(MultiSafepayWire, StatusTableMatchesTheDecidedMapping) {
  // The conformance case lists the 12 words; a new word in the table must be decided there too.
  EXPECT_EQ(detail::multisafepay::kStatusWords.size(), 12u);
  EXPECT_EQ(detail::multisafepay::map_status("Completed"), LinkStatus::unknown) << "words are case-sensitive";
  EXPECT_EQ(detail::multisafepay::map_status(""), LinkStatus::unknown);
}

TEST(MultiSafepayWire, MinimalCreateOmitsEveryEmptyField) {
  const auto request = provider()->encode_create(simple_create(), context());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(json::parse(request->body), json::parse(R"({"type":"paymentlink","order_id":"order-1","currency":"EUR",
      "amount":1000,"description":"product description"})"));
  EXPECT_EQ(request->body.find("null"), std::string::npos);
}

TEST(MultiSafepayWire, EmptyMetadataValuesAreNotSent) {
  auto r = simple_create();
  r.metadata["var2"] = "";
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok());
  EXPECT_FALSE(json::parse(request->body).contains("var2"));
}

TEST(MultiSafepayWire, InitialTokenOrderSendsTheModelWithoutAToken) {
  auto r = simple_create();
  r.customer.reference = "customer-00001";
  r.multisafepay.type = MultiSafepayOrderType::redirect;
  r.multisafepay.gateway = "CREDITCARD";
  r.multisafepay.recurring_model = MultiSafepayRecurringModel::card_on_file;
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = json::parse(request->body);
  EXPECT_EQ(body.at("type"), "redirect");
  EXPECT_EQ(body.at("gateway"), "CREDITCARD");
  EXPECT_EQ(body.at("recurring_model"), "cardOnFile");
  EXPECT_FALSE(body.contains("recurring_id"));
  EXPECT_EQ(body.at("customer").at("reference"), "customer-00001");
}

TEST(MultiSafepayWire, NegativeItemsAreDiscountLinesWhenTheTotalStaysPositive) {
  CreateLinkRequest r;
  r.description = "with discount";
  r.reference = "order-2";
  LineItem thing;
  thing.title = "Thing";
  thing.unit_price = eur(1000);
  LineItem discount;
  discount.title = "Discount";
  discount.unit_price = eur(-250);
  r.items = {thing, discount};
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = json::parse(request->body);
  EXPECT_EQ(body.at("amount"), 750);
  EXPECT_TRUE(body.at("shopping_cart").at("items").at(1).at("unit_price").is_number());
  EXPECT_NE(request->body.find(R"("unit_price":-2.50)"), std::string::npos) << request->body;
}

TEST(MultiSafepayWire, ZeroDecimalCurrencyUnitPricesHaveNoDecimals) {
  CreateLinkRequest r;
  r.description = "yen";
  r.reference = "order-3";
  LineItem item;
  item.title = "Tea";
  item.quantity = 3;
  item.unit_price = Money::from_minor_units(500, "JPY").value();
  r.items = {item};
  const auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = json::parse(request->body);
  EXPECT_EQ(body.at("currency"), "JPY");
  EXPECT_EQ(body.at("amount"), 1500);
  EXPECT_EQ(body.at("shopping_cart").at("items").at(0).at("unit_price"), 500);
  EXPECT_NE(request->body.find(R"("unit_price":500})"), std::string::npos) << request->body;
}

TEST(MultiSafepayWire, SuccessEnvelopeWithoutAnOrderIsInvalidResponse) {
  const char* bodies[] = {
      R"({"success":true,"data":[]})",
      R"({"success":true})",
      R"({"success":"true","data":{"order_id":"x","status":"completed"}})",
      R"({"success":true,"data":{"status":"completed"}})",
      R"({"success":true,"data":{"order_id":"x"}})",
      R"({"success":true,"data":{"order_id":"x","status":"completed","amount":"1000","currency":"EUR"}})",
      R"({"success":true,"data":{"order_id":1.5,"status":"completed"}})",
      R"({"success":true,"data":{"order_id":"x","status":"completed","var1":7}})",
  };
  for (const char* body : bodies) {
    SCOPED_TRACE(body);
    const auto result = provider()->decode_get(answer(200, body));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::invalid_response) << result.error().to_string();
  }
  const auto created = provider()->decode_create(answer(200, R"({"success":true,"data":{"session_id":"s"}})"),
                                                 simple_create(), context());
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::invalid_response);
}

TEST(MultiSafepayWire, UnknownStatusWordIsUnknownAndKept) {
  const auto link =
      provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"on_hold_for_review"}})"));
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->status, LinkStatus::unknown);
  EXPECT_EQ(link->raw_status, "on_hold_for_review");
  EXPECT_FALSE(link->amount.has_value());
}

TEST(MultiSafepayWire, UnreadableCartLeavesItemsEmptyButKeepsTheOrder) {
  // A float unit price cannot be read exactly; the order still decodes and raw_json keeps the cart.
  const auto link = provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"completed",
      "amount":1000,"currency":"EUR","shopping_cart":{"items":[{"name":"a","unit_price":10.5,"quantity":1}]}}})"));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(link->items.empty());
  EXPECT_NE(link->raw_json.find("shopping_cart"), std::string::npos);
}

TEST(MultiSafepayWire, CancelAnswerWithAnOrderIsRead) {
  const auto link = provider()->decode_expire(
      answer(200, R"({"success":true,"data":{"order_id":"order-1","status":"void","amount":1000,"currency":"EUR"}})"),
      "order-1");
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->status, LinkStatus::canceled);
  EXPECT_EQ(link->raw_status, "void");
  EXPECT_EQ(link->amount, eur(1000));
}

// --- Cart unit prices: exact JSON numbers ----------------------------------------------------------

TEST(MultiSafepayWire, CartUnitPriceIsAJsonNumberWrittenFromTheExactDecimalText) {
  // 92 233 720 368 547 758.07 EUR is the largest price in minor units; a double holds only about 16
  // digits, so anything that went through a float would change it.
  CreateLinkRequest r;
  r.description = "exact";
  r.reference = "order-4";
  LineItem big;
  big.title = "Big";
  big.unit_price = eur(INT64_MAX);
  LineItem dime;
  dime.title = "Dime";
  dime.quantity = 3;
  dime.unit_price = eur(10);
  r.items = {dime};
  auto request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_NE(request->body.find(R"("unit_price":0.10)"), std::string::npos) << request->body;
  EXPECT_TRUE(json::parse(request->body).at("shopping_cart").at("items").at(0).at("unit_price").is_number_float());

  r.items = {big};
  request = provider()->encode_create(r, context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_NE(request->body.find(R"("unit_price":92233720368547758.07)"), std::string::npos) << request->body;
}

// --- Answers ----------------------------------------------------------------------------------------

TEST(MultiSafepayWire, AnswerWithoutSuccessButWithDataIsASuccessLikeThePhpSdk) {
  // php-sdk src/Api/Base/Response.php: no "success" and a non-empty "data" is a success.
  const auto link = provider()->decode_get(answer(200, R"({"data":{"order_id":"x","status":"completed"}})"));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "x");
  EXPECT_EQ(link->status, LinkStatus::paid);
  const auto created = provider()->decode_create(
      answer(200, R"({"data":{"order_id":"order-1","payment_url":"https://testpayv2.multisafepay.com/connect/x"}})"),
      simple_create(), context());
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  EXPECT_EQ(created->url, "https://testpayv2.multisafepay.com/connect/x");
}

TEST(MultiSafepayWire, AnswerWithoutSuccessIsNotASuccessWithEmptyDataOrAFailedStatus) {
  const auto empty = provider()->decode_get(answer(200, R"({"data":{}})"));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::invalid_response) << empty.error().to_string();
  const auto failed = provider()->decode_get(answer(500, R"({"data":{"order_id":"x","status":"completed"}})"));
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::provider) << failed.error().to_string();
  EXPECT_EQ(failed.error().http_status, 500);
}

TEST(MultiSafepayWire, InvalidResponseNamesTheJsonPathOfTheBadField) {
  const auto wrong_type =
      provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"completed","var1":7}})"));
  ASSERT_FALSE(wrong_type.ok());
  EXPECT_NE(wrong_type.error().message.find("/data/var1"), std::string::npos) << wrong_type.error().message;
  const auto missing = provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x"}})"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/data"), std::string::npos) << missing.error().message;
  EXPECT_NE(missing.error().message.find("status"), std::string::npos) << missing.error().message;
}

// --- Status words -----------------------------------------------------------------------------------

TEST(MultiSafepayWire, UnclearedIsPending) {
  EXPECT_EQ(detail::multisafepay::map_status("uncleared"), LinkStatus::pending);
  const auto link =
      provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"uncleared"}})"));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->status, LinkStatus::pending);
  EXPECT_EQ(link->raw_status, "uncleared");
}

TEST(MultiSafepayWire, DeclinedOrderWithAPaymentPageStaysOpenBecauseThePayerCanTryAgain) {
  using detail::multisafepay::OrderKind;
  EXPECT_EQ(detail::multisafepay::declined_status(OrderKind::payment_page), LinkStatus::open);
  EXPECT_EQ(detail::multisafepay::map_status("declined"), LinkStatus::open);
  // A get does not know the order's type: the link may still be paid, so it must not read canceled.
  const auto link =
      provider()->decode_get(answer(200, R"({"success":true,"data":{"order_id":"x","status":"declined"}})"));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "declined");
}

TEST(MultiSafepayWire, DeclinedDirectTokenPaymentIsCanceledBecauseNoPayerCanTryAgain) {
  using detail::multisafepay::OrderKind;
  EXPECT_EQ(detail::multisafepay::declined_status(OrderKind::direct), LinkStatus::canceled);
  CreateLinkRequest r = simple_create();
  r.customer.reference = "customer-00001";
  r.multisafepay.type = MultiSafepayOrderType::direct;
  r.multisafepay.recurring_id = "azbkvsE0up4";
  r.multisafepay.recurring_model = MultiSafepayRecurringModel::unscheduled;
  const auto declined = answer(200, R"({"success":true,"data":{"order_id":"order-1","status":"declined",
      "amount":1000,"currency":"EUR"}})");
  const auto created = provider()->decode_create(declined, r, context());
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  EXPECT_EQ(created->status, LinkStatus::canceled);
  EXPECT_EQ(created->raw_status, "declined");
  const auto reconciled = provider()->decode_reconcile(declined, r, context());
  ASSERT_TRUE(reconciled.ok()) << reconciled.error().to_string();
  EXPECT_EQ(reconciled->status, LinkStatus::canceled);

  // The same answer to a redirect token payment: the payer is on a payment page and can try again.
  r.multisafepay.type = MultiSafepayOrderType::redirect;
  const auto redirect = provider()->decode_create(declined, r, context());
  ASSERT_TRUE(redirect.ok()) << redirect.error().to_string();
  EXPECT_EQ(redirect->status, LinkStatus::open);
}

}  // namespace
}  // namespace paylink
