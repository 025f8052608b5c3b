// The adapter: endpoint and configuration, HMAC v2 signing (the official SDK's known answer), the
// mapping of onOffice's errors, and the adapter under the shared client loop (a create is never
// repeated once it may have reached onOffice, a create refused before sending is retried with a fresh
// signature, and the operations onOffice lacks send nothing).
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "onoffice_test_support.hpp"
#include "paylink/testing/fake_transport.hpp"
#include "providers/onoffice/onoffice_adapter.hpp"

namespace paylink::onoffice_test {
namespace {

// The signature of a secret, with a signer made for it as OnOfficeProvider makes one.
std::string hmac_v2(std::string_view secret, long long timestamp, std::string_view token, std::string_view resourcetype,
                    std::string_view actionid) {
  return detail::onoffice::hmac_v2(detail::HmacSigner(detail::HmacDigest::sha256, secret), timestamp, token,
                                   resourcetype, actionid);
}

constexpr const char* kVectorHmac = "656yTI2sJMcfHgO9idg/kxxQxWhUjio+feL7mZrFMo0=";

nlohmann::json action_of(const HttpRequest& request) {
  return nlohmann::json::parse(request.body)["request"]["actions"][0];
}

struct Mapping {
  long long vendor_code;
  ErrorCode code;
  std::string field;
};

// --- Endpoint and configuration ------------------------------------------------------------------

TEST(OnOfficeEncode, CreateIsANonIdempotentJsonPostToTheEndpoint) {
  const auto request = encode(seed_request());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->method, HttpMethod::post);
  EXPECT_EQ(request->url, "https://api.onoffice.de/api/stable/api.php");
  EXPECT_EQ(request->headers, (HttpHeaders{{"Content-Type", "application/json"}}));
  EXPECT_FALSE(request->idempotent);
}

TEST(OnOfficeEncode, EndpointIsTakenFromTheConfig) {
  for (const std::string endpoint : {"https://api.onoffice.de/api/latest/api.php", "http://127.0.0.1:8787/api.php",
                                     "http://localhost:8787/onoffice/api.php"}) {
    auto config = test_config();
    config.endpoint = endpoint;
    const auto request = encode(seed_request(), config);
    ASSERT_TRUE(request.ok()) << endpoint << ": " << request.error().to_string();
    EXPECT_EQ(request->url, endpoint);
  }
}

TEST(OnOfficeEncode, CredentialsNeverAppearInTheUrl) {
  const auto request = encode(seed_request());
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->url.find(kToken), std::string::npos);
  EXPECT_EQ(request->url.find(kSecret), std::string::npos);
  // The token travels in the body by protocol; the secret never leaves the process.
  EXPECT_NE(request->body.find(kToken), std::string::npos);
  EXPECT_EQ(request->body.find(kSecret), std::string::npos);
}

TEST(OnOfficeEncode, MissingCredentialsOrAnInsecureEndpointAreRefusedWithoutShowingThem) {
  struct Case {
    std::string name;
    OnOfficeConfig config;
    std::string field;
  };
  std::vector<Case> cases;
  auto add = [&](std::string name, auto change, std::string field) {
    auto config = test_config();
    change(config);
    cases.push_back({std::move(name), std::move(config), std::move(field)});
  };
  add(
      "no token", [](OnOfficeConfig& c) { c.token = ""; }, "token");
  add(
      "no secret", [](OnOfficeConfig& c) { c.secret = ""; }, "secret");
  add(
      "no endpoint", [](OnOfficeConfig& c) { c.endpoint.clear(); }, "endpoint");
  add(
      "plain http", [](OnOfficeConfig& c) { c.endpoint = "http://api.onoffice.de/api/stable/api.php"; }, "endpoint");
  add(
      "other scheme", [](OnOfficeConfig& c) { c.endpoint = "ftp://api.onoffice.de/api.php"; }, "endpoint");
  add(
      "no host", [](OnOfficeConfig& c) { c.endpoint = "https:///api.php"; }, "endpoint");
  for (const auto& c : cases) {
    const auto request = encode(seed_request(), c.config);
    ASSERT_FALSE(request.ok()) << c.name;
    EXPECT_EQ(request.error().code, ErrorCode::validation) << c.name;
    EXPECT_EQ(request.error().field, c.field) << c.name;
    EXPECT_EQ(request.error().to_string().find(kToken), std::string::npos) << c.name;
    EXPECT_EQ(request.error().to_string().find(kSecret), std::string::npos) << c.name;
  }
}

TEST(OnOfficeEncode, TokenAndSecretOfUndocumentedLengthsAreAccepted) {
  // The documented lengths are 32 and 64; the test vector's (and sandbox) credentials are shorter.
  auto config = test_config();
  ASSERT_NE(std::string(kToken).size(), 32u);
  ASSERT_NE(std::string(kSecret).size(), 64u);
  EXPECT_TRUE(encode(seed_request(), config).ok());
  config.token = std::string(32, 't');
  config.secret = std::string(64, 's');
  EXPECT_TRUE(encode(seed_request(), config).ok());
}

TEST(OnOfficeEncode, AnEndpointWithAQueryOrFragmentIsRefused) {
  // Core's base-URL rule: the endpoint is used as it is, so a query or fragment would change it.
  for (const std::string endpoint :
       {"https://api.onoffice.de/api/stable/api.php?x=1", "https://api.onoffice.de/api/stable/api.php#top",
        "https://api.onoffice.de/api/stable/api.php\r\nX-Injected: 1"}) {
    auto config = test_config();
    config.endpoint = endpoint;
    const auto request = encode(seed_request(), config);
    ASSERT_FALSE(request.ok()) << endpoint;
    EXPECT_EQ(request.error().code, ErrorCode::validation) << endpoint;
    EXPECT_EQ(request.error().field, "endpoint") << endpoint;
  }
}

TEST(OnOfficeEncode, SecretsAreTheTokenAndTheSecret) {
  const auto provider = make_onoffice_provider(test_config());  // the views live as long as it does
  const auto secrets = provider->secrets();
  EXPECT_EQ(secrets, (std::vector<std::string_view>{kToken, kSecret}));
}

// --- Signing ---------------------------------------------------------------------------------------

TEST(OnOfficeSigning, SignatureMatchesTheOfficialSdkKnownAnswer) {
  // onOfficeGmbH/sdk tests/RequestTest.php, testCreateRequest: an ApiAction for
  // "urn:onoffice-de-ns:smart:2.5:smartml:action:get" on "estateCategories", parameters [], resourceid
  // "someResourceId", identifier "someIdentifier", timestamp 123456789, signed by
  // Request::createRequest(token, secret). HMAC v2 signs only timestamp, token, resource type and
  // action id, so the resource id, identifier and parameters take no part.
  const std::string sdk_secret = "yOJobbhGLXdp90XxvxedFhH7073L9U";
  const std::string sdk_token = "mgjIQkNRnaqggVzy9cZW";
  EXPECT_EQ(
      hmac_v2(sdk_secret, 123456789, sdk_token, "estateCategories", "urn:onoffice-de-ns:smart:2.5:smartml:action:get"),
      "dsvg3r4AFcQXges0MZ+3auzQVfnEB39pLkKSgmm9Wvg=");
}

TEST(OnOfficeSigning, SignatureMatchesTheVendorDocsVector) {
  EXPECT_EQ(hmac_v2(kSecret, 123456789, kToken, "subsequentPaymentLink", kActionIdDo), kVectorHmac);
}

TEST(OnOfficeSigning, SignatureDependsOnEachSignedPartAndIsKeyedWithTheSecret) {
  const std::string base = hmac_v2(kSecret, 123456789, kToken, "subsequentPaymentLink", kActionIdDo);
  EXPECT_NE(hmac_v2(kSecret, 123456790, kToken, "subsequentPaymentLink", kActionIdDo), base);
  EXPECT_NE(hmac_v2(kSecret, 123456789, "other-token", "subsequentPaymentLink", kActionIdDo), base);
  EXPECT_NE(hmac_v2(kSecret, 123456789, kToken, "estate", kActionIdDo), base);
  EXPECT_NE(
      hmac_v2(kSecret, 123456789, kToken, "subsequentPaymentLink", "urn:onoffice-de-ns:smart:2.5:smartml:action:read"),
      base);
  EXPECT_NE(hmac_v2("other-secret", 123456789, kToken, "subsequentPaymentLink", kActionIdDo), base);
  // Standard base64 of a 32-byte digest: 44 characters with one '=' of padding.
  EXPECT_EQ(base.size(), 44u);
  EXPECT_EQ(base.back(), '=');
}

TEST(OnOfficeSigning, EncodedActionCarriesTheVectorSignatureForTheContextTime) {
  const auto provider = make_onoffice_provider(test_config());
  const auto request = provider->encode_create(seed_request(), context_at(123456789));
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = nlohmann::json::parse(request->body);
  const auto& action = body["request"]["actions"][0];
  EXPECT_EQ(action["timestamp"], 123456789);
  EXPECT_EQ(action["hmac"], kVectorHmac);
  EXPECT_EQ(action["hmac_version"], 2);
  EXPECT_TRUE(action["hmac_version"].is_number_integer());
}

TEST(OnOfficeSigning, ANewTimestampIsSignedAgain) {
  const auto provider = make_onoffice_provider(test_config());
  const auto first = provider->encode_create(seed_request(), context_at(kFixtureTime));
  const auto later = provider->encode_create(seed_request(), context_at(kFixtureTime + 3));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(later.ok());
  const auto a = nlohmann::json::parse(first->body)["request"]["actions"][0];
  const auto b = nlohmann::json::parse(later->body)["request"]["actions"][0];
  EXPECT_EQ(a["timestamp"], kFixtureTime);
  EXPECT_EQ(b["timestamp"], kFixtureTime + 3);
  EXPECT_NE(a["hmac"], b["hmac"]);
  EXPECT_EQ(b["hmac"], hmac_v2(kSecret, kFixtureTime + 3, kToken, "subsequentPaymentLink", kActionIdDo));
}

TEST(OnOfficeSigning, NeitherTheIdentifierNorTheParametersAreSigned) {
  auto other = seed_request();
  other.onoffice.identifier = "someIdentifier";
  other.description = "another description";
  other.amount = Money::parse("12.34", "EUR").value();
  other.onoffice.transaction_id = "42";
  const auto a = encode(seed_request());
  const auto b = encode(other);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(a->body, b->body);
  EXPECT_EQ(action_of(*a)["hmac"], action_of(*b)["hmac"]);
}

// --- Errors ----------------------------------------------------------------------------------------

TEST(OnOfficeDecode, KnownErrorCodesMapToErrorCodesKeepingTheVendorsWords) {
  const std::vector<Mapping> mappings = {
      {13, ErrorCode::auth, ""},
      {22, ErrorCode::auth, ""},
      {136, ErrorCode::auth, ""},
      {137, ErrorCode::auth, ""},
      {189, ErrorCode::not_found, "onoffice.transaction_id"},
      {190, ErrorCode::validation, "onoffice.transaction_id"},
      {205, ErrorCode::not_found, "onoffice.transaction_id"},
      {214, ErrorCode::validation, "amount"},
      {240, ErrorCode::auth, ""},
  };
  for (const auto& m : mappings) {
    const auto result = decode(respond(200, action_error(m.vendor_code, "vendor says no")));
    ASSERT_FALSE(result.ok()) << m.vendor_code;
    const Error& e = result.error();
    EXPECT_EQ(e.code, m.code) << m.vendor_code << ": " << e.to_string();
    EXPECT_EQ(e.field, m.field) << m.vendor_code;
    EXPECT_EQ(e.vendor_code, std::to_string(m.vendor_code));
    EXPECT_EQ(e.vendor_message, "vendor says no");
    EXPECT_FALSE(e.retryable) << m.vendor_code;
    EXPECT_EQ(e.message.rfind("onoffice: ", 0), 0u) << e.message;
  }
}

TEST(OnOfficeDecode, RefusedTimestampSaysToCheckTheClock) {
  const auto result = decode(respond(200, action_error(136, "Timestamp invalid")));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::auth);
  EXPECT_FALSE(result.error().retryable);
  EXPECT_NE(result.error().message.find("clock"), std::string::npos) << result.error().message;
  EXPECT_NE(result.error().message.find("2023-11-14T22:13:20Z"), std::string::npos) << result.error().message;
}

TEST(OnOfficeDecode, TheActionsStatusIsReadWhateverTheTopLevelSays) {
  // Top-level 97 beside code 200 or 500, or a top level that says OK (as in the community stub).
  for (const auto& [top_code, top_errorcode] : std::vector<std::pair<int, int>>{{200, 97}, {500, 97}, {200, 0}}) {
    const auto result = decode(respond(200, action_error(214, "Invalid price format", top_code, top_errorcode)));
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::validation) << top_code << "/" << top_errorcode;
    EXPECT_EQ(result.error().field, "amount");
    EXPECT_EQ(result.error().vendor_code, "214");
  }
}

TEST(OnOfficeDecode, ErrorInActionWithoutTheActionsCauseIsAProviderError) {
  const auto result = decode(respond(200, R"({"status":{"code":200,"errorcode":97,"message":"Error in action"}})"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::provider);
  EXPECT_EQ(result.error().vendor_code, "97");
  EXPECT_EQ(result.error().vendor_message, "Error in action");
}

TEST(OnOfficeDecode, TopLevelStatusCodes) {
  {
    const auto r =
        decode(respond(200, R"({"status":{"code":400,"errorcode":0,"message":"not authenticated"},"response":[]})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::auth);
    EXPECT_EQ(r.error().vendor_code, "400");
    EXPECT_FALSE(r.error().retryable);
  }
  {
    const auto r = decode(respond(200, R"({"status":{"code":500,"errorcode":0,"message":"server error"}})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::provider);
    EXPECT_EQ(r.error().vendor_code, "500");
    EXPECT_EQ(r.error().vendor_message, "server error");
    EXPECT_FALSE(r.error().retryable);
  }
  {
    // A structural error code at the top level (4: malformed JSON), not in the table.
    const auto r = decode(respond(200, R"({"status":{"code":500,"errorcode":4,"message":"invalid JSON"}})"));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::provider);
    EXPECT_EQ(r.error().vendor_code, "4");
    EXPECT_EQ(r.error().vendor_message, "invalid JSON");
  }
}

TEST(OnOfficeDecode, UnknownCodesAreProviderErrorsWithTheVendorsCodeAndMessage) {
  const auto r = decode(respond(200, action_error(9999, "Something new")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::provider);
  EXPECT_EQ(r.error().vendor_code, "9999");
  EXPECT_EQ(r.error().vendor_message, "Something new");
  EXPECT_FALSE(r.error().retryable);
  // Under a top-level "not authenticated" an unknown code is an authentication failure.
  const auto under_400 = decode(respond(200, action_error(9999, "Something new", 400, 97)));
  ASSERT_FALSE(under_400.ok());
  EXPECT_EQ(under_400.error().code, ErrorCode::auth);
}

TEST(OnOfficeDecode, AnUnreadableActionStatusDoesNotHideATopLevelError) {
  const auto r = decode(respond(
      200,
      R"({"status":{"code":400,"errorcode":22,"message":"Not authenticated"},"response":{"results":[{"status":"?"}]}})"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::auth);
  EXPECT_EQ(r.error().vendor_code, "22");
}

TEST(OnOfficeDecode, TheEnvelopesErrorWinsOverTheHttpStatus) {
  const auto r = decode(respond(500, action_error(137, "The HMAC is invalid")));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::auth);
  EXPECT_EQ(r.error().http_status, 500);
}

TEST(OnOfficeDecode, HttpErrorsWithoutTheEnvelopeAreClassifiedByStatus) {
  const auto html = decode(respond(502, "<html><body>Bad Gateway</body></html>"));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().code, ErrorCode::provider);
  EXPECT_EQ(html.error().http_status, 502);
  const auto text = decode(respond(403, "Forbidden"));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, ErrorCode::auth);
  EXPECT_EQ(text.error().http_status, 403);
  // A success envelope on an HTTP error is not trusted.
  const auto mixed = decode(respond(503, success_with(R"({"subsequentPaymentUrl":"https://x.example/?c=1"})")));
  ASSERT_FALSE(mixed.ok());
  EXPECT_EQ(mixed.error().code, ErrorCode::provider);
  EXPECT_EQ(mixed.error().http_status, 503);
}

TEST(OnOfficeDecode, CredentialsEchoedByTheVendorAreMasked) {
  // The client's call loop scrubs every error with Provider::secrets(); the adapter scrubs nothing, so
  // the answer goes through a client.
  const auto create_answered = [](int status, const std::string& body) {
    auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(status, body));
    return make_onoffice_client(test_config(), options_with(transport, fixed_clock())).create(seed_request());
  };
  const std::string echo = std::string("token ") + kToken + " with secret " + kSecret + " refused";
  const auto r = create_answered(200, action_error(137, echo));
  ASSERT_FALSE(r.ok());
  const std::string text = r.error().to_string();
  EXPECT_EQ(text.find(kToken), std::string::npos) << text;
  EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
  EXPECT_NE(text.find("***"), std::string::npos) << text;
  const auto raw = create_answered(502, echo);
  ASSERT_FALSE(raw.ok());
  EXPECT_EQ(raw.error().to_string().find(kToken), std::string::npos);
  EXPECT_EQ(raw.error().to_string().find(kSecret), std::string::npos);
}

TEST(OnOfficeDecode, ErrorTableLookup) {
  using detail::onoffice::find_error_mapping;
  ASSERT_NE(find_error_mapping(137), nullptr);
  EXPECT_EQ(find_error_mapping(137)->code, ErrorCode::auth);
  EXPECT_EQ(find_error_mapping(0), nullptr);
  EXPECT_EQ(find_error_mapping(97), nullptr);
}

// --- Through the client ----------------------------------------------------------------------------

TEST(OnOfficeClient, CreateWhoseConnectionDroppedAfterSendingIsAmbiguousAndSentOnce) {
  auto transport = replay_of("create_dropped_after_send.http");
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  const auto result = client.create(seed_request());  // default policy: up to 4 attempts
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::ambiguous) << result.error().to_string();
  EXPECT_TRUE(result.error().request_sent);
  EXPECT_EQ(transport->sent().size(), 1u);
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  EXPECT_EQ(result.error().to_string().find(kToken), std::string::npos);
  // onOffice cannot be asked whether the lost create happened.
  const auto reconciled = client.reconcile_create(seed_request(), result.error());
  ASSERT_FALSE(reconciled.ok());
  EXPECT_EQ(reconciled.error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport->sent().size(), 1u);
}

TEST(OnOfficeClient, CreateThatTimedOutAfterSendingIsAmbiguousAndSentOnce) {
  auto transport = std::make_shared<testing::FakeTransport>([](const HttpRequest&) -> Result<HttpResponse> {
    Error e = Error::make(ErrorCode::timeout, "timed out");
    e.request_sent = true;
    return e;
  });
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  const auto result = client.create(seed_request());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::ambiguous);
  EXPECT_EQ(transport->count(), 1u);
}

TEST(OnOfficeClient, RetryAfterARefusedConnectionIsSignedAgainWithTheNewTimestamp) {
  auto transport = replay_of("create_retry_after_refused.http");
  auto clock = std::make_shared<TestClock>();
  clock->times = {kFixtureTime, kFixtureTime + 3};
  const Client client = make_onoffice_client(test_config(), options_with(transport, clock));
  const auto link = client.create(seed_request());
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_TRUE(transport->fully_consumed_without_mismatch());
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(action_of(sent[0])["timestamp"], kFixtureTime);
  EXPECT_EQ(action_of(sent[1])["timestamp"], kFixtureTime + 3);
  EXPECT_NE(action_of(sent[0])["hmac"], action_of(sent[1])["hmac"]);
  EXPECT_EQ(clock->waits.size(), 1u);
  EXPECT_EQ(link->id, "1c138688f89e2d24d363ed7efec5a62797f5415671ddb358bd847486126ee4da");
}

TEST(OnOfficeClient, AnsweredErrorsAreNeverRetried) {
  for (const int http : {200, 500, 502, 503}) {
    auto transport = std::make_shared<testing::FakeTransport>(
        testing::always_respond(http, R"({"status":{"code":500,"errorcode":0,"message":"server error"}})"));
    const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
    const auto result = client.create(seed_request());
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::provider) << http;
    EXPECT_EQ(transport->count(), 1u) << http;
  }
}

TEST(OnOfficeClient, CapabilitiesAreCreateOnly) {
  const auto caps = make_onoffice_provider(test_config())->capabilities();
  EXPECT_TRUE(caps.create);
  EXPECT_FALSE(caps.get);
  EXPECT_FALSE(caps.list);
  EXPECT_FALSE(caps.expire);
  EXPECT_FALSE(caps.update);
  EXPECT_FALSE(caps.list_payments);
  EXPECT_FALSE(caps.list_payment_methods);
  EXPECT_FALSE(caps.idempotent_create);
  EXPECT_FALSE(caps.reconcile_create);
}

TEST(OnOfficeClient, GetListAndExpireAreUnsupportedAndSendNothing) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  const Client client = make_onoffice_client(test_config(), options_with(transport, fixed_clock()));
  EXPECT_EQ(client.provider_name(), "onoffice");
  const auto get = client.get("1c13");
  const auto list = client.list();
  const auto expire = client.expire("1c13");
  ASSERT_FALSE(get.ok());
  ASSERT_FALSE(list.ok());
  ASSERT_FALSE(expire.ok());
  EXPECT_EQ(get.error().code, ErrorCode::unsupported);
  EXPECT_EQ(list.error().code, ErrorCode::unsupported);
  EXPECT_EQ(expire.error().code, ErrorCode::unsupported);
  EXPECT_EQ(transport->count(), 0u);
  // The adapter itself refuses too, for callers that drive it without the client.
  const auto provider = make_onoffice_provider(test_config());
  EXPECT_EQ(provider->encode_get("1c13", context_at(kFixtureTime)).error().code, ErrorCode::unsupported);
  EXPECT_EQ(provider->encode_list({}, context_at(kFixtureTime)).error().code, ErrorCode::unsupported);
  EXPECT_EQ(provider->encode_expire("1c13", context_at(kFixtureTime)).error().code, ErrorCode::unsupported);
}

TEST(OnOfficeClient, InvalidCreateSendsNothing) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  auto config = test_config();
  config.secret = "";
  const Client client = make_onoffice_client(config, options_with(transport, fixed_clock()));
  const auto result = client.create(seed_request());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::validation);
  EXPECT_EQ(result.error().field, "secret");
  EXPECT_EQ(transport->count(), 0u);
}

// --- Credentials read per attempt -----------------------------------------------------------------

// A source whose credentials the vendor refuses until it is asked to renew them.
class RenewingSource final : public CredentialSource {
 public:
  Result<std::shared_ptr<const Credentials>> current(const ClientOptions&) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }
  Result<bool> renew_rejected(const Credentials&, const ClientOptions&) override {
    std::lock_guard<std::mutex> lock(mutex_);
    ++renewals;
    current_ = std::make_shared<const Credentials>(Credentials{{"token", "renewed-token"}, {"secret", kSecret}});
    return true;
  }
  int renewals = 0;

 private:
  std::mutex mutex_;
  std::shared_ptr<const Credentials> current_ =
      std::make_shared<const Credentials>(Credentials{{"token", "stale-token"}, {"secret", kSecret}});
};

TEST(OnOfficeClient, ARotatedTokenAndSecretSignTheNextCreate) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(200, "{}"));
  auto source = std::make_shared<RotatingCredentials>(Credentials{{"token", kToken}, {"secret", kSecret}});
  OnOfficeConfig config = test_config();
  config.token = Secret();
  config.secret = Secret();
  config.credentials = source;
  const Client client = make_onoffice_client(config, options_with(transport, fixed_clock()));
  (void)client.create(seed_request());
  source->replace(Credentials{{"token", "rotated-token"}, {"secret", "rotated-secret"}});
  (void)client.create(seed_request());
  ASSERT_EQ(transport->count(), 2u);
  const auto sent = transport->sent();
  EXPECT_EQ(nlohmann::json::parse(sent[0].body)["token"], kToken);
  EXPECT_EQ(action_of(sent[0])["hmac"], hmac_v2(kSecret, kFixtureTime, kToken, "subsequentPaymentLink", kActionIdDo));
  EXPECT_EQ(nlohmann::json::parse(sent[1].body)["token"], "rotated-token");
  EXPECT_EQ(action_of(sent[1])["hmac"],
            hmac_v2("rotated-secret", kFixtureTime, "rotated-token", "subsequentPaymentLink", kActionIdDo));
  source->replace(Credentials{{"token", "rotated-token"}});
  const auto missing = client.create(seed_request());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "secret");
  EXPECT_EQ(transport->count(), 2u);
}

TEST(OnOfficeClient, A401RenewsTheCredentialsOnceAndResendsEvenANonIdempotentCreate) {
  // A 401 is onOffice's word that the create was refused unprocessed, so resending it cannot create
  // a second link.
  auto source = std::make_shared<RenewingSource>();
  auto transport = std::make_shared<testing::FakeTransport>([](const HttpRequest& r) -> Result<HttpResponse> {
    const bool renewed = nlohmann::json::parse(r.body)["token"] == "renewed-token";
    return respond(renewed ? 200 : 401, renewed ? "{}" : "{\"status\": {\"code\": 401}}");
  });
  OnOfficeConfig config = test_config();
  config.credentials = source;
  RetryPolicy no_retries = RetryPolicy::none();
  const Client client = make_onoffice_client(config, options_with(transport, fixed_clock(), no_retries));
  (void)client.create(seed_request());
  EXPECT_EQ(source->renewals, 1);
  ASSERT_EQ(transport->count(), 2u);
  EXPECT_EQ(nlohmann::json::parse(transport->sent()[1].body)["token"], "renewed-token");
}

}  // namespace
}  // namespace paylink::onoffice_test
