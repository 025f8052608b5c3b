// Qonto's OAuth token endpoint answers the refresh with bytes paylink does not control. One fuzz input is
// one answer to `POST /oauth2/token`, driven through a real Qonto client (the path a user's call takes:
// the credential source, its decode, the store callback, the call loop's scrubbing):
//   byte 0: the HTTP status (kStatuses);
//   byte 1: bit 0 a configured, already expired access token; bit 1 the store callback refuses the
//           pair, quoting it; bit 2 a Retry-After header;
//   the rest: the body.
// The call must end in a link (the refresh gave a usable pair, stored before use) or an Error of a
// documented code, and no piece of the client secret, the old refresh or access token or the staging
// token may appear in the error or in any log line.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canary_fuzzing.hpp"
#include "paylink/client.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/rate_limit.hpp"
#include "paylink/transport.hpp"

namespace {

using namespace paylink;

constexpr std::string_view kClientSecret = "zqCS7Qz4Wk9vXp2mJd5hR8tB";
constexpr std::string_view kRefreshToken = "zqRT3Lx8Fn6cVb1sKe4gW7yD";
constexpr std::string_view kOldAccessToken = "zqAT9Hm2Pu5jTz8rNa3fQ6wE";
constexpr std::string_view kStagingToken = "zqST4Gk7Yc1xMv9pLd2hU5nF";
constexpr std::string_view kCanaries[] = {kClientSecret, kRefreshToken, kOldAccessToken, kStagingToken};

const Timestamp kNow = Timestamp(std::chrono::seconds(1'765'000'000));  // 2025-12-06, fixed

// A link as Qonto's API answers GET /v2/payment_links/{id} (vendors/qonto.md §5), for the call that
// follows a successful refresh.
constexpr std::string_view kLinkBody =
    R"({"payment_link":{"id":"3c90c3cc-0d44-4b50-8888-8dd25736052a","status":"open",)"
    R"("expiration_date":"2026-01-01T00:00:00.000Z","potential_payment_methods":["credit_card"],)"
    R"("amount":{"value":"13.30","currency":"EUR"},"items":[],"reusable":false,)"
    R"("created_at":"2025-12-02T10:15:30.123Z","url":"https://pay.qonto.com/019788b3"}})";

constexpr int kStatuses[] = {200, 201, 204, 299, 400, 401, 403, 404, 409, 410, 422, 429, 500, 502, 503, 302, 100};

// The code a non-2xx answer without an OAuth error word maps to (the shared status mapping, written
// out independently here).
ErrorCode code_for_status(int status) {
  if (status == 401 || status == 403) return ErrorCode::auth;
  if (status == 404 || status == 410) return ErrorCode::not_found;
  if (status == 409) return ErrorCode::conflict;
  if (status == 429) return ErrorCode::rate_limited;
  if (status >= 400 && status < 500) return ErrorCode::validation;
  return ErrorCode::provider;
}

// The token endpoint answers with the fuzz input; the API with a link.
class AnsweringTransport final : public Transport {
 public:
  explicit AnsweringTransport(HttpResponse token_answer) : token_answer_(std::move(token_answer)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    if (request.url.find("/oauth2/token") != std::string::npos) {
      ++token_requests;
      return token_answer_;
    }
    api_requests.push_back(request);
    HttpResponse link;
    link.status = 200;
    link.headers = {{"Content-Type", "application/json"}};
    link.body = std::string(kLinkBody);
    return link;
  }

  int token_requests = 0;
  std::vector<HttpRequest> api_requests;

 private:
  HttpResponse token_answer_;
};

bool is_success(int status) { return status >= 200 && status < 300; }

// A token chosen by the fuzzer is checked for in the scrubbed fields when it cannot be confused with
// the scrubber's own "***" or with a short word of the message.
bool checkable(const std::string& token) {
  return token.size() >= fuzzing::kCanaryPiece && token.find('*') == std::string::npos;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const int status = kStatuses[data[0] % (sizeof kStatuses / sizeof kStatuses[0])];
  const bool configured_access = (data[1] & 1) != 0;
  const bool store_refuses = (data[1] & 2) != 0;
  const bool retry_after = (data[1] & 4) != 0;

  HttpResponse answer;
  answer.status = status;
  answer.headers = {{"Content-Type", "application/json"}};
  if (retry_after) answer.headers.emplace_back("Retry-After", "1");
  answer.body.assign(input.substr(2));
  auto transport = std::make_shared<AnsweringTransport>(answer);

  std::optional<QontoTokens> stored;
  QontoOAuth oauth;
  oauth.client_id = "fuzz-client-id";
  oauth.client_secret = std::string(kClientSecret);
  oauth.refresh_token = std::string(kRefreshToken);
  if (configured_access) {
    oauth.access_token = std::string(kOldAccessToken);
    oauth.access_token_expires_at = kNow - std::chrono::seconds(1);
  }
  oauth.store = [&stored, store_refuses](const QontoTokens& pair) -> Result<void> {
    stored = pair;
    if (store_refuses) {
      return Error::make(ErrorCode::provider, "disk full while writing " + pair.access_token.reveal() + " and " +
                                                  pair.refresh_token.reveal());
    }
    return {};
  };
  QontoConfig config;
  config.oauth = std::move(oauth);
  config.staging_token = std::string(kStagingToken);
  config.environment = QontoEnvironment::sandbox;

  std::vector<std::string> log_lines;
  ClientOptions options;
  options.transport = transport;
  options.retry = RetryPolicy::none();
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});
  options.log.hook = [&log_lines](const LogEvent& event) {
    std::string line(event.event);
    for (const auto& [name, value] : event.fields) line += " " + name + "=" + value;
    log_lines.push_back(std::move(line));
  };
  options.log.log_bodies = true;
  options.clock = [] { return kNow; };
  options.steady_clock = [] { return std::chrono::steady_clock::time_point(std::chrono::hours(1)); };
  options.sleeper = [](std::chrono::milliseconds) {};
  options.random = [] { return std::uint64_t{4}; };

  const Client client = make_qonto_client(std::move(config), std::move(options));
  const Result<PaymentLink> link = client.get("3c90c3cc-0d44-4b50-8888-8dd25736052a");

  using fuzzing::require;
  require(transport->token_requests == 1, "exactly one token request (no usable token, no retries)");
  for (const std::string& line : log_lines) {
    for (const std::string_view canary : kCanaries) fuzzing::assert_no_canary(line, canary, input, "a log line");
  }

  if (link.ok()) {
    require(is_success(status), "a refused token request (non-2xx) never gives a token");
    require(stored.has_value() && !store_refuses, "the pair was stored before use");
    require(!stored->access_token.empty(), "the new access token is not empty");
    require(!stored->refresh_token.empty(), "a refresh token is kept (the new one, or the old one)");
    require(stored->expires_at > kNow, "the new access token's lifetime is positive");
    require(transport->api_requests.size() == 1, "the call was sent once");
    const auto authorization = find_header(transport->api_requests.front().headers, "Authorization");
    require(authorization && *authorization == "Bearer " + stored->access_token.reveal(),
            "the call used the new access token");
    return 0;
  }

  const Error& e = link.error();
  const std::string text = e.to_string();
  for (const std::string_view canary : kCanaries) fuzzing::assert_no_canary(text, canary, input, "the error");
  require(transport->api_requests.empty(), "no API call without a usable token");
  if (stored && store_refuses) {
    require(e.code == ErrorCode::provider, "a refused store ends the call with the store's error");
    for (const std::string* token : {&stored->access_token.reveal(), &stored->refresh_token.reveal()}) {
      if (!checkable(*token)) continue;
      for (const std::string* field : {&e.message, &e.vendor_code, &e.vendor_message}) {
        require(field->find(*token) == std::string::npos, "a refused pair's token stays out of the error");
      }
    }
  } else if (is_success(status)) {
    require(e.code == ErrorCode::invalid_response, "an unusable 2xx answer is invalid_response");
  } else {
    require(e.code == ErrorCode::auth || e.code == code_for_status(status),
            "a refused token request is auth or its status's code");
    require(e.http_status == status, "a refused token request names its status");
  }
  return 0;
}
