// MultiSafepay adapter: the vendor's URLs, header authentication, capabilities and error envelope.
#include "providers/multisafepay/multisafepay_adapter.hpp"

#include <cctype>
#include <optional>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/url.hpp"
#include "providers/multisafepay/multisafepay_wire.hpp"

namespace paylink {

// --- Factories (public API) ----------------------------------------------------------------------

std::shared_ptr<const Provider> make_multisafepay_provider(MultiSafepayConfig config) {
  return std::make_shared<const detail::MultiSafepayProvider>(std::move(config));
}

Client make_multisafepay_client(MultiSafepayConfig config, ClientOptions options) {
  return Client(make_multisafepay_provider(std::move(config)), std::move(options));
}

}  // namespace paylink

namespace paylink::detail {
namespace {

// --- The vendor's error codes (docs api/general/error-reference.md) --------------------------------

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

// 501/503: the vendor's PHP SDK raises ApiUnavailableException for both; 502/504 are retryable everywhere.
bool unavailable(int status) { return status == 501 || status_is_retryable(status); }

// The `data` object of a document that success_document accepted.
JsonNode success_data(const JsonDocument& document) { return get_object(document.root(), "data"); }
// Private builders, defined at the end of the file.
std::optional<std::int64_t> error_code_of(JsonNode body, std::string& text);
bool loopback_http(std::string_view url);

}  // namespace

// --- The vendor ---------------------------------------------------------------------------------------

MultiSafepayProvider::MultiSafepayProvider(MultiSafepayConfig config) : config_(std::move(config)) {}

std::string_view MultiSafepayProvider::name() const noexcept { return msp::kProvider; }

Capabilities MultiSafepayProvider::capabilities() const noexcept { return kCapabilities; }

// --- Verbs ----------------------------------------------------------------------------------------------

Result<HttpRequest> MultiSafepayProvider::encode_create(const CreateLinkRequest& create, const CallContext& ctx) const {
  auto order_id = msp::order_id_for(create, ctx);
  if (!order_id) return std::move(order_id).error();
  auto body = msp::create_order_body(create, *order_id);
  if (!body) return std::move(body).error();
  return request(HttpMethod::post, "orders", std::move(*body), /*idempotent=*/false);
}

Result<PaymentLink> MultiSafepayProvider::decode_create(const HttpResponse& response, const CreateLinkRequest& create,
                                                        const CallContext& ctx) const {
  auto document = success_document(response, Call::create);
  if (!document) return std::move(document).error();
  const JsonNode data = success_data(*document);
  auto order_id = msp::order_id_for(create, ctx);
  if (!order_id) return std::move(order_id).error();
  auto amount = msp::order_amount(create);
  if (!amount) return std::move(amount).error();
  return msp::link_from_create_response(data, create, *order_id, *amount);
}

Result<HttpRequest> MultiSafepayProvider::encode_get(std::string_view id, const CallContext&) const {
  auto order_id = msp::checked_order_id(id, "id");
  if (!order_id) return std::move(order_id).error();
  return request(HttpMethod::get, "orders/" + url_encode(*order_id), {}, /*idempotent=*/true);
}

Result<PaymentLink> MultiSafepayProvider::decode_get(const HttpResponse& response) const {
  auto document = success_document(response, Call::read);
  if (!document) return std::move(document).error();
  return msp::link_from_order(success_data(*document));
}

Result<HttpRequest> MultiSafepayProvider::encode_expire(std::string_view id, const CallContext&) const {
  auto order_id = msp::checked_order_id(id, "id");
  if (!order_id) return std::move(order_id).error();
  return request(HttpMethod::patch, "orders/" + url_encode(*order_id), msp::cancel_order_body(),
                 /*idempotent=*/true);
}

Result<PaymentLink> MultiSafepayProvider::decode_expire(const HttpResponse& response, std::string_view id) const {
  auto document = success_document(response, Call::cancel);
  if (!document) return std::move(document).error();
  const JsonNode data = success_data(*document);
  if (data.find("status")) return msp::link_from_order(data);
  PaymentLink link;
  link.provider = std::string(msp::kProvider);
  link.id = std::string(id);
  link.reference = link.id;
  link.status = LinkStatus::canceled;
  link.raw_status = "cancelled";  // [I] the status we set; the documented answer carries no order
  link.raw_json = std::string(data.raw());
  return link;
}

std::string MultiSafepayProvider::reconcile_key(const CreateLinkRequest& create, const CallContext& ctx) const {
  auto order_id = msp::order_id_for(create, ctx);
  return order_id ? *order_id : ctx.idempotency_key;
}

Result<HttpRequest> MultiSafepayProvider::encode_reconcile(const CreateLinkRequest& create,
                                                           const CallContext& ctx) const {
  auto order_id = msp::order_id_for(create, ctx);
  if (!order_id) return std::move(order_id).error();
  return request(HttpMethod::get, "orders/" + url_encode(*order_id), {}, /*idempotent=*/true);
}

Result<PaymentLink> MultiSafepayProvider::decode_reconcile(const HttpResponse& response,
                                                           const CreateLinkRequest& create,
                                                           const CallContext& ctx) const {
  auto document = success_document(response, Call::read);
  if (!document) return std::move(document).error();
  auto link = msp::link_from_order(success_data(*document));
  if (!link) return link;
  const auto expected = msp::order_amount(create);
  if (expected && link->amount && *link->amount != *expected) {
    auto order_id = msp::order_id_for(create, ctx);
    Error e =
        Error::make(ErrorCode::conflict,
                    fmt::format("multisafepay: order {} exists with amount {}, not {}: the order_id was used "
                                "by another order",
                                order_id ? *order_id : link->id, link->amount->to_string(), expected->to_string()));
    e.http_status = response.status;
    return e;
  }
  return link;
}

// --- Builders ---------------------------------------------------------------------------------------

std::string MultiSafepayProvider::base_url() const {
  if (!config_.base_url.empty()) return config_.base_url;
  return std::string(config_.environment == MultiSafepayEnvironment::live ? kLiveBaseUrl : kTestBaseUrl);
}

Result<HttpRequest> MultiSafepayProvider::request(HttpMethod method, std::string_view path, std::string body,
                                                  bool idempotent) const {
  const std::string& key = config_.api_key.reveal();
  if (key.empty()) return Error::validation("api_key", "MultiSafepay needs a website API key; nothing was sent");
  for (const char c : key) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      return Error::validation("api_key", "the API key holds control characters; nothing was sent");
    }
  }
  const std::string base = base_url();
  if (base.rfind("https://", 0) != 0 && !loopback_http(base)) {
    return Error::validation("base_url", "base_url must be https (or http to a loopback host); nothing was sent");
  }
  HttpRequest r;
  r.method = method;
  r.url = join_url(base, path);
  r.headers.emplace_back("Accept", "application/json");
  r.headers.emplace_back("api_key", key);
  if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  r.idempotent = idempotent;
  return r;
}

Result<JsonDocument> MultiSafepayProvider::success_document(const HttpResponse& response, Call call) const {
  const bool ok_status = is_success(response.status);
  auto parsed = JsonDocument::parse(response.body, msp::kProvider);
  if (!parsed || !parsed->root().is_object()) {
    // Not the vendor's envelope: a proxy page, an empty body, a truncated answer.
    if (!ok_status) {
      Error e = error_from_status(msp::kProvider, response);
      e.retryable = unavailable(response.status);
      return scrubbed(std::move(e));
    }
    if (looks_like_html(response.body)) {
      return invalid_response(msp::kProvider, "got an HTML page instead of JSON", response.status);
    }
    Error e = parsed ? invalid_response(msp::kProvider, "response is not a JSON object") : std::move(parsed).error();
    e.http_status = response.status;
    return scrubbed(std::move(e));
  }
  const JsonNode body = parsed->root();
  bool wrong = false;
  const auto success = get_bool(body, "success", &wrong);
  if (success.value_or(false) && ok_status) {
    if (!get_object(body, "data"))
      return invalid_response(msp::kProvider, "success without a data object", response.status);
    return parsed;
  }
  if ((success && !*success) || body.find("error_code")) return vendor_error(response, body, call);
  if (!ok_status) {
    Error e = error_from_status(msp::kProvider, response);
    e.retryable = unavailable(response.status);
    return scrubbed(std::move(e));
  }
  return invalid_response(msp::kProvider,
                          wrong ? "\"success\" is not a boolean" : "response is not a {\"success\", \"data\"} envelope",
                          response.status);
}

Error MultiSafepayProvider::vendor_error(const HttpResponse& response, JsonNode body, Call call) const {
  std::string code_text;
  const auto code = error_code_of(body, code_text);
  const auto info = get_string(body, "error_info").value_or("");
  const int status = response.status;

  Error e;
  e.http_status = status;
  e.vendor_code = code_text;
  e.vendor_message = bounded_text(info);
  e.message = info.empty() ? fmt::format("multisafepay: the request was refused (error {})",
                                         code_text.empty() ? "without a code" : code_text)
                           : fmt::format("multisafepay: {} (error {})", bounded_text(info),
                                         code_text.empty() ? "without a code" : code_text);

  const bool gone = status == 404 || status == 410;
  const std::int64_t c = code.value_or(0);
  if (c == kInvalidApiKey) {
    e.code = ErrorCode::auth;
  } else if (c == kInvalidOrderId) {
    // A create reusing an order_id; a get or cancel of an order_id the vendor does not know.
    e.code = call == Call::create ? ErrorCode::conflict : ErrorCode::not_found;
  } else if (gone && (c == kNotFound || c == kSiteInactive || !code)) {
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
  return scrubbed(std::move(e));
}

Error MultiSafepayProvider::scrubbed(Error error) const {
  const std::string& key = config_.api_key.reveal();
  if (key.empty()) return error;
  for (std::string* text : {&error.message, &error.vendor_message, &error.vendor_code}) {
    for (auto at = text->find(key); at != std::string::npos; at = text->find(key, at + 3)) {
      text->replace(at, key.size(), "***");
    }
  }
  return error;
}

namespace {

std::optional<std::int64_t> error_code_of(JsonNode body, std::string& text) {
  const auto it = body.find("error_code");
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) {
    text = it->dump();
    return get_int(body, "error_code");
  }
  if (it->is_string()) {
    text = bounded_text(it->get<std::string>(), 40);
    std::int64_t value = 0;
    if (text.empty() || text.size() > 12) return std::nullopt;
    for (const char c : text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  }
  return std::nullopt;
}

bool loopback_http(std::string_view url) { return url.rfind("http://", 0) == 0 && is_loopback_host(url_host(url)); }

}  // namespace
}  // namespace paylink::detail
