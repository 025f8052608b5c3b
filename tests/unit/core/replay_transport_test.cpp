#include <string>

#include <gtest/gtest.h>

#include "paylink/testing/http_exchange.hpp"
#include "paylink/testing/replay_transport.hpp"

namespace paylink::testing {
namespace {

constexpr const char* kFixture = R"(# two exchanges
>>> POST https://api.example.com/v1/things
Content-Type: application/json
Authorization: *

{"a": 1, "b": [1, 2]}
<<< 201
Content-Type: application/json

{"id": "t1"}
>>> GET https://api.example.com/v1/things/t1
<<< !network-after-send
)";

HttpRequest post(std::string body) {
  HttpRequest r;
  r.method = HttpMethod::post;
  r.url = "https://api.example.com/v1/things";
  r.headers = {{"content-type", "application/json"}, {"Authorization", "Bearer x"}};
  r.body = std::move(body);
  return r;
}

TEST(Fixture, ParsesExchangesHeadersBodiesAndOutcomes) {
  const auto script = parse_fixture(kFixture);
  ASSERT_TRUE(script.ok()) << script.error().to_string();
  ASSERT_EQ(script->size(), 2u);
  EXPECT_EQ((*script)[0].request.method, HttpMethod::post);
  EXPECT_EQ((*script)[0].request.body, R"({"a": 1, "b": [1, 2]})");
  EXPECT_EQ((*script)[0].response.status, 201);
  EXPECT_EQ((*script)[0].response.body, R"({"id": "t1"})");
  EXPECT_EQ(find_header((*script)[0].response.headers, "content-type"), "application/json");
  EXPECT_EQ((*script)[1].outcome, ExchangeOutcome::network_after_send);
}

TEST(Fixture, RefusesMalformedFiles) {
  EXPECT_FALSE(parse_fixture("").ok());
  EXPECT_FALSE(parse_fixture(">>> FETCH https://x\n<<< 200\n").ok());
  EXPECT_FALSE(parse_fixture(">>> GET https://x\n").ok());
  EXPECT_FALSE(parse_fixture(">>> GET https://x\n<<< 99\n").ok());
  EXPECT_FALSE(load_fixture("/nonexistent/fixture.http").ok());
}

TEST(ReplayTransport, AnswersMatchingRequestsInOrder) {
  std::vector<std::string> problems;
  ReplayTransport replay(*parse_fixture(kFixture), [&](const std::string& p) { problems.push_back(p); });
  const auto first = replay.send(post(R"({"b":[1,2],"a":1})"));  // same JSON, other spelling
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->status, 201);
  HttpRequest get;
  get.url = "https://api.example.com/v1/things/t1";
  const auto second = replay.send(get);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::network);
  EXPECT_TRUE(second.error().request_sent);
  EXPECT_TRUE(problems.empty());
  EXPECT_TRUE(replay.fully_consumed_without_mismatch());
  EXPECT_EQ(replay.sent().size(), 2u);
}

TEST(ReplayTransport, ReportsBodyHeaderUrlMismatchesAndExtraRequests) {
  std::vector<std::string> problems;
  ReplayTransport replay(*parse_fixture(kFixture), [&](const std::string& p) { problems.push_back(p); });
  EXPECT_FALSE(replay.send(post(R"({"a": 2})")).ok());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("body differs"), std::string::npos);

  HttpRequest wrong_url;
  wrong_url.url = "https://api.example.com/v1/other";
  EXPECT_FALSE(replay.send(wrong_url).ok());
  EXPECT_FALSE(replay.send(wrong_url).ok());  // past the end of the script
  EXPECT_EQ(problems.size(), 3u);
  EXPECT_NE(problems[2].find("unexpected request"), std::string::npos);
  EXPECT_FALSE(replay.fully_consumed_without_mismatch());
}

TEST(ReplayTransport, MissingScriptedHeaderIsAMismatch) {
  ReplayTransport replay(*parse_fixture(kFixture));
  HttpRequest r = post(R"({"a": 1, "b": [1, 2]})");
  r.headers = {{"Content-Type", "application/json"}};
  EXPECT_FALSE(replay.send(r).ok());
  ASSERT_EQ(replay.mismatches().size(), 1u);
  EXPECT_NE(replay.mismatches()[0].find("Authorization"), std::string::npos);
}

}  // namespace
}  // namespace paylink::testing
