// Client::watch with fake time: a user's links at FakeVendor reaching paid or an end, the timeout,
// permanent and transient read failures, and, through a small adapter whose reads a test can time,
// the minimum interval, the backoff and the rate limiter. Nothing really sleeps.
#include <algorithm>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/providers/onoffice.hpp"
#include "paylink/testing/fake_transport.hpp"
#include "paylink/testing/fake_vendor.hpp"
#include "paylink/watch.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyTime = std::chrono::steady_clock::time_point;
using testing::FakeVendor;

// A steady clock that moves only when the client's sleeper moves it, and things to do once it has
// passed a given time (a payer paying, a vendor expiring a link).
struct FakeTime {
  const SteadyTime origin = SteadyTime(std::chrono::hours(1));
  SteadyTime now = origin;
  std::vector<std::pair<milliseconds, std::function<void()>>> actions;

  milliseconds elapsed() const { return std::chrono::duration_cast<milliseconds>(now - origin); }
  void at(milliseconds when, std::function<void()> action) { actions.emplace_back(when, std::move(action)); }

  void install(ClientOptions& options) {
    options.steady_clock = [this] { return now; };
    options.sleeper = [this](milliseconds wait) {
      now += wait;
      for (auto& [when, action] : actions) {
        if (action && elapsed() >= when) std::exchange(action, nullptr)();
      }
    };
  }
};

ClientOptions unlimited() {
  ClientOptions options;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  return options;
}

std::string create_link(const Client& client) {
  CreateLinkRequest request;
  request.amount = Money::parse("12.50", "EUR").value();
  request.description = "Invoice 7";
  return client.create(request).value().id;
}

WatchOptions every(milliseconds min, milliseconds max, milliseconds timeout) {
  WatchOptions options;
  options.min_interval = min;
  options.max_interval = max;
  options.timeout = timeout;
  return options;
}

// --- against FakeVendor -----------------------------------------------------------------------------

struct VendorWatch : ::testing::Test {
  FakeVendor vendor;
  FakeTime time;
  Client client = make_client();
  std::vector<LinkEvent> events;

  Client make_client() {
    ClientOptions options = unlimited();
    time.install(options);
    return vendor.client(options);
  }
  WatchOptions recording(WatchOptions options) {
    options.on_change = [this](const LinkEvent& e) { events.push_back(e); };
    return options;
  }
  std::vector<LinkStatus> statuses() const {
    std::vector<LinkStatus> out;
    for (const LinkEvent& e : events) out.push_back(e.status);
    return out;
  }
};

TEST_F(VendorWatch, ReachesPaidAndReportsEachChangeOnce) {
  const std::string id = create_link(client);
  time.at(seconds(20), [&] { ASSERT_TRUE(vendor.set_status(id, LinkStatus::paid).ok()); });

  auto result = client.watch({id}, WatchUntil::paid, recording(every(seconds(2), seconds(4), seconds(120))));

  ASSERT_TRUE(result.ok()) << result.error().to_string();
  ASSERT_EQ(result->links.size(), 1u);
  const WatchedLink& link = result->links[0];
  EXPECT_EQ(link.outcome, WatchOutcome::reached);
  EXPECT_TRUE(result->all_reached());
  ASSERT_TRUE(link.last.has_value());
  EXPECT_EQ(link.last->status, LinkStatus::paid);
  EXPECT_GE(link.polls, 5) << "the link was open for 20 s and read every 2 to 4 s";
  // Many reads of the open link, one event for it; then one for paid.
  EXPECT_EQ(statuses(), (std::vector<LinkStatus>{LinkStatus::open, LinkStatus::paid}));
  EXPECT_LE(time.elapsed(), seconds(24)) << "the watch went on after the link was paid";
  const LinkEvent& paid = events.back();
  EXPECT_EQ(paid.provider, "fake");
  EXPECT_EQ(paid.link_id, id);
  EXPECT_EQ(paid.raw_status, link.last->raw_status);
  EXPECT_FALSE(paid.raw_status.empty());
  ASSERT_TRUE(paid.amount.has_value());
  EXPECT_EQ(paid.amount->to_string(), "12.50 EUR");
  EXPECT_TRUE(paid.event_id.empty());
  EXPECT_EQ(paid.raw_body, link.last->raw_json);
  EXPECT_FALSE(paid.raw_body.empty());
}

TEST_F(VendorWatch, APaidEventCarriesTheVendorsPaymentTimeAndOthersTheTimeOfTheRead) {
  const Timestamp read_time = std::chrono::system_clock::time_point(seconds(1'800'000'000));
  ClientOptions options = unlimited();
  time.install(options);
  options.clock = [read_time] { return read_time; };
  const Client timed = vendor.client(options);
  const std::string id = create_link(timed);
  time.at(seconds(3), [&] { ASSERT_TRUE(vendor.set_status(id, LinkStatus::paid).ok()); });

  ASSERT_TRUE(timed.watch({id}, WatchUntil::paid, recording(every(seconds(2), seconds(2), seconds(30)))).ok());

  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].occurred_at, read_time);
  const auto completed = vendor.link(id)->completed_at;
  ASSERT_TRUE(completed.has_value());
  EXPECT_EQ(events[1].occurred_at, completed);
  EXPECT_NE(events[1].occurred_at, read_time);
}

TEST_F(VendorWatch, UntilFinalEndsOnExpiredAsOnPaid) {
  const std::string expiring = create_link(client);
  const std::string paying = create_link(client);
  time.at(seconds(7), [&] { ASSERT_TRUE(vendor.set_status(expiring, LinkStatus::expired).ok()); });
  time.at(seconds(9), [&] { ASSERT_TRUE(vendor.set_status(paying, LinkStatus::paid).ok()); });

  auto result =
      client.watch({expiring, paying}, WatchUntil::final, recording(every(seconds(2), seconds(2), seconds(60))));

  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_TRUE(result->all_reached());
  EXPECT_EQ(result->links[0].last->status, LinkStatus::expired);
  EXPECT_EQ(result->links[1].last->status, LinkStatus::paid);
  EXPECT_LE(time.elapsed(), seconds(12));
}

TEST_F(VendorWatch, ALinkCanceledWhileWaitingForPaidStopsEarlyAsImpossible) {
  const std::string id = create_link(client);
  time.at(seconds(5), [&] { ASSERT_TRUE(vendor.set_status(id, LinkStatus::canceled).ok()); });

  auto result = client.watch({id}, WatchUntil::paid, recording(every(seconds(1), seconds(1), seconds(600))));

  ASSERT_TRUE(result.ok());
  const WatchedLink& link = result->links[0];
  EXPECT_EQ(link.outcome, WatchOutcome::impossible);
  EXPECT_EQ(link.last->status, LinkStatus::canceled);
  EXPECT_FALSE(result->all_reached());
  EXPECT_LE(time.elapsed(), seconds(7)) << "watched on for a link that can never be paid";
  const std::size_t requests = vendor.request_count();
  EXPECT_EQ(static_cast<std::size_t>(link.polls) + 1, requests) << "create + one request per read";
  EXPECT_EQ(statuses(), (std::vector<LinkStatus>{LinkStatus::open, LinkStatus::canceled}));
}

TEST_F(VendorWatch, TheTimeoutEndsTheWatchWithTheLastStatusSeen) {
  const std::string id = create_link(client);

  auto result = client.watch({id}, WatchUntil::paid, recording(every(seconds(2), seconds(10), seconds(60))));

  ASSERT_TRUE(result.ok());
  const WatchedLink& link = result->links[0];
  EXPECT_EQ(link.outcome, WatchOutcome::timed_out);
  ASSERT_TRUE(link.last.has_value());
  EXPECT_EQ(link.last->status, LinkStatus::open);
  EXPECT_FALSE(link.error.has_value());
  EXPECT_LE(time.elapsed(), seconds(60)) << "slept past the timeout";
  EXPECT_GE(time.elapsed(), seconds(50)) << "gave up well before the timeout";
  EXPECT_GE(link.polls, 6);
  EXPECT_EQ(events.size(), 1u) << "an unchanged status was reported again";
}

TEST_F(VendorWatch, TransientFailuresAreReadAgainUntilThePayment) {
  const std::string id = create_link(client);
  Error reset = Error::make(ErrorCode::network, "connection reset by peer");
  vendor.fail_next(reset, 8);  // two whole reads: each get makes 4 attempts
  time.at(seconds(10), [&] { ASSERT_TRUE(vendor.set_status(id, LinkStatus::paid).ok()); });

  auto result = client.watch({id}, WatchUntil::paid, recording(every(seconds(2), seconds(4), seconds(60))));

  ASSERT_TRUE(result.ok());
  const WatchedLink& link = result->links[0];
  EXPECT_EQ(link.outcome, WatchOutcome::reached);
  EXPECT_FALSE(link.error.has_value()) << "a later successful read clears the transient error";
  EXPECT_GE(link.polls, 3);
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().status, LinkStatus::paid);
}

TEST_F(VendorWatch, TransientFailuresUntilTheTimeoutKeepTheLastError) {
  const std::string id = create_link(client);
  vendor.fail_next(Error::make(ErrorCode::network, "connection refused"), 10'000);

  auto result = client.watch({id}, WatchUntil::paid, every(seconds(2), seconds(8), seconds(40)));

  ASSERT_TRUE(result.ok());
  const WatchedLink& link = result->links[0];
  EXPECT_EQ(link.outcome, WatchOutcome::timed_out);
  EXPECT_FALSE(link.last.has_value());
  ASSERT_TRUE(link.error.has_value());
  EXPECT_EQ(link.error->code, ErrorCode::network);
  EXPECT_GE(link.polls, 3);
}

TEST_F(VendorWatch, AnUnknownIdEndsThatIdAloneWithItsError) {
  const std::string id = create_link(client);
  time.at(seconds(6), [&] { ASSERT_TRUE(vendor.set_status(id, LinkStatus::paid).ok()); });

  auto result = client.watch({"fake_404", id}, WatchUntil::paid, every(seconds(2), seconds(2), seconds(60)));

  ASSERT_TRUE(result.ok());
  const WatchedLink& unknown = result->links[0];
  EXPECT_EQ(unknown.id, "fake_404");
  EXPECT_EQ(unknown.outcome, WatchOutcome::failed);
  ASSERT_TRUE(unknown.error.has_value());
  EXPECT_EQ(unknown.error->code, ErrorCode::not_found);
  EXPECT_EQ(unknown.polls, 1) << "a link that does not exist was read again";
  EXPECT_EQ(result->links[1].outcome, WatchOutcome::reached);
  EXPECT_FALSE(result->all_reached());
}

TEST_F(VendorWatch, RefusedCredentialsEndEveryIdWithAuth) {
  const std::string id = create_link(client);
  Error refused = Error::make(ErrorCode::auth, "bad token");
  vendor.fail_next(refused, 1);

  auto result = client.watch({id}, WatchUntil::paid, every(seconds(2), seconds(2), seconds(60)));

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->links[0].outcome, WatchOutcome::failed);
  EXPECT_EQ(result->links[0].error->code, ErrorCode::auth);
  EXPECT_EQ(result->links[0].polls, 1);
}

TEST_F(VendorWatch, BadInputIsRefusedBeforeAnythingIsSent) {
  const std::size_t before = vendor.request_count();
  struct Case {
    std::vector<std::string> ids;
    WatchOptions options;
    std::string field;
  };
  WatchOptions too_fast;
  too_fast.min_interval = milliseconds(10);
  WatchOptions no_time;
  no_time.timeout = milliseconds(0);
  const std::vector<Case> cases = {
      {{}, {}, "ids"},
      {{"fake_1", ""}, {}, "ids[1]"},
      {{".."}, {}, "ids[0]"},
      {{"fake_1", "fake_2", "fake_1"}, {}, "ids[2]"},
      {std::vector<std::string>(1001, "x"), {}, "ids"},
      {{"fake_1"}, too_fast, "min_interval"},
      {{"fake_1"}, no_time, "timeout"},
  };
  for (const Case& c : cases) {
    auto result = client.watch(c.ids, WatchUntil::paid, c.options);
    ASSERT_FALSE(result.ok()) << c.field;
    EXPECT_EQ(result.error().code, ErrorCode::validation) << c.field;
    EXPECT_EQ(result.error().field, c.field) << result.error().message;
  }
  EXPECT_NE(client.watch({"fake_1"}, WatchUntil::paid, too_fast).error().message.find("0.1 s"), std::string::npos)
      << "the message names the limit";
  EXPECT_EQ(vendor.request_count(), before);
  EXPECT_EQ(time.elapsed(), milliseconds(0));
}

TEST(Watch, OnOfficeOffersNoStatusReadAndNothingIsSent) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  ClientOptions options;
  options.transport = transport;
  options.sleeper = [](milliseconds) { FAIL() << "an unsupported watch waited"; };
  OnOfficeConfig config;
  config.token = "tok-canary-1234";
  config.secret = "sec-canary-5678";
  const Client client = make_onoffice_client(config, options);

  auto result = client.watch({"1100135697"}, WatchUntil::paid);

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::unsupported);
  EXPECT_NE(result.error().message.find("onoffice offers no status read through its API"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(transport->count(), 0u);
}

// --- timing, through an adapter whose every read the test sees ---------------------------------------

// GET https://watch.invalid/links/<id>; a 200 body is the status word, 404 is not_found.
class StatusProvider : public Provider {
 public:
  std::string_view name() const noexcept override { return "status"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.get = true;
    return c;
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    HttpRequest r;
    r.method = HttpMethod::get;
    r.url = "https://watch.invalid/links/" + std::string(id);
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_get(const HttpResponse& response) const override {
    if (response.status == 404) return Error::make(ErrorCode::not_found, "no such link");
    if (response.status != 200) {
      Error e = Error::make(ErrorCode::provider, "unavailable");
      e.retryable = true;
      return e;
    }
    PaymentLink link;
    link.status = parse_link_status(response.body).value_or(LinkStatus::unknown);
    link.raw_status = response.body;
    return link;
  }
};

// Answers each link's current status and records when each read arrived (by fake time).
struct TimedVendor {
  FakeTime time;
  std::map<std::string, std::string> status;  // link id → status word
  std::vector<std::pair<std::string, milliseconds>> reads;
  std::shared_ptr<testing::FakeTransport> transport =
      std::make_shared<testing::FakeTransport>([this](const HttpRequest& request) -> Result<HttpResponse> {
        const std::string id = request.url.substr(request.url.rfind('/') + 1);
        reads.emplace_back(id, time.elapsed());
        HttpResponse r;
        r.status = status.count(id) != 0 ? 200 : 404;
        r.body = status.count(id) != 0 ? status[id] : "";
        return r;
      });

  Client client(std::shared_ptr<RateLimiter> limiter = std::make_shared<RateLimiter>(RateLimit{})) {
    ClientOptions options;
    options.transport = transport;
    options.rate_limiter = std::move(limiter);
    time.install(options);
    return Client(std::make_shared<StatusProvider>(), options);
  }
  std::vector<milliseconds> read_times(const std::string& id) const {
    std::vector<milliseconds> out;
    for (const auto& [read_id, at] : reads) {
      if (read_id == id) out.push_back(at);
    }
    return out;
  }
};

std::vector<milliseconds> gaps(const std::vector<milliseconds>& times) {
  std::vector<milliseconds> out;
  for (std::size_t i = 1; i < times.size(); ++i) out.push_back(times[i] - times[i - 1]);
  return out;
}

TEST(WatchTiming, NoLinkIsReadMoreOftenThanTheMinimumIntervalAndNoReadStartsAfterTheTimeout) {
  TimedVendor vendor;
  vendor.status = {{"a", "open"}, {"b", "open"}, {"c", "open"}};

  auto result = vendor.client().watch({"a", "b", "c"}, WatchUntil::paid, every(seconds(3), seconds(3), seconds(30)));

  ASSERT_TRUE(result.ok());
  for (const WatchedLink& link : result->links) EXPECT_EQ(link.outcome, WatchOutcome::timed_out);
  for (const std::string id : {"a", "b", "c"}) {
    const auto times = vendor.read_times(id);
    ASSERT_GE(times.size(), 10u) << id;
    EXPECT_LE(times.size(), 11u) << id << ": 30 s at one read per 3 s";
    for (const milliseconds gap : gaps(times)) EXPECT_GE(gap, seconds(3)) << id;
    EXPECT_LE(times.back(), seconds(30)) << id;
  }
  // One link per tick: the three links' reads are spread over the interval, never at the same moment.
  std::vector<milliseconds> all;
  for (const auto& read : vendor.reads) all.push_back(read.second);
  for (const milliseconds gap : gaps(all)) EXPECT_GE(gap, seconds(1));
}

TEST(WatchTiming, AnUnchangedLinkIsReadLessAndLessOftenAndAChangeResetsTheInterval) {
  TimedVendor vendor;
  vendor.status = {{"a", "open"}};
  vendor.time.at(seconds(40), [&] { vendor.status["a"] = "pending"; });

  auto result = vendor.client().watch({"a"}, WatchUntil::paid, every(seconds(1), seconds(8), seconds(70)));

  ASSERT_TRUE(result.ok());
  const auto g = gaps(vendor.read_times("a"));
  ASSERT_GE(g.size(), 8u);
  // The first read's status is new (interval stays 1 s); each unchanged read adds half.
  EXPECT_EQ(g[0], seconds(1));
  EXPECT_EQ(g[1], milliseconds(1500));
  EXPECT_EQ(g[2], milliseconds(2250));
  EXPECT_EQ(g[3], milliseconds(3375));
  const auto longest = *std::max_element(g.begin(), g.end());
  EXPECT_EQ(longest, seconds(8)) << "the interval grows to max_interval and no further";
  // The read that saw "pending" resets the interval to the minimum.
  const auto times = vendor.read_times("a");
  const auto first_after_change =
      std::find_if(times.begin(), times.end(), [](milliseconds t) { return t >= seconds(40); });
  ASSERT_NE(first_after_change, times.end());
  ASSERT_NE(first_after_change + 1, times.end());
  EXPECT_EQ(*(first_after_change + 1) - *first_after_change, seconds(1));
}

TEST(WatchTiming, ReadsWaitForTheClientsRateLimiter) {
  TimedVendor vendor;
  vendor.status = {{"a", "open"}, {"b", "open"}, {"c", "open"}};
  // One request per 5 s, far slower than the 100 ms the watch would read at on its own.
  const Client client = vendor.client(std::make_shared<RateLimiter>(RateLimit{1, seconds(5)}));

  auto result =
      client.watch({"a", "b", "c"}, WatchUntil::paid, every(milliseconds(100), milliseconds(100), seconds(60)));

  ASSERT_TRUE(result.ok());
  ASSERT_GE(vendor.reads.size(), 10u);
  // 0, 5, …, 60 s; plus the read that started at the timeout and waited for its slot after it.
  EXPECT_LE(vendor.reads.size(), 14u) << "60 s at one request per 5 s";
  std::vector<milliseconds> all;
  for (const auto& read : vendor.reads) all.push_back(read.second);
  for (const milliseconds gap : gaps(all)) EXPECT_GE(gap, seconds(5));
  // Round-robin: every link was read, none starved by the others.
  for (const std::string id : {"a", "b", "c"}) EXPECT_GE(vendor.read_times(id).size(), 3u) << id;
}

TEST(WatchTiming, ARetryAfterIsHonouredBeforeTheNextRead) {
  TimedVendor vendor;
  vendor.status = {{"a", "open"}};
  auto limited = std::make_shared<testing::FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> {
    vendor.reads.emplace_back("a", vendor.time.elapsed());
    HttpResponse r;
    r.status = vendor.reads.size() <= 4 ? 429 : 200;
    r.headers = {{"Retry-After", "30"}};
    r.body = "open";
    return r;
  });
  ClientOptions options;
  options.transport = limited;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  vendor.time.install(options);
  // Only the answer's Retry-After decides the wait here: the adapter maps 429 to rate_limited.
  class RateLimitedProvider : public StatusProvider {
    Result<PaymentLink> decode_get(const HttpResponse& response) const override {
      if (response.status == 429) {
        Error e = Error::make(ErrorCode::rate_limited, "slow down");
        e.retryable = false;  // not retried inside get, so watch sees it
        return e;
      }
      return StatusProvider::decode_get(response);
    }
  };
  const Client client(std::make_shared<RateLimitedProvider>(), options);

  auto result = client.watch({"a"}, WatchUntil::paid, every(seconds(1), seconds(1), seconds(100)));

  ASSERT_TRUE(result.ok());
  const auto g = gaps(vendor.read_times("a"));
  ASSERT_GE(g.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_GE(g[i], seconds(30)) << "read " << i + 1 << " came before Retry-After";
}

}  // namespace
}  // namespace paylink
