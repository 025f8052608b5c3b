// Every Qonto call against the vendor's recorded bytes (tests/fixtures/qonto/): what the client sends
// must match the fixture's request, and what the fixture answers must decode to the expected domain.
#include <nlohmann/json.hpp>

#include "qonto/qonto_test_support.hpp"

namespace paylink::qonto_test {
namespace {

void expect_consumed(const Replay& r) {
  EXPECT_TRUE(r.transport->fully_consumed_without_mismatch())
      << r.transport->remaining() << " exchange(s) left, " << r.transport->mismatches().size() << " mismatch(es)";
}

void expect_seed_link(const PaymentLink& link) {
  EXPECT_EQ(link.provider, "qonto");
  EXPECT_EQ(link.id, kSeedLinkId);
  EXPECT_EQ(
      link.url,
      "https://pay.qonto.com/019788b3-57ab-727c-b26e-86b95c16e93f?resource_id=4c56f862-6117-4b20-a3e3-7fa6fccea029");
  ASSERT_TRUE(link.amount.has_value());
  EXPECT_EQ(link.amount->minor_units(), 1330);
  EXPECT_EQ(link.amount->currency().code(), "EUR");
  ASSERT_EQ(link.items.size(), 1u);
  EXPECT_EQ(link.items[0].title, "Item 1");
  EXPECT_EQ(link.items[0].quantity, 1);
  EXPECT_EQ(link.items[0].unit_price, eur(1099));
  EXPECT_EQ(link.items[0].vat_rate, "21.0");
  EXPECT_EQ(link.items[0].type, "good");
  EXPECT_EQ(link.items[0].description, "Item 1 description");
  EXPECT_EQ(link.items[0].measure_unit, "unit");
  EXPECT_TRUE(link.reusable);
  EXPECT_EQ(link.created_at, utc(1609459200));
  EXPECT_EQ(link.expires_at, utc(1609459200));
  EXPECT_EQ(link.vendor_fields.at("potential_payment_methods"), "credit_card");
}

// --- create ----------------------------------------------------------------------------------------

TEST(QontoCreate, BasketLinkSendsTheSeedBodyAndDecodesTheSeedAnswer) {
  auto r = replay("create_basket.http");
  const auto link = r.client.create(seed_request());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  expect_seed_link(*link);
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "open");
  EXPECT_EQ(link->vendor_fields.at("resource_type"), "Basket");
  EXPECT_EQ(link->vendor_fields.at("invoice_id"), "550e8400-e29b-41d4-a716-446655440001");
  EXPECT_EQ(link->vendor_fields.at("invoice_number"), "INV-12345");
  EXPECT_EQ(link->vendor_fields.at("debitor_name"), "John Doe");
  // raw_json is the vendor's link object (re-serialised compactly: the same JSON value as the seed's).
  EXPECT_EQ(nlohmann::json::parse(link->raw_json),
            nlohmann::json::parse(load("create_basket.http").at(0).response.body)["payment_link"]);
}

TEST(QontoCreate, AmountEqualToTheVatInclusiveTotalOfTheItemsIsAccepted) {
  // The seed's answer: 10.99 at 21.0 % is a link of 13.30. Giving that amount too sends the same body.
  auto r = replay("create_basket.http");
  CreateLinkRequest request = seed_request();
  request.amount = eur(1330);
  const auto link = r.client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->amount, request.amount);
}

TEST(QontoCreate, AmountOnlyBecomesOneItemTitledWithTheDescription) {
  auto r = replay("create_from_amount.http");
  CreateLinkRequest request;
  request.amount = Money::parse("1100.50", "EUR").value();
  request.description = "Consulting, March";
  request.qonto.payment_methods = {"credit_card", "apple_pay"};
  request.idempotency_key = "9a1d6c7e-3f2b-4e8a-b0c4-5d6e7f809a1b";
  // Fields Qonto does not take are not sent.
  request.reference = "order-77";
  request.lifetime = std::chrono::hours(24);
  request.metadata["k"] = "v";
  const auto link = r.client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->amount->minor_units(), 110050);
  EXPECT_EQ(link->amount->to_decimal(), "1100.50");
  EXPECT_FALSE(link->reusable);
  EXPECT_EQ(link->created_at, utc(1750151565, 318));
  EXPECT_EQ(link->expires_at, utc(1752743565));
  EXPECT_EQ(link->vendor_fields.at("potential_payment_methods"), "credit_card,apple_pay");
  EXPECT_EQ(link->vendor_fields.count("invoice_id"), 0u) << "null invoice fields are not vendor facts";
  ASSERT_EQ(link->items.size(), 1u);
  EXPECT_EQ(link->items[0].description, "");
}

TEST(QontoCreate, InvoiceLinkSendsTheInvoiceFieldsAndNoItems) {
  auto r = replay("create_invoice.http");
  CreateLinkRequest request;
  request.amount = eur(1330);
  request.reusable = true;  // not part of the invoice variant: not sent
  request.qonto.invoice_id = "550e8400-e29b-41d4-a716-446655440001";
  request.qonto.invoice_number = "INV-12345";
  request.qonto.debitor_name = "John Doe";
  request.qonto.payment_methods = {"credit_card", "bank_transfer"};
  request.idempotency_key = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f";
  const auto link = r.client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->vendor_fields.at("resource_type"), "Invoice");
  EXPECT_EQ(link->vendor_fields.at("invoice_number"), "INV-12345");
  EXPECT_EQ(link->vendor_fields.at("debitor_name"), "John Doe");
  EXPECT_EQ(link->vendor_fields.at("potential_payment_methods"), "credit_card,bank_transfer");
  EXPECT_EQ(link->amount, eur(1330));
  EXPECT_TRUE(link->items.empty());
  EXPECT_EQ(link->expires_at, utc(1612051200));
}

TEST(QontoCreate, ReturnUrlIsSentAsRedirectUrl) {
  auto r = replay("create_redirect_url.http");
  CreateLinkRequest request;
  request.amount = eur(25000);
  request.qonto.invoice_id = "550e8400-e29b-41d4-a716-446655440002";
  request.qonto.invoice_number = "INV-12346";
  request.qonto.debitor_name = "Jane Roe";
  request.return_url = "https://shop.example/orders/77/thanks?paid=1";
  request.idempotency_key = "5d8e2a41-0b6c-4f3d-9e7a-1c2b3d4e5f60";
  const auto link = r.client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(nlohmann::json::parse(r.transport->sent().at(0).body)["payment_link"]["redirect_url"],
            "https://shop.example/orders/77/thanks?paid=1");
  EXPECT_EQ(link->id, "0197b1e2-3c4d-7e5f-8a9b-0c1d2e3f4a5b");
  EXPECT_EQ(link->amount, eur(25000));
  EXPECT_TRUE(link->items.empty());
}

TEST(QontoCreate, IsRetriedAfterTimeoutAnd503WithTheSameIdempotencyKey) {
  auto r = replay("create_retried_same_key.http", oauth_config(), retry_at_once(3));
  CreateLinkRequest request = seed_request();
  request.idempotency_key = "7e57ab1e-0000-4000-8000-00000000c0de";
  const auto link = r.client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);  // three attempts, each with the fixture's one key
  EXPECT_EQ(link->id, kSeedLinkId);
  EXPECT_EQ(r.waits->size(), 2u);
}

TEST(QontoCreate, ClientMadeKeyIsTheSameOnEveryAttempt) {
  auto script = load("create_retried_same_key.http");
  for (auto& exchange : script) {
    for (auto& header : exchange.request.headers) {
      if (header.first == "X-Qonto-Idempotency-Key") header.second = "*";
    }
  }
  auto transport = std::make_shared<paylink::testing::ReplayTransport>(
      script, [](const std::string& what) { ADD_FAILURE() << what; });
  ClientOptions options;
  options.transport = transport;
  options.retry = retry_at_once(3);
  options.sleeper = [](std::chrono::milliseconds) {};
  const auto link = make_qonto_client(oauth_config(), options).create([] {
    CreateLinkRequest request = seed_request();
    request.idempotency_key.clear();  // the client makes one
    return request;
  }());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 3u);
  const auto key = find_header(sent[0].headers, "X-Qonto-Idempotency-Key");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->size(), 36u) << *key;
  for (const auto& request : sent) EXPECT_EQ(find_header(request.headers, "X-Qonto-Idempotency-Key"), key);
}

// --- get, both auth forms, sandbox --------------------------------------------------------------------

TEST(QontoGet, DecodesStatusItemsAndMillisecondTimestamps) {
  auto r = replay("get.http");
  const auto link = r.client.get(kSeedLinkId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->status, LinkStatus::paid);
  EXPECT_EQ(link->raw_status, "paid");
  EXPECT_EQ(link->created_at, utc(1606904130, 123));
  EXPECT_EQ(link->expires_at, utc(1609459200));
  EXPECT_EQ(link->amount, eur(1330));
  ASSERT_EQ(link->items.size(), 1u);
  EXPECT_EQ(link->items[0].unit_price, eur(1099));
  EXPECT_FALSE(link->reusable);
  EXPECT_EQ(link->vendor_fields.at("potential_payment_methods"), "credit_card,paypal");
  EXPECT_EQ(link->vendor_fields.count("resource_type"), 0u);
  EXPECT_EQ(nlohmann::json::parse(link->raw_json)["status"], "paid");
}

TEST(QontoGet, ApiKeyAuthSendsLoginColonSecretKey) {
  auto r = replay("get_api_key.http", api_key_config());
  const auto link = r.client.get(kSeedLinkId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->status, LinkStatus::canceled);
  const auto auth = find_header(r.transport->sent().at(0).headers, "Authorization");
  EXPECT_EQ(auth, "acme-corp-4821:qonto-test-secret-key");
}

TEST(QontoGet, OAuthSendsBearerToken) {
  auto r = replay("get.http");
  ASSERT_TRUE(r.client.get(kSeedLinkId).ok());
  EXPECT_EQ(find_header(r.transport->sent().at(0).headers, "Authorization"), "Bearer qonto-test-access-token");
  EXPECT_FALSE(find_header(r.transport->sent().at(0).headers, "X-Qonto-Staging-Token").has_value());
}

TEST(QontoSandbox, SendsTheStagingTokenToTheSandboxHost) {
  auto r = replay("get_sandbox.http", sandbox_config());
  const auto link = r.client.get(kSeedLinkId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->status, LinkStatus::open);
}

TEST(QontoSandbox, HtmlLoginPageIsAClearAuthError) {
  auto r = replay("get_sandbox_login_page.http", sandbox_config());
  const auto link = r.client.get(kSeedLinkId);
  ASSERT_FALSE(link.ok());
  expect_consumed(r);
  EXPECT_EQ(link.error().code, ErrorCode::auth) << link.error().to_string();
  EXPECT_EQ(link.error().http_status, 200);
  EXPECT_FALSE(link.error().retryable);
  EXPECT_NE(link.error().message.find("X-Qonto-Staging-Token"), std::string::npos) << link.error().message;
  EXPECT_EQ(link.error().message.find(kStagingToken), std::string::npos);
}

// --- list ------------------------------------------------------------------------------------------

TEST(QontoList, WalksThreePagesByMetaNextPage) {
  auto r = replay("list_three_pages.http");
  ListQuery query;
  query.status = LinkStatus::open;
  query.page_size = 2;
  std::vector<std::string> ids;
  for (const auto& link : r.client.list_all(query)) {
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    EXPECT_EQ(link->status, LinkStatus::open);
    ids.push_back(link->id);
  }
  expect_consumed(r);
  EXPECT_EQ(ids,
            (std::vector<std::string>{"00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002",
                                      "00000000-0000-4000-8000-000000000003", "00000000-0000-4000-8000-000000000004",
                                      "00000000-0000-4000-8000-000000000005"}));
}

TEST(QontoList, OnePageCarriesTheNextPageAsCursor) {
  auto r = replay("list_three_pages.http");
  ListQuery query;
  query.status = LinkStatus::open;
  query.page_size = 2;
  const auto first = r.client.list(query);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->next_cursor, "2");
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].amount, eur(1330));
  EXPECT_EQ(first->items[1].amount, eur(1099));
  // Each link's raw_json is its own object, not the page's.
  EXPECT_EQ(nlohmann::json::parse(first->items[1].raw_json),
            nlohmann::json::parse(load("list_three_pages.http").at(0).response.body)["payment_links"][1]);
  EXPECT_EQ(first->items[1].raw_json.find("meta"), std::string::npos);
  query.cursor = first->next_cursor;
  const auto second = r.client.list(query);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  EXPECT_EQ(second->next_cursor, "3");
  query.cursor = second->next_cursor;
  const auto third = r.client.list(query);
  ASSERT_TRUE(third.ok()) << third.error().to_string();
  EXPECT_EQ(third->next_cursor, "");
  EXPECT_FALSE(third->has_more());
  expect_consumed(r);
}

TEST(QontoList, PendingLinksSortedByAmountDescending) {
  auto r = replay("list_sorted_pending.http");
  ListQuery query;
  query.status = LinkStatus::pending;
  query.sort_field = "amount";
  query.sort_descending = true;
  const auto page = r.client.list(query);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  expect_consumed(r);
  EXPECT_FALSE(page->has_more());
  ASSERT_EQ(page->items.size(), 2u);
  for (const auto& link : page->items) {
    EXPECT_EQ(link.status, LinkStatus::pending);
    EXPECT_EQ(link.raw_status, "processing");
  }
  EXPECT_EQ(page->items[0].amount, eur(25000));
  EXPECT_EQ(page->items[1].amount, eur(1330));
  EXPECT_EQ(page->items[0].vendor_fields.at("resource_type"), "Invoice");
  EXPECT_TRUE(page->items[0].items.empty());
}

// --- deactivate, payments, payment methods ------------------------------------------------------------

TEST(QontoDeactivate, SendsPatchWithoutBodyAndReturnsTheCanceledLink) {
  auto r = replay("expire.http");
  const auto link = r.client.expire(kSeedLinkId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(link->status, LinkStatus::canceled);
  EXPECT_EQ(link->raw_status, "canceled");
  EXPECT_EQ(r.transport->sent().at(0).body, "");
  expect_seed_link(*link);
}

TEST(QontoPayments, ListsThePaymentsMadeThroughALink) {
  auto r = replay("list_payments.http");
  ListQuery query;
  query.page_size = 50;
  const auto page = r.client.list_payments(kSeedLinkId, query);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  expect_consumed(r);
  EXPECT_FALSE(page->has_more());
  ASSERT_EQ(page->items.size(), 2u);
  const LinkPayment& first = page->items[0];
  EXPECT_EQ(first.id, "0197a3d5-aaaa-7bbb-8ccc-000000000001");
  EXPECT_EQ(first.amount, eur(1330));
  EXPECT_EQ(first.status, "paid");
  EXPECT_EQ(first.payment_method, "credit_card");
  EXPECT_EQ(first.debitor_email, "john.doe@example.com");
  EXPECT_EQ(first.created_at, utc(1750233600));
  EXPECT_EQ(first.paid_at, utc(1750233607));
  const LinkPayment& second = page->items[1];
  EXPECT_EQ(second.amount, eur(1099));
  EXPECT_EQ(second.payment_method, "apple_pay");
  EXPECT_FALSE(second.paid_at.has_value());
  EXPECT_EQ(second.debitor_email, "");
}

TEST(QontoPayments, FilteredByTheirOwnStatusWordsNewestFirst) {
  auto r = replay("list_payments_by_status.http");
  ListQuery query;
  query.filters["status"] = "authorized,failed";
  query.sort_field = "creation_date";
  query.sort_descending = true;
  const auto page = r.client.list_payments(kSeedLinkId, query);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  expect_consumed(r);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].status, "failed");
  EXPECT_EQ(page->items[1].status, "authorized");
  EXPECT_EQ(page->items[1].payment_method, "paypal");
  EXPECT_FALSE(page->items[0].paid_at.has_value());
}

TEST(QontoPaymentMethods, ListsNamesAndWhetherEnabled) {
  auto r = replay("list_payment_methods.http");
  const auto methods = r.client.list_payment_methods();
  ASSERT_TRUE(methods.ok()) << methods.error().to_string();
  expect_consumed(r);
  ASSERT_EQ(methods->size(), 4u);
  EXPECT_EQ((*methods)[0].name, "credit_card");
  EXPECT_TRUE((*methods)[0].enabled);
  EXPECT_EQ((*methods)[1].name, "apple_pay");
  EXPECT_TRUE((*methods)[1].enabled);
  EXPECT_EQ((*methods)[2].name, "paypal");
  EXPECT_FALSE((*methods)[2].enabled);
  EXPECT_EQ((*methods)[3].name, "bank_transfer");
}

// --- errors ----------------------------------------------------------------------------------------

TEST(QontoErrors, Unauthorized401IsAuthWithTraceIdAsRequestId) {
  auto r = replay("error_401.http");
  const auto link = r.client.get(kSeedLinkId);
  ASSERT_FALSE(link.ok());
  expect_consumed(r);
  const Error& e = link.error();
  EXPECT_EQ(e.code, ErrorCode::auth);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_FALSE(e.retryable);
  EXPECT_EQ(e.vendor_code, "unauthorized");
  EXPECT_EQ(e.vendor_message, "The access token is invalid or has expired");
  EXPECT_EQ(e.request_id, "7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9e01");
  EXPECT_EQ(e.to_string().find(kAccessToken), std::string::npos);
}

TEST(QontoErrors, UnknownLink404IsNotFound) {
  auto r = replay("error_404.http");
  const auto link = r.client.get("00000000-0000-4000-8000-00000000dead");
  ASSERT_FALSE(link.ok());
  expect_consumed(r);
  EXPECT_EQ(link.error().code, ErrorCode::not_found);
  EXPECT_EQ(link.error().http_status, 404);
  EXPECT_EQ(link.error().vendor_code, "not_found");
  EXPECT_EQ(link.error().request_id, "7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9e04");
  EXPECT_FALSE(link.error().retryable);
}

TEST(QontoErrors, Refused422IsValidationNamingTheFieldOfTheFirstError) {
  auto r = replay("error_422.http", oauth_config(), retry_at_once(4));
  const auto link = r.client.create(seed_request());
  ASSERT_FALSE(link.ok());
  expect_consumed(r);  // one attempt: a refusal is not retried
  const Error& e = link.error();
  EXPECT_EQ(e.code, ErrorCode::validation);
  EXPECT_EQ(e.http_status, 422);
  EXPECT_EQ(e.vendor_code, "not_in_list");
  EXPECT_EQ(e.vendor_message, "vat_rate is not included in the list");
  EXPECT_EQ(e.field, "items[0].vat_rate");
  EXPECT_EQ(e.request_id, "7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9422");
  EXPECT_NE(e.message.find("(and 1 more)"), std::string::npos) << e.message;
  EXPECT_FALSE(e.retryable);
}

TEST(QontoErrors, BadRequest400WithoutProviderConnectionIsValidation) {
  auto r = replay("error_400_no_connection.http");
  const auto link = r.client.create(seed_request());
  ASSERT_FALSE(link.ok());
  expect_consumed(r);
  EXPECT_EQ(link.error().code, ErrorCode::validation);
  EXPECT_EQ(link.error().vendor_code, "invalid");
  EXPECT_EQ(link.error().vendor_message, "connection with the provider does not exist");
  EXPECT_EQ(link.error().field, "");
  EXPECT_NE(link.error().message.find("connection with the provider does not exist"), std::string::npos);
}

TEST(QontoErrors, QueryParameterInErrorSourceNamesTheListField) {
  auto r = replay("error_400_parameter.http");
  ListQuery query;
  query.page_size = 10;
  const auto page = r.client.list(query);
  ASSERT_FALSE(page.ok());
  expect_consumed(r);
  EXPECT_EQ(page.error().code, ErrorCode::validation);
  EXPECT_EQ(page.error().field, "page_size");
}

TEST(QontoErrors, RateLimited429IsRetryableAndQuotesTheLimits) {
  auto r = replay("error_429.http");
  const auto page = r.client.list();
  ASSERT_FALSE(page.ok());
  expect_consumed(r);
  const Error& e = page.error();
  EXPECT_EQ(e.code, ErrorCode::rate_limited);
  EXPECT_TRUE(e.retryable);
  EXPECT_EQ(e.http_status, 429);
  EXPECT_EQ(e.vendor_code, "too_many_requests");
  EXPECT_EQ(e.request_id, "7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9429");
  EXPECT_NE(e.message.find("1000 requests per 10 s"), std::string::npos) << e.message;
  EXPECT_FALSE(e.retry_after.has_value());  // Qonto documents no Retry-After
}

TEST(QontoErrors, ReadIsRetriedAfter429) {
  auto r = replay("get_retried_after_429.http", oauth_config(), retry_at_once(2));
  const auto link = r.client.get(kSeedLinkId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  expect_consumed(r);
  EXPECT_EQ(r.waits->size(), 1u);
}

TEST(QontoErrors, Unavailable503IsARetryableProviderError) {
  auto r = replay("error_503.http");
  const auto methods = r.client.list_payment_methods();
  ASSERT_FALSE(methods.ok());
  expect_consumed(r);
  EXPECT_EQ(methods.error().code, ErrorCode::provider);
  EXPECT_TRUE(methods.error().retryable);
  EXPECT_EQ(methods.error().vendor_code, "service_unavailable");
  EXPECT_EQ(methods.error().request_id, "7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9503");
}

TEST(QontoErrors, ProxyHtmlPageOn502IsARetryableProviderErrorNotAuth) {
  auto r = replay("error_502_html.http");
  const auto link = r.client.expire(kSeedLinkId);
  ASSERT_FALSE(link.ok());
  expect_consumed(r);
  EXPECT_EQ(link.error().code, ErrorCode::provider) << link.error().to_string();
  EXPECT_TRUE(link.error().retryable);
  EXPECT_EQ(link.error().http_status, 502);
}

}  // namespace
}  // namespace paylink::qonto_test
