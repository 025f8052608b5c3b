// AsyncClient offline, against FakeVendor and a gated transfer session: every operation answers as
// Client does, in-flight calls are bounded and start in submission order, scripted failures are
// retried (or reported ambiguous) by the same per-call logic, callbacks run on the loop thread and a
// throwing one does not stop it, deadlines and cancellation end calls queued or in flight, and the
// destructor cancels queued calls and finishes started ones.
// The suite's name holds "Concurren" so that the TSan run (scripts/sanitize.sh) picks it up.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/async_client.hpp"
#include "paylink/call_options.hpp"
#include "paylink/cancellation.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_vendor.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;
using testing::FakeVendor;

// Long enough never to be reached by a working loop; only a hang runs into it.
constexpr std::chrono::seconds kHang{30};

CreateLinkRequest euros(const char* amount, std::string description = "async") {
  CreateLinkRequest r;
  r.amount = *Money::parse(amount, "EUR");
  r.description = std::move(description);
  return r;
}

template <typename T>
T wait_for(std::future<T>& future) {
  if (future.wait_for(kHang) != std::future_status::ready) throw std::runtime_error("the call never completed");
  return future.get();
}

// Options for a fake client whose backoff costs nothing (a zero random draw is a zero wait).
ClientOptions quick() {
  ClientOptions options;
  options.random = [] { return std::uint64_t{0}; };
  return options;
}

TEST(AsyncClientConcurrency, EveryOperationAnswersAsTheBlockingClient) {
  FakeVendor vendor;
  const Client client = vendor.client(quick());
  AsyncClient async(client);

  auto created = async.create(euros("12.50", "first"));
  const Result<PaymentLink> link = wait_for(created);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "fake_1");

  auto got = async.get(link->id);
  const Result<PaymentLink> read = wait_for(got);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(read->amount->to_string(), "12.50 EUR");

  UpdateLinkRequest update;
  update.metadata = {{"order", "42"}};
  auto updated = async.update(link->id, update);
  const auto after_update = wait_for(updated);
  ASSERT_TRUE(after_update.ok()) << after_update.error().to_string();
  EXPECT_EQ(after_update->metadata.at("order"), "42");

  auto listed = async.list();
  const auto page = wait_for(listed);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, link->id);

  ASSERT_TRUE(vendor.set_status(link->id, LinkStatus::paid).ok());
  auto payments = async.list_payments(link->id);
  const auto paid = wait_for(payments);
  ASSERT_TRUE(paid.ok()) << paid.error().to_string();
  EXPECT_EQ(paid->items.size(), 1u);

  auto methods = async.list_payment_methods();
  const auto offered = wait_for(methods);
  ASSERT_TRUE(offered.ok()) << offered.error().to_string();
  EXPECT_EQ(offered->size(), client.list_payment_methods()->size());

  // A paid link cannot be expired: the vendor's conflict comes back as Client would return it.
  auto expired = async.expire(link->id);
  const auto refused = wait_for(expired);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, client.expire(link->id).error().code);
  EXPECT_EQ(refused.error().code, ErrorCode::conflict);
}

TEST(AsyncClientConcurrency, UnroutableIdIsRefusedBeforeSending) {
  FakeVendor vendor;
  AsyncClient async(vendor.client(quick()));
  for (const char* id : {"", ".", ".."}) {
    auto got = async.get(id);
    const auto result = wait_for(got);
    ASSERT_FALSE(result.ok()) << "id \"" << id << "\"";
    EXPECT_EQ(result.error().code, ErrorCode::validation);
    EXPECT_EQ(result.error().field, "id");
  }
  auto expired = async.expire("..");
  EXPECT_EQ(wait_for(expired).error().field, "id");
  EXPECT_EQ(vendor.request_count(), 0u);
}

TEST(AsyncClientConcurrency, CallbackRunsOnTheLoopThreadAndMaySubmitTheNextCall) {
  FakeVendor vendor;
  AsyncClient async(vendor.client(quick()));
  std::promise<std::thread::id> create_thread;
  std::promise<Result<PaymentLink>> read_back;
  async.create(euros("3.00"), [&](Result<PaymentLink> created) {
    create_thread.set_value(std::this_thread::get_id());
    ASSERT_TRUE(created.ok()) << created.error().to_string();
    async.get(created->id, [&](Result<PaymentLink> got) { read_back.set_value(std::move(got)); });
  });
  auto loop_thread = create_thread.get_future();
  ASSERT_EQ(loop_thread.wait_for(kHang), std::future_status::ready);
  EXPECT_NE(loop_thread.get(), std::this_thread::get_id());
  auto got = read_back.get_future();
  const auto link = wait_for(got);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "fake_1");
}

TEST(AsyncClientConcurrency, ThrowingCallbackIsLoggedAndTheLoopGoesOn) {
  FakeVendor vendor;
  ClientOptions options = quick();
  std::mutex mutex;
  std::vector<std::string> events;
  options.log.hook = [&](const LogEvent& e) {
    std::lock_guard<std::mutex> lock(mutex);
    events.emplace_back(e.event);
  };
  AsyncClient async(vendor.client(options));
  async.create(euros("1.00"), [](Result<PaymentLink>) { throw std::runtime_error("the application's bug"); });
  auto next = async.create(euros("2.00"));
  const auto link = wait_for(next);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "fake_2");
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(std::count(events.begin(), events.end(), "callback_threw"), 1);
}

TEST(AsyncClientConcurrency, ScriptedFailuresAreRetriedAsByTheBlockingClient) {
  FakeVendor vendor;
  AsyncClient async(vendor.client(quick()));
  auto created = async.create(euros("4.00"));
  const auto link = wait_for(created);
  ASSERT_TRUE(link.ok()) << link.error().to_string();

  // A read is idempotent: two lost connections, then the answer, in three requests.
  vendor.fail_next(Error::make(ErrorCode::network, "connection reset"), 2);
  const std::size_t before = vendor.request_count();
  auto got = async.get(link->id);
  const auto read = wait_for(got);
  ASSERT_TRUE(read.ok()) << read.error().to_string();
  EXPECT_EQ(vendor.request_count() - before, 3u);

  // A create without the caller's key is not: a lost answer is ambiguous, never resent, and
  // reconcile_create finds the link that was made.
  vendor.lose_next_response();
  const CreateLinkRequest request = euros("5.00", "lost answer");
  auto lost = async.create(request);
  const auto ambiguous = wait_for(lost);
  ASSERT_FALSE(ambiguous.ok());
  EXPECT_EQ(ambiguous.error().code, ErrorCode::ambiguous);
  EXPECT_FALSE(ambiguous.error().reconcile_key.empty());
  EXPECT_EQ(vendor.links().size(), 2u) << "the create reached the vendor once";
  auto reconciled = async.reconcile_create(request, ambiguous.error());
  const auto found = wait_for(reconciled);
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->id, vendor.links().back().id);
  EXPECT_EQ(vendor.links().size(), 2u);
}

TEST(AsyncClientConcurrency, RateLimiterWaitsAreTakenOnTheLoop) {
  FakeVendor vendor;
  ClientOptions options = quick();
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{1, milliseconds(20)});
  // A clock that stands still: every reservation after the first waits, however slowly the loop runs.
  const auto frozen = std::chrono::steady_clock::now();
  options.steady_clock = [frozen] { return frozen; };
  std::atomic<int> throttled{0};
  options.log.hook = [&](const LogEvent& e) { throttled += e.event == "throttle"; };
  AsyncClient async(vendor.client(options));
  std::vector<std::future<Result<PaymentLink>>> futures;
  for (int i = 0; i < 4; ++i) futures.push_back(async.create(euros("1.00")));
  for (auto& f : futures) EXPECT_TRUE(wait_for(f).ok());
  // One request per 20 ms: every create after the first waited for its slot.
  EXPECT_GE(throttled.load(), 3);
  EXPECT_EQ(vendor.links().size(), 4u);
}

TEST(AsyncClientConcurrency, InvalidMaxInFlightFailsEveryCallWithoutSending) {
  FakeVendor vendor;
  for (const std::size_t bad : {std::size_t{0}, std::size_t{1025}}) {
    AsyncClient async(vendor.client(quick()), AsyncClientOptions{bad});
    auto created = async.create(euros("1.00"));
    const auto result = wait_for(created);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::validation);
    EXPECT_EQ(result.error().field, "max_in_flight");
    EXPECT_NE(result.error().message.find("1 to 1024"), std::string::npos) << result.error().message;
  }
  EXPECT_EQ(vendor.request_count(), 0u);
}

TEST(AsyncClientConcurrency, SubmissionsFromEightThreadsAllComplete) {
  FakeVendor vendor;
  AsyncClient async(vendor.client(quick()), AsyncClientOptions{4});
  std::vector<std::future<Result<PaymentLink>>> futures(8 * 50);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) futures[t * 50 + i] = async.create(euros("2.00", "thread " + std::to_string(t)));
    });
  }
  for (auto& th : threads) th.join();
  std::set<std::string> ids;
  for (auto& f : futures) {
    const auto link = wait_for(f);
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    ids.insert(link->id);
  }
  EXPECT_EQ(ids.size(), futures.size());
  EXPECT_EQ(vendor.links().size(), futures.size());
}

// A transport whose session keeps transfers in progress until `batch` of them are (or until the test
// opens the gate), then answers them all through the wrapped transport: it sees how many calls the
// client has in flight at once, in which order they start, and which it aborts.
class GatedTransport : public Transport {
 public:
  static constexpr std::size_t kManual = std::numeric_limits<std::size_t>::max();  // only open_gate releases

  GatedTransport(std::shared_ptr<Transport> inner, std::size_t batch) : inner_(std::move(inner)), batch_(batch) {}

  Result<HttpResponse> send(const HttpRequest& request) override { return inner_->send(request); }
  std::unique_ptr<TransferSession> open_session(std::size_t) override {
    auto session = std::make_unique<Session>(*this);
    session_ = session.get();
    return session;
  }

  std::size_t most_in_progress() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return most_;
  }
  std::vector<std::string> started_urls() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return started_;
  }
  std::size_t aborted() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return aborted_;
  }
  // Blocks until `n` transfers have started (or gives up after kHang, and the test's checks fail).
  void wait_started(std::size_t n) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait_for(lock, kHang, [&] { return started_.size() >= n; });
  }
  // From now on every transfer is answered at the next poll.
  void open_gate() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch_ = 0;
    }
    session_->wakeup();
  }

 private:
  class Session : public TransferSession {
   public:
    explicit Session(GatedTransport& t) : t_(t) {}
    void start(HttpRequest request, std::uint64_t tag) override {
      std::lock_guard<std::mutex> lock(t_.mutex_);
      t_.started_.push_back(request.url);
      pending_.emplace(tag, std::move(request));
      t_.most_ = std::max(t_.most_, pending_.size());
      t_.changed_.notify_all();
    }
    std::vector<TransferCompletion> poll(milliseconds max_wait) override {
      std::unique_lock<std::mutex> lock(t_.mutex_);
      std::vector<TransferCompletion> ended = std::exchange(aborted_, {});
      if (ended.empty() && pending_.size() < t_.batch_) {
        t_.changed_.wait_for(lock, max_wait, [this] { return woken_; });
        woken_ = false;  // a wakeup before the wait counts once, as libcurl's does
        return {};
      }
      if (pending_.size() >= t_.batch_) {
        for (auto& [tag, request] : pending_) ended.push_back({tag, t_.inner_->send(request)});
        pending_.clear();
      }
      return ended;
    }
    bool abort(std::uint64_t tag, Error reason) override {
      std::lock_guard<std::mutex> lock(t_.mutex_);
      if (pending_.erase(tag) == 0) return false;
      reason.request_sent = true;  // as a transfer that had written its request
      aborted_.push_back({tag, std::move(reason)});
      ++t_.aborted_;
      return true;
    }
    void wakeup() override {
      std::lock_guard<std::mutex> lock(t_.mutex_);
      woken_ = true;
      t_.changed_.notify_all();
    }

   private:
    GatedTransport& t_;
    std::map<std::uint64_t, HttpRequest> pending_;
    std::vector<TransferCompletion> aborted_;
    bool woken_ = false;
  };

  std::shared_ptr<Transport> inner_;
  std::size_t batch_;
  Session* session_ = nullptr;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::size_t most_ = 0;
  std::size_t aborted_ = 0;
  std::vector<std::string> started_;
};

// A client of `vendor` whose transfers go through `gated`.
Client gated_client(const FakeVendor& vendor, std::shared_ptr<GatedTransport>& gated, std::size_t batch) {
  const Client fake = vendor.client(quick());
  ClientOptions options = fake.options();
  gated = std::make_shared<GatedTransport>(options.transport, batch);
  options.transport = gated;
  return Client(fake.provider(), options);
}

TEST(AsyncClientConcurrency, DestructorCancelsQueuedCallsAndFinishesStartedOnes) {
  FakeVendor vendor;
  std::shared_ptr<GatedTransport> gated;
  auto async =
      std::make_unique<AsyncClient>(gated_client(vendor, gated, GatedTransport::kManual), AsyncClientOptions{2});
  std::vector<std::future<Result<PaymentLink>>> futures;
  for (int i = 0; i < 5; ++i) futures.push_back(async->create(euros("1.00")));
  gated->wait_started(2);  // two in flight, held by the gate; three queued

  std::thread destroy([&] { async.reset(); });
  // The queued calls end while the destructor waits for the started ones.
  for (std::size_t i = 2; i < futures.size(); ++i) {
    const auto result = wait_for(futures[i]);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::canceled) << result.error().to_string();
    EXPECT_FALSE(result.error().request_sent);
  }
  EXPECT_EQ(futures[0].wait_for(milliseconds(0)), std::future_status::timeout) << "a started call was not awaited";
  gated->open_gate();
  destroy.join();
  for (std::size_t i = 0; i < 2; ++i) {
    ASSERT_EQ(futures[i].wait_for(milliseconds(0)), std::future_status::ready);
    const auto link = futures[i].get();
    EXPECT_TRUE(link.ok()) << link.error().to_string();
  }
  EXPECT_EQ(vendor.links().size(), 2u) << "the canceled calls sent nothing";
  EXPECT_EQ(gated->started_urls().size(), 2u);
}

TEST(AsyncClientConcurrency, CancelEndsAQueuedCallAndAbortsOneInFlight) {
  FakeVendor vendor;
  std::shared_ptr<GatedTransport> gated;
  AsyncClient async(gated_client(vendor, gated, GatedTransport::kManual), AsyncClientOptions{1});
  CallOptions in_flight_call;
  in_flight_call.cancel = CancellationToken();
  CallOptions queued_call;
  queued_call.cancel = CancellationToken();
  auto sent = async.create(euros("1.00"), in_flight_call);  // no idempotency key: not retryable
  auto queued = async.get("fake_1", queued_call);
  gated->wait_started(1);

  queued_call.cancel->cancel();
  const auto never_started = wait_for(queued);
  ASSERT_FALSE(never_started.ok());
  EXPECT_EQ(never_started.error().code, ErrorCode::canceled);
  EXPECT_FALSE(never_started.error().request_sent);

  in_flight_call.cancel->cancel();
  const auto aborted = wait_for(sent);
  ASSERT_FALSE(aborted.ok());
  // The transfer was aborted after its request went out: a create without a key may exist.
  EXPECT_EQ(aborted.error().code, ErrorCode::ambiguous) << aborted.error().to_string();
  EXPECT_FALSE(aborted.error().reconcile_key.empty());
  EXPECT_EQ(gated->aborted(), 1u);
  EXPECT_EQ(gated->started_urls().size(), 1u) << "the canceled queued call was never started";
}

TEST(AsyncClientConcurrency, TimeoutCountsTheTimeSpentQueued) {
  FakeVendor vendor;
  std::shared_ptr<GatedTransport> gated;
  AsyncClient async(gated_client(vendor, gated, GatedTransport::kManual), AsyncClientOptions{1});
  auto held = async.get("fake_1");  // holds the only slot until the gate opens
  gated->wait_started(1);
  CallOptions brief;
  brief.timeout = milliseconds(1);
  auto queued = async.list({}, brief);
  const auto result = wait_for(queued);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::timeout) << result.error().to_string();
  EXPECT_FALSE(result.error().request_sent);
  gated->open_gate();
  EXPECT_EQ(wait_for(held).error().code, ErrorCode::not_found);  // the held call was answered normally
  EXPECT_EQ(gated->started_urls().size(), 1u);
}

TEST(AsyncClientConcurrency, TimeoutAbortsAReadInFlight) {
  FakeVendor vendor;
  std::shared_ptr<GatedTransport> gated;
  AsyncClient async(gated_client(vendor, gated, GatedTransport::kManual));
  CallOptions brief;
  brief.timeout = milliseconds(20);
  auto read = async.get("fake_1", brief);
  const auto result = wait_for(read);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::timeout) << result.error().to_string();
  EXPECT_EQ(gated->aborted(), 1u);
}

TEST(AsyncClientConcurrency, InFlightCallsAreBoundedAndStartInSubmissionOrder) {
  FakeVendor vendor;
  std::vector<std::string> ids;
  for (int i = 0; i < 9; ++i) ids.push_back(vendor.client(quick()).create(euros("1.00"))->id);

  std::shared_ptr<GatedTransport> gated;
  AsyncClient async(gated_client(vendor, gated, 3), AsyncClientOptions{3});
  std::vector<std::future<Result<PaymentLink>>> futures;
  for (const std::string& id : ids) futures.push_back(async.get(id));
  for (std::size_t i = 0; i < futures.size(); ++i) {
    const auto link = wait_for(futures[i]);
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    EXPECT_EQ(link->id, ids[i]);
  }
  // The session answers only once three are in progress, so every call completing proves the slots
  // were filled to the bound; never more than three means the bound held.
  EXPECT_EQ(gated->most_in_progress(), 3u);
  const std::vector<std::string> urls = gated->started_urls();
  ASSERT_EQ(urls.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    EXPECT_NE(urls[i].find(ids[i]), std::string::npos) << "call " << i << " started as " << urls[i];
  }
}

}  // namespace
}  // namespace paylink
