// The wire: encode validation (one field, one limit per test, refused before anything is sent), list
// parameters, decoding beyond the fixtures (the seed's record with single fields changed), paging and the
// status words.
#include <nlohmann/json.hpp>

#include "providers/smarterpay/smarterpay_wire.hpp"
#include "smarterpay_test_support.hpp"

namespace {

using namespace paylink;
using namespace paylink::smarterpay_test;
using nlohmann::json;

// ---- Create ----------------------------------------------------------------------------------------

TEST(SmarterPayValidation, EcommercePageIsRequired) {
  CreateLinkRequest r = seed_create();
  r.smarterpay.ecommerce_page.clear();
  expect_create_refused(r, "smarterpay.ecommerce_page");
}

TEST(SmarterPayValidation, DescriptionIsAtMost255Characters) {
  CreateLinkRequest r = seed_create();
  r.description = repeat("d", 255);
  expect_create_accepted(r, "255 ASCII characters");
  r.description = repeat("\xC3\xA9", 255);  // "é" is two bytes but one character
  expect_create_accepted(r, "255 two-byte characters");
  r.description = repeat("d", 256);
  expect_create_refused(r, "description");
  r.description = repeat("\xC3\xA9", 256);
  expect_create_refused(r, "description");
}

TEST(SmarterPayValidation, EachCustomReferenceIsAtMost100Characters) {
  struct Case {
    std::string field;
    std::string CreateLinkRequest::*common;
    std::string SmarterPayOptions::*option;
  };
  const Case cases[] = {
      {"reference", &CreateLinkRequest::reference, nullptr},
      {"smarterpay.bank_account_custom_reference", nullptr, &SmarterPayOptions::bank_account_custom_reference},
      {"smarterpay.card_payment_custom_reference", nullptr, &SmarterPayOptions::card_payment_custom_reference},
      {"smarterpay.recurrence_schedule_custom_reference", nullptr,
       &SmarterPayOptions::recurrence_schedule_custom_reference},
  };
  for (const Case& c : cases) {
    for (const std::size_t length : {100u, 101u}) {
      CreateLinkRequest r = seed_create();
      std::string& value = c.common ? r.*(c.common) : r.smarterpay.*(c.option);
      value = repeat("r", length);
      if (length == 100)
        expect_create_accepted(r, c.field);
      else
        expect_create_refused(r, c.field);
    }
  }
}

TEST(SmarterPayValidation, ReturnUrlIsAtMost2048Characters) {
  CreateLinkRequest r = seed_create();
  const std::string prefix = "https://shop.example/";
  r.return_url = prefix + repeat("u", 2048 - prefix.size());
  expect_create_accepted(r, "2048 characters");
  r.return_url += "u";
  expect_create_refused(r, "return_url");
}

TEST(SmarterPayValidation, EachMetadataStringIsAtMost1000Characters) {
  for (const std::string key : {"metadata", "metadata_account_validation", "metadata_bank_account", "metadata_card",
                                "metadata_customer_account", "metadata_mandate", "metadata_recurrence_schedule"}) {
    CreateLinkRequest r = seed_create();
    r.metadata[key] = repeat("m", 1000);
    expect_create_accepted(r, key);
    r.metadata[key] = repeat("m", 1001);
    expect_create_refused(r, "metadata." + key);
  }
}

TEST(SmarterPayValidation, MetadataKeysMustBeSmarterPayFields) {
  CreateLinkRequest r = seed_create();
  r.metadata["order_id"] = "42";
  expect_create_refused(r, "metadata.order_id");
}

TEST(SmarterPayValidation, AmountMustBePositiveGbp) {
  CreateLinkRequest r = seed_create();
  r.amount = Money::parse("27.50", "GBP").value();
  expect_create_accepted(r, "27.50 GBP");
  r.amount = Money::parse("27.50", "EUR").value();
  expect_create_refused(r, "amount");
  r.amount = Money::parse("0", "GBP").value();
  expect_create_refused(r, "amount");
  r.amount = Money::parse("-1.00", "GBP").value();
  expect_create_refused(r, "amount");
  r.amount = Money();  // no currency
  expect_create_refused(r, "amount");
}

TEST(SmarterPayValidation, ItemsWithoutAnAmountAreRefused) {
  CreateLinkRequest r = seed_create();
  LineItem item;
  item.title = "Plan";
  item.unit_price = Money::parse("27.50", "GBP").value();
  r.items.push_back(item);
  expect_create_refused(r, "items");
}

TEST(SmarterPayValidation, LifetimeCannotBeSet) {
  CreateLinkRequest r = seed_create();
  r.lifetime = std::chrono::hours(24);
  expect_create_refused(r, "lifetime");
}

TEST(SmarterPayValidation, FirstCollectionAmountIsWholePence) {
  CreateLinkRequest r = seed_create();
  r.smarterpay.first_collection_amount = "1500";
  expect_create_accepted(r, "1500");
  r.smarterpay.first_collection_amount = "15.00";
  expect_create_refused(r, "smarterpay.first_collection_amount");
}

TEST(SmarterPayValidation, TextMustBeUtf8) {
  CreateLinkRequest r = seed_create();
  r.description = std::string("caf\xE9", 4);  // Latin-1, not UTF-8
  expect_create_refused(r, "description");
  r = seed_create();
  r.smarterpay.customer_account = std::string("CA\xC0\x80", 4);  // overlong encoding
  expect_create_refused(r, "smarterpay.customer_account");
}

// ---- Update ----------------------------------------------------------------------------------------

TEST(SmarterPayValidation, UpdateTakesOnlyTheSevenMetadataStrings) {
  auto transport = counting_transport();
  const Client c = client(transport);
  UpdateLinkRequest update;
  update.metadata["status"] = "expired";
  expect_refused(c.update(kSeedId, update).error(), "metadata.status");
  update.metadata = {{"metadata_card", repeat("m", 1001)}};
  expect_refused(c.update(kSeedId, update).error(), "metadata.metadata_card");
  update.metadata = {{"metadata", ""}};
  expect_refused(c.update(kSeedId, update).error(), "metadata");
  update.metadata.clear();
  expect_refused(c.update(kSeedId, update).error(), "metadata");
  EXPECT_EQ(transport->count(), 0u);
}

// ---- List parameters -------------------------------------------------------------------------------

void expect_list_refused(const ListQuery& query, const std::string& field) {
  SCOPED_TRACE(field);
  auto transport = counting_transport();
  const auto result = client(transport).list(query);
  ASSERT_FALSE(result.ok());
  expect_refused(result.error(), field);
  EXPECT_EQ(transport->count(), 0u);
}

TEST(SmarterPayValidation, PageSizeIsOneTo500) {
  for (const int size : {1, 40, 500}) {
    ListQuery query;
    query.page_size = size;
    const auto request = provider()->encode_list(query, {});
    ASSERT_TRUE(request.ok()) << size;
    EXPECT_EQ(request->url, "https://api.smarterpaycloud.com/service.svc/paymentlinks?limit=" + std::to_string(size));
  }
  for (const int size : {-1, 501}) {
    ListQuery query;
    query.page_size = size;
    expect_list_refused(query, "page_size");
  }
}

TEST(SmarterPayValidation, CursorIsAPageNumber) {
  for (const std::string cursor : {"0", "-1", "abc", "2 ", "1e3", "99999999999999999999"}) {
    ListQuery query;
    query.cursor = cursor;
    expect_list_refused(query, "cursor");
  }
}

TEST(SmarterPayValidation, SortFieldIsIdTypeOrCreatedAt) {
  ListQuery query;
  query.sort_field = "amount";
  expect_list_refused(query, "sort_field");
}

TEST(SmarterPayValidation, OnlyDocumentedFiltersAreSent) {
  ListQuery query;
  query.filters["status"] = "active";
  expect_list_refused(query, "filters.status");
  query.filters = {{"customer_account", "CA01"}};  // the record field, not the filter "customer_account_id"
  expect_list_refused(query, "filters.customer_account");
  query.filters = {{"customer_account_id", ""}};
  expect_list_refused(query, "filters.customer_account_id");
}

TEST(SmarterPayValidation, StatusCannotBeFilteredOn) {
  ListQuery query;
  query.status = LinkStatus::open;
  expect_list_refused(query, "status");
}

TEST(SmarterPayList, EveryDocumentedFilterIsAccepted) {
  const auto provider = smarterpay_test::provider();
  for (const std::string name :
       {"auddis", "bank_account_custom_reference", "bank_account_id", "card_payment_custom_reference",
        "customer_account_id", "customer_custom_reference", "ecommerce_page_id", "id", "mandate_id",
        "recurrence_schedule_custom_reference", "recurrence_schedule_id"}) {
    ListQuery query;
    query.filters[name] = "x y";
    const auto request = provider->encode_list(query, {});
    ASSERT_TRUE(request.ok()) << name << ": " << request.error().to_string();
    EXPECT_EQ(request->url, "https://api.smarterpaycloud.com/service.svc/paymentlinks?" + name + "=x%20y");
    EXPECT_EQ(request->method, HttpMethod::get);
    EXPECT_TRUE(request->idempotent);
  }
}

TEST(SmarterPayList, AscendingOrderIsTheDefaultAndNotSent) {
  ListQuery query;
  query.sort_field = "id";
  const auto request = smarterpay_test::provider()->encode_list(query, {});
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->url, "https://api.smarterpaycloud.com/service.svc/paymentlinks?sort_field=id");
}

// ---- Decoding: the seed's record with single fields changed ----------------------------------------

// The seed's get response sample, verbatim.
const std::string& seed_get_body() {
  static const std::string body = fixture_response_body("get.http");
  return body;
}

Result<PaymentLink> decode_get_body(const std::string& body) { return provider()->decode_get(ok_response(body)); }

TEST(SmarterPayDecoding, CompletedLinkIsPaidWhateverItsStatusWord) {
  for (const std::string word : {"active", "expired"}) {
    std::string body = replace_once(seed_get_body(), "\"status\": \"active\"", "\"status\": \"" + word + "\"");
    body = replace_once(body, "\"completed_at\": null", "\"completed_at\": \"2023-07-14 09:31:10\"");
    body = replace_once(body, "\"visited_at\": null", "\"visited_at\": \"2023-07-14 09:30:00\"");
    const auto link = decode_get_body(body);
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    EXPECT_EQ(link->status, LinkStatus::paid) << word;
    EXPECT_EQ(link->raw_status, word);
    EXPECT_EQ(link->completed_at, unix_time(1689327070));
    EXPECT_EQ(link->visited_at, unix_time(1689327000));
  }
}

TEST(SmarterPayDecoding, ExpiryTimestampBecomesExpiresAt) {
  const auto link =
      decode_get_body(replace_once(seed_get_body(), "\"expiry\": \"never\"", "\"expiry\": \"2023-07-12 12:48:37\""));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->expires_at, unix_time(1689166117));
}

TEST(SmarterPayDecoding, MetadataReferencesAndIdsAreCarried) {
  std::string body = replace_once(seed_get_body(), "\"metadata\": null", "\"metadata\": \"order 42\"");
  body = replace_once(body, "\"metadata_card\": null", "\"metadata_card\": \"visa\"");
  body = replace_once(body, "\"mandate\": null", "\"mandate\": \"MD01\"");
  body = replace_once(body, "\"card_payment_custom_reference\": null", "\"card_payment_custom_reference\": \"C-1\"");
  body = replace_once(body, "\"first_collection_amount\": null", "\"first_collection_amount\": \"1500\"");
  body = replace_once(body, "\"auddis\": null", "\"auddis\": \"AUD1\", \"customer_custom_reference\": \"INV-7\"");
  const auto link = decode_get_body(body);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  const std::map<std::string, std::string> metadata{{"metadata", "order 42"}, {"metadata_card", "visa"}};
  EXPECT_EQ(link->metadata, metadata);
  EXPECT_EQ(link->vendor_fields.at("mandate"), "MD01");
  EXPECT_EQ(link->vendor_fields.at("card_payment_custom_reference"), "C-1");
  EXPECT_EQ(link->vendor_fields.at("first_collection_amount"), "1500");
  EXPECT_EQ(link->vendor_fields.at("auddis"), "AUD1");
  EXPECT_EQ(link->reference, "INV-7");
}

TEST(SmarterPayDecoding, AmountIsWholePenceOrNothing) {
  const auto with_amount = [](const std::string& wire) {
    return decode_get_body(replace_once(seed_get_body(), "\"amount\": \"2750\"", "\"amount\": " + wire));
  };
  EXPECT_EQ(with_amount("null")->amount, std::nullopt);
  EXPECT_EQ(with_amount("\"\"")->amount, std::nullopt);
  EXPECT_EQ(with_amount("2750")->amount, Money::from_minor_units(2750, "GBP").value());
  EXPECT_EQ(with_amount("\"0\"")->amount, Money::from_minor_units(0, "GBP").value());
  EXPECT_EQ(with_amount("\"922337203685477580\"")->amount,
            Money::from_minor_units(922337203685477580LL, "GBP").value());
  for (const std::string bad : {"\"27.50\"", "\"-5\"", "\"+5\"", "\" 2750\"", "\"2,750\"", "\"27e2\"", "27.5", "-5",
                                "true", "{}", "[]", "\"9999999999999999999\""}) {
    const auto link = with_amount(bad);
    ASSERT_FALSE(link.ok()) << bad;
    EXPECT_EQ(link.error().code, ErrorCode::invalid_response) << bad;
  }
}

TEST(SmarterPayDecoding, WrongTypesAndMissingKeysAreInvalidResponse) {
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"\"id\": \"PL01GOVWD48GD28N0M76\",", ""},
      {"\"id\": \"PL01GOVWD48GD28N0M76\"", "\"id\": 17"},
      {"\"status\": \"active\",", ""},
      {"\"status\": \"active\"", "\"status\": null"},
      {"\"status\": \"active\"", "\"status\": 1"},
      {"\"description\": \"Payment Plan\"", "\"description\": [\"Payment Plan\"]"},
      {"\"created_at\": \"2023-07-13 11:12:45\"", "\"created_at\": \"13/07/2023 11:12\""},
      {"\"created_at\": \"2023-07-13 11:12:45\"", "\"created_at\": 1689246765"},
      {"\"expiry\": \"never\"", "\"expiry\": \"tomorrow\""},
      {"\"metadata\": null", "\"metadata\": {\"a\": 1}"},
      {"\"customer_account\": \"CA01OQW39P4GY7J56NXL\"", "\"customer_account\": {\"id\": \"CA01\"}"},
      {"\"account_validation_callback\": false", "\"account_validation_callback\": 0.5"},
      {"\"payment_link\": {", "\"payment_link\": 7, \"record\": {"},
  };
  for (const auto& [from, to] : edits) {
    const auto link = decode_get_body(replace_once(seed_get_body(), from, to));
    ASSERT_FALSE(link.ok()) << "accepted: " << to;
    EXPECT_EQ(link.error().code, ErrorCode::invalid_response) << to << ": " << link.error().to_string();
    EXPECT_EQ(link.error().http_status, 200);
  }
}

TEST(SmarterPayDecoding, UnknownStatusWordIsUnknownAndKept) {
  const auto link =
      decode_get_body(replace_once(seed_get_body(), "\"status\": \"active\"", "\"status\": \"Suspended\""));
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->status, LinkStatus::unknown);
  EXPECT_EQ(link->raw_status, "Suspended");
}

// ---- List paging -----------------------------------------------------------------------------------

TEST(SmarterPayList, AFullPageAtTheDefaultLimitOfFortyHasANextPage) {
  const auto provider = smarterpay_test::provider();
  const auto full = provider->decode_list(ok_response(list_of(40)), ListQuery{});
  ASSERT_TRUE(full.ok()) << full.error().to_string();
  EXPECT_EQ(full->next_cursor, "2");
  const auto short_page = provider->decode_list(ok_response(list_of(39)), ListQuery{});
  ASSERT_TRUE(short_page.ok());
  EXPECT_EQ(short_page->next_cursor, "");
  const auto empty = provider->decode_list(ok_response(R"({"payment_links": []})"), ListQuery{});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->items.empty());
  EXPECT_FALSE(empty->has_more());
}

TEST(SmarterPayList, NextCursorIsThePageAfterTheOneAskedFor) {
  ListQuery query;
  query.page_size = 3;
  query.cursor = "7";
  const auto page = smarterpay_test::provider()->decode_list(ok_response(list_of(3)), query);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  EXPECT_EQ(page->next_cursor, "8");
}

TEST(SmarterPayList, ARecordThatCannotBeReadFailsThePageNamingIt) {
  auto body = json::parse(list_of(2));
  body["payment_links"][1]["created_at"] = "yesterday";
  const auto page = smarterpay_test::provider()->decode_list(ok_response(body.dump()), ListQuery{});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().code, ErrorCode::invalid_response);
  EXPECT_NE(page.error().message.find("created_at"), std::string::npos) << page.error().message;
  EXPECT_NE(page.error().message.find("record 1"), std::string::npos) << page.error().message;
}

// ---- Status words, JSON paths, raw_json --------------------------------------------------------------

TEST(SmarterPayWire, StatusWordsAreActiveAndExpiredAndNoneIsPending) {
  using detail::smarterpay::link_status;
  using detail::smarterpay::map_status;
  EXPECT_EQ(map_status("active"), LinkStatus::open);
  EXPECT_EQ(map_status("expired"), LinkStatus::expired);
  // The seed documents no submitted-but-not-final link state; "pending" is a card-payment result word.
  for (const std::string word : {"pending", "processing", "submitted", "Active", ""}) {
    EXPECT_EQ(map_status(word), LinkStatus::unknown) << word;
  }
  EXPECT_EQ(link_status("active", true), LinkStatus::paid);
  EXPECT_EQ(link_status("expired", false), LinkStatus::expired);
}

TEST(SmarterPayWire, InvalidResponseNamesTheJsonPathOfTheFirstBadField) {
  const std::vector<std::pair<std::pair<std::string, std::string>, std::string>> cases = {
      {{"\"id\": \"PL01GOVWD48GD28N0M76\"", "\"id\": 17"}, "/payment_link/id"},
      {{"\"id\": \"PL01GOVWD48GD28N0M76\"", "\"id\": \"\""}, "/payment_link/id"},
      {{"\"amount\": \"2750\"", "\"amount\": \"27.50\""}, "/payment_link/amount"},
      {{"\"created_at\": \"2023-07-13 11:12:45\"", "\"created_at\": \"yesterday\""}, "/payment_link/created_at"},
      {{"\"expiry\": \"never\"", "\"expiry\": \"tomorrow\""}, "/payment_link/expiry"},
      {{"\"metadata_card\": null", "\"metadata_card\": 5"}, "/payment_link/metadata_card"},
      {{"\"mandate\": null", "\"mandate\": [1]"}, "/payment_link/mandate"},
  };
  for (const auto& [edit, path] : cases) {
    const auto link = decode_get_body(replace_once(seed_get_body(), edit.first, edit.second));
    ASSERT_FALSE(link.ok()) << edit.second;
    EXPECT_EQ(link.error().code, ErrorCode::invalid_response);
    EXPECT_EQ(link.error().message.rfind("smarterpay: " + path + ":", 0), 0u) << link.error().message;
  }
  auto body = json::parse(list_of(3));
  body["payment_links"][2]["status"] = false;
  const auto page = provider()->decode_list(ok_response(body.dump()), ListQuery{});
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().message.rfind("smarterpay: /payment_links/2/status:", 0), 0u) << page.error().message;
}

TEST(SmarterPayWire, RawJsonIsTheRecordWrittenCompactly) {
  const auto link = decode_get_body(seed_get_body());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->raw_json, json::parse(seed_get_body())["payment_link"].dump());
}

}  // namespace
