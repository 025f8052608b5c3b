// The Redis limiter against a real redis-server that each suite starts on a free loopback port and
// stops at its end: one quota shared by several limiters (as by several processes), both windows,
// refunds, a shared Retry-After, key names, and what happens when Redis cannot be reached.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/redis_rate_limiter.hpp"
#include "paylink/testing/fake_transport.hpp"

#ifdef PAYLINK_WITH_REDIS
#include <arpa/inet.h>
#include <hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>
#endif

namespace paylink {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

#ifndef PAYLINK_WITH_REDIS

TEST(RedisRateLimiter, IsUnsupportedWithoutRedis) {
  EXPECT_FALSE(redis_rate_limiter_available());
  RedisRateLimiterOptions options;
  options.url = "redis://127.0.0.1:6379";
  options.vendor = "qonto";
  options.limits = {RateLimit{1000, std::chrono::seconds(10)}};
  const auto limiter = make_redis_rate_limiter(options);
  ASSERT_FALSE(limiter.ok());
  EXPECT_EQ(limiter.error().code, ErrorCode::unsupported);
}

#else

// A port nobody listens on right now (the kernel's choice for a socket bound to port 0).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

std::string find_redis_server() {
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  dirs += ":/usr/sbin:/sbin";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/redis-server";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

// One redis-server on 127.0.0.1, with no persistence, optionally with a password.
class RedisServer {
 public:
  RedisServer(const std::string& binary, const std::string& password) : port_(free_port()) {
    std::vector<std::string> args = {
        binary,         "--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "",
        "--appendonly", "no",     "--daemonize",         "no",     "--logfile", ""};
    if (!password.empty()) {
      args.emplace_back("--requirepass");
      args.push_back(password);
    }
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (std::string& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(binary.c_str(), argv.data());
      ::_exit(127);
    }
    // Ready when it answers (PING answers even before AUTH, with NOAUTH when a password is set).
    for (int i = 0; i < 200 && !ready(); ++i) std::this_thread::sleep_for(milliseconds(25));
  }
  ~RedisServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  bool ready() const {
    redisContext* c = redisConnect("127.0.0.1", port_);
    const bool ok = c != nullptr && c->err == 0;
    bool answered = false;
    if (ok) {
      auto* r = static_cast<redisReply*>(redisCommand(c, "PING"));
      answered = r != nullptr;
      if (r != nullptr) freeReplyObject(r);
    }
    if (c != nullptr) redisFree(c);
    return answered;
  }
  int port() const { return port_; }

  // The keys matching `pattern` (a test's view of what the limiter stored).
  std::vector<std::string> keys(const std::string& pattern, const std::string& password = "") const {
    std::vector<std::string> out;
    redisContext* c = redisConnect("127.0.0.1", port_);
    if (c == nullptr || c->err != 0) return out;
    if (!password.empty()) freeReplyObject(redisCommand(c, "AUTH %s", password.c_str()));
    auto* r = static_cast<redisReply*>(redisCommand(c, "KEYS %s", pattern.c_str()));
    if (r != nullptr && r->type == REDIS_REPLY_ARRAY) {
      for (std::size_t i = 0; i < r->elements; ++i) out.emplace_back(r->element[i]->str, r->element[i]->len);
    }
    if (r != nullptr) freeReplyObject(r);
    redisFree(c);
    return out;
  }

 private:
  int port_;
  pid_t pid_ = -1;
};

// The server's clock runs on while a test talks to redis-server (on a loaded machine, for tens of ms): a
// wait measured from a slot given at `since` is the slot's distance less what has passed since then.
milliseconds passed_since(Clock::time_point since) {
  return std::chrono::ceil<milliseconds>(Clock::now() - since) + milliseconds(2);
}

class RedisRateLimiterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    binary_ = find_redis_server();
    if (binary_.empty()) return;
    server_ = new RedisServer(binary_, "");  // NOLINT(cppcoreguidelines-owning-memory): one per suite
  }
  static void TearDownTestSuite() {
    delete server_;  // NOLINT(cppcoreguidelines-owning-memory)
    server_ = nullptr;
  }
  void SetUp() override {
    if (binary_.empty()) GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server; CI installs it)";
    ASSERT_TRUE(server_->ready()) << "redis-server did not start on port " << server_->port();
  }

  // A limiter of this suite's server; each test names its own quota so that tests do not share one.
  std::shared_ptr<QuotaLimiter> limiter(const std::string& quota, std::vector<RateLimit> limits,
                                        WhenRedisUnreachable when = WhenRedisUnreachable::fail,
                                        const std::string& url = "") const {
    RedisRateLimiterOptions options;
    options.url = url.empty() ? "redis://127.0.0.1:" + std::to_string(server_->port()) : url;
    options.vendor = "qonto";
    options.quota_name = quota;
    options.limits = std::move(limits);
    options.when_unreachable = when;
    auto made = make_redis_rate_limiter(options);
    EXPECT_TRUE(made.ok()) << made.error().to_string();
    return made.ok() ? *made : nullptr;
  }

  static std::string binary_;
  static RedisServer* server_;
};

std::string RedisRateLimiterTest::binary_;
RedisServer* RedisRateLimiterTest::server_ = nullptr;

TEST_F(RedisRateLimiterTest, TwoLimitersNamingOneQuotaShareIt) {
  EXPECT_TRUE(redis_rate_limiter_available());
  auto a = limiter("shared", {RateLimit{3, milliseconds(1000)}});
  auto b = limiter("shared", {RateLimit{3, milliseconds(1000)}});
  const Clock::time_point now = Clock::now();
  EXPECT_EQ(a->acquire(now).value().wait, milliseconds(0));
  EXPECT_EQ(b->acquire(now).value().wait, milliseconds(0));
  EXPECT_EQ(a->acquire(now).value().wait, milliseconds(0));
  // The fourth, from either process, waits for the first to leave the window (less the time that has
  // passed on the server's clock since).
  const milliseconds wait = b->acquire(now).value().wait;
  EXPECT_GE(wait, milliseconds(1000) - passed_since(now));
  EXPECT_LE(wait, milliseconds(1000));
}

TEST_F(RedisRateLimiterTest, OtherQuotaNamesDoNotShare) {
  auto a = limiter("team-a", {RateLimit{1, milliseconds(5000)}});
  auto b = limiter("team-b", {RateLimit{1, milliseconds(5000)}});
  EXPECT_EQ(a->acquire(Clock::now()).value().wait, milliseconds(0));
  EXPECT_EQ(b->acquire(Clock::now()).value().wait, milliseconds(0));
  EXPECT_GT(a->acquire(Clock::now()).value().wait, milliseconds(4000));
}

TEST_F(RedisRateLimiterTest, KeysAreNamespacedByVendorAndQuotaName) {
  auto a = limiter("month-end", {RateLimit{10, milliseconds(5000)}});
  ASSERT_TRUE(a->acquire(Clock::now()).ok());
  const std::vector<std::string> keys = server_->keys("paylink:quota:qonto:month-end:*");
  EXPECT_EQ(keys.size(), 2u) << "the sent set and the slot counter";
  EXPECT_TRUE(server_->keys("paylink:quota:qonto:month-end:sent").size() == 1u);
}

TEST_F(RedisRateLimiterTest, PacesThroughBothWindows) {
  auto a = limiter("two-windows", {RateLimit{2, milliseconds(500)}, RateLimit{3, milliseconds(5000)}});
  const Clock::time_point now = Clock::now();
  EXPECT_EQ(a->acquire(now).value().wait, milliseconds(0));
  EXPECT_EQ(a->acquire(now).value().wait, milliseconds(0));
  const milliseconds third = a->acquire(now).value().wait;
  EXPECT_GE(third, milliseconds(500) - passed_since(now));
  EXPECT_LE(third, milliseconds(500));
  EXPECT_GE(a->acquire(now).value().wait, milliseconds(5000) - passed_since(now)) << "the 5 s window holds only three";
}

TEST_F(RedisRateLimiterTest, ACountedSendHoldsItsPlaceUntilItsAnswerCame) {
  // Another process's send answered 300 ms after its slot gates the next one from its answer, on the
  // server's clock: about 1000 ms from now, not the 700 ms left from its slot.
  auto a = limiter("settle", {RateLimit{1, milliseconds(1000)}});
  auto b = limiter("settle", {RateLimit{1, milliseconds(1000)}});
  const QuotaSlot s = a->acquire(Clock::now()).value();
  std::this_thread::sleep_for(milliseconds(300));
  const Clock::time_point answered = Clock::now();
  a->report(s.id, {AttemptOutcome::counted, std::nullopt}, answered);
  const milliseconds wait = b->acquire(Clock::now()).value().wait;
  EXPECT_GE(wait, milliseconds(1000) - passed_since(answered)) << "not the 700 ms left from its slot";
  EXPECT_LE(wait, milliseconds(1000));
}

TEST_F(RedisRateLimiterTest, AnAttemptNotSentGivesItsSlotBack) {
  auto a = limiter("refund", {RateLimit{2, milliseconds(5000)}});
  (void)a->acquire(Clock::now());
  const QuotaSlot b = a->acquire(Clock::now()).value();
  a->report(b.id, {AttemptOutcome::not_sent, std::nullopt}, Clock::now());
  EXPECT_EQ(a->acquire(Clock::now()).value().wait, milliseconds(0));
  EXPECT_GT(a->acquire(Clock::now()).value().wait, milliseconds(4000));
}

TEST_F(RedisRateLimiterTest, ARetryAfterPausesEveryProcessOfTheQuota) {
  auto a = limiter("retry-after", {RateLimit{100, milliseconds(1000)}});
  auto b = limiter("retry-after", {RateLimit{100, milliseconds(1000)}});
  const QuotaSlot s = a->acquire(Clock::now()).value();
  const Clock::time_point refused = Clock::now();
  a->report(s.id, {AttemptOutcome::throttled, milliseconds(1500)}, refused);
  const milliseconds wait = b->acquire(Clock::now()).value().wait;
  EXPECT_GE(wait, milliseconds(1500) - passed_since(refused));
  EXPECT_LE(wait, milliseconds(1500));
}

TEST_F(RedisRateLimiterTest, UnreachableRedisFailsClosedNamingRedisButNotThePassword) {
  const std::string url = "redis://:canary-pw@127.0.0.1:" + std::to_string(free_port()) + "/0";
  auto a = limiter("closed", {RateLimit{10, milliseconds(1000)}}, WhenRedisUnreachable::fail, url);
  const Result<QuotaSlot> slot = a->acquire(Clock::now());
  ASSERT_FALSE(slot.ok());
  EXPECT_EQ(slot.error().code, ErrorCode::network);
  EXPECT_NE(slot.error().message.find("Redis"), std::string::npos) << slot.error().message;
  EXPECT_NE(slot.error().message.find("redis://127.0.0.1:"), std::string::npos) << slot.error().message;
  EXPECT_EQ(slot.error().to_string().find("canary-pw"), std::string::npos);

  // Through a client: the call fails with it and nothing is sent.
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  struct GetOnly : Provider {
    std::string_view name() const noexcept override { return "getonly"; }
    Capabilities capabilities() const noexcept override {
      Capabilities c;
      c.get = true;
      return c;
    }
    Result<HttpRequest> encode_get(std::string_view, const CallContext&) const override {
      HttpRequest r;
      r.url = "https://api.test/x";
      r.idempotent = true;
      return r;
    }
    Result<PaymentLink> decode_get(const HttpResponse&) const override { return PaymentLink{}; }
  };
  ClientOptions options;
  options.transport = transport;
  options.rate_limiter = a;
  const Result<PaymentLink> got = Client(std::make_shared<GetOnly>(), options).get("x");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::network);
  EXPECT_EQ(transport->count(), 0u);
}

TEST_F(RedisRateLimiterTest, UnreachableRedisFallsBackToTheLocalLimiterWhenChosen) {
  const std::string url = "redis://127.0.0.1:" + std::to_string(free_port());
  auto a = limiter("fallback", {RateLimit{1, milliseconds(1000)}}, WhenRedisUnreachable::use_local_limiter, url);
  const Clock::time_point now = Clock::now();
  const Result<QuotaSlot> first = a->acquire(now);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(first->wait, milliseconds(0));
  EXPECT_EQ(a->acquire(now).value().wait, milliseconds(1000)) << "paced by the local limiter's window";
  a->report(first->id, {AttemptOutcome::counted, std::nullopt}, now);  // reports reach the local limiter
}

TEST(RedisRateLimiterPassword, AuthenticatesAndNeverShowsThePassword) {
  const std::string binary = find_redis_server();
  if (binary.empty()) GTEST_SKIP() << "redis-server is not installed (apt-get install redis-server; CI installs it)";
  RedisServer server(binary, "canary-pw-1");
  ASSERT_TRUE(server.ready());
  RedisRateLimiterOptions options;
  options.vendor = "qonto";
  options.limits = {RateLimit{5, milliseconds(1000)}};
  options.url = "redis://:canary-pw-1@127.0.0.1:" + std::to_string(server.port()) + "/3";
  auto good = make_redis_rate_limiter(options);
  ASSERT_TRUE(good.ok());
  const Result<QuotaSlot> slot = (*good)->acquire(Clock::now());
  ASSERT_TRUE(slot.ok()) << slot.error().to_string();
  EXPECT_EQ(server.keys("paylink:quota:qonto:qonto:*", "canary-pw-1").size(), 0u) << "database 3, not 0";

  options.url = "redis://:canary-wrong@127.0.0.1:" + std::to_string(server.port());
  auto bad = make_redis_rate_limiter(options);
  ASSERT_TRUE(bad.ok());
  const Result<QuotaSlot> refused = (*bad)->acquire(Clock::now());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::network);
  EXPECT_NE(refused.error().message.find("Redis"), std::string::npos);
  EXPECT_EQ(refused.error().to_string().find("canary"), std::string::npos) << refused.error().to_string();
}

TEST(RedisRateLimiterOptions, RefusesABadUrlOrNoWindow) {
  RedisRateLimiterOptions options;
  options.vendor = "qonto";
  options.limits = {RateLimit{5, milliseconds(1000)}};
  options.url = "redis://:canary-pw@host:notaport";
  auto bad = make_redis_rate_limiter(options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "quota_redis_url");
  EXPECT_EQ(bad.error().to_string().find("canary-pw"), std::string::npos);
  options.url = "redis://127.0.0.1";
  options.limits = {RateLimit{}};
  auto none = make_redis_rate_limiter(options);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().field, "limits");
}

#endif

}  // namespace
}  // namespace paylink
