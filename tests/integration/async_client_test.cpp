// AsyncClient against paylink-sandbox over the real libcurl transfer session: a thousand creates
// submitted from eight threads at once all complete with distinct links, and the per-call logic
// (keyed retry of a dropped create, ambiguous then reconciled) is the blocking client's.
// The suite's name holds "Concurren" so that the TSan run (scripts/sanitize.sh) picks it up.
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/paylink.hpp"
#include "sandbox_suite.hpp"

namespace paylink::integration {
namespace {

class AsyncClientConcurrencySandbox : public test_support::SandboxSuite {
 protected:
  static CreateLinkRequest euros(const char* amount, std::string description) {
    CreateLinkRequest r;
    r.amount = *Money::parse(amount, "EUR");
    r.description = std::move(description);
    return r;
  }
};

TEST_F(AsyncClientConcurrencySandbox, ThousandCreatesFromEightThreadsAllCompleteWithDistinctLinks) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 125;
  AsyncClient async(qonto(), AsyncClientOptions{16});
  std::vector<std::future<Result<PaymentLink>>> futures(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        futures[t * kPerThread + i] =
            async.create(euros("1.50", "async " + std::to_string(t) + "/" + std::to_string(i)));
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> ids;
  std::set<std::string> urls;
  int failures = 0;
  for (auto& f : futures) {
    ASSERT_EQ(f.wait_for(std::chrono::seconds(120)), std::future_status::ready);
    const auto link = f.get();
    if (!link) {
      ADD_FAILURE() << link.error().to_string();
      if (++failures > 5) return;
      continue;
    }
    ids.insert(link->id);
    urls.insert(link->url);
  }
  EXPECT_EQ(ids.size(), futures.size());
  EXPECT_EQ(urls.size(), futures.size());
  EXPECT_EQ(links_of("qonto"), static_cast<int>(futures.size())) << "every create made exactly one link";
}

TEST_F(AsyncClientConcurrencySandbox, DroppedKeyedCreateIsRetriedOnceAndUnkeyedOneIsReconciled) {
  AsyncClient qonto_async(qonto());
  sandbox_->add_fault({{"route", "POST /v2/payment_links"}, {"kind", "drop"}, {"count", 1}});
  auto keyed = qonto_async.create(euros("10.00", "dropped once"));
  const auto link = keyed.get();
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(sandbox_->requests("POST /v2/payment_links"), 2);
  EXPECT_EQ(links_of("qonto"), 1) << "the retry replayed the first create instead of making another";

  AsyncClient msp_async(multisafepay());
  sandbox_->add_fault({{"route", "POST /v1/json/orders"}, {"kind", "drop"}, {"count", 1}});
  CreateLinkRequest request = euros("10.00", "dropped, not keyed");
  request.reference = "order-async-dropped";
  auto unkeyed = msp_async.create(request);
  const auto ambiguous = unkeyed.get();
  ASSERT_FALSE(ambiguous.ok());
  ASSERT_EQ(ambiguous.error().code, ErrorCode::ambiguous) << ambiguous.error().to_string();
  EXPECT_EQ(sandbox_->requests("POST /v1/json/orders"), 1) << "an unkeyed create is never resent";
  auto reconciled = msp_async.reconcile_create(request, ambiguous.error());
  const auto found = reconciled.get();
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->id, "order-async-dropped");
}

}  // namespace
}  // namespace paylink::integration
