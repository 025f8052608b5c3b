// Every vendor end to end: the real Client and CurlTransport against paylink-sandbox on loopback.
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "demo_credentials.hpp"
#include "paylink/paylink.hpp"
#include "sandbox_suite.hpp"

namespace paylink::integration {
namespace {

namespace sandbox = paylink_sandbox::demo;
using test_support::test_options;

class Lifecycle : public test_support::SandboxSuite {};

Money eur(const char* decimal) { return *Money::parse(decimal, "EUR"); }

TEST_F(Lifecycle, QontoCreateGetListPayDeactivate) {
  const Client client = qonto();
  CreateLinkRequest request;
  LineItem item;
  item.title = "Item 1";  // the seed's basket: 1 x 10.99 at 21 % VAT is 13.30 gross
  item.quantity = 1;
  item.unit_price = eur("10.99");
  item.vat_rate = "21.0";
  request.items = {item};
  request.description = "Item 1 description";
  const auto created = client.create(request);
  ASSERT_TRUE(created.ok()) << created.error().to_string();
  EXPECT_EQ(created->status, LinkStatus::open);
  ASSERT_TRUE(created->amount);
  EXPECT_EQ(created->amount->minor_units(), 1330);
  EXPECT_EQ(created->url.rfind(sandbox_->base_url() + "/pay/", 0), 0u) << created->url;

  const auto fetched = client.get(created->id);
  ASSERT_TRUE(fetched.ok()) << fetched.error().to_string();
  EXPECT_EQ(fetched->id, created->id);

  CreateLinkRequest second;
  second.amount = eur("5.00");
  second.description = "Second";
  const auto other = client.create(second);
  ASSERT_TRUE(other.ok()) << other.error().to_string();

  ListQuery query;
  query.page_size = 1;
  std::set<std::string> ids;
  for (const auto& link : client.list_all(query)) {
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    ids.insert(link->id);
  }
  EXPECT_EQ(ids, (std::set<std::string>{created->id, other->id}));

  sandbox_->pay(created->url);
  const auto paid = client.get(created->id);
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->status, LinkStatus::paid);
  const auto payments = client.list_payments(created->id);
  ASSERT_TRUE(payments.ok()) << payments.error().to_string();
  ASSERT_EQ(payments->items.size(), 1u);
  ASSERT_TRUE(payments->items[0].amount);
  EXPECT_EQ(payments->items[0].amount->minor_units(), 1330);

  const auto canceled = client.expire(other->id);
  ASSERT_TRUE(canceled.ok()) << canceled.error().to_string();
  EXPECT_EQ(client.get(other->id)->status, LinkStatus::canceled);

  const auto methods = client.list_payment_methods();
  ASSERT_TRUE(methods.ok()) << methods.error().to_string();
  EXPECT_FALSE(methods->empty());
}

TEST_F(Lifecycle, SmarterPayCreateUpdateListAcrossPagesExpire) {
  const Client client = smarterpay();
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    CreateLinkRequest request;
    request.amount = *Money::parse("27.50", "GBP");
    request.description = "Payment Plan " + std::to_string(i);
    request.smarterpay.ecommerce_page = "EP02KO5D0G80XMPERW4V";
    request.smarterpay.customer_account = "CA01OQW39P4GY7J56NXL";
    const auto link = client.create(request);
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    EXPECT_EQ(link->status, LinkStatus::open);
    EXPECT_EQ(link->amount->minor_units(), 2750);
    created.insert(link->id);
  }
  const std::string first = *created.begin();

  UpdateLinkRequest update;
  update.metadata["metadata"] = "invoice 42";
  const auto updated = client.update(first, update);
  ASSERT_TRUE(updated.ok()) << updated.error().to_string();
  EXPECT_EQ(updated->metadata.at("metadata"), "invoice 42");

  ListQuery query;
  query.page_size = 2;  // 5 links: pages of 2, 2 and 1
  std::set<std::string> listed;
  for (const auto& link : client.list_all(query)) {
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    listed.insert(link->id);
  }
  EXPECT_EQ(listed, created);
  EXPECT_EQ(sandbox_->requests("GET /service.svc/paymentlinks"), 3);

  const auto expired = client.expire(first);
  ASSERT_TRUE(expired.ok()) << expired.error().to_string();
  EXPECT_EQ(expired->status, LinkStatus::expired);
  EXPECT_EQ(client.get(first)->status, LinkStatus::expired);
}

TEST_F(Lifecycle, MultiSafepayPaymentLinkPaidAndAnotherCancelled) {
  const Client client = multisafepay();
  CreateLinkRequest request;
  request.amount = eur("12.50");
  request.description = "Invoice 7";
  request.reference = "order-7";
  request.lifetime = std::chrono::hours(24);
  const auto link = client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "order-7");
  EXPECT_EQ(client.get("order-7")->status, LinkStatus::open);
  sandbox_->pay(link->url);
  const auto paid = client.get("order-7");
  ASSERT_TRUE(paid.ok());
  EXPECT_EQ(paid->status, LinkStatus::paid);
  EXPECT_EQ(paid->amount->minor_units(), 1250);

  request.reference = "order-8";
  ASSERT_TRUE(client.create(request).ok());
  const auto cancelled = client.expire("order-8");
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().to_string();
  EXPECT_EQ(client.get("order-8")->status, LinkStatus::canceled);

  const auto duplicate = client.create(request);
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, ErrorCode::conflict);
}

TEST_F(Lifecycle, MultiSafepayTokenPaymentIsDirect) {
  CreateLinkRequest request;
  request.amount = eur("10.00");
  request.description = "Subscription month 2";
  request.customer.reference = "customer-00001";
  request.multisafepay.type = MultiSafepayOrderType::direct;
  request.multisafepay.recurring_id = "azbkvsE0up4";
  request.multisafepay.recurring_model = MultiSafepayRecurringModel::unscheduled;
  const auto link = multisafepay().create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_FALSE(link->id.empty()) << "a generated order_id is reported back";
}

TEST_F(Lifecycle, OnOfficeCreateIsSignedAndAccepted) {
  const Client client = onoffice();
  CreateLinkRequest request;
  request.amount = eur("1000.00");
  request.description = "Nachzahlung 3D-Rundgang";
  request.onoffice.transaction_id = "1100135697";
  request.notify_customer = true;
  const auto link = client.create(request);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->status, LinkStatus::open);
  EXPECT_EQ(link->url.rfind(sandbox_->base_url() + "/pay/", 0), 0u) << link->url;
  const auto get = client.get("anything");
  ASSERT_FALSE(get.ok());
  EXPECT_EQ(get.error().code, ErrorCode::unsupported);
}

TEST_F(Lifecycle, WrongCredentialsAreRefusedAsAuthByEveryVendor) {
  QontoConfig q;
  q.access_token = "wrong";
  q.base_url = sandbox_->base_url();
  SmarterPayConfig s;
  s.bearer_token = "wrong";
  s.base_url = sandbox_->base_url() + "/service.svc/";
  MultiSafepayConfig m;
  m.api_key = "wrong";
  m.base_url = sandbox_->base_url() + "/v1/json/";
  OnOfficeConfig o;
  o.token = std::string(sandbox::kOnOfficeToken);
  o.secret = std::string(64, 'x');  // right token, wrong HMAC key
  o.endpoint = sandbox_->base_url() + "/api/stable/api.php";

  CreateLinkRequest request;
  request.amount = eur("10.00");
  request.description = "x";
  request.smarterpay.ecommerce_page = "EP02KO5D0G80XMPERW4V";
  request.onoffice.transaction_id = "1100135697";
  CreateLinkRequest in_pounds = request;  // SmarterPay links are in GBP
  in_pounds.amount = *Money::parse("10.00", "GBP");
  for (const Client& client : {make_qonto_client(q, test_options()), make_smarterpay_client(s, test_options()),
                               make_multisafepay_client(m, test_options()), make_onoffice_client(o, test_options())}) {
    const auto r = client.create(client.provider_name() == "smarterpay" ? in_pounds : request);
    ASSERT_FALSE(r.ok()) << client.provider_name();
    EXPECT_EQ(r.error().code, ErrorCode::auth) << client.provider_name() << ": " << r.error().to_string();
  }
}

TEST_F(Lifecycle, ConcurrentMixedCallsFromEightThreadsShareOneClient) {
  const Client client = qonto();
  CreateLinkRequest seed;
  seed.amount = eur("1.00");
  seed.description = "shared";
  const auto first = client.create(seed);
  ASSERT_TRUE(first.ok()) << first.error().to_string();

  std::atomic<int> failures{0};
  std::atomic<int> creates{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 12; ++i) {
        bool ok = false;
        switch ((t + i) % 3) {
          case 0: {
            CreateLinkRequest r;
            r.amount = eur("2.50");
            r.description = "thread " + std::to_string(t);
            ok = client.create(r).ok();
            creates += ok;
            break;
          }
          case 1:
            ok = client.get(first->id).ok();
            break;
          default:
            ok = client.list().ok();
            break;
        }
        if (!ok) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  int links = 0;
  const nlohmann::json all = sandbox_->links();
  for (const auto& l : all["links"]) links += l["vendor"] == "qonto";
  EXPECT_EQ(links, 1 + creates.load()) << "every create made exactly one link";
}

}  // namespace
}  // namespace paylink::integration
