#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/conformance.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink::conformance {
namespace {

using paylink::testing::FakeTransport;

ClientOptions no_retry_options(std::shared_ptr<Transport> transport) {
  ClientOptions options;
  options.transport = std::move(transport);
  options.retry = RetryPolicy::none();
  options.sleeper = [](std::chrono::milliseconds) {};
  return options;
}

// Runs one operation of the client and returns its error, or nullopt on success.
std::optional<Error> run(const Client& client, Operation op, const ConformanceCase& c) {
  auto error_of = [](const auto& result) -> std::optional<Error> {
    if (result.ok()) return std::nullopt;
    return result.error();
  };
  switch (op) {
    case Operation::create:
      return error_of(client.create(c.valid_create));
    case Operation::get:
      return error_of(client.get("link-1"));
    case Operation::list:
      return error_of(client.list());
    case Operation::expire:
      return error_of(client.expire("link-1"));
    case Operation::update: {
      UpdateLinkRequest update;
      update.metadata["metadata"] = "conformance";
      return error_of(client.update("link-1", update));
    }
    case Operation::list_payments:
      return error_of(client.list_payments("link-1"));
    case Operation::list_payment_methods:
      return error_of(client.list_payment_methods());
  }
  return std::nullopt;
}

constexpr Operation kAllOperations[] = {Operation::create,
                                        Operation::get,
                                        Operation::list,
                                        Operation::expire,
                                        Operation::update,
                                        Operation::list_payments,
                                        Operation::list_payment_methods};

void expect_no_secret(const ConformanceCase& c, const std::string& text, const std::string& where) {
  for (const auto& secret : c.secrets) {
    EXPECT_EQ(text.find(secret), std::string::npos) << where << " contains a credential: " << text;
  }
}

void expect_no_secret(const ConformanceCase& c, const Error& e, const std::string& where) {
  expect_no_secret(c, e.to_string(), where);
  expect_no_secret(c, e.message + e.vendor_message + e.vendor_code + e.field + e.reconcile_key, where);
  expect_no_secret(c, Exception(e).what(), where + " (exception)");
}

TEST_P(ProviderConformance, CapabilitiesAgreeWithBehaviour) {
  const auto& c = GetParam();
  const auto provider = c.make_provider();
  for (const Operation op : kAllOperations) {
    auto transport = std::make_shared<FakeTransport>(testing::always_respond(500, R"({"error":"boom"})"));
    Client client(provider, no_retry_options(transport));
    const auto error = run(client, op, c);
    if (provider->capabilities().supports(op)) {
      EXPECT_GE(transport->count(), 1u) << to_string(op) << " is declared but sent nothing";
      ASSERT_TRUE(error.has_value()) << to_string(op) << " succeeded against an HTTP 500";
      EXPECT_NE(error->code, ErrorCode::unsupported) << to_string(op) << " is declared but unsupported";
    } else {
      EXPECT_EQ(transport->count(), 0u) << to_string(op) << " is not declared but sent a request";
      ASSERT_TRUE(error.has_value());
      EXPECT_EQ(error->code, ErrorCode::unsupported) << to_string(op);
    }
  }
}

TEST_P(ProviderConformance, InvalidCreatesAreRefusedBeforeSending) {
  const auto& c = GetParam();
  ASSERT_FALSE(c.invalid_creates.empty());
  for (std::size_t i = 0; i < c.invalid_creates.size(); ++i) {
    auto transport = std::make_shared<FakeTransport>(testing::always_respond(500, "{}"));
    Client client(c.make_provider(), no_retry_options(transport));
    const auto result = client.create(c.invalid_creates[i]);
    ASSERT_FALSE(result.ok()) << "invalid create #" << i << " was accepted";
    EXPECT_EQ(result.error().code, ErrorCode::validation) << result.error().to_string();
    EXPECT_FALSE(result.error().field.empty()) << "invalid create #" << i << " names no field";
    EXPECT_EQ(transport->count(), 0u) << "invalid create #" << i << " sent a request";
  }
}

TEST_P(ProviderConformance, ValidCreateEncodesDeterministically) {
  const auto& c = GetParam();
  const auto provider = c.make_provider();
  CallContext ctx;
  ctx.now = Timestamp(std::chrono::seconds(1'700'000'000));
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  const auto first = provider->encode_create(c.valid_create, ctx);
  const auto second = provider->encode_create(c.valid_create, ctx);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->url, second->url);
  EXPECT_EQ(first->body, second->body);
  EXPECT_EQ(first->headers, second->headers);
  expect_no_secret(c, first->url, "request URL");
}

TEST_P(ProviderConformance, MalformedSuccessBodiesAreInvalidResponse) {
  const auto& c = GetParam();
  const auto provider = c.make_provider();
  const std::vector<std::string> bodies = {
      "",
      "{",
      "not json",
      "[]",
      "null",
      "42",
      R"({"unexpected": true})",
      std::string("\xff\xfe\x00\x01", 4),
      std::string(200, '[') + std::string(200, ']'),
      R"({"payment_link": 7, "payment_links": "x", "data": [], "response": null, "status": 3})",
  };
  for (const Operation op : kAllOperations) {
    if (!provider->capabilities().supports(op)) continue;
    for (const auto& body : bodies) {
      auto transport = std::make_shared<FakeTransport>(testing::always_respond(200, body));
      Client client(provider, no_retry_options(transport));
      const auto error = run(client, op, c);
      ASSERT_TRUE(error.has_value()) << to_string(op) << " accepted body: " << body;
      EXPECT_EQ(error->code, ErrorCode::invalid_response)
          << to_string(op) << " on body \"" << body << "\": " << error->to_string();
      expect_no_secret(c, *error, "malformed-body error");
    }
  }
}

TEST_P(ProviderConformance, EveryStatusWordMaps) {
  const auto& c = GetParam();
  if (c.status_words.empty()) {
    // A vendor without status words (onOffice) reports every created link as open.
    auto transport = std::make_shared<FakeTransport>(
        [&](const HttpRequest&) -> Result<HttpResponse> { return c.status_response(""); });
    Client client(c.make_provider(), no_retry_options(transport));
    const auto link = client.create(c.valid_create);
    ASSERT_TRUE(link.ok()) << link.error().to_string();
    EXPECT_EQ(link->status, LinkStatus::open);
    return;
  }
  auto words = c.status_words;
  words.emplace_back("zz_unheard_of_state", LinkStatus::unknown);
  for (const auto& [word, expected] : words) {
    auto transport = std::make_shared<FakeTransport>(
        [&, w = word](const HttpRequest&) -> Result<HttpResponse> { return c.status_response(w); });
    Client client(c.make_provider(), no_retry_options(transport));
    const auto link = c.status_call == StatusCall::get ? client.get("link-1") : client.create(c.valid_create);
    ASSERT_TRUE(link.ok()) << word << ": " << link.error().to_string();
    EXPECT_EQ(link->status, expected) << "vendor word \"" << word << "\"";
    EXPECT_EQ(link->raw_status, word);
    EXPECT_EQ(link->provider, c.make_provider()->name());
  }
}

TEST_P(ProviderConformance, AuthFailureDecodesToAuth) {
  const auto& c = GetParam();
  const auto provider = c.make_provider();
  auto transport =
      std::make_shared<FakeTransport>([&](const HttpRequest&) -> Result<HttpResponse> { return c.auth_failure; });
  Client client(provider, no_retry_options(transport));
  const auto result = client.create(c.valid_create);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::auth) << result.error().to_string();
  EXPECT_FALSE(result.error().retryable);
}

TEST_P(ProviderConformance, NoCredentialInAnyError) {
  const auto& c = GetParam();
  const auto provider = c.make_provider();
  std::vector<Result<HttpResponse>> answers;
  answers.emplace_back(c.auth_failure);
  for (const int status : {400, 404, 409, 422, 429, 500, 503}) {
    HttpResponse r;
    r.status = status;
    r.body = R"({"error": "something failed"})";
    answers.emplace_back(r);
  }
  HttpResponse html;
  html.status = 200;
  html.body = "<!DOCTYPE html><html><body>login</body></html>";
  answers.emplace_back(html);
  Error dropped = Error::make(ErrorCode::network, "connection reset");
  dropped.request_sent = true;
  answers.emplace_back(dropped);
  answers.emplace_back(Error::make(ErrorCode::timeout, "timed out"));

  std::vector<std::string> log_lines;
  for (const auto& answer : answers) {
    for (const Operation op : kAllOperations) {
      auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) { return answer; });
      auto options = no_retry_options(transport);
      options.log.log_bodies = true;  // even with bodies logged, credentials are masked
      options.log.hook = [&](const LogEvent& e) {
        std::string line(e.event);
        for (const auto& [k, v] : e.fields) line += " " + k + "=" + v;
        log_lines.push_back(line);
      };
      Client client(provider, options);
      const auto error = run(client, op, c);
      if (error) expect_no_secret(c, *error, std::string(to_string(op)) + " error");
      for (const auto& request : transport->sent()) expect_no_secret(c, request.url, "request URL");
    }
  }
  for (const auto& invalid : c.invalid_creates) {
    Client client(provider, no_retry_options(std::make_shared<FakeTransport>(testing::always_respond(500, ""))));
    const auto result = client.create(invalid);
    if (!result.ok()) expect_no_secret(c, result.error(), "validation error");
  }
  ASSERT_FALSE(log_lines.empty());
  for (const auto& line : log_lines) expect_no_secret(c, line, "log line");
}

// A vendor that echoes credentials back (in its error body, its headers, an HTML page, a truncated
// body) or a transport whose error quotes them: every field of every error is still free of them. The
// call loop scrubs (core/scrub.hpp), so this holds for every vendor whatever its adapter does.
TEST_P(ProviderConformance, NoCredentialInAnyErrorEvenWhenEchoed) {
  const auto& c = GetParam();
  const auto provider = c.make_provider();
  std::string echoed;
  for (const auto& secret : c.secrets) echoed += secret + " ";
  const nlohmann::json text = echoed;
  // A superset of the four vendors' error envelopes, every string member carrying the canaries.
  const std::string envelope =
      nlohmann::json{
          {"success", false},
          {"error_code", echoed},
          {"error_info", echoed},
          {"errors",
           {{{"code", echoed}, {"detail", echoed}, {"source", {{"pointer", echoed}, {"parameter", echoed}}}}}},
          {"trace_id", echoed},
          {"error", echoed},
          {"error_description", echoed},
          {"message", echoed},
          {"Message", echoed},
          {"status", {{"errorcode", 1}, {"message", echoed}}},
          {"response", {{"results", {{{"status", {{"errorcode", 97}, {"message", echoed}}}}}}}},
      }
          .dump();
  std::vector<Result<HttpResponse>> answers;
  for (const int status : {200, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503}) {
    for (const std::string& body :
         {envelope, envelope.substr(0, envelope.size() / 2), "<!DOCTYPE html><html><body>" + echoed + "</body></html>",
          echoed, std::string("[") + text.dump() + "]"}) {
      HttpResponse r;
      r.status = status;
      r.body = body;
      r.headers = {{"X-Request-Id", echoed}, {"Retry-After", echoed}, {"Content-Type", "application/json"}};
      answers.emplace_back(r);
    }
  }
  for (const bool sent : {false, true}) {
    Error failed = Error::make(ErrorCode::network, "could not send to " + echoed);
    failed.request_sent = sent;
    answers.emplace_back(failed);
  }
  for (const auto& answer : answers) {
    for (const Operation op : kAllOperations) {
      auto transport = std::make_shared<FakeTransport>([&](const HttpRequest&) { return answer; });
      Client client(provider, no_retry_options(transport));
      const auto error = run(client, op, c);
      if (!error) continue;
      const std::string where = std::string(to_string(op)) + " error";
      for (const std::string* field : {&error->message, &error->vendor_code, &error->vendor_message, &error->request_id,
                                       &error->field, &error->reconcile_key}) {
        expect_no_secret(c, *field, where);
      }
      expect_no_secret(c, *error, where);
    }
  }
}

}  // namespace

// The core test program links the suite without instantiating it; vendors instantiate it.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(ProviderConformance);

}  // namespace paylink::conformance
