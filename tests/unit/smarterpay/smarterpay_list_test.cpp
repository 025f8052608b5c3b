// Listing: parameter encoding, page_no cursors and the client's walk until a short page.
#include <nlohmann/json.hpp>

#include "smarterpay_test_support.hpp"

namespace {

using namespace paylink;
using namespace paylink::smarterpay_test;
using nlohmann::json;

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

// A list body of `n` copies of the seed's second list record.
std::string list_of(std::size_t n) {
  const auto seed = json::parse(fixture_response_body("list.http"));
  json body;
  body["payment_links"] = json::array();
  for (std::size_t i = 0; i < n; ++i) body["payment_links"].push_back(seed["payment_links"][1]);
  return body.dump();
}

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

TEST(SmarterPayList, WalkEndsWithTheErrorOfAFailingPage) {
  int calls = 0;
  auto transport = std::make_shared<paylink::testing::FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    ++calls;
    if (calls == 1) return ok_response(list_of(2));
    HttpResponse failure;
    failure.status = 500;
    failure.body = R"({"message": "database unavailable"})";
    return failure;
  });
  ListQuery query;
  query.page_size = 2;
  std::vector<Result<PaymentLink>> seen;
  for (const auto& link : client(transport).list_all(query)) seen.push_back(link);
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_TRUE(seen[0].ok());
  EXPECT_TRUE(seen[1].ok());
  ASSERT_FALSE(seen[2].ok());
  EXPECT_EQ(seen[2].error().code, ErrorCode::provider);
  EXPECT_EQ(seen[2].error().vendor_message, "database unavailable");
  EXPECT_EQ(transport->count(), 2u);
  EXPECT_EQ(transport->sent()[1].url, "https://api.smarterpaycloud.com/service.svc/paymentlinks?limit=2&page_no=2");
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

}  // namespace
