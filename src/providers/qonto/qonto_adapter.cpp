#include "providers/qonto/qonto_adapter.hpp"

#include <memory>
#include <utility>

#include <fmt/format.h>

#include "core/answer_kind.hpp"
#include "core/base_url.hpp"
#include "core/header_value.hpp"
#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/url.hpp"
#include "providers/qonto/qonto_wire.hpp"

namespace paylink::detail {
namespace {

// --- The vendor ------------------------------------------------------------------------------------
// Sources: ../shared/seeds/004_9f53836288fde638.txt and ../shared/vendors/qonto.md.

constexpr std::string_view kProductionBaseUrl = "https://thirdparty.qonto.com";
constexpr std::string_view kSandboxBaseUrl = "https://thirdparty-sandbox.staging.qonto.co";

constexpr std::string_view kLinksPath = "/v2/payment_links";
constexpr std::string_view kPaymentMethodsPath = "/v2/payment_links/payment_methods";
constexpr std::string_view kDeactivateSuffix = "/deactivate";
constexpr std::string_view kPaymentsSuffix = "/payments";

constexpr std::string_view kStagingTokenHeader = "X-Qonto-Staging-Token";
constexpr std::string_view kIdempotencyKeyHeader = "X-Qonto-Idempotency-Key";

/// [?] Qonto documents `X-Qonto-Idempotency-Key` (first answer replayed for 30 min) but not whether the
/// payment-link create is among the endpoints that honour it. Assumed yes: creates carry the key and
/// are retried with it. If it proves false, set this to false and creates become non-retryable writes.
constexpr bool kCreateHonoursIdempotencyKey = true;

/// [I] Deactivating a link twice leaves it deactivated (status "canceled") exactly as once, so a
/// deactivate whose answer was lost may be sent again. At worst the repeat is refused because the link
/// is already canceled: the caller sees that error, but the link is in the state asked for.
constexpr bool kDeactivateIsIdempotent = true;

/// [I] The deactivate answer is documented only by third-party fixtures as `{"payment_link": {…}}`.
/// Should Qonto answer "204 No Content" instead, the link is reported as canceled with no raw status.
constexpr int kNoContent = 204;

/// [I] A sandbox without `X-Qonto-Staging-Token` answers with a OneLogin page (200 HTML, or a 302 to
/// this host) instead of JSON: both mean "not authenticated", not "malformed answer".
constexpr std::string_view kSandboxLoginHost = "onelogin.com";

/// [C] Quoted in rate-limit errors (vendors/qonto.md §8).
constexpr std::string_view kRateLimitNote = "Qonto allows 1000 requests per 10 s and 10000 per 10 min per IP address";

constexpr Capabilities kCapabilities = [] {
  Capabilities c;
  c.create = true;
  c.get = true;
  c.list = true;
  c.expire = true;  // deactivate
  c.update = false;
  c.list_payments = true;
  c.list_payment_methods = true;
  c.idempotent_create = kCreateHonoursIdempotencyKey;
  // Creates are retried with their key instead; Qonto has no field to look an attempted link up by.
  c.reconcile_create = false;
  // [C] Qonto documents two windows per IP: 1000 requests / 10 s and 10 000 / 10 min
  // (docs.qonto.com, "Rate limits"; /work/shared/vendors/qonto.md §8). Both are declared and paced at once.
  c.documented_rate_limits = {RateLimit{1000, std::chrono::seconds(10)}, RateLimit{10000, std::chrono::minutes(10)}};
  return c;
}();

}  // namespace
}  // namespace paylink::detail

// --- Factories ------------------------------------------------------------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_qonto_provider(QontoConfig config) {
  return std::make_shared<const detail::QontoProvider>(std::move(config));
}

Client make_qonto_client(QontoConfig config, ClientOptions options) {
  return Client(make_qonto_provider(std::move(config)), std::move(options));
}

}  // namespace paylink

namespace paylink::detail {

// --- Public verbs ----------------------------------------------------------------------------------

QontoProvider::QontoProvider(QontoConfig config) : config_(std::move(config)), request_base_(request_base(config_)) {}

std::string_view QontoProvider::name() const noexcept { return qonto::kProvider; }

Capabilities QontoProvider::capabilities() const noexcept { return kCapabilities; }

std::vector<std::string_view> QontoProvider::secrets() const {
  return {config_.access_token.reveal(), config_.login, config_.secret_key.reveal(), config_.staging_token.reveal()};
}

Result<HttpRequest> QontoProvider::encode_create(const CreateLinkRequest& request, const CallContext& ctx) const {
  auto http = make_request(HttpMethod::post, kLinksPath);
  if (!http) return http;
  auto body = qonto::encode_create_body(request);
  if (!body) return std::move(body).error();
  if (!ctx.idempotency_key.empty()) {
    if (auto e = check_header_value(ctx.idempotency_key, "idempotency_key")) return *e;
    http->headers.emplace_back(kIdempotencyKeyHeader, ctx.idempotency_key);
    http->idempotent = kCreateHonoursIdempotencyKey;  // Qonto replays the first answer to a repeated key
  }
  http->headers.emplace_back("Content-Type", "application/json");
  http->body = std::move(*body);
  return http;
}

Result<PaymentLink> QontoProvider::decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                                 const CallContext&) const {
  if (auto e = failure(response)) return *e;
  return qonto::decode_link_envelope(response.body, response.status);
}

Result<HttpRequest> QontoProvider::encode_get(std::string_view id, const CallContext&) const {
  auto path = link_path(id);
  if (!path) return std::move(path).error();
  auto http = make_request(HttpMethod::get, *path);
  if (http) http->idempotent = true;
  return http;
}

Result<PaymentLink> QontoProvider::decode_get(const HttpResponse& response) const {
  if (auto e = failure(response)) return *e;
  return qonto::decode_link_envelope(response.body, response.status);
}

Result<HttpRequest> QontoProvider::encode_list(const ListQuery& query, const CallContext&) const {
  auto params = qonto::encode_list_query(query);
  if (!params) return std::move(params).error();
  auto http = make_request(HttpMethod::get, kLinksPath, *params);
  if (http) http->idempotent = true;
  return http;
}

Result<Page<PaymentLink>> QontoProvider::decode_list(const HttpResponse& response, const ListQuery&) const {
  if (auto e = failure(response)) return *e;
  return qonto::decode_link_page(response.body, response.status);
}

Result<HttpRequest> QontoProvider::encode_expire(std::string_view id, const CallContext&) const {
  auto path = link_path(id, kDeactivateSuffix);
  if (!path) return std::move(path).error();
  auto http = make_request(HttpMethod::patch, *path);
  if (http) http->idempotent = kDeactivateIsIdempotent;
  return http;
}

Result<PaymentLink> QontoProvider::decode_expire(const HttpResponse& response, std::string_view id) const {
  if (response.status == kNoContent && classify_answer(response.body) == AnswerKind::empty) {
    PaymentLink link;
    link.provider = std::string(qonto::kProvider);
    link.id = std::string(id);
    link.status = LinkStatus::canceled;
    return link;
  }
  if (auto e = failure(response)) return *e;
  return qonto::decode_link_envelope(response.body, response.status);
}

Result<HttpRequest> QontoProvider::encode_list_payments(std::string_view link_id, const ListQuery& query,
                                                        const CallContext&) const {
  auto path = link_path(link_id, kPaymentsSuffix);
  if (!path) return std::move(path).error();
  auto params = qonto::encode_payments_query(query);
  if (!params) return std::move(params).error();
  auto http = make_request(HttpMethod::get, *path, *params);
  if (http) http->idempotent = true;
  return http;
}

Result<Page<LinkPayment>> QontoProvider::decode_list_payments(const HttpResponse& response, const ListQuery&) const {
  if (auto e = failure(response)) return *e;
  return qonto::decode_payment_page(response.body, response.status);
}

Result<HttpRequest> QontoProvider::encode_list_payment_methods(const CallContext&) const {
  auto http = make_request(HttpMethod::get, kPaymentMethodsPath);
  if (http) http->idempotent = true;
  return http;
}

Result<std::vector<PaymentMethod>> QontoProvider::decode_list_payment_methods(const HttpResponse& response) const {
  if (auto e = failure(response)) return *e;
  return qonto::decode_payment_methods(response.body, response.status);
}

// --- Private builders ------------------------------------------------------------------------------

Result<QontoProvider::RequestBase> QontoProvider::request_base(const QontoConfig& config) {
  RequestBase base;
  if (config.base_url.empty()) {
    base.base_url = config.environment == QontoEnvironment::sandbox ? kSandboxBaseUrl : kProductionBaseUrl;
  } else {
    auto checked = checked_base_url(config.base_url);
    if (!checked) return std::move(checked).error();
    base.base_url = std::move(*checked);
  }
  // [?] Whether the API key may write payment links is undocumented (it is "mostly read-only"); it is
  // sent as configured and Qonto's refusal, if any, comes back as an `auth` error.
  if (!config.access_token.empty()) {
    if (auto e = check_header_value(config.access_token.reveal(), "access_token")) return *e;
    base.headers.emplace_back("Authorization", "Bearer " + config.access_token.reveal());
  } else if (!config.login.empty() || !config.secret_key.empty()) {
    if (config.login.empty()) return Error::validation("login", "login is required with secret_key");
    if (config.secret_key.empty()) return Error::validation("secret_key", "secret_key is required with login");
    if (auto e = check_header_value(config.login, "login")) return *e;
    if (auto e = check_header_value(config.secret_key.reveal(), "secret_key")) return *e;
    // The API key form is literally "<login>:<secret-key>": no "Basic", no base64.
    base.headers.emplace_back("Authorization", config.login + ":" + config.secret_key.reveal());
  } else {
    return Error::validation("access_token",
                             "Qonto needs credentials: set access_token (OAuth), or login and secret_key");
  }
  if (config.environment == QontoEnvironment::sandbox) {
    if (config.staging_token.empty()) {
      return Error::validation("staging_token",
                               "the Qonto sandbox needs staging_token (X-Qonto-Staging-Token, from the Developer "
                               "Portal); without it the sandbox answers with its login page");
    }
    if (auto e = check_header_value(config.staging_token.reveal(), "staging_token")) return *e;
    base.headers.emplace_back(kStagingTokenHeader, config.staging_token.reveal());
  }
  base.headers.emplace_back("Accept", "application/json");
  return base;
}

Result<HttpRequest> QontoProvider::make_request(HttpMethod method, std::string_view path,
                                                std::string_view query) const {
  if (!request_base_) return request_base_.error();
  HttpRequest http;
  http.method = method;
  http.url = join_url(request_base_->base_url, path);
  http.url += query;
  http.headers = request_base_->headers;
  return http;
}

std::optional<Error> QontoProvider::failure(const HttpResponse& response) const {
  const int status = response.status;
  const AnswerKind kind = classify_answer(response.body);
  // The sandbox's login wall: a page where JSON was expected, or a redirect to it. A proxy's HTML
  // error page (another 4xx/5xx) is classified by its status below.
  const bool login_page = kind == AnswerKind::html && (status < 400 || status == 401 || status == 403);
  const auto location = status >= 300 && status < 400 ? find_header(response.headers, "Location") : std::nullopt;
  if (login_page || (location && url_host(*location).find(kSandboxLoginHost) != std::string_view::npos)) {
    Error e = Error::make(
        ErrorCode::auth,
        fmt::format("qonto: HTTP {}: the API answered with an HTML page (a login page) instead of JSON; in the "
                    "sandbox this means X-Qonto-Staging-Token is missing or wrong: check "
                    "QontoConfig::staging_token, environment and base_url",
                    status));
    e.http_status = status;
    return e;
  }
  if (is_success(status)) {
    if (kind == AnswerKind::json) return std::nullopt;
    return unreadable_answer(qonto::kProvider, response);
  }
  Error e;
  if (const auto wire = qonto::decode_error_body(response.body)) {
    const std::string& what = !wire->detail.empty() ? wire->detail : wire->code;
    e = Error::make(error_code_for_status(status),
                    fmt::format("qonto: HTTP {}: {}{}", status, bounded_text(what),
                                wire->count > 1 ? fmt::format(" (and {} more)", wire->count - 1) : ""));
    e.http_status = status;
    e.retryable = status_is_retryable(status);
    e.vendor_code = bounded_text(wire->code, 100);
    e.vendor_message = bounded_text(wire->detail, 500);
    e.field = wire->field;
    e.request_id = bounded_text(wire->trace_id, 100);
  } else {
    e = unreadable_answer(qonto::kProvider, response);
  }
  if (status == 429) {
    e.message += fmt::format(" ({})", kRateLimitNote);
  } else if (status == 401) {
    e.message += " (check the access token or login and secret key; Qonto throttles after 200 refusals an hour)";
  }
  return e;
}

Result<std::string> QontoProvider::link_path(std::string_view id, std::string_view suffix) {
  auto segment = path_segment(id, "id");
  if (!segment) return std::move(segment).error();
  return fmt::format("{}/{}{}", kLinksPath, *segment, suffix);
}

}  // namespace paylink::detail
