// paylink::testing::FakeVendor, the in-memory vendor shipped to users: the real client loop runs against
// it (validation, retries, idempotency, pagination), it validates like a vendor, its failures can be
// scripted, and it is safe to share between threads. Its adapter also passes the conformance suite.
#include "paylink/testing/fake_vendor.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "conformance/conformance.hpp"
#include "testing/fake_vendor_server.hpp"
#include "testing/fake_vendor_store.hpp"
#include "testing/fake_vendor_wire.hpp"

namespace paylink {
namespace {

using paylink::testing::FakeVendor;
using paylink::testing::FakeVendorOptions;
namespace fake_vendor = paylink::testing::fake_vendor;
using std::chrono::milliseconds;

Money eur(const char* decimal) { return Money::parse(decimal, "EUR").value(); }

CreateLinkRequest link_of(const char* decimal, std::string description = "Invoice") {
  CreateLinkRequest r;
  r.amount = eur(decimal);
  r.description = std::move(description);
  return r;
}

// Options that record every wait instead of sleeping.
struct Sleeps {
  std::vector<milliseconds> waits;
  ClientOptions options() {
    ClientOptions o;
    o.sleeper = [this](milliseconds d) { waits.push_back(d); };
    return o;
  }
};

Error network_error_after_send() {
  Error e = Error::make(ErrorCode::network, "connection reset by peer");
  e.request_sent = true;
  return e;
}

Error unavailable_503() {
  Error e = Error::make(ErrorCode::provider, "fake: temporarily unavailable");
  e.http_status = 503;
  e.retryable = true;
  return e;
}

// --- Create, get, list, expire, update -------------------------------------------------------------

TEST(FakeVendorTest, CreateStoresLinkWithDeterministicIdAndUrl) {
  FakeVendor vendor;
  const Client client = vendor.client();
  auto request = link_of("12.50", "Order 42");
  request.reference = "order-42";
  request.metadata = {{"order", "42"}};
  request.customer.email = "payer@example.com";
  request.return_url = "https://shop.example/thanks";

  const auto first = client.create(request);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->id, "fake_1");
  EXPECT_EQ(first->url, "https://pay.fake.invalid/fake_1");
  EXPECT_EQ(first->provider, "fake");
  EXPECT_EQ(first->status, LinkStatus::open);
  EXPECT_EQ(first->raw_status, "open");
  ASSERT_TRUE(first->amount.has_value());
  EXPECT_EQ(*first->amount, eur("12.50"));
  EXPECT_EQ(first->description, "Order 42");
  EXPECT_EQ(first->reference, "order-42");
  EXPECT_EQ(first->metadata.at("order"), "42");
  EXPECT_EQ(first->vendor_fields.at("customer.email"), "payer@example.com");
  EXPECT_EQ(first->vendor_fields.at("return_url"), "https://shop.example/thanks");
  EXPECT_TRUE(first->created_at.has_value());
  EXPECT_FALSE(first->raw_json.empty());

  const auto second = client.create(link_of("1.00"));
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->id, "fake_2");
  EXPECT_EQ(vendor.links().size(), 2u);
  EXPECT_EQ(vendor.request_count(), 2u);
  EXPECT_EQ(client.provider_name(), FakeVendor::provider_name);
}

TEST(FakeVendorTest, ItemsWithoutAmountMakeALinkOfTheirSum) {
  FakeVendor vendor;
  CreateLinkRequest request;
  LineItem coffee;
  coffee.title = "Coffee";
  coffee.quantity = 3;
  coffee.unit_price = eur("2.20");
  LineItem cake;
  cake.title = "Cake";
  cake.unit_price = eur("4.15");
  request.items = {coffee, cake};

  const auto link = vendor.client().create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  ASSERT_TRUE(link->amount.has_value());
  EXPECT_EQ(*link->amount, eur("10.75"));
  ASSERT_EQ(link->items.size(), 2u);
  EXPECT_EQ(link->items[0].title, "Coffee");
  EXPECT_EQ(link->items[0].quantity, 3);
  EXPECT_EQ(link->items[1].unit_price, eur("4.15"));
}

TEST(FakeVendorTest, GetReturnsWhatTheVendorHoldsAndNotFoundOtherwise) {
  FakeVendor vendor;
  const Client client = vendor.client();
  ASSERT_TRUE(client.create(link_of("5.00")).ok());

  const auto link = client.get("fake_1");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "fake_1");
  EXPECT_EQ(link->raw_json, vendor.link("fake_1")->raw_json);

  const auto missing = client.get("fake_99");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::not_found);
  EXPECT_EQ(missing.error().http_status, 404);
  EXPECT_EQ(missing.error().vendor_code, "link_not_found");
  EXPECT_FALSE(missing.error().request_id.empty());
  EXPECT_FALSE(vendor.link("fake_99").has_value());
}

TEST(FakeVendorTest, ListAllWalksEveryPageInCreationOrder) {
  FakeVendor vendor;
  const Client client = vendor.client();
  for (int i = 0; i < 25; ++i) ASSERT_TRUE(client.create(link_of("1.00")).ok());
  const std::size_t before = vendor.request_count();

  ListQuery query;
  query.page_size = 10;
  std::vector<std::string> ids;
  for (const auto& link : client.list_all(query)) {
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    ids.push_back(link->id);
  }
  ASSERT_EQ(ids.size(), 25u);
  for (int i = 0; i < 25; ++i) EXPECT_EQ(ids[static_cast<std::size_t>(i)], "fake_" + std::to_string(i + 1));
  EXPECT_EQ(vendor.request_count() - before, 3u) << "pages of 10, 10 and 5";

  const auto first_page = client.list(query);
  ASSERT_TRUE(first_page.ok());
  EXPECT_EQ(first_page->items.size(), 10u);
  EXPECT_TRUE(first_page->has_more());
}

TEST(FakeVendorTest, ListFiltersByStatusAndReferenceAndSortsDescending) {
  FakeVendor vendor;
  const Client client = vendor.client();
  for (int i = 0; i < 6; ++i) {
    auto request = link_of("3.00");
    request.reference = i % 2 == 0 ? "even" : "odd";
    ASSERT_TRUE(client.create(request).ok());
  }
  ASSERT_TRUE(vendor.set_status("fake_2", LinkStatus::paid).ok());
  ASSERT_TRUE(vendor.set_status("fake_4", LinkStatus::paid).ok());

  ListQuery paid;
  paid.status = LinkStatus::paid;
  paid.page_size = 1;
  std::vector<std::string> ids;
  for (const auto& link : client.list_all(paid)) ids.push_back(link.value().id);
  EXPECT_EQ(ids, (std::vector<std::string>{"fake_2", "fake_4"}));

  ListQuery even;
  even.filters["reference"] = "even";
  even.sort_field = "created_at";
  even.sort_descending = true;
  ids.clear();
  for (const auto& link : client.list_all(even)) ids.push_back(link.value().id);
  EXPECT_EQ(ids, (std::vector<std::string>{"fake_5", "fake_3", "fake_1"}));

  ListQuery unknown_filter;
  unknown_filter.filters["colour"] = "blue";
  const auto refused = client.list(unknown_filter);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::validation);
  EXPECT_EQ(refused.error().field, "filters.colour");
}

TEST(FakeVendorTest, ExpireEndsAnOpenLinkAndRefusesAPaidOne) {
  FakeVendor vendor;
  const Client client = vendor.client();
  ASSERT_TRUE(client.create(link_of("9.99")).ok());
  ASSERT_TRUE(client.create(link_of("9.99")).ok());

  const auto expired = client.expire("fake_1");
  ASSERT_TRUE(expired.ok()) << expired.error().to_string();
  EXPECT_EQ(expired->status, LinkStatus::expired);
  EXPECT_EQ(vendor.link("fake_1")->status, LinkStatus::expired);
  EXPECT_TRUE(client.expire("fake_1").ok()) << "expiring twice is expiring once";

  ASSERT_TRUE(vendor.set_status("fake_2", LinkStatus::paid).ok());
  const auto paid = client.expire("fake_2");
  ASSERT_FALSE(paid.ok());
  EXPECT_EQ(paid.error().code, ErrorCode::conflict);
  EXPECT_EQ(paid.error().http_status, 409);
  EXPECT_EQ(vendor.link("fake_2")->status, LinkStatus::paid);
}

TEST(FakeVendorTest, UpdateMergesMetadataAndAnEmptyValueRemovesAKey) {
  FakeVendor vendor;
  const Client client = vendor.client();
  auto request = link_of("20.00");
  request.metadata = {{"order", "7"}, {"channel", "web"}};
  ASSERT_TRUE(client.create(request).ok());

  UpdateLinkRequest update;
  update.metadata = {{"channel", ""}, {"note", "gift"}};
  const auto updated = client.update("fake_1", update);
  ASSERT_TRUE(updated.ok()) << updated.error().to_string();
  EXPECT_EQ(updated->metadata, (std::map<std::string, std::string>{{"note", "gift"}, {"order", "7"}}));
  EXPECT_EQ(vendor.link("fake_1")->metadata, updated->metadata);

  const auto nothing = client.update("fake_1", UpdateLinkRequest{});
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(nothing.error().code, ErrorCode::validation);
  EXPECT_EQ(nothing.error().field, "metadata");
}

TEST(FakeVendorTest, APaymentIsRecordedWhenThePayerPays) {
  FakeVendor vendor;
  const Client client = vendor.client();
  auto request = link_of("15.00");
  request.customer.email = "payer@example.com";
  ASSERT_TRUE(client.create(request).ok());
  EXPECT_TRUE(client.list_payments("fake_1").value().items.empty());

  const auto paid = vendor.set_status("fake_1", LinkStatus::paid);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->status, LinkStatus::paid);
  EXPECT_TRUE(paid->completed_at.has_value());
  EXPECT_EQ(client.get("fake_1").value().status, LinkStatus::paid);

  const auto payments = client.list_payments("fake_1");
  ASSERT_TRUE(payments.ok()) << payments.error().to_string();
  ASSERT_EQ(payments->items.size(), 1u);
  EXPECT_EQ(payments->items[0].id, "pay_1");
  EXPECT_EQ(payments->items[0].amount, eur("15.00"));
  EXPECT_EQ(payments->items[0].status, "paid");
  EXPECT_EQ(payments->items[0].debitor_email, "payer@example.com");

  EXPECT_EQ(vendor.set_status("fake_404", LinkStatus::paid).error().code, ErrorCode::not_found);
  EXPECT_EQ(vendor.set_status("fake_1", LinkStatus::canceled).value().status, LinkStatus::canceled);
}

TEST(FakeVendorTest, ListsTheConfiguredPaymentMethods) {
  FakeVendorOptions options;
  options.payment_methods = {{"apple_pay", true}, {"ideal", false}};
  FakeVendor vendor(options);
  const auto methods = vendor.client().list_payment_methods();
  ASSERT_TRUE(methods.ok()) << methods.error().to_string();
  ASSERT_EQ(methods->size(), 2u);
  EXPECT_EQ((*methods)[0].name, "apple_pay");
  EXPECT_TRUE((*methods)[0].enabled);
  EXPECT_FALSE((*methods)[1].enabled);
}

TEST(FakeVendorTest, ALinkExpiresWhenItsLifetimeEndsByTheVendorsClock) {
  Timestamp now = Timestamp(std::chrono::seconds(1'700'000'000));
  FakeVendorOptions options;
  options.clock = [&now] { return now; };
  FakeVendor vendor(options);
  auto request = link_of("4.00");
  request.lifetime = std::chrono::hours(1);
  const auto link = vendor.client().create(request);
  ASSERT_TRUE(link.ok());
  EXPECT_EQ(link->created_at, now);
  EXPECT_EQ(link->expires_at, now + std::chrono::hours(1));

  now += std::chrono::hours(2);
  EXPECT_EQ(vendor.client().get("fake_1").value().status, LinkStatus::expired);
}

// --- Validation ------------------------------------------------------------------------------------

TEST(FakeVendorTest, InvalidCreatesAreRefusedNamingTheFieldAndSendNothing) {
  FakeVendor vendor;
  const Client client = vendor.client();
  struct Case {
    CreateLinkRequest request;
    std::string field;
  };
  std::vector<Case> cases;
  cases.push_back({CreateLinkRequest{}, "amount"});
  cases.push_back({link_of("-1.00"), "amount"});
  cases.push_back({link_of("0.00"), "amount"});
  cases.push_back({link_of("1.00", std::string(256, 'x')), "description"});
  {
    auto r = link_of("1.00");
    LineItem item;
    item.title = "Thing";
    item.quantity = 0;
    item.unit_price = eur("1.00");
    r.items = {item};
    cases.push_back({r, "items[0].quantity"});
  }
  {
    auto r = link_of("3.00");
    LineItem item;
    item.title = "Thing";
    item.unit_price = eur("1.00");
    r.items = {item};
    cases.push_back({r, "amount"});  // 3.00 is not the items' 1.00
  }
  {
    auto r = link_of("1.00");
    r.customer.email = "not-an-address";
    cases.push_back({r, "customer.email"});
  }

  for (const auto& c : cases) {
    const auto result = client.create(c.request);
    ASSERT_FALSE(result.ok()) << "accepted a create that should name " << c.field;
    EXPECT_EQ(result.error().code, ErrorCode::validation) << result.error().to_string();
    EXPECT_EQ(result.error().field, c.field) << result.error().to_string();
  }
  // A description of 255 characters (multi-byte ones count once) is within the limit.
  std::string long_text;
  for (int i = 0; i < 255; ++i) long_text += "\xc3\xa9";  // é
  EXPECT_TRUE(client.create(link_of("1.00", long_text)).ok());

  EXPECT_EQ(vendor.request_count(), 1u) << "only the valid create was sent";
  EXPECT_EQ(vendor.links().size(), 1u);
}

// --- Scripted failures -----------------------------------------------------------------------------

TEST(FakeVendorTest, ARetryable503IsRetriedAndTheKeyedLinkIsCreatedOnce) {
  FakeVendor vendor;
  Sleeps sleeps;
  const Client client = vendor.client(sleeps.options());
  vendor.fail_next(unavailable_503());

  auto request = link_of("30.00");
  request.idempotency_key = "order-30-attempt";
  const auto link = client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "fake_1");
  EXPECT_EQ(vendor.request_count(), 2u);
  EXPECT_EQ(vendor.links().size(), 1u);
  EXPECT_EQ(sleeps.waits.size(), 1u) << "one backoff between the two attempts, through the injected sleeper";
}

TEST(FakeVendorTest, ARetryable503OnAReadIsRetried) {
  FakeVendor vendor;
  Sleeps sleeps;
  const Client client = vendor.client(sleeps.options());
  ASSERT_TRUE(client.create(link_of("1.00")).ok());
  vendor.fail_next(unavailable_503(), 2);
  EXPECT_TRUE(client.get("fake_1").ok());
  EXPECT_EQ(vendor.request_count(), 4u);
  EXPECT_EQ(sleeps.waits.size(), 2u);
}

TEST(FakeVendorTest, ACreateWithoutAKeyIsNotRepeatedAfterA503) {
  FakeVendor vendor;
  Sleeps sleeps;
  const Client client = vendor.client(sleeps.options());
  vendor.fail_next(unavailable_503());
  const auto link = client.create(link_of("30.00"));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::provider);
  EXPECT_EQ(link.error().http_status, 503);
  EXPECT_EQ(vendor.request_count(), 1u);
  EXPECT_TRUE(vendor.links().empty());
}

TEST(FakeVendorTest, ALostCreateWithoutAKeyIsAmbiguousAndReconcileFindsNothing) {
  FakeVendor vendor;
  Sleeps sleeps;
  const Client client = vendor.client(sleeps.options());
  vendor.fail_next(network_error_after_send());

  const auto request = link_of("50.00");
  const auto link = client.create(request);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::ambiguous) << link.error().to_string();
  EXPECT_FALSE(link.error().reconcile_key.empty());
  EXPECT_EQ(vendor.request_count(), 1u) << "a create that may have arrived is never resent";
  EXPECT_TRUE(sleeps.waits.empty());

  // fail_next: the vendor never acted, so reconciling reports that the link does not exist.
  const auto reconciled = client.reconcile_create(request, link.error());
  ASSERT_FALSE(reconciled.ok());
  EXPECT_EQ(reconciled.error().code, ErrorCode::not_found);
  EXPECT_TRUE(vendor.links().empty());
}

TEST(FakeVendorTest, ALostAnswerAfterTheVendorActedIsReconciledToTheLink) {
  FakeVendor vendor;
  const Client client = vendor.client();
  vendor.lose_next_response();

  const auto request = link_of("50.00");
  const auto link = client.create(request);
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::ambiguous);
  ASSERT_EQ(vendor.links().size(), 1u) << "the vendor made the link; only its answer was lost";

  const auto reconciled = client.reconcile_create(request, link.error());
  ASSERT_TRUE(reconciled.ok()) << reconciled.error().to_string();
  EXPECT_EQ(reconciled->id, "fake_1");
}

TEST(FakeVendorTest, AKeyedCreateIsRetriedAfterALostAnswerAndMadeOnce) {
  FakeVendor vendor;
  Sleeps sleeps;
  const Client client = vendor.client(sleeps.options());
  auto request = link_of("75.00");
  request.idempotency_key = "checkout-75";

  vendor.fail_next(network_error_after_send());
  const auto after_drop = client.create(request);
  ASSERT_TRUE(after_drop.ok()) << after_drop.error().to_string();
  EXPECT_EQ(vendor.request_count(), 2u);

  vendor.lose_next_response();
  const auto after_loss = client.create(request);  // same key: the vendor replays the link it made
  ASSERT_TRUE(after_loss.ok()) << after_loss.error().to_string();
  EXPECT_EQ(after_loss->id, after_drop->id);
  EXPECT_EQ(vendor.links().size(), 1u);
  EXPECT_EQ(vendor.request_count(), 4u);

  auto other = link_of("80.00");
  other.idempotency_key = "checkout-75";
  const auto reused = client.create(other);
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::conflict);
  EXPECT_EQ(vendor.links().size(), 1u);
}

TEST(FakeVendorTest, AScriptedErrorArrivesWithItsCodeStatusAndDetails) {
  FakeVendor vendor;
  const Client client = vendor.client(ClientOptions{});
  ASSERT_TRUE(client.create(link_of("1.00")).ok());

  Error refused = Error::validation("reference", "fake: reference already used");
  refused.http_status = 400;
  refused.vendor_code = "duplicate_reference";
  refused.vendor_message = "Reference must be unique";
  vendor.fail_next(refused);
  vendor.fail_next(Error::make(ErrorCode::auth, "fake: key revoked"));

  const auto first = client.create(link_of("2.00"));
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::validation);
  EXPECT_EQ(first.error().http_status, 400);
  EXPECT_EQ(first.error().message, "fake: reference already used");
  EXPECT_EQ(first.error().field, "reference");
  EXPECT_EQ(first.error().vendor_code, "duplicate_reference");
  EXPECT_EQ(first.error().vendor_message, "Reference must be unique");
  EXPECT_FALSE(first.error().request_id.empty());

  const auto second = client.get("fake_1");
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::auth);
  EXPECT_EQ(second.error().http_status, 401);
  EXPECT_EQ(second.error().message, "fake: key revoked");

  EXPECT_TRUE(client.get("fake_1").ok()) << "the script is used up";
  EXPECT_EQ(vendor.links().size(), 1u);
}

TEST(FakeVendorTest, ARateLimitCarriesRetryAfterWhichTheClientHonours) {
  FakeVendor vendor;
  Sleeps sleeps;
  const Client client = vendor.client(sleeps.options());
  ASSERT_TRUE(client.create(link_of("1.00")).ok());
  Error limited = Error::make(ErrorCode::rate_limited, "fake: slow down");
  limited.retryable = true;
  limited.retry_after = milliseconds(1500);
  vendor.fail_next(limited);

  ASSERT_TRUE(client.get("fake_1").ok());
  ASSERT_EQ(sleeps.waits.size(), 1u);
  EXPECT_EQ(sleeps.waits[0], milliseconds(1500));
}

TEST(FakeVendorTest, AnUnansweredReadIsRetriedAndATimeoutOnAWriteToo) {
  FakeVendor vendor;
  const Client client = vendor.client();
  ASSERT_TRUE(client.create(link_of("1.00")).ok());
  Error timeout = Error::make(ErrorCode::timeout, "timed out");
  timeout.request_sent = true;
  vendor.fail_next(timeout);
  EXPECT_TRUE(client.expire("fake_1").ok()) << "expire is idempotent";
  vendor.fail_next(Error::make(ErrorCode::network, "connection refused"));  // never sent
  EXPECT_TRUE(client.create(link_of("2.00")).ok()) << "a create that surely did not arrive is retried";
  EXPECT_EQ(vendor.links().size(), 2u);
}

// --- Threads ---------------------------------------------------------------------------------------

TEST(FakeVendorTest, EightThreadsShareOneVendor) {
  FakeVendor vendor;
  const Client client = vendor.client();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const Client own = t % 2 == 0 ? client : vendor.client();  // shared and separate clients alike
      for (int i = 0; i < kPerThread; ++i) {
        auto request = link_of("1.00");
        request.reference = "thread-" + std::to_string(t);
        const auto link = own.create(request);
        if (!link.ok() || !own.get(link->id).ok()) {
          ++failures;
          continue;
        }
        ListQuery query;
        query.page_size = 5;
        if (!own.list(query).ok()) ++failures;
        if (i % 5 == 0) {
          if (!vendor.set_status(link->id, LinkStatus::paid).ok()) ++failures;
          (void)vendor.links();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);

  std::set<std::string> ids;
  for (const auto& link : client.list_all(ListQuery{})) ids.insert(link.value().id);
  EXPECT_EQ(ids.size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_TRUE(ids.count("fake_1") && ids.count("fake_200"));
  EXPECT_EQ(vendor.links().size(), static_cast<std::size_t>(kThreads * kPerThread));
  EXPECT_GE(vendor.request_count(), static_cast<std::size_t>(kThreads * kPerThread * 3));
}

// --- The parts on their own: the wire both ways, the server's own checks ----------------------------

TEST(FakeVendorTest, PaymentsArePagedByTheirCursor) {
  FakeVendor vendor;
  const Client client = vendor.client();
  auto request = link_of("5.00");
  request.reusable = true;
  ASSERT_TRUE(client.create(request).ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(vendor.set_status("fake_1", LinkStatus::paid).ok());

  ListQuery query;
  query.page_size = 2;
  const auto first = client.list_payments("fake_1", query);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].id, "pay_1");
  EXPECT_EQ(first->items[1].id, "pay_2");
  EXPECT_EQ(first->next_cursor, "pay_2");

  query.cursor = first->next_cursor;
  const auto second = client.list_payments("fake_1", query);
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].id, "pay_3");
  EXPECT_FALSE(second->has_more());

  query.cursor = "pay_99";
  const auto unknown = client.list_payments("fake_1", query);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::validation);
  EXPECT_EQ(unknown.error().field, "cursor");
}

TEST(FakeVendorTest, ALinkWithAnAmountOfTheWrongTypeIsAnInvalidResponse) {
  const auto provider = FakeVendor().client().provider();
  HttpResponse response;
  response.status = 200;
  response.body = R"({"link":{"id":"fake_1","url":"https://pay.fake.invalid/fake_1","status":"open","amount":7}})";
  const auto link = provider->decode_get(response);
  ASSERT_FALSE(link.ok()) << "an amount that is not an object was read as no amount";
  EXPECT_EQ(link.error().code, ErrorCode::invalid_response);
}

TEST(FakeVendorTest, TheCreateBodyReadsBackAsTheRequestItCarries) {
  CreateLinkRequest request = link_of("12.00", "Two books");
  request.items = {LineItem{}, LineItem{}};
  request.items[0].title = "Book";
  request.items[0].quantity = 2;
  request.items[0].unit_price = eur("6.00");
  request.items[0].vat_rate = "7.0";
  request.items[0].type = "good";
  request.items[1].title = "Wrapping";
  request.items[1].quantity = 1;
  request.items[1].unit_price = eur("0.00");
  request.items[1].description = "free";
  request.items[1].measure_unit = "unit";
  request.reference = "order-12";
  request.customer.reference = "c-9";
  request.customer.email = "payer@example.com";
  request.customer.locale = "de_DE";
  request.return_url = "https://shop.example/thanks";
  request.lifetime = std::chrono::seconds(3600);
  request.reusable = true;
  request.notify_customer = true;
  request.metadata = {{"order", "12"}};

  const auto read = fake_vendor::create_body_from(fake_vendor::create_body_json(request, "key-1").dump());
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  const CreateLinkRequest& back = read->request;
  EXPECT_EQ(read->request_key, "key-1");
  EXPECT_EQ(back.amount, request.amount);
  ASSERT_EQ(back.items.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(back.items[i].title, request.items[i].title);
    EXPECT_EQ(back.items[i].quantity, request.items[i].quantity);
    EXPECT_EQ(back.items[i].unit_price, request.items[i].unit_price);
    EXPECT_EQ(back.items[i].vat_rate, request.items[i].vat_rate);
    EXPECT_EQ(back.items[i].type, request.items[i].type);
    EXPECT_EQ(back.items[i].description, request.items[i].description);
    EXPECT_EQ(back.items[i].measure_unit, request.items[i].measure_unit);
  }
  EXPECT_EQ(back.description, request.description);
  EXPECT_EQ(back.reference, request.reference);
  EXPECT_EQ(back.customer.reference, "c-9");
  EXPECT_EQ(back.customer.email, "payer@example.com");
  EXPECT_EQ(back.customer.locale, "de_DE");
  EXPECT_TRUE(back.customer.first_name.empty());
  EXPECT_EQ(back.return_url, request.return_url);
  EXPECT_EQ(back.lifetime, request.lifetime);
  EXPECT_TRUE(back.reusable);
  EXPECT_TRUE(back.notify_customer);
  EXPECT_EQ(back.metadata, request.metadata);
}

// A create that did not come through the adapter: the server applies the rules itself.
TEST(FakeVendorTest, TheServerChecksACreateAgainOnArrival) {
  const auto store = std::make_shared<FakeVendor::State>();
  const auto server = fake_vendor::make_server(store);
  const auto post = [&](std::string body) {
    HttpRequest request;
    request.method = HttpMethod::post;
    request.url = "fake://paylink/links";
    request.body = std::move(body);
    return server->send(request).value();
  };
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"amount":{"value":"-5.00","currency":"EUR"}})", "amount"},
      {R"({"amount":{"value":"5.00","currency":"EUR"},"description":")" + std::string(300, 'd') + R"("})",
       "description"},
      {R"({"amount":{"value":"5.00"}})", "amount"},
      {R"({"items":"two books"})", "items"},
      {R"({"amount":{"value":"5.00","currency":"EUR"},"metadata":{"order":7}})", "metadata"},
      {R"({"amount":{"value":"5.00","currency":"EUR"},"description":5})", "body"},
      {"not json", "body"},
  };
  for (const auto& [body, field] : cases) {
    const HttpResponse response = post(body);
    EXPECT_EQ(response.status, 422) << body;
    const Error error = fake_vendor::error_from(response);
    EXPECT_EQ(error.code, ErrorCode::validation) << body;
    EXPECT_EQ(error.field, field) << body << ": " << error.to_string();
  }
  EXPECT_TRUE(store->links.empty());

  const HttpResponse created = post(R"({"amount":{"value":"5.00","currency":"EUR"}})");
  EXPECT_EQ(created.status, 201);
  ASSERT_EQ(store->links.size(), 1u);
  EXPECT_EQ(store->links[0].amount, eur("5.00"));
}

// --- The fake's adapter is held to the same conformance as the real vendors' -------------------------

conformance::ConformanceCase fake_conformance_case() {
  conformance::ConformanceCase c;
  c.name = "fake";
  c.make_provider = [] { return FakeVendor().client().provider(); };
  c.valid_create = link_of("10.00");
  c.invalid_creates.push_back(CreateLinkRequest{});
  c.invalid_creates.push_back(link_of("-5.00"));
  c.invalid_creates.push_back(link_of("1.00", std::string(300, 'd')));
  HttpResponse auth;
  auth.status = 401;
  auth.body = R"({"error":{"type":"auth","message":"fake: unknown API key"}})";
  c.auth_failure = auth;
  c.status_response = [](const std::string& word) {
    HttpResponse r;
    r.status = 200;
    r.body = R"({"link":{"id":"link-1","url":"https://pay.fake.invalid/link-1","status":")" + word + R"("}})";
    return r;
  };
  c.status_words = {{"open", LinkStatus::open},
                    {"paid", LinkStatus::paid},
                    {"expired", LinkStatus::expired},
                    {"canceled", LinkStatus::canceled}};
  return c;
}

}  // namespace

namespace conformance {
INSTANTIATE_TEST_SUITE_P(Fake, ProviderConformance, ::testing::Values(fake_conformance_case()),
                         [](const auto& p) { return p.param.name; });
}  // namespace conformance

}  // namespace paylink
