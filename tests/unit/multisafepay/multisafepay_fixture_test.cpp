// MultiSafepay against recorded exchanges (tests/fixtures/multisafepay/): what is sent, byte for byte as
// JSON, and what is decoded from the vendor's documented answers.
#include <gtest/gtest.h>

#include "core/time_format.hpp"
#include "multisafepay_test_support.hpp"

namespace paylink {
namespace {

using msp_test::fixture_client;
using msp_test::replay;

Money eur(std::int64_t minor) { return Money::from_minor_units(minor, "EUR").value(); }

Timestamp utc(const char* text) { return detail::parse_iso8601(text).value(); }

CreateLinkRequest simple_create(std::string reference = "my-order-id-1") {
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "product description";
  r.reference = std::move(reference);
  return r;
}

// --- Create: payment links ---------------------------------------------------------------------------

TEST(MultiSafepayCreate, PaymentLinkSendsEveryMappedFieldAndReadsThePaymentPage) {
  auto transport = replay("create_paymentlink.http");
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "Test Order Description";
  r.reference = "redirect-order-0001";
  r.lifetime = std::chrono::hours(24);
  r.return_url = "https://www.example.com/order/success";
  r.customer.email = "example@multisafepay.com";
  r.customer.locale = "nl_NL";
  r.metadata["var1"] = "invoice-2024-001";
  r.multisafepay.notification_url = "https://www.example.com/webhooks/payment";
  r.multisafepay.cancel_url = "https://www.example.com/order/failed";

  const auto link = fixture_client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_FALSE(transport->sent().front().idempotent) << "a create must never be marked retryable";
  EXPECT_EQ(link->provider, "multisafepay");
  EXPECT_EQ(link->id, "redirect-order-0001");
  EXPECT_EQ(link->reference, "redirect-order-0001");
  EXPECT_EQ(link->url, "https://testpayv2.multisafepay.com/connect/82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv/?lang=nl_NL");
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "");
  EXPECT_EQ(link->amount, eur(1000));
  EXPECT_EQ(link->description, "Test Order Description");
  EXPECT_EQ(link->metadata.at("var1"), "invoice-2024-001");
  EXPECT_EQ(link->vendor_fields.at("session_id"), "82Az5nicWa3Xb3qsNuuYcAHshvO43HjUmyv");
  EXPECT_NE(link->raw_json.find("payment_url"), std::string::npos);
}

TEST(MultiSafepayCreate, ItemsWithoutAmountSendAShoppingCartAndTheirSum) {
  auto transport = replay("create_paymentlink_cart.http");
  CreateLinkRequest r;
  r.description = "Test Order Description";
  r.reference = "redirect-order-0001";
  LineItem backpack;
  backpack.title = "Backpack";
  backpack.description = "Black cotton backpack with logo.";
  backpack.quantity = 2;
  backpack.unit_price = eur(1250);
  LineItem shipping;
  shipping.title = "Shipping";
  shipping.unit_price = eur(495);
  r.items = {backpack, shipping};

  const auto link = fixture_client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(link->amount, eur(2995));
  ASSERT_EQ(link->items.size(), 2u);
  EXPECT_EQ(link->items[0].title, "Backpack");
}

TEST(MultiSafepayCreate, WithoutReferenceTheIdempotencyKeyIsTheOrderIdAndIsReportedBack) {
  auto transport = replay("create_generated_order_id.http");
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "Test Order Description";
  r.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";

  const auto link = fixture_client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(link->id, "0f8fad5b-d9cb-469f-a165-70867728950e");
  EXPECT_EQ(link->reference, link->id);
}

TEST(MultiSafepayCreate, WithoutReferenceOrKeyTheClientsUuidIsTheOrderId) {
  // The client makes the UUID before the first attempt; the adapter must send it as order_id.
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(
      200, R"({"success":true,"data":{"payment_url":"https://testpayv2.multisafepay.com/connect/x"}})"));
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "product description";
  const auto link = make_multisafepay_client(msp_test::test_config(), msp_test::options_for(transport)).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  ASSERT_EQ(transport->count(), 1u);
  const auto body = nlohmann::json::parse(transport->sent()[0].body);
  const auto order_id = body.at("order_id").get<std::string>();
  EXPECT_EQ(order_id.size(), 36u) << order_id;
  EXPECT_EQ(link->id, order_id);
  EXPECT_EQ(link->reference, order_id);
}

// --- Create: token (subsequent) payments ---------------------------------------------------------

TEST(MultiSafepayCreate, SubsequentDirectPaymentSendsTheDocumentedExampleExactly) {
  auto transport = replay("create_recurring_direct.http");
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "Subsequent recurring payments order, using a token";
  r.reference = "my-order-id-1";
  r.return_url = "https://www.example.com/client/notification?type=redirect";
  r.customer.reference = "customer-00001";
  r.multisafepay.type = MultiSafepayOrderType::direct;
  r.multisafepay.recurring_id = "azbkvsE0up4";
  r.multisafepay.recurring_model = MultiSafepayRecurringModel::unscheduled;
  r.multisafepay.notification_url = "https://www.example.com/client/notification?type=notification";
  r.multisafepay.cancel_url = "https://www.example.com/client/notification?type=cancel";
  r.multisafepay.close_window = true;

  const auto link = fixture_client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(link->id, "my-order-id-1");
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "initialized");
  EXPECT_EQ(link->amount, eur(1000));
  EXPECT_EQ(link->created_at, utc("2022-09-07T11:19:59Z"));
  EXPECT_EQ(link->vendor_fields.at("transaction_id"), "8996625");
}

TEST(MultiSafepayCreate, SubsequentDirectPaymentThatCompletesIsPaid) {
  auto transport = replay("create_recurring_direct_completed.http");
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "product description";
  r.reference = "apitool_9290375";
  r.customer.reference = "customer-00001";
  r.multisafepay.type = MultiSafepayOrderType::direct;
  r.multisafepay.recurring_id = "azbkvsE0up4";
  r.multisafepay.recurring_model = MultiSafepayRecurringModel::card_on_file;

  const auto link = fixture_client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(link->status, LinkStatus::paid);
  EXPECT_EQ(link->raw_status, "completed");
  EXPECT_EQ(link->completed_at, utc("2025-07-31T11:58:26Z"));
  EXPECT_EQ(link->vendor_fields.at("recurring_id"), "998163177297134120");
  EXPECT_EQ(link->vendor_fields.at("payment_type"), "VISA");
}

TEST(MultiSafepayCreate, SubsequentRedirectPaymentReturnsThePaymentPage) {
  auto transport = replay("create_recurring_redirect.http");
  CreateLinkRequest r;
  r.amount = eur(1000);
  r.description = "Test Order Description";
  r.reference = "redirect-order-0001";
  r.return_url = "https://www.example.com/order/success";
  r.customer.reference = "customer-00001";
  r.customer.first_name = "John";
  r.customer.last_name = "Doe";
  r.multisafepay.type = MultiSafepayOrderType::redirect;
  r.multisafepay.recurring_id = "133761993_gTp2";
  r.multisafepay.recurring_model = MultiSafepayRecurringModel::subscription;

  const auto link = fixture_client(transport).create(r);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_FALSE(link->url.empty());
}

// --- Get ---------------------------------------------------------------------------------------------

TEST(MultiSafepayGet, CompletedOrderIsPaidWithTimesAmountAndRawJson) {
  auto transport = replay("get_completed.http");
  const auto link = fixture_client(transport).get("example_order_123456");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_TRUE(transport->sent().front().idempotent);
  EXPECT_EQ(link->id, "example_order_123456");
  EXPECT_EQ(link->status, LinkStatus::paid);
  EXPECT_EQ(link->raw_status, "completed");
  EXPECT_EQ(link->amount, eur(1000));
  EXPECT_EQ(link->description, "product description");
  EXPECT_EQ(link->created_at, utc("2025-05-14T08:48:10Z"));  // zone-less, read as UTC
  EXPECT_EQ(link->completed_at, utc("2025-05-14T08:50:32Z"));
  EXPECT_TRUE(link->metadata.empty()) << "null var1..var3 are not metadata";
  EXPECT_EQ(link->vendor_fields.at("financial_status"), "completed");
  EXPECT_EQ(link->vendor_fields.at("transaction_id"), "17472052901237122");
  EXPECT_EQ(nlohmann::json::parse(link->raw_json).at("order_id"), "example_order_123456");
}

TEST(MultiSafepayGet, DeclinedOrderStaysOpenAndKeepsTheWordAndReason) {
  // The payer can try again on the payment page (declined_status in multisafepay_wire.hpp).
  auto transport = replay("get_declined.http");
  const auto link = fixture_client(transport).get("apitool_9290377");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "declined");
  EXPECT_EQ(link->vendor_fields.at("reason"), "3DS Authentication Failed / Card authentication failed");
  EXPECT_FALSE(link->completed_at.has_value());
}

TEST(MultiSafepayGet, UnclearedOrderWithIntegerIdAndCartIsPending) {
  auto transport = replay("get_uncleared.http");
  const auto link = fixture_client(transport).get("1588947171");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "1588947171");
  EXPECT_EQ(link->status, LinkStatus::pending);
  EXPECT_EQ(link->raw_status, "uncleared");
  EXPECT_EQ(link->amount, eur(10000));
  ASSERT_EQ(link->items.size(), 1u);
  EXPECT_EQ(link->items[0].title, "Geometric Candle Holders");
  EXPECT_EQ(link->items[0].quantity, 2);
  EXPECT_EQ(link->items[0].unit_price, eur(5000));
}

TEST(MultiSafepayGet, InitializedOrderIsOpen) {
  auto transport = replay("get_initialized.http");
  const auto link = fixture_client(transport).get("my-order-id-1");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->raw_status, "initialized");
}

TEST(MultiSafepayGet, UnknownOrderIsNotFound) {
  auto transport = replay("get_not_found.http");
  const auto link = fixture_client(transport).get("no-such-order");
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::not_found) << link.error().to_string();
  EXPECT_EQ(link.error().http_status, 404);
  EXPECT_EQ(link.error().vendor_code, "1006");
  EXPECT_EQ(link.error().vendor_message, "Invalid transaction ID");
}

TEST(MultiSafepayGet, ReadIsRetriedAfterA503) {
  auto transport = replay("get_503_then_completed.http");
  const auto link = fixture_client(transport, 2).get("example_order_123456");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(link->status, LinkStatus::paid);
}

// --- Cancel ------------------------------------------------------------------------------------------

TEST(MultiSafepayCancel, ExpireCancelsTheOrderAndReportsItCanceled) {
  auto transport = replay("cancel.http");
  const auto link = fixture_client(transport).expire("my-order-id-1");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(transport->sent().front().method, HttpMethod::patch);
  EXPECT_EQ(link->id, "my-order-id-1");
  EXPECT_EQ(link->status, LinkStatus::canceled);
  EXPECT_EQ(link->raw_status, "cancelled");
}

TEST(MultiSafepayCancel, CancelOfAGoneOrderIsNotFound) {
  auto transport = replay("cancel_gone.http");
  const auto link = fixture_client(transport).expire("no-such-order");
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::not_found) << link.error().to_string();
  EXPECT_EQ(link.error().http_status, 410);
  EXPECT_EQ(link.error().vendor_code, "1000");
}

// --- Errors ------------------------------------------------------------------------------------------

TEST(MultiSafepayErrors, InvalidApiKeyIsAuthAndNotRetryable) {
  auto transport = replay("error_invalid_api_key.http");
  const auto result = fixture_client(transport, 4).create(simple_create());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::auth) << result.error().to_string();
  EXPECT_FALSE(result.error().retryable);
  EXPECT_EQ(result.error().vendor_code, "1032");
  EXPECT_EQ(result.error().vendor_message, "Invalid API key");
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST(MultiSafepayErrors, DuplicateOrderIdIsConflict) {
  auto transport = replay("error_duplicate_order_id.http");
  const auto result = fixture_client(transport).create(simple_create());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::conflict) << result.error().to_string();
  EXPECT_EQ(result.error().vendor_code, "1006");
  EXPECT_EQ(result.error().http_status, 400);
}

TEST(MultiSafepayErrors, InvalidAmountIsValidationNamingAmount) {
  auto transport = replay("error_invalid_amount.http");
  const auto result = fixture_client(transport).create(simple_create());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::validation) << result.error().to_string();
  EXPECT_EQ(result.error().field, "amount");
  EXPECT_EQ(result.error().vendor_code, "1001");
}

TEST(MultiSafepayErrors, GatewayUnavailableIsRetryableButACreateIsNotResent) {
  auto transport = replay("error_gateway_unavailable.http");
  const auto result = fixture_client(transport, 4).create(simple_create());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::provider) << result.error().to_string();
  EXPECT_TRUE(result.error().retryable);
  EXPECT_EQ(result.error().vendor_code, "1023");
  EXPECT_EQ(transport->sent().size(), 1u) << "a create is never resent";
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
}

TEST(MultiSafepayErrors, UnmappedVendorCodeIsProviderWithCodeAndMessage) {
  auto transport = replay("error_generic_fail.http");
  const auto result = fixture_client(transport).create(simple_create());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::provider) << result.error().to_string();
  EXPECT_EQ(result.error().vendor_code, "418");
  EXPECT_EQ(result.error().vendor_message, "I'm a teapot");
  EXPECT_FALSE(result.error().retryable);
}

TEST(MultiSafepayErrors, HtmlPageIsInvalidResponse) {
  auto transport = replay("error_html.http");
  const auto result = fixture_client(transport).create(simple_create());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::invalid_response) << result.error().to_string();
}

// --- Ambiguous creates and reconcile --------------------------------------------------------------

TEST(MultiSafepayReconcile, LostAnswerIsAmbiguousAndReconcileFindsTheOrder) {
  auto transport = replay("create_ambiguous_reconciled_found.http");
  const Client client = fixture_client(transport, 4);
  const auto request = simple_create();
  const auto created = client.create(request);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.error().code, ErrorCode::ambiguous) << created.error().to_string();
  EXPECT_EQ(transport->sent().size(), 1u) << "the create must not be resent";

  const auto found = client.reconcile_create(request, created.error());
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(found->id, "my-order-id-1");
  EXPECT_EQ(found->status, LinkStatus::open);
}

TEST(MultiSafepayReconcile, DroppedCreateThatNeverArrivedIsNotFound) {
  auto transport = replay("create_ambiguous_reconciled_not_found.http");
  const Client client = fixture_client(transport, 4);
  const auto request = simple_create();
  const auto created = client.create(request);
  ASSERT_FALSE(created.ok());
  ASSERT_EQ(created.error().code, ErrorCode::ambiguous) << created.error().to_string();

  const auto found = client.reconcile_create(request, created.error());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::not_found) << found.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
}

TEST(MultiSafepayReconcile, OrderWithTheSameIdButAnotherAmountIsConflict) {
  auto transport = replay("create_ambiguous_reconciled_other_order.http");
  const Client client = fixture_client(transport, 4);
  auto request = simple_create();
  request.amount = eur(500);
  const auto created = client.create(request);
  ASSERT_FALSE(created.ok());
  ASSERT_EQ(created.error().code, ErrorCode::ambiguous);

  const auto found = client.reconcile_create(request, created.error());
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.error().code, ErrorCode::conflict) << found.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
}

}  // namespace
}  // namespace paylink
