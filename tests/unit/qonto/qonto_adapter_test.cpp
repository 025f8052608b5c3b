// The Qonto adapter on its own: URLs, credentials, idempotency marks, list parameters, create
// validation (refused before anything is sent) and error mapping of answers no fixture holds.
#include <nlohmann/json.hpp>

#include "paylink/testing/fake_transport.hpp"
#include "qonto/qonto_test_support.hpp"

namespace paylink::qonto_test {
namespace {

using paylink::testing::FakeTransport;

CallContext context(std::string key = "0f8fad5b-d9cb-469f-a165-70867728950e") {
  CallContext ctx;
  ctx.now = Timestamp(std::chrono::seconds(1'700'000'000));
  ctx.idempotency_key = std::move(key);
  return ctx;
}

std::shared_ptr<const Provider> provider(QontoConfig config = oauth_config()) {
  return make_qonto_provider(std::move(config));
}

HttpResponse answer(int status, std::string body, HttpHeaders headers = {{"Content-Type", "application/json"}}) {
  HttpResponse r;
  r.status = status;
  r.headers = std::move(headers);
  r.body = std::move(body);
  return r;
}

// The validation error of `request`, or a failure when it is accepted.
Error refusal(const CreateLinkRequest& request) {
  const auto encoded = provider()->encode_create(request, context());
  if (encoded.ok()) {
    ADD_FAILURE() << "accepted: " << encoded->body;
    return Error{};
  }
  EXPECT_EQ(encoded.error().code, ErrorCode::validation) << encoded.error().to_string();
  return encoded.error();
}

nlohmann::json body_of(const CreateLinkRequest& request) {
  const auto encoded = provider()->encode_create(request, context());
  if (!encoded.ok()) {
    ADD_FAILURE() << encoded.error().to_string();
    return {};
  }
  return nlohmann::json::parse(encoded->body);
}

LineItem item(std::string title, std::int64_t quantity, std::int64_t cents, std::string vat = "") {
  LineItem i;
  i.title = std::move(title);
  i.quantity = quantity;
  i.unit_price = eur(cents);
  i.vat_rate = std::move(vat);
  return i;
}

// --- the vendor ------------------------------------------------------------------------------------

TEST(QontoAdapter, DeclaresEveryOperationButUpdate) {
  const Capabilities c = provider()->capabilities();
  EXPECT_TRUE(c.create && c.get && c.list && c.expire && c.list_payments && c.list_payment_methods);
  EXPECT_FALSE(c.update);
  EXPECT_TRUE(c.idempotent_create);
  EXPECT_FALSE(c.reconcile_create);
  EXPECT_EQ(provider()->name(), "qonto");
}

TEST(QontoAdapter, ProductionAndSandboxHosts) {
  EXPECT_EQ(provider()->encode_get("x", context())->url, "https://thirdparty.qonto.com/v2/payment_links/x");
  EXPECT_EQ(provider(sandbox_config())->encode_get("x", context())->url,
            "https://thirdparty-sandbox.staging.qonto.co/v2/payment_links/x");
}

TEST(QontoAdapter, BaseUrlReplacesSchemeAndHost) {
  QontoConfig config = sandbox_config();
  config.base_url = "http://127.0.0.1:8787/";
  const auto request = provider(config)->encode_list_payment_methods(context());
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->url, "http://127.0.0.1:8787/v2/payment_links/payment_methods");
  EXPECT_EQ(find_header(request->headers, "X-Qonto-Staging-Token"), kStagingToken);
}

TEST(QontoAdapter, MalformedBaseUrlIsRefused) {
  for (const std::string url : {"127.0.0.1:8787", "ftp://host", "http://", "http://host/x?y=1", "http://ho st"}) {
    QontoConfig config = oauth_config();
    config.base_url = url;
    const auto request = provider(config)->encode_get("x", context());
    ASSERT_FALSE(request.ok()) << url;
    EXPECT_EQ(request.error().field, "base_url") << url;
  }
}

TEST(QontoAdapter, IdIsPercentEncodedIntoThePath) {
  EXPECT_EQ(provider()->encode_get("a/b c?", context())->url,
            "https://thirdparty.qonto.com/v2/payment_links/a%2Fb%20c%3F");
  const auto empty = provider()->encode_expire("", context());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().field, "id");
}

// --- credentials -----------------------------------------------------------------------------------

TEST(QontoAuth, WithoutCredentialsEveryCallIsRefusedBeforeSending) {
  auto transport = std::make_shared<FakeTransport>(paylink::testing::always_respond(200, "{}"));
  ClientOptions options;
  options.transport = transport;
  const Client client = make_qonto_client(QontoConfig{}, options);
  const std::vector<Error> errors = {client.create(seed_request()).error(),
                                     client.get("x").error(),
                                     client.list().error(),
                                     client.expire("x").error(),
                                     client.list_payments("x").error(),
                                     client.list_payment_methods().error()};
  for (const Error& e : errors) {
    EXPECT_EQ(e.code, ErrorCode::validation) << e.to_string();
    EXPECT_EQ(e.field, "access_token");
  }
  EXPECT_EQ(transport->count(), 0u);
}

TEST(QontoAuth, LoginAndSecretKeyGoTogether) {
  QontoConfig only_login;
  only_login.login = kLogin;
  EXPECT_EQ(provider(only_login)->encode_get("x", context()).error().field, "secret_key");
  QontoConfig only_secret;
  only_secret.secret_key = kSecretKey;
  const auto e = provider(only_secret)->encode_get("x", context()).error();
  EXPECT_EQ(e.field, "login");
  EXPECT_EQ(e.to_string().find(kSecretKey), std::string::npos);
}

TEST(QontoAuth, AccessTokenTakesPrecedenceOverTheApiKey) {
  QontoConfig config = api_key_config();
  config.access_token = kAccessToken;
  EXPECT_EQ(find_header(provider(config)->encode_get("x", context())->headers, "Authorization"),
            "Bearer " + kAccessToken);
}

TEST(QontoAuth, SandboxWithoutStagingTokenIsRefused) {
  QontoConfig config = sandbox_config();
  config.staging_token = Secret();
  const auto e = provider(config)->encode_get("x", context()).error();
  EXPECT_EQ(e.code, ErrorCode::validation);
  EXPECT_EQ(e.field, "staging_token");
}

TEST(QontoAuth, StagingTokenIsNotSentToProduction) {
  QontoConfig config = oauth_config();
  config.staging_token = kStagingToken;
  EXPECT_FALSE(find_header(provider(config)->encode_get("x", context())->headers, "X-Qonto-Staging-Token"));
}

TEST(QontoAuth, CredentialWithALineBreakIsRefusedWithoutEchoingIt) {
  QontoConfig config;
  config.access_token = "abc\r\nX-Injected: 1";
  const auto e = provider(config)->encode_get("x", context()).error();
  EXPECT_EQ(e.field, "access_token");
  EXPECT_EQ(e.to_string().find("Injected"), std::string::npos);
}

TEST(QontoAuth, CredentialEchoedByTheVendorIsScrubbedFromErrors) {
  // The client's call loop scrubs every error with Provider::secrets(); the adapter scrubs nothing.
  ClientOptions options;
  options.transport = std::make_shared<FakeTransport>(paylink::testing::always_respond(
      401,
      R"({"errors":[{"code":"unauthorized","detail":"token qonto-test-access-token is revoked"}],"trace_id":"t"})"));
  const auto link = make_qonto_client(oauth_config(), options).get("x");
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().to_string().find(kAccessToken), std::string::npos) << link.error().to_string();
  EXPECT_NE(link.error().vendor_message.find("***"), std::string::npos);
}

// --- idempotency -----------------------------------------------------------------------------------

TEST(QontoIdempotency, CreateCarriesTheKeyAndIsMarkedIdempotent) {
  const auto request = provider()->encode_create(seed_request(), context("key-1"));
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  EXPECT_EQ(request->method, HttpMethod::post);
  EXPECT_EQ(find_header(request->headers, "X-Qonto-Idempotency-Key"), "key-1");
  EXPECT_EQ(find_header(request->headers, "Content-Type"), "application/json");
  EXPECT_TRUE(request->idempotent);
}

TEST(QontoIdempotency, CreateWithoutAKeyIsNotMarkedIdempotent) {
  const auto request = provider()->encode_create(seed_request(), context(""));
  ASSERT_TRUE(request.ok());
  EXPECT_FALSE(find_header(request->headers, "X-Qonto-Idempotency-Key"));
  EXPECT_FALSE(request->idempotent);
}

TEST(QontoIdempotency, ReadsAndDeactivateAreIdempotentAndCarryNoKey) {
  const auto p = provider();
  const std::vector<Result<HttpRequest>> requests = {
      p->encode_get("x", context()), p->encode_list({}, context()), p->encode_list_payments("x", {}, context()),
      p->encode_list_payment_methods(context()), p->encode_expire("x", context())};
  for (const auto& request : requests) {
    ASSERT_TRUE(request.ok());
    EXPECT_TRUE(request->idempotent) << request->url;
    EXPECT_FALSE(find_header(request->headers, "X-Qonto-Idempotency-Key")) << request->url;
  }
  const auto& deactivate = requests.back();
  EXPECT_EQ(deactivate->method, HttpMethod::patch);
  EXPECT_EQ(deactivate->url, "https://thirdparty.qonto.com/v2/payment_links/x/deactivate");
  EXPECT_EQ(deactivate->body, "");
}

TEST(QontoIdempotency, DeactivateWhoseAnswerWasLostIsSentAgain) {
  int calls = 0;
  auto transport = std::make_shared<FakeTransport>([&calls](const HttpRequest&) -> Result<HttpResponse> {
    if (++calls == 1) {
      Error dropped = Error::make(ErrorCode::network, "connection reset");
      dropped.request_sent = true;
      return dropped;
    }
    return answer(200, R"({"payment_link":{"id":"x","status":"canceled"}})");
  });
  ClientOptions options;
  options.transport = transport;
  options.retry = retry_at_once(2);
  options.sleeper = [](std::chrono::milliseconds) {};
  const auto link = make_qonto_client(oauth_config(), options).expire("x");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(transport->count(), 2u);
  EXPECT_EQ(link->status, LinkStatus::canceled);
}

// --- list parameters -------------------------------------------------------------------------------

TEST(QontoListQuery, PageSizeAbove100IsRefusedNamingTheLimit) {
  ListQuery query;
  query.page_size = 101;
  const auto e = provider()->encode_list(query, context()).error();
  EXPECT_EQ(e.code, ErrorCode::validation);
  EXPECT_EQ(e.field, "page_size");
  EXPECT_NE(e.message.find("100"), std::string::npos) << e.message;
  query.page_size = -1;
  EXPECT_EQ(provider()->encode_list(query, context()).error().field, "page_size");
  query.page_size = 100;
  EXPECT_EQ(provider()->encode_list(query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links?per_page=100");
}

TEST(QontoListQuery, CursorIsThePageNumber) {
  ListQuery query;
  query.cursor = "7";
  EXPECT_EQ(provider()->encode_list(query, context())->url, "https://thirdparty.qonto.com/v2/payment_links?page=7");
  for (const std::string bad : {"abc", "0", "-1", "1.5", "12345678901"}) {
    query.cursor = bad;
    const auto request = provider()->encode_list(query, context());
    ASSERT_FALSE(request.ok()) << bad;
    EXPECT_EQ(request.error().field, "cursor");
  }
}

TEST(QontoListQuery, EveryStatusFilterWordAndUnknownIsRefused) {
  ListQuery query;
  const std::vector<std::pair<LinkStatus, std::string>> words = {{LinkStatus::open, "open"},
                                                                 {LinkStatus::pending, "processing"},
                                                                 {LinkStatus::paid, "paid"},
                                                                 {LinkStatus::expired, "expired"},
                                                                 {LinkStatus::canceled, "canceled"}};
  for (const auto& [status, word] : words) {
    query.status = status;
    EXPECT_EQ(provider()->encode_list(query, context())->url,
              "https://thirdparty.qonto.com/v2/payment_links?status%5B%5D=" + word);
  }
  query.status = LinkStatus::unknown;
  EXPECT_EQ(provider()->encode_list(query, context()).error().field, "status");
}

TEST(QontoListQuery, UndocumentedSortFieldAndOtherFiltersAreRefused) {
  ListQuery sorted;
  sorted.sort_field = "created_at";
  EXPECT_EQ(provider()->encode_list(sorted, context()).error().field, "sort_field");
  ListQuery filtered;
  filtered.filters["customer"] = "x";
  EXPECT_EQ(provider()->encode_list(filtered, context()).error().field, "filters.customer");
}

TEST(QontoListQuery, PaymentsArePagedAndFilteredByStatus) {
  ListQuery query;
  query.cursor = "2";
  query.page_size = 20;
  EXPECT_EQ(provider()->encode_list_payments("x", query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links/x/payments?page=2&per_page=20");
  query.status = LinkStatus::paid;
  EXPECT_EQ(provider()->encode_list_payments("x", query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links/x/payments?page=2&per_page=20&status%5B%5D=paid");
}

TEST(QontoListQuery, PendingIsSentAsProcessing) {
  ListQuery query;
  query.status = LinkStatus::pending;
  EXPECT_EQ(provider()->encode_list(query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links?status%5B%5D=processing");
}

TEST(QontoListQuery, LinksAreSortedByAmountOrExpirationDate) {
  ListQuery query;
  query.sort_field = "amount";
  EXPECT_EQ(provider()->encode_list(query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links?sort_by=amount%3Aasc");
  query.sort_field = "expiration_date";
  query.sort_descending = true;
  query.status = LinkStatus::open;
  query.page_size = 10;
  EXPECT_EQ(
      provider()->encode_list(query, context())->url,
      "https://thirdparty.qonto.com/v2/payment_links?per_page=10&status%5B%5D=open&sort_by=expiration_date%3Adesc");
  query.sort_field = "creation_date";  // a payments field
  const auto e = provider()->encode_list(query, context()).error();
  EXPECT_EQ(e.field, "sort_field");
  EXPECT_NE(e.message.find("amount, expiration_date"), std::string::npos) << e.message;
}

TEST(QontoListQuery, StatusFilterTakesSeveralVendorWords) {
  ListQuery query;
  query.filters["status"] = "open,processing";
  EXPECT_EQ(provider()->encode_list(query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links?status%5B%5D=open&status%5B%5D=processing");
  for (const std::string bad : {"pending", "open,", "", "OPEN", "open,,paid"}) {
    query.filters["status"] = bad;
    const auto e = provider()->encode_list(query, context());
    ASSERT_FALSE(e.ok()) << bad;
    EXPECT_EQ(e.error().field, "filters.status") << bad;
  }
  query.filters["status"] = "paid";
  query.status = LinkStatus::paid;
  EXPECT_EQ(provider()->encode_list(query, context()).error().field, "status");
}

TEST(QontoListQuery, PaymentsTakeTheirOwnStatusWordsAndSort) {
  ListQuery query;
  query.status = LinkStatus::pending;
  EXPECT_EQ(provider()->encode_list_payments("x", query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links/x/payments?status%5B%5D=pending");
  query.status.reset();
  query.filters["status"] = "authorized,failed";
  query.sort_field = "creation_date";
  query.sort_descending = true;
  EXPECT_EQ(provider()->encode_list_payments("x", query, context())->url,
            "https://thirdparty.qonto.com/v2/payment_links/x/payments"
            "?status%5B%5D=authorized&status%5B%5D=failed&sort_by=creation_date%3Adesc");
  query.filters["status"] = "processing";  // a link's word, not a payment's
  EXPECT_EQ(provider()->encode_list_payments("x", query, context()).error().field, "filters.status");
  query.filters.clear();
  query.sort_field = "amount";  // a links field
  EXPECT_EQ(provider()->encode_list_payments("x", query, context()).error().field, "sort_field");
  query.sort_field.clear();
  query.status = LinkStatus::unknown;
  EXPECT_EQ(provider()->encode_list_payments("x", query, context()).error().field, "status");
}

// --- create validation -----------------------------------------------------------------------------

TEST(QontoCreateValidation, NothingToChargeIsRefused) { EXPECT_EQ(refusal(CreateLinkRequest{}).field, "amount"); }

TEST(QontoCreateValidation, AmountOnlyNeedsAPositiveAmountAndADescription) {
  CreateLinkRequest request;
  request.amount = eur(500);
  EXPECT_EQ(refusal(request).field, "description");
  request.description = "Deposit";
  request.amount = eur(0);
  EXPECT_EQ(refusal(request).field, "amount");
  request.amount = eur(-5);
  EXPECT_EQ(refusal(request).field, "amount");
  request.amount = Money();
  EXPECT_EQ(refusal(request).field, "amount");
}

TEST(QontoCreateValidation, AmountOnlyUsesTheDefaultVatRate) {
  CreateLinkRequest request;
  request.amount = eur(500);
  request.description = "Deposit";
  EXPECT_EQ(body_of(request)["payment_link"]["items"][0]["vat_rate"], "0.0");
  request.qonto.default_vat_rate = "20.0";
  const auto body = body_of(request);
  EXPECT_EQ(body["payment_link"]["items"][0]["vat_rate"], "20.0");
  EXPECT_EQ(body["payment_link"]["items"][0]["unit_price"]["value"], "5.00");
  request.qonto.default_vat_rate = "twenty";
  EXPECT_EQ(refusal(request).field, "qonto.default_vat_rate");
}

TEST(QontoCreateValidation, ItemFieldsAreCheckedAndNamed) {
  CreateLinkRequest request;
  request.items = {item("", 1, 100)};
  EXPECT_EQ(refusal(request).field, "items[0].title");
  request.items = {item("A", 1, 100), item("B", 0, 100)};
  EXPECT_EQ(refusal(request).field, "items[1].quantity");
  request.items = {item("A", 1, -100)};
  EXPECT_EQ(refusal(request).field, "items[0].unit_price");
  request.items = {item("A", 1, 100)};
  request.items[0].unit_price = Money();
  EXPECT_EQ(refusal(request).field, "items[0].unit_price");
  request.items = {item("A", 1, 0)};
  EXPECT_EQ(refusal(request).field, "items");  // nothing to pay
  request.items = {item(std::string("\xc3\x28", 2), 1, 100)};
  EXPECT_EQ(refusal(request).field, "items[0].title");
}

TEST(QontoCreateValidation, ItemsShareOneCurrency) {
  CreateLinkRequest request;
  request.items = {item("A", 1, 100), item("B", 1, 100)};
  request.items[1].unit_price = Money::from_minor_units(100, "USD").value();
  const Error e = refusal(request);
  EXPECT_EQ(e.field, "items[1].unit_price");
  EXPECT_NE(e.message.find("USD"), std::string::npos);
}

TEST(QontoCreateValidation, AmountMustBeInTheItemsCurrency) {
  CreateLinkRequest request = seed_request();
  request.amount = Money::from_minor_units(1330, "USD").value();
  EXPECT_EQ(refusal(request).field, "amount");
}

TEST(QontoCreateValidation, AmountMustEqualTheVatInclusiveTotal) {
  CreateLinkRequest request = seed_request();
  request.amount = eur(1099);  // the net sum: Qonto would charge 13.30
  const Error e = refusal(request);
  EXPECT_EQ(e.field, "amount");
  EXPECT_NE(e.message.find("13.30 EUR"), std::string::npos) << e.message;
  request.amount = eur(1330);
  EXPECT_TRUE(provider()->encode_create(request, context()).ok());
}

TEST(QontoCreateValidation, MultiItemTotalRoundsEachLineHalfUp) {
  CreateLinkRequest request;
  // 2 × 4.99 at 20 % = 11.976 → 11.98; 1 × 10.00 at 5.5 % = 10.55; 1 × 0.05 at 10 % = 0.055 → 0.06.
  request.items = {item("A", 2, 499, "20"), item("B", 1, 1000, "5.5"), item("C", 1, 5, "10.0")};
  request.amount = eur(2259);
  const auto body = body_of(request);
  ASSERT_EQ(body["payment_link"]["items"].size(), 3u);
  EXPECT_EQ(body["payment_link"]["items"][0]["quantity"], 2);
  EXPECT_EQ(body["payment_link"]["items"][0]["vat_rate"], "20");
  EXPECT_EQ(body["payment_link"]["items"][2]["unit_price"]["value"], "0.05");
  request.amount = eur(2258);
  EXPECT_EQ(refusal(request).field, "amount");
}

TEST(QontoCreateValidation, VatRateIsAPlainPercentFrom0To100) {
  for (const std::string good : {"0", "0.0", "21", "21.0", "5.5", "2.10", "100", "100.00"}) {
    CreateLinkRequest request;
    request.items = {item("A", 1, 100, good)};
    EXPECT_EQ(body_of(request)["payment_link"]["items"][0]["vat_rate"], good) << good;
  }
  for (const std::string bad : {"abc", "101", "100.01", "-1", "21.005", "1e2", " 21", "21.", ".5", "21,0", "0x10"}) {
    CreateLinkRequest request;
    request.items = {item("A", 1, 100, bad)};
    EXPECT_EQ(refusal(request).field, "items[0].vat_rate") << bad;
  }
}

TEST(QontoCreateValidation, ItemsWithoutTypeMeasureUnitOrVatGetTheDefaults) {
  CreateLinkRequest request;
  request.items = {item("A", 3, 250), item("B", 1, 100, "5.5")};
  request.items[1].type = "service";
  request.items[1].measure_unit = "hour";
  request.items[1].description = "An hour";
  request.qonto.default_vat_rate = "10.0";
  const auto items = body_of(request)["payment_link"]["items"];
  EXPECT_EQ(items[0]["type"], "good");
  EXPECT_EQ(items[0]["measure_unit"], "unit");
  EXPECT_EQ(items[0]["vat_rate"], "10.0");
  EXPECT_FALSE(items[0].contains("description"));
  EXPECT_EQ(items[1]["type"], "service");
  EXPECT_EQ(items[1]["measure_unit"], "hour");
  EXPECT_EQ(items[1]["vat_rate"], "5.5");
  EXPECT_EQ(items[1]["description"], "An hour");
}

TEST(QontoCreateValidation, PaymentMethodsDefaultToCardAndMustBeNamed) {
  CreateLinkRequest request = seed_request();
  request.qonto.payment_methods.clear();
  EXPECT_EQ(body_of(request)["payment_link"]["potential_payment_methods"], nlohmann::json::array({"credit_card"}));
  request.qonto.payment_methods = {"credit_card", ""};
  EXPECT_EQ(refusal(request).field, "qonto.payment_methods[1]");
}

TEST(QontoCreateValidation, InvoiceLinksNeedTheirFieldsAndNoItems) {
  CreateLinkRequest request;
  request.qonto.invoice_id = "550e8400-e29b-41d4-a716-446655440001";
  request.qonto.invoice_number = "INV-1";
  request.qonto.debitor_name = "John Doe";
  EXPECT_EQ(refusal(request).field, "amount");
  request.amount = eur(1330);
  request.qonto.invoice_number.clear();
  EXPECT_EQ(refusal(request).field, "qonto.invoice_number");
  request.qonto.invoice_number = "INV-1";
  request.qonto.debitor_name.clear();
  EXPECT_EQ(refusal(request).field, "qonto.debitor_name");
  request.qonto.debitor_name = "John Doe";
  request.items = {item("A", 1, 1330)};
  EXPECT_EQ(refusal(request).field, "items");
}

TEST(QontoCreateValidation, HugeBasketIsRefusedNotOverflowed) {
  CreateLinkRequest request;
  request.items = {item("A", std::numeric_limits<std::int64_t>::max() / 2, 1000)};
  EXPECT_EQ(refusal(request).field, "items");
  request.items = {item("A", 1, std::numeric_limits<std::int64_t>::max() / 10000, "100")};
  EXPECT_EQ(refusal(request).field, "items");
}

TEST(QontoCreateValidation, ReturnUrlIsSentAsRedirectUrl) {
  CreateLinkRequest request = seed_request();
  request.return_url = "https://shop.example/thanks?order=77";
  EXPECT_EQ(body_of(request)["payment_link"]["redirect_url"], "https://shop.example/thanks?order=77");
  request.return_url = "http://127.0.0.1:8080/done";  // local development
  EXPECT_EQ(body_of(request)["payment_link"]["redirect_url"], "http://127.0.0.1:8080/done");
  request.return_url.clear();
  EXPECT_FALSE(body_of(request)["payment_link"].contains("redirect_url"));
}

TEST(QontoCreateValidation, ReturnUrlMustBeHttpsOrLoopbackHttp) {
  for (const std::string bad : {"http://shop.example/thanks", "shop.example/thanks", "/thanks", "ftp://shop.example/x",
                                "https://shop.example/a b", "https://shop.example/\r\nX-Injected: 1", "https://"}) {
    CreateLinkRequest request = seed_request();
    request.return_url = bad;
    const Error e = refusal(request);
    EXPECT_EQ(e.field, "return_url") << bad;
    EXPECT_NE(e.message.find("return_url"), std::string::npos) << e.message;
  }
  CreateLinkRequest invoice;
  invoice.amount = eur(1330);
  invoice.qonto.invoice_id = "i";
  invoice.qonto.invoice_number = "n";
  invoice.qonto.debitor_name = "d";
  invoice.return_url = "http://shop.example/thanks";
  EXPECT_EQ(refusal(invoice).field, "return_url");
}

TEST(QontoCreateValidation, BadIdempotencyKeyIsRefused) {
  const auto e = provider()->encode_create(seed_request(), context("a\nb")).error();
  EXPECT_EQ(e.field, "idempotency_key");
}

// --- answers no fixture holds ----------------------------------------------------------------------

TEST(QontoAnswers, DeactivateAnsweredWithNoContentReportsTheLinkCanceled) {
  const auto link = provider()->decode_expire(answer(204, "", {}), "abc");
  ASSERT_TRUE(link.ok()) << link.error().to_string();
  EXPECT_EQ(link->id, "abc");
  EXPECT_EQ(link->status, LinkStatus::canceled);
  EXPECT_EQ(link->provider, "qonto");
}

TEST(QontoAnswers, OAuthErrorFormIsRead) {
  const auto link = provider()->decode_get(
      answer(401, R"({"error":"invalid_token","error_description":"The access token expired"})"));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::auth);
  EXPECT_EQ(link.error().vendor_code, "invalid_token");
  EXPECT_EQ(link.error().vendor_message, "The access token expired");
}

TEST(QontoAnswers, RedirectToTheSandboxLoginIsAuth) {
  const auto link =
      provider(sandbox_config())->decode_get(answer(302, "", {{"Location", "https://qonto.onelogin.com/login2"}}));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::auth) << link.error().to_string();
}

TEST(QontoAnswers, UnreadableErrorBodyIsClassifiedByStatus) {
  const auto link = provider()->decode_get(answer(500, "Internal Server Error", {}));
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::provider);
  EXPECT_EQ(link.error().http_status, 500);
  EXPECT_FALSE(link.error().retryable);
  const auto gateway = provider()->decode_get(answer(504, "", {}));
  EXPECT_TRUE(gateway.error().retryable);
}

TEST(QontoAnswers, ConflictAndForbiddenKeepTheirKinds) {
  EXPECT_EQ(provider()->decode_get(answer(403, R"({"errors":[{"code":"forbidden"}],"trace_id":"t"})")).error().code,
            ErrorCode::auth);
  EXPECT_EQ(provider()->decode_get(answer(409, R"({"errors":[{"code":"conflict"}],"trace_id":"t"})")).error().code,
            ErrorCode::conflict);
}

TEST(QontoAnswers, HtmlWithSuccessStatusIsAuthOnEveryCall) {
  const auto p = provider(sandbox_config());
  const HttpResponse html = answer(200, "  <!doctype html><html></html>", {{"Content-Type", "text/html"}});
  EXPECT_EQ(p->decode_create(html, seed_request(), context()).error().code, ErrorCode::auth);
  EXPECT_EQ(p->decode_list(html, {}).error().code, ErrorCode::auth);
  EXPECT_EQ(p->decode_expire(html, "x").error().code, ErrorCode::auth);
  EXPECT_EQ(p->decode_list_payments(html, {}).error().code, ErrorCode::auth);
  EXPECT_EQ(p->decode_list_payment_methods(html).error().code, ErrorCode::auth);
}

// --- Credentials read per attempt -----------------------------------------------------------------

TEST(QontoAdapter, ARotatedCredentialIsSentFromTheNextCallWithoutANewClient) {
  auto transport = std::make_shared<FakeTransport>(paylink::testing::always_respond(404, "{}"));
  auto source = std::make_shared<RotatingCredentials>(Credentials{{"access_token", "qonto-rotating-1"}});
  QontoConfig config;
  config.credentials = source;
  ClientOptions options;
  options.transport = transport;
  options.retry = RetryPolicy::none();
  const Client client = make_qonto_client(config, options);
  (void)client.get(kSeedLinkId);
  source->replace(Credentials{{"login", Secret(kLogin)}, {"secret_key", Secret(kSecretKey)}});
  (void)client.get(kSeedLinkId);
  ASSERT_EQ(transport->count(), 2u);
  const auto sent = transport->sent();
  EXPECT_EQ(sent[0].headers.front(), (std::pair<std::string, std::string>{"Authorization", "Bearer qonto-rotating-1"}));
  EXPECT_EQ(sent[1].headers.front(), (std::pair<std::string, std::string>{"Authorization", kLogin + ":" + kSecretKey}));
  source->replace(Credentials{});
  const auto missing = client.get(kSeedLinkId);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "access_token");
  EXPECT_EQ(transport->count(), 2u);
}

}  // namespace
}  // namespace paylink::qonto_test
