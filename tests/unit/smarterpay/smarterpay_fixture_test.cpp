// One test per fixture of tests/fixtures/smarterpay/: what is sent, byte for byte as the ReplayTransport
// checks it, and what is decoded from the vendor's bytes (the seed's own samples where it has them).
#include <nlohmann/json.hpp>

#include "smarterpay_test_support.hpp"

namespace {

using namespace paylink;
using namespace paylink::smarterpay_test;
using nlohmann::json;

// The first record of a fixture's response body, parsed, to compare with `PaymentLink::raw_json`.
json seed_record(const std::string& fixture_name) {
  const auto body = json::parse(fixture_response_body(fixture_name));
  return body.contains("payment_link") ? body["payment_link"] : body["payment_links"][0];
}

// Every field of the seed's single-record sample, as the domain model carries it.
void expect_seed_link(const PaymentLink& link, const std::string& fixture_name) {
  EXPECT_EQ(link.provider, "smarterpay");
  EXPECT_EQ(link.id, kSeedId);
  EXPECT_EQ(link.url.rfind("https://smarterpay-test-ecommerce.azurewebsites.net?setup=MJS44ChfVVOPuN68", 0), 0u);
  EXPECT_NE(link.url.find("&page=455030324B4F354430473830584D504552573456"), std::string::npos);
  EXPECT_EQ(link.status, LinkStatus::open);
  EXPECT_EQ(link.raw_status, "active");
  ASSERT_TRUE(link.amount.has_value());
  EXPECT_EQ(*link.amount, Money::from_minor_units(2750, "GBP").value());
  EXPECT_EQ(link.amount->to_string(), "27.50 GBP");
  EXPECT_EQ(link.description, "Payment Plan");
  EXPECT_EQ(link.reference, "");
  EXPECT_EQ(link.created_at, unix_time(1689246765));  // "2023-07-13 11:12:45", read as UTC
  EXPECT_FALSE(link.expires_at.has_value());          // "never"
  EXPECT_FALSE(link.visited_at.has_value());
  EXPECT_FALSE(link.completed_at.has_value());
  EXPECT_FALSE(link.reusable);
  EXPECT_TRUE(link.items.empty());
  EXPECT_TRUE(link.metadata.empty());  // all seven metadata strings are null
  const std::map<std::string, std::string> vendor{{"customer_account", "CA01OQW39P4GY7J56NXL"},
                                                  {"ecommerce_page", "EP02KO5D0G80XMPERW4V"},
                                                  {"expiry", "never"},
                                                  {"account_validation_callback", "false"}};
  EXPECT_EQ(link.vendor_fields, vendor);  // nulls are not carried
  EXPECT_EQ(json::parse(link.raw_json), seed_record(fixture_name));
}

TEST(SmarterPayFixtures, CreateSendsTheSeedRequestAndDecodesTheSeedResponse) {
  auto transport = replay("create.http");
  const auto link = client(transport).create(seed_create());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_EQ(transport->sent().size(), 1u);
  EXPECT_TRUE(transport->sent()[0].idempotent) << "a create with Idempotency-Key may be retried";
  expect_seed_link(*link, "create.http");
}

TEST(SmarterPayFixtures, CreateSendsEveryFieldUnderItsWireName) {
  CreateLinkRequest r;
  r.amount = Money::parse("27.50", "GBP").value();
  r.description = "Payment Plan";
  r.reference = "INV-2023-0713";
  r.return_url = "https://shop.example/return?order=42";
  r.idempotency_key = kIdempotencyKey;
  r.metadata = {{"metadata", "m0"},
                {"metadata_account_validation", "m1"},
                {"metadata_bank_account", "m2"},
                {"metadata_card", "m3"},
                {"metadata_customer_account", "m4"},
                {"metadata_mandate", "m5"},
                {"metadata_recurrence_schedule", "m6"}};
  auto& o = r.smarterpay;
  o.ecommerce_page = "EP02KO5D0G80XMPERW4V";
  o.customer_account = "CA01OQW39P4GY7J56NXL";
  o.bank_account = "BA01VQY3LJO0NLPE61OG";
  o.mandate = "MD01AB12CD34EF56GH78";
  o.recurrence_schedule = "RS01AB12CD34EF56GH78";
  o.auddis = "AUDDIS-0001";
  o.bank_account_custom_reference = "BA-REF-1";
  o.card_payment_custom_reference = "CARD-REF-1";
  o.recurrence_schedule_custom_reference = "RS-REF-1";
  o.start_date = "2023-08-01";
  o.end_date = "2024-07-01";
  o.first_collection_date = "2023-08-01";
  o.first_collection_amount = "1500";
  // Fields SmarterPay does not take are not sent.
  r.customer.email = "payer@example.com";
  r.notify_customer = true;

  auto transport = replay("create_all_fields.http");
  const auto link = client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
}

TEST(SmarterPayFixtures, CreateIsRetriedWithTheSameIdempotencyKey) {
  auto transport = replay("create_retry.http");
  CreateLinkRequest request = seed_create();
  request.idempotency_key.clear();  // the client makes one before the first attempt
  const auto link = client(transport, RetryPolicy{}).create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  const auto first = find_header(sent[0].headers, "Idempotency-Key");
  const auto second = find_header(sent[1].headers, "Idempotency-Key");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(first->empty());
  EXPECT_EQ(*first, *second);
  EXPECT_EQ(sent[0].body, sent[1].body);
  expect_seed_link(*link, "create.http");
}

TEST(SmarterPayFixtures, ExpireSendsTheSeedsStatusExpiredUpdate) {
  auto transport = replay("expire.http");
  const auto link = client(transport).expire(kSeedId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 1u);
  const auto key = find_header(sent[0].headers, "Idempotency-Key");
  ASSERT_TRUE(key.has_value());
  EXPECT_FALSE(key->empty());
  EXPECT_TRUE(sent[0].idempotent);
  // The seed's sample response to this very request still reads "active"; we report what it says.
  expect_seed_link(*link, "expire.http");
}

TEST(SmarterPayFixtures, UpdateSendsOnlyTheMetadataStrings) {
  UpdateLinkRequest update;
  update.metadata = {{"metadata", "order 42"}, {"metadata_card", "visa ending 4242"}, {"metadata_mandate", ""}};
  update.idempotency_key = "b7e23ec2-9f3a-4c1e-8d2b-5a6f7e8d9c0b";
  auto transport = replay("update_metadata.http");
  const auto link = client(transport).update(kSeedId, update);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  expect_seed_link(*link, "update_metadata.http");
}

TEST(SmarterPayFixtures, GetDecodesEverySeedField) {
  auto transport = replay("get.http");
  const auto link = client(transport).get(kSeedId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_TRUE(transport->sent()[0].body.empty());
  EXPECT_FALSE(find_header(transport->sent()[0].headers, "Idempotency-Key").has_value());
  EXPECT_FALSE(find_header(transport->sent()[0].headers, "Content-Type").has_value());
  expect_seed_link(*link, "get.http");
}

TEST(SmarterPayFixtures, ListDecodesTheSeedsTwoRecords) {
  auto transport = replay("list.http");
  const auto page = client(transport).list();
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_FALSE(page->has_more()) << "2 records are fewer than the default limit of 40";

  const PaymentLink& expired = page->items[0];
  EXPECT_EQ(expired.id, "PL01EXYR6K8K9Y84ZLQV");
  EXPECT_EQ(expired.status, LinkStatus::expired);
  EXPECT_EQ(expired.raw_status, "expired");
  EXPECT_EQ(expired.expires_at, unix_time(1689166117));  // "2023-07-12 12:48:37"
  EXPECT_EQ(expired.created_at, unix_time(1689164317));  // "2023-07-12 12:18:37"
  EXPECT_EQ(expired.amount, Money::from_minor_units(2750, "GBP").value());
  EXPECT_EQ(expired.vendor_fields.at("bank_account"), "BA01VQY3LJO0NLPE61OG");
  EXPECT_EQ(expired.vendor_fields.at("customer_account"), "CA016YQRDJZW9KJVL359");
  EXPECT_EQ(expired.vendor_fields.at("expiry"), "2023-07-12 12:48:37");
  EXPECT_EQ(json::parse(expired.raw_json), seed_record("list.http"));

  const PaymentLink& active = page->items[1];
  EXPECT_EQ(active.id, kSeedId);
  EXPECT_EQ(active.status, LinkStatus::open);
  EXPECT_FALSE(active.expires_at.has_value());
}

TEST(SmarterPayList, ListAllWalksThreePagesUntilAShortPage) {
  auto transport = replay("list_three_pages.http");
  ListQuery query;
  query.page_size = 2;
  std::vector<std::string> ids;
  for (const auto& link : client(transport).list_all(query)) {
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    ids.push_back(link->id);
  }
  EXPECT_TRUE(transport->fully_consumed_without_mismatch()) << transport->remaining() << " exchanges left";
  const std::vector<std::string> expected{"PL01EXYR6K8K9Y84ZLQV", "PL01GOVWD48GD28N0M76", "PL01EXYR6K8K9Y84ZLQV",
                                          "PL01GOVWD48GD28N0M76", "PL01GOVWD48GD28N0M76"};
  EXPECT_EQ(ids, expected);
}

TEST(SmarterPayList, ListSendsEveryParameterInOrderWithFiltersEscaped) {
  ListQuery query;
  query.page_size = 500;
  query.cursor = "3";
  query.sort_field = "created_at";
  query.sort_descending = true;
  query.filters = {{"customer_custom_reference", "ACME & Sons/2023?=\xC3\xA9"},
                   {"customer_account_id", "CA01OQW39P4GY7J56NXL"}};
  auto transport = replay("list_filters.http");
  const auto page = client(transport).list(query);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(page->items.size(), 2u);
  EXPECT_FALSE(page->has_more());
}

TEST(SmarterPayErrors, Unauthorized401IsAuth) {
  auto transport = replay("error_401.http");
  const auto result = client(transport).create(seed_create());
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::auth);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_EQ(e.vendor_code, "101");
  EXPECT_EQ(e.vendor_message, "Unauthorised");
  EXPECT_EQ(e.message, "smarterpay: HTTP 401: Unauthorised");
  EXPECT_FALSE(e.retryable);
}

TEST(SmarterPayErrors, NotFound404IsNotFound) {
  auto transport = replay("error_404.http");
  const auto result = client(transport).get("PL01DOESNOTEXIST0000");
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::not_found);
  EXPECT_EQ(result.error().http_status, 404);
  EXPECT_EQ(result.error().vendor_message, "Payment Link not found");
  EXPECT_FALSE(result.error().retryable);
}

TEST(SmarterPayErrors, Unprocessable422IsValidationWithTheVendorsWords) {
  auto transport = replay("error_422.http");
  const auto result = client(transport).create(seed_create());
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::validation);
  EXPECT_EQ(e.http_status, 422);
  EXPECT_EQ(e.field, "ecommerce_page");
  EXPECT_EQ(e.vendor_message, "Ecommerce Page not found; Customer Account is required by this page");
  EXPECT_FALSE(e.retryable);
}

TEST(SmarterPayErrors, NonJsonBodyKeepsItsTextAndStatus) {
  auto transport = replay("error_non_json.http");
  const auto result = client(transport).get(kSeedId);
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  ASSERT_FALSE(result.ok());
  const Error& e = result.error();
  EXPECT_EQ(e.code, ErrorCode::provider);
  EXPECT_EQ(e.http_status, 502);
  EXPECT_TRUE(e.retryable);
  EXPECT_NE(e.vendor_message.find("502 Bad Gateway"), std::string::npos) << e.vendor_message;
  EXPECT_NE(e.message.find("HTTP 502"), std::string::npos) << e.message;
}

}  // namespace
