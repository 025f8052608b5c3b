// Qonto OAuth2 refresh (QontoConfig::oauth) against a fake token endpoint and a fake API on one
// FakeTransport, with the client's injected clocks: refresh before expiry, single-flight, store before
// use, one renewal per 401, invalid_grant, and canaries that no token ever leaks.
#include <atomic>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "paylink/batch.hpp"
#include "paylink/testing/fake_transport.hpp"
#include "qonto/qonto_test_support.hpp"

namespace paylink::qonto_test {
namespace {

using namespace std::chrono_literals;
using paylink::testing::FakeTransport;

const Timestamp kT0 = Timestamp(std::chrono::seconds(1'800'000'000));
constexpr std::string_view kOAuthBase = "http://127.0.0.1:9/oauth";
constexpr std::string_view kTokenUrl = "http://127.0.0.1:9/oauth/oauth2/token";

// Distinctive values that must never be printed anywhere.
const std::string kClientSecret = "canary-client-secret-5f3a";
const std::string kFirstRefresh = "canary-refresh-0-5f3a";
const std::string kFirstAccess = "canary-access-0-5f3a";

std::string link_body() {
  return R"({"payment_link": {"id": "3c90c3cc-0d44-4b50-8888-8dd25736052a", "status": "open",
    "amount": {"value": "13.30", "currency": "EUR"}, "reusable": false,
    "created_at": "2020-12-02T10:15:30.123Z", "url": "https://pay.qonto.com/x"}})";
}

HttpResponse json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.headers = {{"Content-Type", "application/json"}};
  r.body = std::move(body);
  return r;
}

// A token endpoint and an API on one fake transport. The endpoint issues "canary-access-N-5f3a" /
// "canary-refresh-N-5f3a" with `expires_in`; the API accepts only the access tokens in `valid`.
struct FakeQonto {
  std::mutex mutex;
  int issued = 0;
  std::int64_t expires_in = 3600;
  std::vector<std::string> token_bodies;  // the form bodies received
  std::vector<std::string> valid = {"Bearer " + kFirstAccess};
  std::vector<std::string> api_authorizations;         // Authorization of every API request, in order
  std::function<Result<HttpResponse>()> token_answer;  // replaces the issuing when set
  std::chrono::milliseconds token_delay{0};
  // Runs first for every token request, outside the mutex, so it may block as a slow or hung host
  // does; an error it returns is the transport's answer instead of the issuing.
  std::function<Result<void>(const HttpRequest&)> token_in_flight;
  std::function<void(const HttpRequest&)> api_in_flight;  // runs first for every API request
  bool refuse_all = false;                                // the API refuses every token, fresh ones too
  std::atomic<int> api_count{0};

  Result<HttpResponse> handle(const HttpRequest& request) {
    if (request.url == kTokenUrl) {
      if (token_delay.count() > 0) std::this_thread::sleep_for(token_delay);
      if (token_in_flight) {
        if (auto passed = token_in_flight(request); !passed) return passed.error();
      }
      std::lock_guard<std::mutex> lock(mutex);
      token_bodies.push_back(request.body);
      if (token_answer) return token_answer();
      ++issued;
      const std::string access = "canary-access-" + std::to_string(issued) + "-5f3a";
      valid.push_back("Bearer " + access);
      return json(200, R"({"access_token": ")" + access + R"(", "token_type": "bearer", "expires_in": )" +
                           std::to_string(expires_in) + R"(, "refresh_token": "canary-refresh-)" +
                           std::to_string(issued) + R"(-5f3a", "scope": "payment_link.read offline_access"})");
    }
    if (api_in_flight) api_in_flight(request);
    ++api_count;
    const std::string auth = find_header(request.headers, "Authorization").value_or("");
    std::lock_guard<std::mutex> lock(mutex);
    api_authorizations.push_back(auth);
    for (const auto& v : valid) {
      if (v == auth && !refuse_all) return json(200, link_body());
    }
    return json(401, R"({"errors": [{"code": "unauthorized", "detail": "token expired"}], "trace_id": "t1"})");
  }
};

// Clocks the test moves by hand: both advance together. With `real`, the steady clock is the machine's
// (for a wait on a condition variable, which only the real clock ends), and the wall clock follows it.
struct Clocks {
  std::atomic<long long> ms{0};
  bool real = false;
  const std::chrono::steady_clock::time_point real_start = std::chrono::steady_clock::now();
  void advance(std::chrono::milliseconds d) { ms += d.count(); }
  std::chrono::milliseconds elapsed() const {
    if (!real) return std::chrono::milliseconds(ms.load());
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - real_start);
  }
};

struct Harness {
  std::shared_ptr<FakeQonto> fake = std::make_shared<FakeQonto>();
  std::shared_ptr<Clocks> clocks = std::make_shared<Clocks>();
  std::shared_ptr<FakeTransport> transport;
  std::vector<std::string> log_lines;
  std::mutex log_mutex;
  std::vector<QontoTokens> stored;
  std::function<Result<void>(const QontoTokens&)> store_result;  // default: keep

  QontoOAuth oauth(Timestamp expires_at = kT0 + 3600s) {
    QontoOAuth o;
    o.client_id = "paylink-test-client";
    o.client_secret = kClientSecret;
    o.refresh_token = kFirstRefresh;
    o.access_token = kFirstAccess;
    o.access_token_expires_at = expires_at;
    o.base_url = std::string(kOAuthBase);
    o.store = [this](const QontoTokens& tokens) -> Result<void> {
      stored.push_back(tokens);
      // Persist before use: no API request has carried the new token yet.
      std::lock_guard<std::mutex> lock(fake->mutex);
      for (const auto& auth : fake->api_authorizations) {
        EXPECT_NE(auth, "Bearer " + tokens.access_token.reveal()) << "the new token was used before it was stored";
      }
      if (store_result) return store_result(tokens);
      return {};
    };
    return o;
  }

  Client client(QontoOAuth o) {
    transport = std::make_shared<FakeTransport>([fake = fake](const HttpRequest& r) { return fake->handle(r); });
    QontoConfig config;
    config.base_url = "http://127.0.0.1:9";
    config.oauth = std::move(o);
    ClientOptions options;
    options.transport = transport;
    options.clock = [c = clocks] { return kT0 + c->elapsed(); };
    options.steady_clock = [c = clocks] {
      if (c->real) return std::chrono::steady_clock::now();
      return std::chrono::steady_clock::time_point(c->elapsed());
    };
    options.sleeper = [](std::chrono::milliseconds) {};
    options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
    options.log.log_bodies = true;
    options.log.hook = [this](const LogEvent& e) {
      std::string line(e.event);
      for (const auto& [k, v] : e.fields) line += " " + k + "=" + v;
      std::lock_guard<std::mutex> lock(log_mutex);
      log_lines.push_back(line);
    };
    return make_qonto_client(std::move(config), std::move(options));
  }

  int refreshes() {
    std::lock_guard<std::mutex> lock(fake->mutex);
    return static_cast<int>(fake->token_bodies.size());
  }
  // Token requests sent, those cut short included (`refreshes` counts the ones the endpoint read).
  std::vector<HttpRequest> token_requests() const {
    std::vector<HttpRequest> out;
    for (HttpRequest& r : transport->sent()) {
      if (r.url == kTokenUrl) out.push_back(std::move(r));
    }
    return out;
  }
  std::string last_authorization() {
    std::lock_guard<std::mutex> lock(fake->mutex);
    return fake->api_authorizations.empty() ? "" : fake->api_authorizations.back();
  }
};

// No canary in an error, its exception, or any log line.
void expect_no_canary(Harness& h, const std::vector<Error>& errors) {
  std::vector<std::string> texts = h.log_lines;
  for (const Error& e : errors) {
    texts.push_back(e.to_string());
    texts.push_back(e.message + e.vendor_message + e.vendor_code + e.field);
    texts.push_back(Exception(e).what());
  }
  for (const auto& text : texts) {
    EXPECT_EQ(text.find("5f3a"), std::string::npos) << "a token or secret leaked: " << text;
  }
}

TEST(QontoOAuth, UsesTheGivenAccessTokenWhileMoreThanAMinuteRemains) {
  Harness h;
  const Client client = h.client(h.oauth(kT0 + 3600s));
  h.clocks->advance(3539s);  // 61 s left: more than min(60 s, a tenth of the token's 3600 s)
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.refreshes(), 0);
  EXPECT_EQ(h.last_authorization(), "Bearer " + kFirstAccess);
}

TEST(QontoOAuth, RefreshesBeforeExpiryWhenLessThanAMinuteRemains) {
  Harness h;
  const Client client = h.client(h.oauth(kT0 + 3600s));
  h.clocks->advance(3541s);  // 59 s left
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  ASSERT_EQ(h.refreshes(), 1);
  EXPECT_EQ(h.last_authorization(), "Bearer canary-access-1-5f3a");
  const std::string body = h.fake->token_bodies.front();
  EXPECT_EQ(body, "grant_type=refresh_token&refresh_token=" + kFirstRefresh +
                      "&client_id=paylink-test-client&client_secret=" + kClientSecret);
  const HttpRequest token_request = h.transport->sent().front();
  EXPECT_EQ(token_request.url, kTokenUrl);
  EXPECT_EQ(token_request.method, HttpMethod::post);
  EXPECT_EQ(find_header(token_request.headers, "Content-Type").value_or(""), "application/x-www-form-urlencoded");
  // The rotated pair was stored, its expiry counted from the moment the refresh was sent.
  ASSERT_EQ(h.stored.size(), 1u);
  EXPECT_EQ(h.stored[0].access_token.reveal(), "canary-access-1-5f3a");
  EXPECT_EQ(h.stored[0].refresh_token.reveal(), "canary-refresh-1-5f3a");
  EXPECT_EQ(h.stored[0].expires_at, kT0 + 3541s + 3600s);
}

TEST(QontoOAuth, RefreshMarginIsATenthOfAShortLifetime) {
  Harness h;
  h.fake->expires_in = 10;                       // margin min(60 s, 1 s) = 1 s
  const Client client = h.client(h.oauth(kT0));  // expired: the first call refreshes
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  ASSERT_EQ(h.refreshes(), 1);
  h.clocks->advance(8900ms);  // 1.1 s left
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.refreshes(), 1);
  h.clocks->advance(200ms);  // 0.9 s left
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.refreshes(), 2);
  // The second refresh used the refresh token the first one rotated in.
  EXPECT_NE(h.fake->token_bodies[1].find("refresh_token=canary-refresh-1-5f3a&"), std::string::npos);
  EXPECT_EQ(h.last_authorization(), "Bearer canary-access-2-5f3a");
}

TEST(QontoOAuth, WithoutAnAccessTokenTheFirstCallRefreshesFirst) {
  Harness h;
  QontoOAuth o = h.oauth();
  o.access_token = Secret();
  const Client client = h.client(std::move(o));
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.refreshes(), 1);
  EXPECT_EQ(h.fake->api_count.load(), 1);
}

TEST(QontoOAuth, ManyThreadsNeedingATokenCauseExactlyOneRefresh) {
  Harness h;
  h.fake->token_delay = 50ms;  // the refresh is slow, so the other threads arrive while it is in flight
  const Client client = h.client(h.oauth(kT0));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (client.get(kSeedLinkId).ok()) ++ok;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 8);
  EXPECT_EQ(h.refreshes(), 1);
  EXPECT_EQ(h.stored.size(), 1u);
  for (const auto& auth : h.fake->api_authorizations) EXPECT_EQ(auth, "Bearer canary-access-1-5f3a");
}

TEST(QontoOAuth, ABatchAcrossAnExpiryRefreshesOnce) {
  Harness h;
  const Client client = h.client(h.oauth(kT0 + 60s));  // inside the margin from the start
  BatchOptions options;
  options.max_in_flight = 4;
  BatchRunner runner(client, options);
  std::size_t next = 0;
  std::atomic<int> ok{0};
  runner.get_all(
      [&]() -> std::optional<BatchGet> {
        if (next == 20) return std::nullopt;
        return BatchGet{std::to_string(next++), kSeedLinkId};
      },
      [&](BatchResult r) {
        if (r.result.ok()) ++ok;
      });
  EXPECT_EQ(ok.load(), 20);
  EXPECT_EQ(h.refreshes(), 1);
}

TEST(QontoOAuth, AFailedStoreFailsTheCallAndKeepsThePreviousPair) {
  Harness h;
  h.store_result = [](const QontoTokens& t) -> Result<void> {
    return Error::make(ErrorCode::network, "disk full while writing " + t.access_token.reveal());
  };
  const Client client = h.client(h.oauth(kT0));
  const auto failed = client.get(kSeedLinkId);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("could not be stored"), std::string::npos) << failed.error().message;
  EXPECT_NE(failed.error().message.find("previous tokens stay in force"), std::string::npos);
  EXPECT_FALSE(failed.error().request_sent);
  EXPECT_EQ(h.fake->api_count.load(), 0) << "the call went out with a token that was never stored";
  expect_no_canary(h, {failed.error()});

  // The old pair is still the one in force: the next refresh sends the first refresh token again.
  h.store_result = nullptr;
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  ASSERT_EQ(h.refreshes(), 2);
  EXPECT_NE(h.fake->token_bodies[1].find("refresh_token=" + kFirstRefresh + "&"), std::string::npos);
}

TEST(QontoOAuth, A401RefreshesOnceThenSendsTheRequestOnceMore) {
  Harness h;
  h.fake->valid.clear();  // the unexpired first token is refused (revoked early)
  const Client client = h.client(h.oauth(kT0 + 3600s));
  const auto link = client.get(kSeedLinkId);
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(h.refreshes(), 1);
  ASSERT_EQ(h.fake->api_authorizations.size(), 2u);
  EXPECT_EQ(h.fake->api_authorizations[0], "Bearer " + kFirstAccess);
  EXPECT_EQ(h.fake->api_authorizations[1], "Bearer canary-access-1-5f3a");
}

TEST(QontoOAuth, A401AfterTheRenewalIsTheResultWithoutASecondRefresh) {
  Harness h;
  const Client client = h.client(h.oauth(kT0 + 3600s));
  h.fake->refuse_all = true;  // every token is refused, the renewed one too
  std::vector<Error> errors;
  auto refused = client.get(kSeedLinkId);
  ASSERT_FALSE(refused.ok());
  errors.push_back(refused.error());
  EXPECT_EQ(refused.error().code, ErrorCode::auth);
  EXPECT_EQ(h.refreshes(), 1);
  EXPECT_EQ(h.fake->api_count.load(), 2);
  expect_no_canary(h, errors);
}

TEST(QontoOAuth, A401ForATokenAlreadyReplacedRefreshesNothing) {
  Harness h;
  h.client(h.oauth(kT0 + 3600s));  // makes the transport
  QontoConfig config;
  config.base_url = "http://127.0.0.1:9";
  config.oauth = h.oauth(kT0 + 3600s);
  const auto provider = make_qonto_provider(std::move(config));
  CredentialSource* source = provider->credential_source();
  ASSERT_NE(source, nullptr);
  ClientOptions options;
  options.transport = h.transport;
  options.clock = [] { return kT0; };
  options.steady_clock = [] { return std::chrono::steady_clock::time_point(); };
  const auto first = source->current(options);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->get("access_token").reveal(), kFirstAccess);
  // Two calls sent with the first token both get a 401: the first renewal refreshes, the second finds
  // the token already replaced and refreshes nothing.
  const auto renewed = source->renew_rejected(**first, options);
  ASSERT_TRUE(renewed.ok());
  EXPECT_TRUE(*renewed);
  const auto again = source->renew_rejected(**first, options);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again);
  EXPECT_EQ(h.refreshes(), 1);
  EXPECT_EQ((*source->current(options))->get("access_token").reveal(), "canary-access-1-5f3a");
}

TEST(QontoOAuth, InvalidGrantIsAuthAndSaysTheUserMustReauthorise) {
  Harness h;
  h.fake->token_answer = [] {
    return json(400,
                R"({"error": "invalid_grant", "error_description": "refresh token canary-refresh-0-5f3a is expired"})");
  };
  const Client client = h.client(h.oauth(kT0));
  const auto failed = client.get(kSeedLinkId);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::auth);
  EXPECT_EQ(failed.error().vendor_code, "invalid_grant");
  EXPECT_NE(failed.error().message.find("must authorise the application again"), std::string::npos)
      << failed.error().message;
  EXPECT_EQ(h.fake->api_count.load(), 0);
  EXPECT_TRUE(h.stored.empty());
  expect_no_canary(h, {failed.error()});
}

TEST(QontoOAuth, InvalidClientIsAuthNamingTheClientCredentials) {
  Harness h;
  h.fake->token_answer = [] {
    return json(401, R"({"error": "invalid_client", "error_description": "bad secret canary-client-secret-5f3a"})");
  };
  const Client client = h.client(h.oauth(kT0));
  const auto failed = client.get(kSeedLinkId);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::auth);
  EXPECT_NE(failed.error().message.find("client id and client secret"), std::string::npos);
  expect_no_canary(h, {failed.error()});
}

TEST(QontoOAuth, UnreadableOrFailedRefreshesAreClearErrorsWithoutTokens) {
  std::vector<std::function<Result<HttpResponse>()>> answers = {
      [] { return json(200, R"({"token_type": "bearer"})"); },                            // no access_token
      [] { return json(200, R"({"access_token": "canary-x-5f3a", "expires_in": 0})"); },  // no lifetime
      [] { return json(200, "<html>canary-refresh-0-5f3a</html>"); },
      [] { return json(503, R"({"error": "temporarily_unavailable"})"); },
      []() -> Result<HttpResponse> {
        Error e = Error::make(ErrorCode::network, "connection reset while sending canary-refresh-0-5f3a");
        e.request_sent = true;
        return e;
      },
  };
  const std::vector<ErrorCode> codes = {ErrorCode::invalid_response, ErrorCode::invalid_response,
                                        ErrorCode::invalid_response, ErrorCode::provider, ErrorCode::network};
  for (std::size_t i = 0; i < answers.size(); ++i) {
    Harness h;
    h.fake->token_answer = answers[i];
    const Client client = h.client(h.oauth(kT0));
    const auto failed = client.get(kSeedLinkId);
    ASSERT_FALSE(failed.ok()) << i;
    EXPECT_EQ(failed.error().code, codes[i]) << i << ": " << failed.error().to_string();
    EXPECT_NE(failed.error().message.find("OAuth"), std::string::npos) << failed.error().message;
    EXPECT_FALSE(failed.error().request_sent) << i;
    EXPECT_EQ(h.fake->api_count.load(), 0) << i;
    expect_no_canary(h, {failed.error()});
  }
}

TEST(QontoOAuth, TheRefreshIsLoggedWithoutAnyToken) {
  Harness h;
  const Client client = h.client(h.oauth(kT0));
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  bool logged = false;
  for (const auto& line : h.log_lines) logged = logged || line.rfind("token_refresh", 0) == 0;
  EXPECT_TRUE(logged);
  expect_no_canary(h, {});
}

TEST(QontoOAuth, IncompleteOrConflictingSettingsAreRefusedBeforeSending) {
  struct Case {
    std::function<void(QontoConfig&)> change;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](QontoConfig& c) { c.oauth->client_id.clear(); }, "oauth.client_id"},
      {[](QontoConfig& c) { c.oauth->client_secret = Secret(); }, "oauth.client_secret"},
      {[](QontoConfig& c) { c.oauth->refresh_token = Secret(); }, "oauth.refresh_token"},
      {[](QontoConfig& c) { c.oauth->base_url = "http://example.com"; }, "oauth.base_url"},
      {[](QontoConfig& c) { c.access_token = "also-a-token"; }, "oauth"},
      {[](QontoConfig& c) { c.credentials = std::make_shared<RotatingCredentials>(Credentials{}); }, "credentials"},
  };
  for (const auto& c : cases) {
    Harness h;
    QontoConfig config;
    config.base_url = "http://127.0.0.1:9";
    config.oauth = h.oauth();
    c.change(config);
    auto transport = std::make_shared<FakeTransport>([fake = h.fake](const HttpRequest& r) { return fake->handle(r); });
    ClientOptions options;
    options.transport = transport;
    const auto failed = make_qonto_client(std::move(config), options).get(kSeedLinkId);
    ASSERT_FALSE(failed.ok()) << c.field;
    EXPECT_EQ(failed.error().code, ErrorCode::validation) << c.field;
    EXPECT_EQ(failed.error().field, c.field) << failed.error().to_string();
    EXPECT_EQ(transport->count(), 0u) << c.field;
  }
}

// --- The call's limits (CallOptions) bound the refresh ----------------------------------------------

// How the transport meets a token endpoint that never answers: the transfer runs until the request's
// time is up (the transport's own 30 s when it has none), moving the clocks that long, then `timeout`.
Result<void> hung_host(Clocks& clocks, const HttpRequest& request) {
  clocks.advance(request.time_left.value_or(30s));
  Error e = Error::make(ErrorCode::timeout, "POST " + request.url + ": no answer before the time ran out");
  e.request_sent = true;
  return e;
}

TEST(QontoOAuthLimits, AHungTokenEndpointEndsTheCallAtItsTimeoutNotTheTransports) {
  Harness h;
  h.fake->token_in_flight = [clocks = h.clocks](const HttpRequest& r) { return hung_host(*clocks, r); };
  const Client client = h.client(h.oauth(kT0));  // expired: the call refreshes first
  CallOptions limits;
  limits.timeout = 200ms;
  const auto failed = client.get(kSeedLinkId, limits);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::timeout) << failed.error().to_string();
  EXPECT_EQ(failed.error().message,
            "qonto: the call's timeout of 200 ms passed while its credentials were being renewed");
  EXPECT_FALSE(failed.error().request_sent) << "the API request was never sent";
  const auto token_requests = h.token_requests();
  ASSERT_EQ(token_requests.size(), 1u);
  EXPECT_EQ(token_requests[0].time_left, std::optional<std::chrono::milliseconds>(200ms));
  EXPECT_EQ(h.clocks->ms.load(), 200) << "the call lasted the transport's timeout, not its own";
  EXPECT_EQ(h.fake->api_count.load(), 0);
  EXPECT_TRUE(h.stored.empty());
  expect_no_canary(h, {failed.error()});

  // Nothing was stored and the single flight is free: the next call refreshes, and is served.
  h.fake->token_in_flight = nullptr;
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.token_requests().size(), 2u);
  EXPECT_EQ(h.last_authorization(), "Bearer canary-access-1-5f3a");
  EXPECT_NE(h.fake->token_bodies[0].find("refresh_token=" + kFirstRefresh + "&"), std::string::npos);
}

TEST(QontoOAuthLimits, TheApiRequestGetsTheTimeTheRefreshLeft) {
  Harness h;
  h.fake->token_in_flight = [clocks = h.clocks](const HttpRequest&) -> Result<void> {
    clocks->advance(150ms);  // a slow answer, within the call's time
    return {};
  };
  const Client client = h.client(h.oauth(kT0));
  CallOptions limits;
  limits.timeout = 500ms;
  ASSERT_TRUE(client.get(kSeedLinkId, limits).ok());
  const auto sent = h.transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].time_left, std::optional<std::chrono::milliseconds>(500ms));  // the token request
  EXPECT_EQ(sent[1].time_left, std::optional<std::chrono::milliseconds>(350ms));  // the API request

  // A refresh whose answer came just as the time ran out: the API request is not sent, the pair is kept.
  h.clocks->advance(3600s);  // the token is past its expiry: the next call refreshes
  h.fake->token_in_flight = [clocks = h.clocks](const HttpRequest& r) -> Result<void> {
    clocks->advance(r.time_left.value_or(0ms));
    return {};
  };
  const auto late = client.get(kSeedLinkId, limits);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::timeout);
  EXPECT_EQ(late.error().message, "qonto: the call's timeout of 500 ms passed once its credentials were renewed");
  EXPECT_EQ(h.transport->count(), 3u) << "an API request was sent with no time left";
  EXPECT_EQ(h.stored.size(), 2u);
}

TEST(QontoOAuthLimits, ARenewalAfterA401WithNoTimeLeftSendsNoTokenRequest) {
  Harness h;
  h.fake->valid.clear();  // the first token is refused
  // The API's answer comes when the call's time is up: the 401's renewal has none left.
  h.fake->api_in_flight = [clocks = h.clocks](const HttpRequest& r) { clocks->advance(r.time_left.value_or(0ms)); };
  const Client client = h.client(h.oauth(kT0 + 3600s));
  CallOptions limits;
  limits.timeout = 300ms;
  const auto failed = client.get(kSeedLinkId, limits);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::timeout) << failed.error().to_string();
  EXPECT_EQ(failed.error().message.rfind("qonto: the call's timeout of 300 ms passed while its credentials were "
                                         "being renewed; the last attempt failed: ",
                                         0),
            0u)
      << failed.error().message;
  EXPECT_NE(failed.error().message.find("401"), std::string::npos) << failed.error().message;
  EXPECT_TRUE(h.token_requests().empty()) << "a refresh was sent for a call out of time";
  EXPECT_EQ(h.fake->api_count.load(), 1);
  expect_no_canary(h, {failed.error()});
}

TEST(QontoOAuthLimits, ACancelDuringTheRefreshEndsTheCallCanceled) {
  Harness h;
  CancellationToken cancel;
  std::promise<void> arrived;
  // The host does not answer; the caller cancels meanwhile from another thread, and the transport
  // ends the transfer as soon as the request's token says so.
  h.fake->token_in_flight = [&arrived](const HttpRequest& r) -> Result<void> {
    arrived.set_value();
    if (!r.cancel || !r.cancel->wait_for(10s)) {
      return Error::make(ErrorCode::network, "the test's hung host gave up: the request was never canceled");
    }
    Error e = Error::make(ErrorCode::canceled, "POST " + r.url + " aborted: the call was canceled");
    e.request_sent = true;
    return e;
  };
  const Client client = h.client(h.oauth(kT0));
  std::thread canceler([&] {
    arrived.get_future().wait();
    cancel.cancel();
  });
  CallOptions limits;
  limits.cancel = cancel;
  const auto failed = client.get(kSeedLinkId, limits);
  canceler.join();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::canceled) << failed.error().to_string();
  EXPECT_EQ(failed.error().message, "qonto: the call was canceled while its credentials were being renewed");
  EXPECT_FALSE(failed.error().request_sent);
  EXPECT_EQ(h.fake->api_count.load(), 0);
  EXPECT_TRUE(h.stored.empty());
  expect_no_canary(h, {failed.error()});

  // The next call refreshes (with the refresh token nothing replaced) and is served.
  h.fake->token_in_flight = nullptr;
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.token_requests().size(), 2u);
  ASSERT_EQ(h.stored.size(), 1u);
  EXPECT_NE(h.fake->token_bodies[0].find("refresh_token=" + kFirstRefresh + "&"), std::string::npos);
}

// A gate the token endpoint waits at until the test opens it (bounded, so a bug fails, never hangs).
struct Gate {
  std::promise<void> arrived;
  std::promise<void> open;
  std::shared_future<void> opened = open.get_future().share();
  Result<void> pass() {
    arrived.set_value();
    if (opened.wait_for(5s) != std::future_status::ready) {
      return Error::make(ErrorCode::network, "the test's gate was never opened");
    }
    return {};
  }
};

TEST(QontoOAuthLimits, AWaiterBehindASlowRefreshEndsAtItsTimeoutAndTheRefreshStillLands) {
  Harness h;
  h.clocks->real = true;  // the waiter's bound is a wait on a condition variable: real time
  Gate gate;
  h.fake->token_in_flight = [&gate](const HttpRequest&) { return gate.pass(); };
  const Client client = h.client(h.oauth(kT0));
  // The leader has no limit: its refresh waits at the gate.
  Result<PaymentLink> leader = Error::make(ErrorCode::provider, "not run");
  std::thread leading([&] { leader = client.get(kSeedLinkId); });
  gate.arrived.get_future().wait();

  CallOptions limits;
  limits.timeout = 200ms;
  const auto waiter = client.get(kSeedLinkId, limits);  // returns while the refresh is still in flight
  const bool refresh_still_in_flight = h.stored.empty();
  gate.open.set_value();
  leading.join();

  ASSERT_FALSE(waiter.ok());
  EXPECT_EQ(waiter.error().code, ErrorCode::timeout) << waiter.error().to_string();
  EXPECT_EQ(waiter.error().message,
            "qonto: the call's timeout of 200 ms passed while its credentials were being renewed");
  EXPECT_FALSE(waiter.error().request_sent);
  EXPECT_TRUE(refresh_still_in_flight) << "the waiter waited for the refresh past its timeout";
  // The refresh itself completed, was stored, and serves the next call without another refresh.
  ASSERT_TRUE(leader.ok()) << leader.error().to_string();
  ASSERT_EQ(h.stored.size(), 1u);
  ASSERT_TRUE(client.get(kSeedLinkId).ok());
  EXPECT_EQ(h.token_requests().size(), 1u);
  EXPECT_EQ(h.last_authorization(), "Bearer canary-access-1-5f3a");
  expect_no_canary(h, {waiter.error()});
}

TEST(QontoOAuthLimits, AWaiterIsWokenByItsCancel) {
  Harness h;
  Gate gate;
  h.fake->token_in_flight = [&gate](const HttpRequest&) { return gate.pass(); };
  const Client client = h.client(h.oauth(kT0));
  Result<PaymentLink> leader = Error::make(ErrorCode::provider, "not run");
  std::thread leading([&] { leader = client.get(kSeedLinkId); });
  gate.arrived.get_future().wait();

  CancellationToken cancel;
  CallOptions limits;
  limits.cancel = cancel;
  Result<PaymentLink> waiter = Error::make(ErrorCode::provider, "not run");
  std::thread waiting([&] { waiter = client.get(kSeedLinkId, limits); });
  // Lets it reach the wait (a cancel before its attempt also ends it canceled: the check is the same).
  std::this_thread::sleep_for(50ms);
  cancel.cancel();
  waiting.join();
  const bool refresh_still_in_flight = h.stored.empty();
  gate.open.set_value();
  leading.join();

  ASSERT_FALSE(waiter.ok());
  EXPECT_EQ(waiter.error().code, ErrorCode::canceled) << waiter.error().to_string();
  EXPECT_TRUE(refresh_still_in_flight) << "the canceled waiter waited for the refresh";
  ASSERT_TRUE(leader.ok()) << leader.error().to_string();
  EXPECT_EQ(h.token_requests().size(), 1u);
}

TEST(QontoOAuthLimits, WaitersDoNotInheritARefreshCutShortByItsCallersLimits) {
  Harness h;
  CancellationToken cancel;
  std::promise<void> arrived;
  std::atomic<int> token_calls{0};
  // The first token request hangs until its caller cancels it; later ones are answered.
  h.fake->token_in_flight = [&](const HttpRequest& r) -> Result<void> {
    if (token_calls++ > 0) return {};
    arrived.set_value();
    if (!r.cancel || !r.cancel->wait_for(5s)) return Error::make(ErrorCode::network, "never canceled");
    Error e = Error::make(ErrorCode::canceled, "aborted: the call was canceled");
    e.request_sent = true;
    return e;
  };
  const Client client = h.client(h.oauth(kT0));
  CallOptions limits;
  limits.cancel = cancel;
  Result<PaymentLink> leader = Error::make(ErrorCode::provider, "not run");
  std::thread leading([&] { leader = client.get(kSeedLinkId, limits); });
  arrived.get_future().wait();
  // A call without limits, behind it (or, if it comes late, after it): either way it gets a token.
  Result<PaymentLink> other = Error::make(ErrorCode::provider, "not run");
  std::thread behind([&] { other = client.get(kSeedLinkId); });
  std::this_thread::sleep_for(20ms);  // lets it reach the wait; the outcome is the same if not
  cancel.cancel();
  leading.join();
  behind.join();

  ASSERT_FALSE(leader.ok());
  EXPECT_EQ(leader.error().code, ErrorCode::canceled);
  ASSERT_TRUE(other.ok()) << "the other call inherited the canceled refresh: " << other.error().to_string();
  EXPECT_EQ(h.token_requests().size(), 2u);
  EXPECT_EQ(h.stored.size(), 1u);
}

}  // namespace
}  // namespace paylink::qonto_test
