// The shared request loop, driven through a minimal test adapter: retries, idempotency, ambiguity,
// Retry-After, budgets, logging and pagination behave the same for every vendor.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "core/json.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink {
namespace {

using paylink::testing::FakeTransport;
using std::chrono::milliseconds;

constexpr const char* kSecret = "canary-secret-4f1d";

// A tiny adapter: creates are idempotent only when `keyed`; the secret goes in a header.
class TestProvider : public Provider {
 public:
  explicit TestProvider(bool keyed) : keyed_(keyed) {}
  std::string_view name() const noexcept override { return "test"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = c.get = c.list = true;
    c.idempotent_create = keyed_;
    c.reconcile_create = true;
    return c;
  }
  Result<HttpRequest> encode_create(const CreateLinkRequest& req, const CallContext& ctx) const override {
    if (!req.amount) return Error::validation("amount", "amount is required");
    HttpRequest r;
    r.method = HttpMethod::post;
    r.url = "https://api.test/links";
    r.headers = {{"Authorization", std::string("Bearer ") + kSecret},
                 {"X-Attempt", std::to_string(ctx.attempt)},
                 {"X-Now", std::to_string(std::chrono::system_clock::to_time_t(ctx.now))}};
    if (keyed_) r.headers.emplace_back("Idempotency-Key", ctx.idempotency_key);
    r.body = R"({"amount":")" + req.amount->to_decimal() + "\"}";
    r.idempotent = keyed_;
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& resp, const CreateLinkRequest&,
                                    const CallContext&) const override {
    return decode_link(resp);
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    HttpRequest r;
    r.url = "https://api.test/links/" + std::string(id);
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_get(const HttpResponse& resp) const override { return decode_link(resp); }
  Result<HttpRequest> encode_list(const ListQuery& q, const CallContext&) const override {
    HttpRequest r;
    r.url = "https://api.test/links?page=" + (q.cursor.empty() ? std::string("1") : q.cursor);
    r.idempotent = true;
    return r;
  }
  Result<Page<PaymentLink>> decode_list(const HttpResponse& resp, const ListQuery&) const override {
    if (resp.status != 200) return status_error(resp);
    auto j = detail::parse_json(resp.body, "test");
    if (!j) return j.error();
    Page<PaymentLink> page;
    for (const auto& id : (*j)["ids"]) {
      PaymentLink l;
      l.id = id.get<std::string>();
      page.items.push_back(l);
    }
    page.next_cursor = detail::get_string(*j, "next").value_or("");
    return page;
  }
  Result<HttpRequest> encode_reconcile(const CreateLinkRequest&, const CallContext& ctx) const override {
    return encode_get(ctx.idempotency_key, ctx);
  }
  Result<PaymentLink> decode_reconcile(const HttpResponse& resp, const CreateLinkRequest&,
                                       const CallContext&) const override {
    return decode_link(resp);
  }

 private:
  static Error status_error(const HttpResponse& resp) {
    Error e = Error::make(resp.status == 429 ? ErrorCode::rate_limited : ErrorCode::provider, "failed");
    e.http_status = resp.status;
    e.retryable = resp.status == 429 || resp.status == 503;
    return e;
  }
  static Result<PaymentLink> decode_link(const HttpResponse& resp) {
    if (resp.status == 404) return Error::make(ErrorCode::not_found, "no such link");
    if (resp.status != 200 && resp.status != 201) return status_error(resp);
    PaymentLink l;
    l.provider = "test";
    l.id = resp.body;
    l.status = LinkStatus::open;
    return l;
  }
  bool keyed_;
};

HttpResponse respond(int status, std::string body = "link-1", HttpHeaders headers = {}) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

struct Harness {
  std::vector<milliseconds> sleeps;
  std::vector<LogEvent> events;
  std::vector<std::string> log_text;
  std::chrono::steady_clock::time_point now{};
  Timestamp wall = Timestamp(std::chrono::seconds(1'700'000'000));

  ClientOptions options(std::shared_ptr<Transport> transport) {
    ClientOptions o;
    o.transport = std::move(transport);
    o.sleeper = [this](milliseconds d) {
      sleeps.push_back(d);
      now += d;
      wall += d;
    };
    o.steady_clock = [this] { return now; };
    o.clock = [this] { return wall; };
    o.random = [] { return std::uint64_t{0x123456789abcdefULL}; };
    o.log.hook = [this](const LogEvent& e) {
      events.push_back(e);
      std::string line(e.event);
      for (const auto& [k, v] : e.fields) line += " " + k + "=" + v;
      log_text.push_back(line);
    };
    return o;
  }
};

CreateLinkRequest ten_euros() {
  CreateLinkRequest r;
  r.amount = *Money::parse("10.00", "EUR");
  return r;
}

TEST(ClientLoop, RetriesIdempotentCreateOn503WithTheSameKey) {
  Harness h;
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>(
      [&](const HttpRequest&) -> Result<HttpResponse> { return ++calls < 3 ? respond(503, "") : respond(201); });
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  const auto link = client.create(ten_euros());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 3u);
  const auto key = find_header(sent[0].headers, "Idempotency-Key");
  ASSERT_TRUE(key);
  EXPECT_EQ(key->size(), 36u);
  for (const auto& r : sent) EXPECT_EQ(find_header(r.headers, "Idempotency-Key"), key);
  EXPECT_EQ(find_header(sent[2].headers, "X-Attempt"), "3");
  EXPECT_EQ(h.sleeps.size(), 2u);
}

TEST(ClientLoop, CallersIdempotencyKeyIsUsed) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(201, "link-1"));
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  auto req = ten_euros();
  req.idempotency_key = "my-own-key";
  ASSERT_TRUE(client.create(req).ok());
  EXPECT_EQ(find_header(transport->sent()[0].headers, "Idempotency-Key"), "my-own-key");
}

TEST(ClientLoop, CreateIsNotRetriedAfterRequestWasSent) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    Error e = Error::make(ErrorCode::network, "connection reset by peer");
    e.request_sent = true;
    return e;
  });
  Client client(std::make_shared<TestProvider>(false), h.options(transport));
  const auto link = client.create(ten_euros());
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::ambiguous);
  EXPECT_TRUE(link.error().request_sent);
  EXPECT_FALSE(link.error().retryable);
  EXPECT_EQ(link.error().reconcile_key.size(), 36u);
  EXPECT_NE(link.error().message.find("reconcile_create"), std::string::npos);
  EXPECT_EQ(transport->count(), 1u);
  EXPECT_TRUE(h.sleeps.empty());
}

TEST(ClientLoop, AmbiguousCreateCanBeReconciledWithItsKey) {
  Harness h;
  std::vector<std::string> urls;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest& r) -> Result<HttpResponse> {
    urls.push_back(r.url);
    if (r.method == HttpMethod::post) {
      Error e = Error::make(ErrorCode::timeout, "timed out");
      e.request_sent = true;
      return e;
    }
    return respond(200, "found");
  });
  Client client(std::make_shared<TestProvider>(false), h.options(transport));
  const auto req = ten_euros();
  const auto first = client.create(req);
  ASSERT_EQ(first.error().code, ErrorCode::ambiguous);
  const auto found = client.reconcile_create(req, first.error());
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(found->id, "found");
  EXPECT_EQ(urls.back(), "https://api.test/links/" + first.error().reconcile_key);
}

TEST(ClientLoop, NonIdempotentCreateIsRetriedWhenNothingWasSentAndReEncoded) {
  Harness h;
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    if (++calls == 1) return Error::make(ErrorCode::network, "connection refused");
    return respond(201);
  });
  Client client(std::make_shared<TestProvider>(false), h.options(transport));
  ASSERT_TRUE(client.create(ten_euros()).ok());
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(find_header(sent[1].headers, "X-Attempt"), "2");
  // The second attempt was encoded after the backoff, so it carries a later clock reading.
  EXPECT_GT(std::stoll(*find_header(sent[1].headers, "X-Now")), std::stoll(*find_header(sent[0].headers, "X-Now")) - 1);
  EXPECT_EQ(h.sleeps.size(), 1u);
}

TEST(ClientLoop, NonIdempotentCreateIsNotRetriedOn503) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(503, ""));
  Client client(std::make_shared<TestProvider>(false), h.options(transport));
  const auto link = client.create(ten_euros());
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::provider);
  EXPECT_TRUE(link.error().retryable) << "the caller may retry later; the client did not";
  EXPECT_EQ(transport->count(), 1u);
}

TEST(ClientLoop, HonoursRetryAfterSecondsOn429) {
  Harness h;
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    return ++calls == 1 ? respond(429, "", {{"Retry-After", "3"}}) : respond(200);
  });
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  ASSERT_TRUE(client.get("link-1").ok());
  ASSERT_EQ(h.sleeps.size(), 1u);
  EXPECT_EQ(h.sleeps[0], milliseconds(3000));
}

TEST(ClientLoop, HonoursRetryAfterHttpDate) {
  Harness h;
  int calls = 0;
  // The harness wall clock is 2023-11-14T22:13:20Z; the server asks for 22:13:25.
  auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    return ++calls == 1 ? respond(503, "", {{"Retry-After", "Tue, 14 Nov 2023 22:13:25 GMT"}}) : respond(200);
  });
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  ASSERT_TRUE(client.get("link-1").ok());
  ASSERT_EQ(h.sleeps.size(), 1u);
  EXPECT_EQ(h.sleeps[0], milliseconds(5000));
}

TEST(ClientLoop, GivesUpAfterMaxAttemptsWithTheLastError) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(503, ""));
  auto options = h.options(transport);
  options.retry.max_attempts = 3;
  Client client(std::make_shared<TestProvider>(true), options);
  const auto r = client.get("x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().http_status, 503);
  EXPECT_TRUE(r.error().retryable);
  EXPECT_EQ(transport->count(), 3u);
}

TEST(ClientLoop, RetryAfterBeyondTheBudgetStopsAtOnce) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    return respond(429, "", {{"Retry-After", "120"}});
  });
  auto options = h.options(transport);
  options.retry.total_budget = milliseconds(10'000);
  Client client(std::make_shared<TestProvider>(true), options);
  const auto r = client.get("x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::rate_limited);
  EXPECT_EQ(r.error().retry_after, milliseconds(120'000));
  EXPECT_EQ(transport->count(), 1u);
  EXPECT_TRUE(h.sleeps.empty());
}

TEST(ClientLoop, BackoffIsBoundedFullJitter) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(503, ""));
  auto options = h.options(transport);
  options.retry.max_attempts = 6;
  options.retry.initial_backoff = milliseconds(100);
  options.retry.max_backoff = milliseconds(400);
  std::uint64_t n = 0;
  options.random = [&n] { return n += 977; };
  Client client(std::make_shared<TestProvider>(true), options);
  (void)client.get("x");
  ASSERT_EQ(h.sleeps.size(), 5u);
  const long long ceilings[] = {100, 200, 400, 400, 400};
  for (std::size_t i = 0; i < h.sleeps.size(); ++i) {
    EXPECT_GE(h.sleeps[i].count(), 0);
    EXPECT_LE(h.sleeps[i].count(), ceilings[i]) << "attempt " << i + 1;
  }
}

TEST(ClientLoop, ValidationFailureSendsNothing) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(201, "link-1"));
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  const auto r = client.create(CreateLinkRequest{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::validation);
  EXPECT_EQ(r.error().field, "amount");
  EXPECT_EQ(transport->count(), 0u);
}

TEST(ClientLoop, UnsupportedOperationSendsNothing) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(200, "link-1"));
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  const auto r = client.expire("x");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport->count(), 0u);
}

TEST(ClientLoop, LogsRequestsRetriesAndFailuresWithoutSecrets) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(testing::always_respond(503, kSecret));
  auto options = h.options(transport);
  options.retry.max_attempts = 2;
  options.log.log_bodies = true;
  Client client(std::make_shared<TestProvider>(true), options);
  (void)client.create(ten_euros());
  std::vector<std::string> kinds;
  for (const auto& e : h.events) kinds.emplace_back(e.event);
  EXPECT_EQ(kinds, (std::vector<std::string>{"request", "response", "retry", "request", "response", "failure"}));
  bool saw_path = false;
  for (const auto& line : h.log_text) {
    EXPECT_EQ(line.find(kSecret), std::string::npos) << line;
    saw_path = saw_path || line.find("path=/links") != std::string::npos;
  }
  EXPECT_TRUE(saw_path);
  bool has_duration = false;
  for (const auto& [k, v] : h.events[1].fields) has_duration = has_duration || k == "duration_ms";
  EXPECT_TRUE(has_duration);
}

TEST(ClientLoop, ListAllWalksEveryPageThenStops) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.url.find("page=1") != std::string::npos) return respond(200, R"({"ids":["a","b"],"next":"2"})");
    if (r.url.find("page=2") != std::string::npos) return respond(200, R"({"ids":["c"],"next":"3"})");
    return respond(200, R"({"ids":["d"],"next":null})");
  });
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  std::vector<std::string> ids;
  for (const auto& link : client.list_all()) {
    ASSERT_TRUE(link.ok());
    ids.push_back(link->id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(transport->count(), 3u);
}

TEST(ClientLoop, ListAllYieldsTheErrorThenEnds) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.url.find("page=1") != std::string::npos) return respond(200, R"({"ids":["a"],"next":"2"})");
    return respond(500, "");
  });
  auto options = h.options(transport);
  options.retry = RetryPolicy::none();
  Client client(std::make_shared<TestProvider>(true), options);
  std::vector<bool> oks;
  for (const auto& link : client.list_all()) oks.push_back(link.ok());
  EXPECT_EQ(oks, (std::vector<bool>{true, false}));
}

TEST(ClientLoop, ListAllStopsWhenTheVendorRepeatsTheCursor) {
  Harness h;
  auto transport = std::make_shared<FakeTransport>(
      [](const HttpRequest&) -> Result<HttpResponse> { return respond(200, R"({"ids":["a"],"next":"2"})"); });
  Client client(std::make_shared<TestProvider>(true), h.options(transport));
  int n = 0;
  for (const auto& link : client.list_all()) {
    (void)link;
    ASSERT_LT(++n, 10) << "walked for ever";
  }
  EXPECT_EQ(n, 2);
}

TEST(ClientLoop, OneClientIsSafeToShareBetweenThreads) {
  auto transport = std::make_shared<FakeTransport>([](const HttpRequest& r) -> Result<HttpResponse> {
    if (r.method == HttpMethod::post) return respond(201);
    if (r.url.find("page=") != std::string::npos) return respond(200, R"({"ids":["a"],"next":null})");
    return respond(200);
  });
  ClientOptions options;
  options.transport = transport;
  Client client(std::make_shared<TestProvider>(true), options);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const bool ok = (i + t) % 3 == 0   ? client.create(ten_euros()).ok()
                        : (i + t) % 3 == 1 ? client.get("x").ok()
                                           : client.list().ok();
        if (!ok) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(transport->count(), 400u);
}

}  // namespace
}  // namespace paylink
