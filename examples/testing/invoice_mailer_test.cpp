// Tests of the example application (invoice_mailer.hpp) three ways, as docs/testing.md explains:
//   1. MockTransport: a real Qonto client over a gMock transport, each vendor answer scripted;
//   2. FakeVendor: a real client of an in-memory vendor, with scripted failures;
//   3. a gMock of the application's own PaymentLinks seam, for the mailer's logic alone.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <paylink/batch.hpp>
#include <paylink/client_options.hpp>
#include <paylink/error.hpp>
#include <paylink/error_code.hpp>
#include <paylink/http_headers.hpp>
#include <paylink/providers/qonto.hpp>
#include <paylink/testing/fake_vendor.hpp>
#include <paylink/testing/http_exchange.hpp>
#include <paylink/testing/mock_transport.hpp>

#include "invoice_mailer.hpp"

namespace {

using ::testing::_;
using ::testing::AllOf;
using ::testing::DoAll;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Return;
using ::testing::StrictMock;

using billing::ClientPaymentLinks;
using billing::Invoice;
using billing::InvoiceMailer;
using billing::MailOutcome;
using paylink::HttpRequest;
using paylink::HttpResponse;
using paylink::testing::MockTransport;

constexpr const char* kQontoCreateUrl = "https://thirdparty.qonto.com/v2/payment_links";

// The response of a recorded Qonto exchange (tests/fixtures/qonto/, the vendor's bytes verbatim).
HttpResponse recorded_qonto_response(const std::string& fixture) {
  const auto exchanges = paylink::testing::load_fixture(std::string(PAYLINK_FIXTURES_DIR) + "/qonto/" + fixture);
  return exchanges.value().at(0).response;  // value() throws, failing the test, if the file is unreadable
}

Invoice march_invoice() { return {"2026-117", paylink::Money::parse("1100.50", "EUR").value(), "Ms Lindqvist"}; }

// A real Qonto client whose requests go to `transport`, retrying up to `attempts` times without waiting.
paylink::Client qonto_client_over(std::shared_ptr<paylink::Transport> transport, int attempts) {
  paylink::QontoConfig config;
  config.access_token = "qonto-test-access-token";
  paylink::ClientOptions options;
  options.transport = std::move(transport);
  options.retry.max_attempts = attempts;
  options.sleeper = [](std::chrono::milliseconds) {};
  return paylink::make_qonto_client(config, options);
}

// --- 1. MockTransport: when Qonto answers 429 twice, my code ... ----------------------------------------

TEST(InvoiceMailerOverMockTransport, MailsTheLinkWhenQontoAnswers429TwiceThen201) {
  const HttpResponse too_many_requests = recorded_qonto_response("error_429.http");
  const HttpResponse created = recorded_qonto_response("create_from_amount.http");
  auto transport = std::make_shared<StrictMock<MockTransport>>();
  std::vector<std::string> idempotency_keys;
  const auto remember_key = [&idempotency_keys](const HttpRequest& request) {
    idempotency_keys.push_back(paylink::find_header(request.headers, "X-Qonto-Idempotency-Key").value_or(""));
  };
  EXPECT_CALL(*transport, send(AllOf(Field(&HttpRequest::method, paylink::HttpMethod::post),
                                     Field(&HttpRequest::url, kQontoCreateUrl),
                                     Field(&HttpRequest::body, HasSubstr(R"("value":"1100.50")")))))
      .Times(3)
      .WillOnce(DoAll(remember_key, Return(too_many_requests)))
      .WillOnce(DoAll(remember_key, Return(too_many_requests)))
      .WillOnce(DoAll(remember_key, Return(created)));

  ClientPaymentLinks links(qonto_client_over(transport, 3));
  const billing::MailReport report = InvoiceMailer(links).mail(march_invoice());

  EXPECT_EQ(report.outcome, MailOutcome::sent);
  EXPECT_EQ(
      report.text,
      "Dear Ms Lindqvist, please pay invoice 2026-117 (1100.50 EUR) at "
      "https://pay.qonto.com/0197a2c4-1b7e-7d11-9c5a-3e2f1d0c9b8a?resource_id=0197a2c4-2c8f-7e22-8d6b-4f3e2e1d0c9b");
  // Why the retries were safe: every attempt carried the same key, so Qonto makes one link.
  ASSERT_EQ(idempotency_keys.size(), 3u);
  EXPECT_FALSE(idempotency_keys[0].empty());
  EXPECT_EQ(idempotency_keys[1], idempotency_keys[0]);
  EXPECT_EQ(idempotency_keys[2], idempotency_keys[0]);
}

TEST(InvoiceMailerOverMockTransport, ReportsRetryLaterWhenQontoAnswers429ToEveryAttempt) {
  auto transport = std::make_shared<StrictMock<MockTransport>>();
  EXPECT_CALL(*transport, send(Field(&HttpRequest::url, kQontoCreateUrl)))
      .Times(3)
      .WillRepeatedly(Return(recorded_qonto_response("error_429.http")));

  ClientPaymentLinks links(qonto_client_over(transport, 3));
  const billing::MailReport report = InvoiceMailer(links).mail(march_invoice());

  EXPECT_EQ(report.outcome, MailOutcome::retry_later);
  // Qonto documents no Retry-After, so the report names no wait.
  EXPECT_EQ(report.text, "retry later: the payment vendor is rate limiting (HTTP 429)");
}

TEST(InvoiceMailerOverMockTransport, AnUnscriptedRequestFailsAsANetworkErrorThatWasNotSent) {
  auto transport = std::make_shared<MockTransport>();  // naggy: the unscripted call is only a warning
  EXPECT_CALL(*transport, send(_)).Times(1);           // expected, but no answer given

  ClientPaymentLinks links(qonto_client_over(transport, 1));
  const billing::MailReport report = InvoiceMailer(links).mail(march_invoice());

  EXPECT_EQ(report.outcome, MailOutcome::retry_later);
  EXPECT_THAT(report.text, HasSubstr("MockTransport: no expectation answers this request"));
}

// The default TransferSession sends through `send`, so a batch run meets the same expectations.
TEST(MockTransportWithBatchRunner, BatchCreatesGoThroughSend) {
  auto transport = std::make_shared<StrictMock<MockTransport>>();
  EXPECT_CALL(*transport, send(Field(&HttpRequest::url, kQontoCreateUrl)))
      .Times(2)
      .WillRepeatedly(Return(recorded_qonto_response("create_from_amount.http")));

  paylink::BatchRunner runner(qonto_client_over(transport, 1));
  int next_row = 0;
  std::vector<std::string> tags;
  const paylink::BatchSummary summary = runner.create_all(
      [&next_row]() -> std::optional<paylink::BatchCreate> {
        if (next_row == 2) return std::nullopt;
        paylink::BatchCreate item;
        item.tag = "row " + std::to_string(++next_row);
        item.request.amount = paylink::Money::parse("1100.50", "EUR").value();
        item.request.description = "Consulting, March";
        return item;
      },
      [&tags](const paylink::BatchResult& result) {
        if (result.result) tags.push_back(result.tag);
      });

  EXPECT_EQ(summary.succeeded, 2u);
  EXPECT_EQ(summary.failed, 0u);
  EXPECT_THAT(tags, ::testing::UnorderedElementsAre("row 1", "row 2"));
}

// --- 2. FakeVendor: an in-memory vendor with scripted failures -------------------------------------------

TEST(InvoiceMailerOverFakeVendor, ReportsRetryLaterAndCreatesNothingWhileTheVendorRateLimits) {
  paylink::testing::FakeVendor vendor;
  paylink::Error slow_down = paylink::Error::make(paylink::ErrorCode::rate_limited, "too many requests");
  slow_down.retryable = true;
  slow_down.retry_after = std::chrono::seconds(30);
  vendor.fail_next(slow_down);
  ClientPaymentLinks links(vendor.client());
  const InvoiceMailer mailer(links);

  const billing::MailReport busy = mailer.mail(march_invoice());
  EXPECT_EQ(busy.outcome, MailOutcome::retry_later);
  EXPECT_EQ(busy.text, "retry later: the payment vendor is rate limiting (HTTP 429), it asks for 30 s");
  EXPECT_TRUE(vendor.links().empty());

  const billing::MailReport later = mailer.mail(march_invoice());  // the script is used up
  EXPECT_EQ(later.outcome, MailOutcome::sent);
  ASSERT_EQ(vendor.links().size(), 1u);
  EXPECT_EQ(vendor.links()[0].reference, "2026-117");
  EXPECT_THAT(later.text, HasSubstr(vendor.links()[0].url));
}

TEST(InvoiceMailerOverFakeVendor, AsksForReconcilingWhenTheCreateReachedTheVendorButTheAnswerWasLost) {
  paylink::testing::FakeVendor vendor;
  vendor.lose_next_response();
  ClientPaymentLinks links(vendor.client());

  const billing::MailReport report = InvoiceMailer(links).mail(march_invoice());

  EXPECT_EQ(report.outcome, MailOutcome::needs_attention);
  EXPECT_EQ(report.text, "invoice 2026-117: the link may exist, reconcile before mailing again");
  EXPECT_EQ(vendor.links().size(), 1u);  // it does: mailing again blindly would have made a second one
}

// --- 3. The application's own seam, mocked: the mailer's logic alone -----------------------------------

class MockPaymentLinks : public billing::PaymentLinks {
 public:
  MOCK_METHOD(paylink::Result<paylink::PaymentLink>, create_for, (const Invoice& invoice), (override));
};

TEST(InvoiceMailerOverItsOwnSeam, AsksForNoLinkForAnInvoiceWithNothingToPay) {
  StrictMock<MockPaymentLinks> links;
  EXPECT_CALL(links, create_for(_)).Times(0);
  Invoice credit_note = march_invoice();
  credit_note.total = paylink::Money::parse("0.00", "EUR").value();

  const billing::MailReport report = InvoiceMailer(links).mail(credit_note);

  EXPECT_EQ(report.outcome, MailOutcome::needs_attention);
  EXPECT_EQ(report.text, "invoice 2026-117 has nothing to pay");
}

TEST(InvoiceMailerOverItsOwnSeam, ReportsAVendorRefusalWithTheVendorsWords) {
  StrictMock<MockPaymentLinks> links;
  paylink::Error refused = paylink::Error::validation("amount", "the amount is above the account's limit");
  EXPECT_CALL(links, create_for(Field(&Invoice::number, "2026-117"))).WillOnce(Return(refused));

  const billing::MailReport report = InvoiceMailer(links).mail(march_invoice());

  EXPECT_EQ(report.outcome, MailOutcome::needs_attention);
  EXPECT_THAT(report.text, HasSubstr("invoice 2026-117 not mailed: "));
  EXPECT_THAT(report.text, HasSubstr("the amount is above the account's limit"));
}

}  // namespace
