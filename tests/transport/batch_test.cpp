// The batch runner against a real loopback server: results per item, bounded concurrency, failure
// isolation, retries with the shared call logic, lazy pulling and the rate limiter.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "paylink/batch.hpp"
#include "paylink/client.hpp"
#include "recording_server.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;

// Creates POST {base}/links with the reference as body; keyed (idempotent) as Qonto/SmarterPay are.
class EchoProvider : public Provider {
 public:
  explicit EchoProvider(std::string base) : base_(std::move(base)) {}
  std::string_view name() const noexcept override { return "echo"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = c.get = true;
    c.idempotent_create = true;
    return c;
  }
  Result<HttpRequest> encode_create(const CreateLinkRequest& req, const CallContext& ctx) const override {
    if (req.reference.empty()) return Error::validation("reference", "reference is required");
    HttpRequest r;
    r.method = HttpMethod::post;
    r.url = base_ + "/links";
    r.headers = {{"Idempotency-Key", ctx.idempotency_key}};
    r.body = req.reference;
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& resp, const CreateLinkRequest&,
                                    const CallContext&) const override {
    return decode(resp);
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    HttpRequest r;
    r.url = base_ + "/links/" + std::string(id);
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_get(const HttpResponse& resp) const override { return decode(resp); }

 private:
  static Result<PaymentLink> decode(const HttpResponse& resp) {
    if (resp.status != 200) {
      Error e = Error::make(resp.status == 422 ? ErrorCode::validation : ErrorCode::provider, "refused");
      e.http_status = resp.status;
      e.retryable = resp.status == 503;
      return e;
    }
    PaymentLink l;
    l.provider = "echo";
    l.id = resp.body;
    l.status = LinkStatus::open;
    return l;
  }
  std::string base_;
};

class BatchServer {
 public:
  BatchServer() {
    server_.set_tcp_nodelay(true);
    server_.new_task_queue = [] { return new httplib::ThreadPool(64); };
    server_.Post("/links", [this](const httplib::Request& req, httplib::Response& res) {
      const int now = ++active_;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        max_active_ = std::max(max_active_, now);
        ++posts_[req.body];
      }
      std::this_thread::sleep_for(milliseconds(delay_ms_));
      --active_;
      if (req.body.rfind("bad-", 0) == 0) {
        res.status = 422;
      } else if (req.body.rfind("flaky-", 0) == 0 && posts_count(req.body) == 1) {
        res.status = 503;
      } else {
        res.set_content("link-" + req.body, "text/plain");
      }
    });
    server_.Get(R"(/links/([^/]+))", [](const httplib::Request& req, httplib::Response& res) {
      res.set_content("got-" + std::string(req.matches[1]), "text/plain");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(milliseconds(1));
  }
  ~BatchServer() {
    server_.stop();
    thread_.join();
  }
  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int max_active() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return max_active_;
  }
  int posts_count(const std::string& body) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = posts_.find(body);
    return it == posts_.end() ? 0 : it->second;
  }
  void set_delay(int ms) { delay_ms_ = ms; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> active_{0};
  std::atomic<int> delay_ms_{5};
  mutable std::mutex mutex_;
  int max_active_ = 0;
  std::map<std::string, int> posts_;
};

Client echo_client(const std::string& base, std::shared_ptr<RateLimiter> limiter = {}) {
  ClientOptions options;
  options.retry.initial_backoff = milliseconds(5);
  options.rate_limiter = std::move(limiter);
  return Client(std::make_shared<EchoProvider>(base), options);
}

// A source of `n` creates whose references come from `name(i)`; counts how many were pulled.
struct Source {
  int n;
  std::function<std::string(int)> name;
  int pulled = 0;
  std::optional<BatchCreate> operator()() {
    if (pulled == n) return std::nullopt;
    BatchCreate c;
    c.tag = "row-" + std::to_string(pulled);
    c.request.reference = name(pulled);
    ++pulled;
    return c;
  }
};

TEST(Batch, EveryItemIsDeliveredOnceWithItsTag) {
  BatchServer server;
  BatchRunner runner(echo_client(server.base()));
  Source source{200, [](int i) { return "ref-" + std::to_string(i); }};
  std::set<std::size_t> indexes;
  std::vector<std::string> problems;
  const auto summary = runner.create_all(std::ref(source), [&](BatchResult r) {
    if (!indexes.insert(r.index).second) problems.push_back("index twice");
    if (r.tag != "row-" + std::to_string(r.index)) problems.push_back("tag " + r.tag);
    if (!r.result.ok() || r.result->id != "link-ref-" + std::to_string(r.index)) problems.push_back("link");
  });
  EXPECT_TRUE(problems.empty()) << problems.size() << " problems, first: " << problems.front();
  EXPECT_EQ(indexes.size(), 200u);
  EXPECT_EQ(summary.succeeded, 200u);
  EXPECT_EQ(summary.failed, 0u);
}

TEST(Batch, InFlightCountIsBounded) {
  BatchServer server;
  server.set_delay(20);
  BatchOptions options;
  options.max_in_flight = 4;
  std::size_t max_reported = 0;
  options.on_progress = [&](const BatchProgress& p) { max_reported = std::max(max_reported, p.in_flight); };
  BatchRunner runner(echo_client(server.base()), options);
  Source source{40, [](int i) { return "ref-" + std::to_string(i); }};
  const auto summary = runner.create_all(std::ref(source), [](BatchResult) {});
  EXPECT_EQ(summary.succeeded, 40u);
  EXPECT_LE(server.max_active(), 4);
  EXPECT_GE(server.max_active(), 2) << "requests did not overlap at all";
  EXPECT_LE(max_reported, 4u);
}

TEST(Batch, SourceIsPulledLazily) {
  BatchServer server;
  BatchOptions options;
  options.max_in_flight = 8;
  BatchRunner runner(echo_client(server.base()), options);
  Source source{100, [](int i) { return "ref-" + std::to_string(i); }};
  std::size_t completed = 0;
  int max_ahead = 0;
  runner.create_all(std::ref(source), [&](BatchResult) {
    ++completed;
    max_ahead = std::max(max_ahead, source.pulled - static_cast<int>(completed));
  });
  EXPECT_LE(max_ahead, 8) << "the runner read further ahead than it had slots";
}

TEST(Batch, OneFailureNeverStopsTheOthers) {
  BatchServer server;
  BatchRunner runner(echo_client(server.base()));
  Source source{30, [](int i) { return (i % 3 == 0 ? "bad-" : "ok-") + std::to_string(i); }};
  std::vector<std::size_t> failed;
  const auto summary = runner.create_all(std::ref(source), [&](BatchResult r) {
    if (!r.result.ok()) {
      EXPECT_EQ(r.result.error().code, ErrorCode::validation);
      failed.push_back(r.index);
    }
  });
  EXPECT_EQ(summary.failed, 10u);
  EXPECT_EQ(summary.succeeded, 20u);
  for (const auto i : failed) EXPECT_EQ(i % 3, 0u);
}

TEST(Batch, ValidationFailuresSendNothing) {
  BatchServer server;
  BatchRunner runner(echo_client(server.base()));
  Source source{5, [](int i) { return i == 2 ? std::string() : "ref-" + std::to_string(i); }};
  const auto summary = runner.create_all(std::ref(source), [&](BatchResult r) {
    if (r.index == 2) {
      ASSERT_FALSE(r.result.ok());
      EXPECT_EQ(r.result.error().field, "reference");
    }
  });
  EXPECT_EQ(summary.failed, 1u);
  EXPECT_EQ(server.posts_count(""), 0);
}

// Sends each create with the method its reference names ("PATCH:body"); only the first carries a header.
class MethodProvider : public Provider {
 public:
  explicit MethodProvider(std::string url) : url_(std::move(url)) {}
  std::string_view name() const noexcept override { return "methods"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = true;
    return c;
  }
  Result<HttpRequest> encode_create(const CreateLinkRequest& req, const CallContext&) const override {
    const auto colon = req.reference.find(':');
    const std::string method = req.reference.substr(0, colon);
    HttpRequest r;
    for (const auto m : {HttpMethod::get, HttpMethod::post, HttpMethod::put, HttpMethod::patch, HttpMethod::delete_}) {
      if (to_string(m) == method) r.method = m;
    }
    r.url = url_;
    r.body = req.reference.substr(colon + 1);
    if (req.reference == "POST:first") r.headers = {{"X-First-Only", "1"}};
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& resp, const CreateLinkRequest&,
                                    const CallContext&) const override {
    if (resp.status != 200) return Error::make(ErrorCode::provider, "refused");
    PaymentLink l;
    l.id = resp.body;
    return l;
  }

 private:
  std::string url_;
};

// One slot in flight: every item reuses the batch's one easy handle, which is not reset in between.
TEST(Batch, AReusedHandleSendsOnlyWhatItsOwnRequestSays) {
  test::RecordingServer server;
  BatchOptions options;
  options.max_in_flight = 1;
  ClientOptions client_options;
  client_options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  BatchRunner runner(Client(std::make_shared<MethodProvider>(server.url("/r")), client_options), options);
  const std::vector<std::string> references = {
      "POST:first", "GET:", "PATCH:patched", "GET:", "DELETE:", "POST:second", "PUT:put", "DELETE:gone", "GET:"};
  Source source{static_cast<int>(references.size()), [&](int i) { return references[static_cast<std::size_t>(i)]; }};
  const auto summary = runner.create_all(
      std::ref(source), [](BatchResult r) { EXPECT_TRUE(r.result.ok()) << r.result.error().to_string(); });
  EXPECT_EQ(summary.succeeded, references.size());
  EXPECT_EQ(server.connections(), 1) << "the items did not share one easy handle";
  const auto seen = server.requests();
  ASSERT_EQ(seen.size(), references.size());
  for (std::size_t i = 0; i < references.size(); ++i) {
    SCOPED_TRACE(seen[i].head);
    const auto colon = references[i].find(':');
    const std::string method = references[i].substr(0, colon);
    const std::string body = references[i].substr(colon + 1);
    EXPECT_EQ(seen[i].method, method);
    EXPECT_EQ(seen[i].body, body);
    if (method == "GET") {
      EXPECT_FALSE(seen[i].header("Content-Length"));
      EXPECT_FALSE(seen[i].header("Content-Type"));
    } else {
      EXPECT_EQ(seen[i].header("Content-Length"), std::to_string(body.size()));
    }
    EXPECT_EQ(seen[i].header("X-First-Only").has_value(), i == 0);
  }
}

// The runner keeps its transfer session, and with it its connections, from one run to the next.
TEST(Batch, LaterRunsReuseTheFirstRunsConnection) {
  test::RecordingServer server;
  BatchOptions options;
  options.max_in_flight = 1;
  ClientOptions client_options;
  client_options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  BatchRunner runner(Client(std::make_shared<MethodProvider>(server.url("/r")), client_options), options);
  for (int run = 0; run < 3; ++run) {
    Source source{2, [run](int i) { return "POST:run-" + std::to_string(run) + "-" + std::to_string(i); }};
    const auto summary = runner.create_all(std::ref(source), [](BatchResult) {});
    EXPECT_EQ(summary.succeeded, 2u);
  }
  EXPECT_EQ(server.requests().size(), 6u);
  EXPECT_EQ(server.connections(), 1) << "a later run opened a new connection";
}

TEST(Batch, RetriesWithTheSameLogicAsTheClient) {
  BatchServer server;
  BatchRunner runner(echo_client(server.base()));
  Source source{10, [](int i) { return "flaky-" + std::to_string(i); }};
  const auto summary = runner.create_all(std::ref(source), [](BatchResult r) { EXPECT_TRUE(r.result.ok()); });
  EXPECT_EQ(summary.succeeded, 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(server.posts_count("flaky-" + std::to_string(i)), 2);
}

TEST(Batch, RespectsTheRateLimiter) {
  BatchServer server;
  server.set_delay(0);
  auto limiter = std::make_shared<RateLimiter>(RateLimit{5, milliseconds(200)});
  BatchRunner runner(echo_client(server.base(), limiter));
  Source source{15, [](int i) { return "ref-" + std::to_string(i); }};
  const auto started = std::chrono::steady_clock::now();
  const auto summary = runner.create_all(std::ref(source), [](BatchResult) {});
  EXPECT_EQ(summary.succeeded, 15u);
  EXPECT_GE(std::chrono::steady_clock::now() - started, milliseconds(390)) << "15 requests at 5 per 200 ms";
}

TEST(Batch, GetsRunToo) {
  BatchServer server;
  BatchRunner runner(echo_client(server.base()));
  int n = 0;
  std::set<std::string> ids;
  const auto summary = runner.get_all(
      [&]() -> std::optional<BatchGet> {
        if (n == 20) return std::nullopt;
        return BatchGet{"t" + std::to_string(n), "id-" + std::to_string(n++)};
      },
      [&](BatchResult r) {
        ASSERT_TRUE(r.result.ok()) << r.result.error().to_string();
        ids.insert(r.result->id);
      });
  EXPECT_EQ(summary.succeeded, 20u);
  EXPECT_EQ(ids.size(), 20u);
  EXPECT_EQ(ids.count("got-id-7"), 1u);
}

TEST(Batch, InvalidConcurrencyFailsEveryItemWithoutSending) {
  BatchServer server;
  BatchOptions options;
  options.max_in_flight = 0;
  BatchRunner runner(echo_client(server.base()), options);
  Source source{3, [](int i) { return "ref-" + std::to_string(i); }};
  const auto summary = runner.create_all(std::ref(source), [](BatchResult r) {
    ASSERT_FALSE(r.result.ok());
    EXPECT_EQ(r.result.error().field, "max_in_flight");
  });
  EXPECT_EQ(summary.failed, 3u);
  EXPECT_EQ(server.posts_count("ref-0"), 0);
}

}  // namespace
}  // namespace paylink
