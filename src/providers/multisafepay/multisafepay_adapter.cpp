// MultiSafepay adapter: the vendor's URLs, header authentication, capabilities and error mapping.
#include "providers/multisafepay/multisafepay_adapter.hpp"

#include <fmt/format.h>

#include "core/answer_kind.hpp"
#include "core/base_url.hpp"
#include "core/header_value.hpp"
#include "core/http_status.hpp"
#include "core/url.hpp"
#include "providers/multisafepay/multisafepay_wire.hpp"

namespace paylink::detail {
namespace {

// --- The vendor ----------------------------------------------------------------------------------------

namespace wire = multisafepay;

// Base URLs [C: php-sdk src/Client/Client.php].
constexpr std::string_view kTestBaseUrl = "https://testapi.multisafepay.com/v1/json/";
constexpr std::string_view kLiveBaseUrl = "https://api.multisafepay.com/v1/json/";
constexpr std::string_view kOrdersPath = "orders";
// Authentication: the website API key in the `api_key` header [C: OpenAPI ApiKeyHeader, php-sdk]. The
// vendor also takes ?api_key=, which we never use: URLs get logged.
constexpr std::string_view kApiKeyHeader = "api_key";

// Create, get, cancel (as expire) and reconcile-by-get. Creates carry no idempotency key: a duplicate
// order_id is refused (error 1006), so after an ambiguous create the client asks with a get instead.
// No rate limit is documented [?].
constexpr Capabilities kCapabilities = [] {
  Capabilities c;
  c.create = true;
  c.get = true;
  c.expire = true;
  c.idempotent_create = false;
  c.reconcile_create = true;
  c.documented_rate_limits =
      {};  // [?] MultiSafepay publishes no request-rate limit (vendors/multisafepay.md §6): no window to pace
  return c;
}();

// The vendor's error codes [C: docs api/general/error-reference.md].
constexpr std::int64_t kNotFound = 1000;  // "Not found" (HTTP 410) / unknown error
constexpr std::int64_t kInvalidAmount = 1001;
constexpr std::int64_t kInvalidCurrency = 1002;
constexpr std::int64_t kInvalidOrderId = 1006;  // duplicate order_id on create; unknown order on get
constexpr std::int64_t kInvalidDescription = 1008;
constexpr std::int64_t kInvalidVar = 1010;
constexpr std::int64_t kMissingData = 1016;
constexpr std::int64_t kSiteInactive = 1019;  // HTTP 404
constexpr std::int64_t kGatewayUnavailable = 1023;
constexpr std::int64_t kInvalidApiKey = 1032;

// The request field a validation code names; empty where the vendor does not say.
std::string_view field_of(std::int64_t code) {
  switch (code) {
    case kInvalidAmount:
      return "amount";
    case kInvalidCurrency:
      return "currency";
    case kInvalidDescription:
      return "description";
    case kInvalidVar:
      return "metadata";
    default:
      return "";
  }
}

// The configured base URL, else the environment's.
std::string_view configured_base_url(const MultiSafepayConfig& config) {
  if (!config.base_url.empty()) return config.base_url;
  return config.environment == MultiSafepayEnvironment::live ? kLiveBaseUrl : kTestBaseUrl;
}

// 501 and 503: the PHP SDK raises ApiUnavailableException for both [C]; core retries 502/503/504/429.
bool unavailable(int status) { return status == 501 || status_is_retryable(status); }

}  // namespace
}  // namespace paylink::detail

// --- Factories -----------------------------------------------------------------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_multisafepay_provider(MultiSafepayConfig config) {
  return std::make_shared<const detail::MultiSafepayProvider>(std::move(config));
}

Client make_multisafepay_client(MultiSafepayConfig config, ClientOptions options) {
  return Client(make_multisafepay_provider(std::move(config)), std::move(options));
}

}  // namespace paylink

namespace paylink::detail {

// --- Public verbs --------------------------------------------------------------------------------------

MultiSafepayProvider::MultiSafepayProvider(MultiSafepayConfig config)
    : config_(std::move(config)), base_url_(checked_base_url(configured_base_url(config_))) {}

std::string_view MultiSafepayProvider::name() const noexcept { return wire::kProvider; }

Capabilities MultiSafepayProvider::capabilities() const noexcept { return kCapabilities; }

std::vector<std::string_view> MultiSafepayProvider::secrets() const { return {config_.api_key.reveal()}; }

Result<HttpRequest> MultiSafepayProvider::encode_create(const CreateLinkRequest& request,
                                                        const CallContext& ctx) const {
  auto body = wire::encode_create_body(request, ctx);
  if (!body) return std::move(body).error();
  return make_request(HttpMethod::post, kOrdersPath, std::move(*body), /*idempotent=*/false);
}

Result<PaymentLink> MultiSafepayProvider::decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                                        const CallContext& ctx) const {
  if (auto error = failure(response, Call::create)) return *error;
  return wire::decode_created(response.body, response.status, request, ctx);
}

Result<HttpRequest> MultiSafepayProvider::encode_get(std::string_view id, const CallContext&) const {
  auto path = link_path(id, "id");
  if (!path) return std::move(path).error();
  return make_request(HttpMethod::get, *path, {}, /*idempotent=*/true);
}

Result<PaymentLink> MultiSafepayProvider::decode_get(const HttpResponse& response) const {
  if (auto error = failure(response, Call::read)) return *error;
  return wire::decode_order(response.body, response.status);
}

Result<HttpRequest> MultiSafepayProvider::encode_expire(std::string_view id, const CallContext&) const {
  auto path = link_path(id, "id");
  if (!path) return std::move(path).error();
  return make_request(HttpMethod::patch, *path, wire::encode_cancel_body(), /*idempotent=*/true);
}

Result<PaymentLink> MultiSafepayProvider::decode_expire(const HttpResponse& response, std::string_view id) const {
  if (auto error = failure(response, Call::cancel)) return *error;
  return wire::decode_cancel(response.body, response.status, id);
}

Result<HttpRequest> MultiSafepayProvider::encode_reconcile(const CreateLinkRequest& request,
                                                           const CallContext& ctx) const {
  const wire::OrderId order_id = wire::order_id_of(request, ctx);
  auto path = link_path(order_id.value, order_id.field);
  if (!path) return std::move(path).error();
  return make_request(HttpMethod::get, *path, {}, /*idempotent=*/true);
}

Result<PaymentLink> MultiSafepayProvider::decode_reconcile(const HttpResponse& response,
                                                           const CreateLinkRequest& request, const CallContext&) const {
  if (auto error = failure(response, Call::read)) return *error;
  auto link = wire::decode_order(response.body, response.status, wire::order_kind_of(request));
  if (!link) return link;
  const auto expected = wire::charged_amount(request);
  if (expected && link->amount && *link->amount != *expected) {
    Error e = Error::make(ErrorCode::conflict,
                          fmt::format("multisafepay: order {} exists with amount {}, not {}: the order_id was used "
                                      "by another order",
                                      link->id, link->amount->to_string(), expected->to_string()));
    e.http_status = response.status;
    return e;
  }
  return link;
}

std::string MultiSafepayProvider::reconcile_key(const CreateLinkRequest& request, const CallContext& ctx) const {
  return std::string(wire::order_id_of(request, ctx).value);
}

// --- Private builders ----------------------------------------------------------------------------------

Result<HttpRequest> MultiSafepayProvider::make_request(HttpMethod method, std::string_view path, std::string body,
                                                       bool idempotent) const {
  const std::string& key = config_.api_key.reveal();
  if (key.empty()) return Error::validation("api_key", "MultiSafepay needs a website API key; nothing was sent");
  if (auto e = check_header_value(key, "api_key")) return *e;
  if (!base_url_) return base_url_.error();
  HttpRequest r;
  r.method = method;
  r.url = join_url(*base_url_, path);
  r.headers.emplace_back("Accept", "application/json");
  r.headers.emplace_back(std::string(kApiKeyHeader), key);
  if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  r.idempotent = idempotent;
  return r;
}

std::optional<Error> MultiSafepayProvider::failure(const HttpResponse& response, Call call) const {
  const auto body = wire::decode_error_body(response.body);
  if (!body) {
    if (is_success(response.status)) return std::nullopt;  // the wire reads it, or says what is wrong
    Error e = unreadable_answer(wire::kProvider, response);
    e.retryable = unavailable(response.status);
    return e;
  }
  const int status = response.status;
  const std::string code_text = body->code.empty() ? "without a code" : body->code;
  Error e;
  e.http_status = status;
  e.vendor_code = body->code;
  e.vendor_message = bounded_text(body->info);
  e.message = body->info.empty() ? fmt::format("multisafepay: the request was refused (error {})", code_text)
                                 : fmt::format("multisafepay: {} (error {})", bounded_text(body->info), code_text);

  const bool gone = status == 404 || status == 410;
  const std::int64_t c = body->number.value_or(0);
  if (c == kInvalidApiKey) {
    e.code = ErrorCode::auth;
  } else if (c == kInvalidOrderId) {
    // A create reusing an order_id; a get or cancel of an order_id the vendor does not know.
    e.code = call == Call::create ? ErrorCode::conflict : ErrorCode::not_found;
  } else if (gone && (c == kNotFound || c == kSiteInactive || !body->number)) {
    e.code = ErrorCode::not_found;
  } else if (c == kInvalidAmount || c == kInvalidCurrency || c == kInvalidDescription || c == kInvalidVar ||
             c == kMissingData) {
    e.code = ErrorCode::validation;
    e.field = std::string(field_of(c));
  } else if (c == kGatewayUnavailable) {
    e.code = ErrorCode::provider;
    e.retryable = true;
  } else if (!is_success(status)) {
    e.code = error_code_for_status(status);
  } else {
    e.code = ErrorCode::provider;
  }
  if (e.code != ErrorCode::auth && unavailable(status)) e.retryable = true;
  return e;
}

Result<std::string> MultiSafepayProvider::link_path(std::string_view id, std::string_view field) const {
  if (auto e = wire::check_order_id(id, field)) return *e;
  auto segment = path_segment(id, field);
  if (!segment) return std::move(segment).error();
  return fmt::format("{}/{}", kOrdersPath, *segment);
}

}  // namespace paylink::detail
