#include "providers/qonto/qonto_adapter.hpp"

#include <memory>
#include <utility>

#include <fmt/format.h>

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

/// `per_page` is 1..100 (documented; the default is 100).
constexpr int kMaxPerPage = 100;

/// [?] How the list's `status` filter (an array of words) goes into the query. The docs give only
/// "array of enum"; Rails-style brackets are the usual encoding there. Sent percent-encoded
/// ("status%5B%5D=open"), which servers decode to the same name.
constexpr std::string_view kStatusFilterParam = "status[]";

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

/// Documented limits, quoted in rate-limit errors.
constexpr std::string_view kRateLimitNote = "Qonto allows 1000 requests per 10 s and 10000 per 10 min per IP address";

/// Secrets shorter than this are not searched for in error text (they would blank ordinary words).
constexpr std::size_t kMinScrubbedLength = 4;

Capabilities qonto_capabilities() noexcept {
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
  // [C] 1000 requests / 10 s per IP (a second window of 10 000 / 10 min is not modelled).
  c.documented_rate_limit = RateLimit{1000, std::chrono::seconds(10)};
  return c;
}

// Private builders, defined at the end of the file.
bool header_safe(std::string_view value) noexcept;
Error html_answer(const HttpResponse& response);
Error error_answer(const HttpResponse& response);

}  // namespace

// --- Public verbs ----------------------------------------------------------------------------------

QontoProvider::QontoProvider(QontoConfig config) : config_(std::move(config)), request_base_(request_base(config_)) {}

std::string_view QontoProvider::name() const noexcept { return qonto::kProvider; }

Capabilities QontoProvider::capabilities() const noexcept { return qonto_capabilities(); }

Result<HttpRequest> QontoProvider::encode_create(const CreateLinkRequest& request, const CallContext& ctx) const {
  if (!request_base_) return request_base_.error();
  auto body = qonto::encode_create_body(request);
  if (!body) return scrub(std::move(body).error());
  const bool keyed = !ctx.idempotency_key.empty();
  if (keyed && !header_safe(ctx.idempotency_key)) {
    return Error::validation("idempotency_key", "idempotency_key contains a control character");
  }
  // make_request's request with the create's URL and headers built once (see RequestBase).
  HttpRequest http;
  http.method = HttpMethod::post;
  http.url = request_base_->create_url;
  http.headers.reserve(request_base_->create_headers.size() + 1);  // room for the idempotency key
  http.headers = request_base_->create_headers;
  if (keyed) {
    http.headers.emplace_back(kIdempotencyKeyHeader, ctx.idempotency_key);
    http.idempotent = kCreateHonoursIdempotencyKey;  // Qonto replays the first answer to a repeated key
  }
  http.body = std::move(*body);
  return http;
}

Result<PaymentLink> QontoProvider::decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                                 const CallContext&) const {
  if (auto e = failure(response)) return *e;
  return scrubbed(qonto::decode_link_envelope(response.body, response.status));
}

Result<HttpRequest> QontoProvider::encode_get(std::string_view id, const CallContext&) const {
  auto path = link_path(id, {});
  if (!path) return std::move(path).error();
  auto http = make_request(HttpMethod::get, *path, {});
  if (http) http->idempotent = true;
  return http;
}

Result<PaymentLink> QontoProvider::decode_get(const HttpResponse& response) const {
  if (auto e = failure(response)) return *e;
  return scrubbed(qonto::decode_link_envelope(response.body, response.status));
}

Result<HttpRequest> QontoProvider::encode_list(const ListQuery& query, const CallContext&) const {
  auto params = page_query(query, true);
  if (!params) return std::move(params).error();
  auto http = make_request(HttpMethod::get, kLinksPath, *params);
  if (http) http->idempotent = true;
  return http;
}

Result<Page<PaymentLink>> QontoProvider::decode_list(const HttpResponse& response, const ListQuery&) const {
  if (auto e = failure(response)) return *e;
  return scrubbed(qonto::decode_link_page(response.body, response.status));
}

Result<HttpRequest> QontoProvider::encode_expire(std::string_view id, const CallContext&) const {
  auto path = link_path(id, kDeactivateSuffix);
  if (!path) return std::move(path).error();
  auto http = make_request(HttpMethod::patch, *path, {});
  if (http) http->idempotent = kDeactivateIsIdempotent;
  return http;
}

Result<PaymentLink> QontoProvider::decode_expire(const HttpResponse& response, std::string_view id) const {
  if (auto e = failure(response)) return *e;
  if (response.status == kNoContent && response.body.find_first_not_of(" \t\r\n") == std::string::npos) {
    PaymentLink link;
    link.provider = std::string(qonto::kProvider);
    link.id = std::string(id);
    link.status = LinkStatus::canceled;
    return link;
  }
  return scrubbed(qonto::decode_link_envelope(response.body, response.status));
}

Result<HttpRequest> QontoProvider::encode_list_payments(std::string_view link_id, const ListQuery& query,
                                                        const CallContext&) const {
  auto path = link_path(link_id, kPaymentsSuffix);
  if (!path) return std::move(path).error();
  auto params = page_query(query, false);
  if (!params) return std::move(params).error();
  auto http = make_request(HttpMethod::get, *path, *params);
  if (http) http->idempotent = true;
  return http;
}

Result<Page<LinkPayment>> QontoProvider::decode_list_payments(const HttpResponse& response, const ListQuery&) const {
  if (auto e = failure(response)) return *e;
  return scrubbed(qonto::decode_payment_page(response.body, response.status));
}

Result<HttpRequest> QontoProvider::encode_list_payment_methods(const CallContext&) const {
  auto http = make_request(HttpMethod::get, kPaymentMethodsPath, {});
  if (http) http->idempotent = true;
  return http;
}

Result<std::vector<PaymentMethod>> QontoProvider::decode_list_payment_methods(const HttpResponse& response) const {
  if (auto e = failure(response)) return *e;
  return scrubbed(qonto::decode_payment_methods(response.body, response.status));
}

// --- Private builders ------------------------------------------------------------------------------

Result<HttpRequest> QontoProvider::make_request(HttpMethod method, std::string_view path,
                                                std::string_view query) const {
  if (!request_base_) return request_base_.error();
  HttpRequest http;
  http.method = method;
  http.url = join_url(request_base_->base_url, path);
  http.url += query;
  // Room for the create's Content-Type and idempotency key: no regrowth after the copy.
  http.headers.reserve(request_base_->headers.size() + 2);
  http.headers = request_base_->headers;
  return http;
}

Result<QontoProvider::RequestBase> QontoProvider::request_base(const QontoConfig& config) {
  auto base = base_url(config);
  if (!base) return std::move(base).error();
  auto headers = auth_headers(config);
  if (!headers) return std::move(headers).error();
  headers->emplace_back("Accept", "application/json");
  std::string create_url = join_url(*base, kLinksPath);
  HttpHeaders create_headers = *headers;
  create_headers.emplace_back("Content-Type", "application/json");
  return RequestBase{std::move(*base), std::move(*headers), std::move(create_url), std::move(create_headers)};
}

Result<std::string> QontoProvider::base_url(const QontoConfig& config) {
  if (config.base_url.empty()) {
    return std::string(config.environment == QontoEnvironment::sandbox ? kSandboxBaseUrl : kProductionBaseUrl);
  }
  const std::string_view url = config.base_url;
  const bool has_scheme = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
  if (!has_scheme || url_host(url).empty() || !header_safe(url) || url.find_first_of(" ?#") != std::string::npos) {
    return Error::validation("base_url", "base_url must be a scheme and host such as \"http://127.0.0.1:8787\"");
  }
  return config.base_url;
}

Result<HttpHeaders> QontoProvider::auth_headers(const QontoConfig& config) {
  HttpHeaders headers;
  // Credential checks name the field only: a credential never goes into a message.
  const auto unsafe = [](const char* field) {
    return Error::validation(field, fmt::format("{} contains a line break or control character", field));
  };
  // [?] Whether the API key may write payment links is undocumented (it is "mostly read-only"); it is
  // sent as configured and Qonto's refusal, if any, comes back as an `auth` error.
  if (!config.access_token.empty()) {
    if (!header_safe(config.access_token.reveal())) return unsafe("access_token");
    headers.emplace_back("Authorization", "Bearer " + config.access_token.reveal());
  } else if (!config.login.empty() || !config.secret_key.empty()) {
    if (config.login.empty()) return Error::validation("login", "login is required with secret_key");
    if (config.secret_key.empty()) return Error::validation("secret_key", "secret_key is required with login");
    if (!header_safe(config.login)) return unsafe("login");
    if (!header_safe(config.secret_key.reveal())) return unsafe("secret_key");
    // The API key form is literally "<login>:<secret-key>": no "Basic", no base64.
    headers.emplace_back("Authorization", config.login + ":" + config.secret_key.reveal());
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
    if (!header_safe(config.staging_token.reveal())) return unsafe("staging_token");
    headers.emplace_back(kStagingTokenHeader, config.staging_token.reveal());
  }
  return headers;
}

Result<std::string> QontoProvider::link_path(std::string_view id, std::string_view suffix) {
  if (id.empty()) return Error::validation("id", "the payment link id is required");
  return fmt::format("{}/{}{}", kLinksPath, url_encode(id), suffix);
}

Result<std::string> QontoProvider::page_query(const ListQuery& query, bool allow_status) {
  std::vector<std::pair<std::string, std::string>> params;
  if (!query.cursor.empty()) {
    const bool digits = query.cursor.size() <= 9 && query.cursor.find_first_not_of("0123456789") == std::string::npos;
    if (!digits || std::stol(query.cursor) < 1) {
      return Error::validation("cursor", "cursor must be a page number from Page::next_cursor (1, 2, …)");
    }
    params.emplace_back("page", query.cursor);
  }
  if (query.page_size < 0 || query.page_size > kMaxPerPage) {
    return Error::validation("page_size", fmt::format("page_size is {} but Qonto takes 1 to {} per page (0 for "
                                                      "its default of {})",
                                                      query.page_size, kMaxPerPage, kMaxPerPage));
  }
  if (query.page_size > 0) params.emplace_back("per_page", std::to_string(query.page_size));
  if (query.status) {
    if (!allow_status) return Error::validation("status", "Qonto does not filter a link's payments by status");
    const auto word = qonto::status_word(*query.status);
    if (!word) return Error::validation("status", "Qonto cannot filter on the status \"unknown\"");
    params.emplace_back(std::string(kStatusFilterParam), std::string(*word));
  }
  if (!query.sort_field.empty()) return Error::validation("sort_field", "Qonto's lists take no sort field");
  if (!query.filters.empty()) {
    const std::string field = "filters." + bounded_text(query.filters.begin()->first, 40);
    return Error::validation(field, "Qonto's lists take no filter but status");
  }
  return query_string(params);
}

std::optional<Error> QontoProvider::failure(const HttpResponse& response) const {
  if (looks_like_html(response.body)) return scrub(html_answer(response));
  if (response.status >= 300 && response.status < 400) {
    const auto location = find_header(response.headers, "Location");
    if (location && url_host(*location).find(kSandboxLoginHost) != std::string::npos) {
      return scrub(html_answer(response));
    }
  }
  if (is_success(response.status)) return std::nullopt;
  return scrub(error_answer(response));
}

Error QontoProvider::scrub(Error error) const {
  for (const std::string* secret : {&config_.access_token.reveal(), &config_.secret_key.reveal(),
                                    &config_.staging_token.reveal(), &config_.login}) {
    if (secret->size() < kMinScrubbedLength) continue;
    for (std::string* text : {&error.message, &error.vendor_message, &error.vendor_code, &error.field,
                              &error.request_id, &error.reconcile_key}) {
      for (auto at = text->find(*secret); at != std::string::npos; at = text->find(*secret, at + 3)) {
        text->replace(at, secret->size(), "***");
      }
    }
  }
  return error;
}

template <typename T>
Result<T> QontoProvider::scrubbed(Result<T> result) const {
  if (result) return result;
  return scrub(std::move(result).error());
}

namespace {

// No CR, LF, NUL or other control character: the value can go into a header line as is.
bool header_safe(std::string_view value) noexcept {
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  return true;
}

// An HTML page where JSON was expected. Below 400 (or 401/403) it is the sandbox's login wall; from a
// 4xx/5xx it is a proxy's error page, classified by its status.
Error html_answer(const HttpResponse& response) {
  const int status = response.status;
  if (status < 400 || status == 401 || status == 403) {
    Error e = Error::make(
        ErrorCode::auth,
        fmt::format("qonto: HTTP {}: the API answered with an HTML page (a login page) instead of JSON; in the "
                    "sandbox this means X-Qonto-Staging-Token is missing or wrong: check "
                    "QontoConfig::staging_token, environment and base_url",
                    status));
    e.http_status = status;
    return e;
  }
  Error e = Error::make(error_code_for_status(status),
                        fmt::format("qonto: HTTP {}: an HTML error page instead of the API's JSON", status));
  e.http_status = status;
  e.retryable = status_is_retryable(status);
  return e;
}

// A non-2xx answer: the Business API's {errors, trace_id} envelope when it is one, else the status.
Error error_answer(const HttpResponse& response) {
  const int status = response.status;
  const auto wire = qonto::decode_error_body(response.body);
  Error e;
  if (!wire) {
    e = error_from_status(qonto::kProvider, response);
  } else {
    const std::string what = !wire->detail.empty() ? wire->detail : wire->code;
    e = Error::make(error_code_for_status(status),
                    fmt::format("qonto: HTTP {}: {}{}", status, bounded_text(what),
                                wire->count > 1 ? fmt::format(" (and {} more)", wire->count - 1) : ""));
    e.http_status = status;
    e.retryable = status_is_retryable(status);
    e.vendor_code = bounded_text(wire->code, 100);
    e.vendor_message = bounded_text(wire->detail, 500);
    e.field = wire->field;
    e.request_id = bounded_text(wire->trace_id, 100);
  }
  if (status == 429) {
    e.code = ErrorCode::rate_limited;
    e.retryable = true;
    e.message += fmt::format(" ({})", kRateLimitNote);
  } else if (status == 401) {
    e.message += " (check the access token or login and secret key; Qonto throttles after 200 refusals an hour)";
  }
  return e;
}

}  // namespace
}  // namespace paylink::detail

// --- Factories (public API, include/paylink/providers/qonto.hpp) -----------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_qonto_provider(QontoConfig config) {
  return std::make_shared<const detail::QontoProvider>(std::move(config));
}

Client make_qonto_client(QontoConfig config, ClientOptions options) {
  return Client(make_qonto_provider(std::move(config)), std::move(options));
}

}  // namespace paylink
