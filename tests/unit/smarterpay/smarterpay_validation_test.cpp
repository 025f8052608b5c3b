// Every documented limit is checked before sending: a request over a limit is refused with `validation`
// naming the field, and nothing reaches the transport; a request exactly at the limit is accepted.
#include "smarterpay_test_support.hpp"

namespace {

using namespace paylink;
using namespace paylink::smarterpay_test;

// A transport that counts requests and would fail the call if one were sent.
std::shared_ptr<paylink::testing::FakeTransport> counting_transport() {
  return std::make_shared<paylink::testing::FakeTransport>(paylink::testing::always_respond(500, "{}"));
}

void expect_refused(const Error& error, const std::string& field) {
  EXPECT_EQ(error.code, ErrorCode::validation) << error.to_string();
  EXPECT_EQ(error.field, field) << error.to_string();
  EXPECT_EQ(error.to_string().find(kToken), std::string::npos);
}

void expect_create_refused(const CreateLinkRequest& request, const std::string& field,
                           const SmarterPayConfig& cfg = config()) {
  SCOPED_TRACE(field);
  auto transport = counting_transport();
  const auto result = make_smarterpay_client(cfg, options(transport)).create(request);
  ASSERT_FALSE(result.ok());
  expect_refused(result.error(), field);
  EXPECT_EQ(transport->count(), 0u) << "a refused create was sent";
}

void expect_create_accepted(const CreateLinkRequest& request, const std::string& what) {
  CallContext ctx;
  ctx.idempotency_key = request.idempotency_key.empty() ? kIdempotencyKey : request.idempotency_key;
  const auto encoded = provider()->encode_create(request, ctx);
  EXPECT_TRUE(encoded.ok()) << what << ": " << (encoded.ok() ? "" : encoded.error().to_string());
}

std::string repeat(const std::string& unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

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

TEST(SmarterPayValidation, IdempotencyKeyIsAtMost255VisibleCharacters) {
  CreateLinkRequest r = seed_create();
  r.idempotency_key = repeat("k", 255);
  expect_create_accepted(r, "255 characters");
  r.idempotency_key = repeat("k", 256);
  expect_create_refused(r, "idempotency_key");
  r.idempotency_key = "key\r\nX-Injected: 1";
  expect_create_refused(r, "idempotency_key");
}

TEST(SmarterPayValidation, MissingOrMalformedTokenIsRefusedForEveryCall) {
  for (const std::string& token : {std::string(), std::string("tok en"), std::string("token\r\nX: y")}) {
    SmarterPayConfig cfg = config();
    cfg.bearer_token = token;
    auto transport = counting_transport();
    const Client c = make_smarterpay_client(cfg, options(transport));
    UpdateLinkRequest update;
    update.metadata["metadata"] = "x";
    expect_refused(c.create(seed_create()).error(), "bearer_token");
    expect_refused(c.get(kSeedId).error(), "bearer_token");
    expect_refused(c.list().error(), "bearer_token");
    expect_refused(c.expire(kSeedId).error(), "bearer_token");
    expect_refused(c.update(kSeedId, update).error(), "bearer_token");
    EXPECT_EQ(transport->count(), 0u);
  }
}

TEST(SmarterPayValidation, BaseUrlMustBeHttpsExceptOnLoopback) {
  SmarterPayConfig cfg = config();
  cfg.base_url = "http://api.smarterpaycloud.com/service.svc/";
  expect_create_refused(seed_create(), "base_url", cfg);
  cfg.base_url = "";
  expect_create_refused(seed_create(), "base_url", cfg);

  cfg.base_url = "http://127.0.0.1:8787/service.svc/";
  const auto local = make_smarterpay_provider(cfg)->encode_get(kSeedId, {});
  ASSERT_TRUE(local.ok()) << local.error().to_string();
  EXPECT_EQ(local->url, "http://127.0.0.1:8787/service.svc/paymentlink/PL01GOVWD48GD28N0M76");
}

TEST(SmarterPayValidation, IdIsRequiredAndEscaped) {
  auto transport = counting_transport();
  const Client c = client(transport);
  UpdateLinkRequest update;
  update.metadata["metadata"] = "x";
  expect_refused(c.get("").error(), "id");
  expect_refused(c.expire("").error(), "id");
  expect_refused(c.update("", update).error(), "id");
  EXPECT_EQ(transport->count(), 0u);
  const auto request = provider()->encode_get("PL 01/../x?y", {});
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->url, "https://api.smarterpaycloud.com/service.svc/paymentlink/PL%2001%2F..%2Fx%3Fy");
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

// ---- List ------------------------------------------------------------------------------------------

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

}  // namespace
