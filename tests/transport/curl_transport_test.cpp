// The real libcurl transport against servers this test starts on 127.0.0.1 (never a mock of itself).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include "paylink/cancellation.hpp"
#include "paylink/curl_transport.hpp"
#include "paylink/version.hpp"
#include "recording_server.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;

// An httplib server on a free loopback port, stopped when the test ends.
class LoopbackServer {
 public:
  LoopbackServer() {
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  httplib::Server& server() { return server_; }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// A raw TCP listener that accepts and then does what `serve` says with the socket.
class RawServer {
 public:
  template <typename Serve>
  explicit RawServer(Serve serve) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 4);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this, serve] {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client >= 0) {
        serve(client, stop_);
        ::close(client);
      }
    });
  }
  ~RawServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/x"; }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

void read_request(int fd) {
  char buf[4096];
  (void)::recv(fd, buf, sizeof buf, 0);
}

HttpRequest get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

TEST(CurlTransport, PostsBodyAndHeadersAndReadsTheResponse) {
  LoopbackServer s;
  std::string seen_body, seen_type, seen_agent, seen_custom;
  s.server().Post("/echo", [&](const httplib::Request& req, httplib::Response& res) {
    seen_body = req.body;
    seen_type = req.get_header_value("Content-Type");
    seen_agent = req.get_header_value("User-Agent");
    seen_custom = req.get_header_value("X-Custom");
    res.status = 201;
    res.set_header("X-Reply", "yes");
    res.set_content(R"({"ok":true})", "application/json");
  });
  auto transport = make_curl_transport();
  HttpRequest r;
  r.method = HttpMethod::post;
  r.url = s.url("/echo");
  r.headers = {{"Content-Type", "application/json"}, {"X-Custom", "v"}};
  r.body = R"({"amount":"10.00"})";
  const auto response = transport->send(r);
  ASSERT_TRUE(response.ok()) << response.error().to_string();
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"({"ok":true})");
  EXPECT_EQ(find_header(response->headers, "x-reply"), "yes");
  EXPECT_EQ(seen_body, r.body);
  EXPECT_EQ(seen_type, "application/json");
  EXPECT_EQ(seen_custom, "v");
  // The platform and library versions are user_agent's to get right (user_agent_test.cpp); this is
  // that the transport sends what it says.
  EXPECT_EQ(seen_agent, user_agent());
  EXPECT_EQ(seen_agent.rfind(std::string("paylink/") + version_string() + " (", 0), 0u) << seen_agent;
}

TEST(CurlTransport, SendsPutPatchAndDeleteWithBodies) {
  LoopbackServer s;
  std::vector<std::string> seen;
  auto record = [&](const httplib::Request& req, httplib::Response& res) {
    seen.push_back(req.method + " " + req.body);
    res.set_content("{}", "application/json");
  };
  s.server().Put("/r", record);
  s.server().Patch("/r", record);
  s.server().Delete("/r", record);
  auto transport = make_curl_transport();
  for (const auto m : {HttpMethod::put, HttpMethod::patch, HttpMethod::delete_}) {
    HttpRequest r;
    r.method = m;
    r.url = s.url("/r");
    r.body = "b";
    ASSERT_TRUE(transport->send(r).ok());
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"PUT b", "PATCH b", "DELETE b"}));
}

// Pooled handles are not reset between requests (only their per-request options are set again), so
// nothing of a handle's previous request — method, body, headers — may reach the server with the next.
TEST(CurlTransport, AReusedHandleSendsOnlyWhatItsOwnRequestSays) {
  test::RecordingServer s;
  struct Step {
    HttpMethod method;
    std::string body;
    HttpHeaders headers;
  };
  const std::vector<Step> steps = {
      {HttpMethod::post, R"({"a":1})", {{"Content-Type", "application/json"}, {"X-First-Only", "1"}}},
      {HttpMethod::get, "", {}},
      {HttpMethod::patch, "patched", {{"X-Patch", "p"}}},
      {HttpMethod::get, "", {}},
      {HttpMethod::delete_, "", {}},
      {HttpMethod::post, "second", {}},
      {HttpMethod::put, "put", {}},
      {HttpMethod::delete_, "gone", {}},
      {HttpMethod::get, "", {}},
  };
  auto transport = make_curl_transport();
  for (const Step& step : steps) {
    HttpRequest r;
    r.method = step.method;
    r.url = s.url("/r");
    r.body = step.body;
    r.headers = step.headers;
    const auto response = transport->send(r);
    ASSERT_TRUE(response.ok()) << response.error().to_string();
    EXPECT_EQ(response->body, "{}");
  }
  const auto seen = s.requests();
  ASSERT_EQ(seen.size(), steps.size());
  EXPECT_EQ(s.connections(), 1) << "the requests did not share one pooled handle";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE(seen[i].head);
    const Step& step = steps[i];
    EXPECT_EQ(seen[i].method, to_string(step.method));
    EXPECT_EQ(seen[i].body, step.body);
    if (step.method == HttpMethod::get) {
      EXPECT_FALSE(seen[i].header("Content-Length"));
      EXPECT_FALSE(seen[i].header("Transfer-Encoding"));
      EXPECT_FALSE(seen[i].header("Content-Type"));
    } else {
      EXPECT_EQ(seen[i].header("Content-Length"), std::to_string(step.body.size()));
    }
    EXPECT_EQ(seen[i].header("X-First-Only").has_value(), i == 0);
    EXPECT_EQ(seen[i].header("X-Patch").has_value(), step.method == HttpMethod::patch);
    // What configure_handle sets once is still there on every reuse.
    EXPECT_EQ(seen[i].header("User-Agent"), user_agent());
    EXPECT_FALSE(seen[i].header("Expect"));
  }
}

TEST(CurlTransport, ReusesTheConnectionAcrossRequests) {
  LoopbackServer s;
  std::set<int> client_ports;
  s.server().Get("/k", [&](const httplib::Request& req, httplib::Response& res) {
    client_ports.insert(req.remote_port);
    res.set_content("{}", "application/json");
  });
  auto transport = make_curl_transport();
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(transport->send(get(s.url("/k"))).ok());
  EXPECT_EQ(client_ports.size(), 1u) << "each request opened a new connection";
}

TEST(CurlTransport, NonSuccessStatusIsAResponseNotAnError) {
  LoopbackServer s;
  s.server().Get("/missing", [](const httplib::Request&, httplib::Response& res) {
    res.status = 404;
    res.set_content(R"({"error":"nope"})", "application/json");
  });
  const auto response = make_curl_transport()->send(get(s.url("/missing")));
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(response->status, 404);
}

TEST(CurlTransport, OversizedResponseIsInvalidResponse) {
  LoopbackServer s;
  s.server().Get("/big", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(std::string(64 * 1024, 'x'), "text/plain");
  });
  CurlTransportOptions options;
  options.max_response_bytes = 1024;
  const auto response = make_curl_transport(options)->send(get(s.url("/big")));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::invalid_response);
  EXPECT_TRUE(response.error().request_sent) << "the server answered, so it had the request";
}

TEST(CurlTransport, RefusedConnectionIsNetworkAndNotSent) {
  // Bind a port, then close it, so nothing listens there.
  int port = 0;
  {
    LoopbackServer s;
    port = std::stoi(s.url("").substr(std::string("http://127.0.0.1:").size()));
  }
  const auto response = make_curl_transport()->send(get("http://127.0.0.1:" + std::to_string(port) + "/x"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::network);
  EXPECT_FALSE(response.error().request_sent);
}

TEST(CurlTransport, ConnectionDroppedAfterTheRequestIsNetworkAndSent) {
  RawServer raw([](int fd, const std::atomic<bool>&) { read_request(fd); });
  const auto response = make_curl_transport()->send(get(raw.url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::network);
  EXPECT_TRUE(response.error().request_sent);
}

TEST(CurlTransport, ServerThatNeverAnswersIsCutOffAtTheTotalTimeout) {
  RawServer raw([](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  CurlTransportOptions options;
  options.total_timeout = milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  const auto response = make_curl_transport(options)->send(get(raw.url()));
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::timeout);
  EXPECT_TRUE(response.error().request_sent);
  EXPECT_LT(took, std::chrono::seconds(5));
}

TEST(CurlTransport, TricklingServerIsCutOffAtTheTotalTimeout) {
  RawServer raw([](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n";
    (void)::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    for (int i = 0; i < 100 && !stop; ++i) {
      (void)::send(fd, "x", 1, MSG_NOSIGNAL);
      std::this_thread::sleep_for(milliseconds(100));
    }
  });
  CurlTransportOptions options;
  options.total_timeout = milliseconds(500);
  const auto response = make_curl_transport(options)->send(get(raw.url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::timeout);
}

TEST(CurlTransport, TheCallsTimeLeftCutsATransferShortOfTheTransportTimeout) {
  RawServer raw([](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  HttpRequest request = get(raw.url());
  request.time_left = milliseconds(300);  // the transport's own total timeout is 30 s
  const auto response = make_curl_transport()->send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::timeout);
  EXPECT_NE(response.error().message.find("time ran out"), std::string::npos) << response.error().message;
  EXPECT_TRUE(response.error().request_sent);
  EXPECT_FALSE(response.error().retryable);  // the call has no time left for another attempt
}

TEST(CurlTransport, CancelingTheTokenAbortsATransferInProgress) {
  std::atomic<bool> received{false};
  RawServer raw([&received](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    received = true;
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  const CancellationToken token;
  std::thread canceler([&] {
    while (!received) std::this_thread::sleep_for(milliseconds(5));
    token.cancel();  // the progress callback notices it within about a second
  });
  HttpRequest request = get(raw.url());
  request.cancel = token;
  const auto response = make_curl_transport()->send(request);
  canceler.join();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::canceled);
  EXPECT_NE(response.error().message.find("canceled"), std::string::npos) << response.error().message;
  EXPECT_TRUE(response.error().request_sent);
  EXPECT_FALSE(response.error().retryable);
}

TEST(CurlTransport, ALimitOfOneRequestDoesNotCarryOverToTheNextOnTheSameHandle) {
  LoopbackServer server;
  server.server().Get("/x", [](const httplib::Request&, httplib::Response& res) {
    std::this_thread::sleep_for(milliseconds(400));
    res.set_content("ok", "text/plain");
  });
  auto transport = make_curl_transport();
  HttpRequest hurried = get(server.url("/x"));
  hurried.time_left = milliseconds(100);
  const auto cut = transport->send(hurried);
  ASSERT_FALSE(cut.ok());
  EXPECT_EQ(cut.error().code, ErrorCode::timeout);
  const auto unhurried = transport->send(get(server.url("/x")));  // the pooled handle, no limit
  ASSERT_TRUE(unhurried.ok()) << unhurried.error().to_string();
  EXPECT_EQ(unhurried->body, "ok");
}

TEST(CurlTransport, PlainHttpIsRefusedForNonLoopbackHosts) {
  const auto response = make_curl_transport()->send(get("http://api.example.com/x"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::validation);
  EXPECT_EQ(response.error().field, "url");
}

TEST(CurlTransport, DisablingTlsVerificationIsRefusedForNonLoopbackHosts) {
  CurlTransportOptions options;
  options.verify_tls = false;
  const auto response = make_curl_transport(options)->send(get("https://api.example.com/x"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code, ErrorCode::validation);
  EXPECT_EQ(response.error().field, "verify_tls");
}

TEST(CurlTransport, IsSafeToShareBetweenThreads) {
  LoopbackServer s;
  std::atomic<int> served{0};
  s.server().Post("/c", [&](const httplib::Request& req, httplib::Response& res) {
    ++served;
    res.set_content(req.body, "text/plain");
  });
  auto transport = make_curl_transport();
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        HttpRequest r;
        r.method = HttpMethod::post;
        r.url = s.url("/c");
        r.body = std::to_string(t * 1000 + i);
        const auto response = transport->send(r);
        if (!response.ok() || response->body != r.body) ++mismatches;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(served.load(), 200);
}

// --- TransferSession: the libcurl multi handle behind BatchRunner -------------------------------------

// Polls `session` until `count` transfers have ended or `limit` has passed.
std::vector<TransferCompletion> poll_until(TransferSession& session, std::size_t count,
                                           milliseconds limit = milliseconds(5000)) {
  std::vector<TransferCompletion> ended;
  const auto give_up = std::chrono::steady_clock::now() + limit;
  while (ended.size() < count && std::chrono::steady_clock::now() < give_up) {
    for (auto& completion : session.poll(milliseconds(100))) ended.push_back(std::move(completion));
  }
  return ended;
}

TEST(CurlSession, RunsTransfersConcurrentlyAndReportsEachOnce) {
  // Concurrency is shown by the server, not by a stopwatch (which a loaded or sanitized run defeats):
  // each handler waits until all four requests are in its hands at once, or 2 s pass.
  std::mutex mutex;
  std::condition_variable all_arrived;
  int active = 0;
  int peak = 0;
  LoopbackServer s;
  s.server().Post("/slow", [&](const httplib::Request& req, httplib::Response& res) {
    std::unique_lock<std::mutex> lock(mutex);
    peak = std::max(peak, ++active);
    all_arrived.notify_all();
    all_arrived.wait_for(lock, milliseconds(2000), [&] { return peak >= 4; });
    --active;
    res.set_content("echo-" + req.body, "text/plain");
  });
  auto transport = make_curl_transport();
  auto session = transport->open_session(4);
  for (std::uint64_t tag = 10; tag < 14; ++tag) {
    HttpRequest r;
    r.method = HttpMethod::post;
    r.url = s.url("/slow");
    r.body = std::to_string(tag);
    session->start(std::move(r), tag);  // the request is moved in: the session keeps what libcurl reads
  }
  const auto ended = poll_until(*session, 4, milliseconds(15000));
  ASSERT_EQ(ended.size(), 4u);
  std::set<std::uint64_t> tags;
  for (const auto& completion : ended) {
    tags.insert(completion.tag);
    ASSERT_TRUE(completion.result.ok()) << completion.result.error().to_string();
    EXPECT_EQ(completion.result->body, "echo-" + std::to_string(completion.tag));
  }
  EXPECT_EQ(tags.size(), 4u);
  {
    std::lock_guard<std::mutex> lock(mutex);
    EXPECT_EQ(peak, 4) << "the server never had the four requests at once: they were sent one by one";
  }
  EXPECT_TRUE(session->poll(milliseconds(0)).empty()) << "each transfer is reported once";
}

TEST(CurlSession, RefusedRequestIsReportedByTheNextPoll) {
  auto transport = make_curl_transport();
  auto session = transport->open_session(1);
  session->start(get("http://api.example.com/x"), 3);
  const auto ended = session->poll(milliseconds(0));
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].tag, 3u);
  ASSERT_FALSE(ended[0].result.ok());
  EXPECT_EQ(ended[0].result.error().code, ErrorCode::validation);
  EXPECT_EQ(ended[0].result.error().field, "url");
  EXPECT_FALSE(ended[0].result.error().request_sent);
}

TEST(CurlSession, AbortBeforeSendingReportsTheReasonAsNotSent) {
  RawServer raw([](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  auto transport = make_curl_transport();
  auto session = transport->open_session(1);
  session->start(get(raw.url()), 5);
  EXPECT_TRUE(session->abort(5, Error::make(ErrorCode::timeout, "deadline passed")));
  EXPECT_FALSE(session->abort(5, Error::make(ErrorCode::timeout, "again"))) << "already ended";
  EXPECT_FALSE(session->abort(6, Error::make(ErrorCode::timeout, "unknown"))) << "never started";
  const auto ended = session->poll(milliseconds(0));
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].tag, 5u);
  ASSERT_FALSE(ended[0].result.ok());
  EXPECT_EQ(ended[0].result.error().code, ErrorCode::timeout);
  EXPECT_EQ(ended[0].result.error().message, "deadline passed");
  EXPECT_FALSE(ended[0].result.error().request_sent) << "the session had not yet run the transfer";
  EXPECT_TRUE(session->poll(milliseconds(0)).empty());
}

TEST(CurlSession, AbortAfterTheServerHasTheRequestReportsItAsSent) {
  std::atomic<bool> received{false};
  RawServer raw([&received](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    received = true;
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  auto transport = make_curl_transport();
  auto session = transport->open_session(1);
  session->start(get(raw.url()), 8);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!received && std::chrono::steady_clock::now() < give_up) {
    EXPECT_TRUE(session->poll(milliseconds(20)).empty()) << "the server never answers";
  }
  ASSERT_TRUE(received);
  EXPECT_TRUE(session->abort(8, Error::make(ErrorCode::timeout, "deadline passed")));
  const auto ended = session->poll(milliseconds(0));
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].tag, 8u);
  ASSERT_FALSE(ended[0].result.ok());
  EXPECT_EQ(ended[0].result.error().code, ErrorCode::timeout);
  EXPECT_TRUE(ended[0].result.error().request_sent);
}

TEST(CurlSession, CancelingTheTokenAbortsASessionTransfer) {
  std::atomic<bool> received{false};
  RawServer raw([&received](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    received = true;
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  auto transport = make_curl_transport();
  auto session = transport->open_session(1);
  const CancellationToken token;
  HttpRequest request = get(raw.url());
  request.cancel = token;
  session->start(request, 3);
  std::vector<TransferCompletion> ended;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ended.empty() && std::chrono::steady_clock::now() < give_up) {
    if (received) token.cancel();
    ended = session->poll(milliseconds(50));
  }
  ASSERT_EQ(ended.size(), 1u);
  EXPECT_EQ(ended[0].tag, 3u);
  ASSERT_FALSE(ended[0].result.ok());
  EXPECT_EQ(ended[0].result.error().code, ErrorCode::canceled);
  EXPECT_TRUE(ended[0].result.error().request_sent);
}

TEST(CurlSession, WakeupEndsAWaitingPoll) {
  std::atomic<bool> received{false};
  RawServer raw([&received](int fd, const std::atomic<bool>& stop) {
    read_request(fd);
    received = true;
    while (!stop) std::this_thread::sleep_for(milliseconds(10));
  });
  auto transport = make_curl_transport();
  auto session = transport->open_session(1);
  session->start(get(raw.url()), 1);
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!received && std::chrono::steady_clock::now() < give_up) (void)session->poll(milliseconds(20));
  ASSERT_TRUE(received);
  // Nothing more will happen on the socket: only the wakeup can end this poll before its 20 s.
  std::thread waker([&session] {
    std::this_thread::sleep_for(milliseconds(100));
    session->wakeup();
  });
  const auto started = std::chrono::steady_clock::now();
  const auto ended = session->poll(milliseconds(20'000));
  const auto took = std::chrono::steady_clock::now() - started;
  waker.join();
  EXPECT_TRUE(ended.empty());
  EXPECT_GE(took, milliseconds(90));
  EXPECT_LT(took, milliseconds(5000));
}

}  // namespace
}  // namespace paylink
