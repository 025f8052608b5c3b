// SmarterPay Cloud adapter. Order: the vendor's declaration (base URL, capabilities, inferred facts),
// then the public verbs, then the private builders, then the factories.
#include "providers/smarterpay/smarterpay_adapter.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/url.hpp"
#include "providers/smarterpay/smarterpay_wire.hpp"

namespace paylink::detail {

using smarterpay::kProvider;

// ---- The vendor ------------------------------------------------------------------------------------

namespace {

// [C] Resources under the service base (default https://api.smarterpaycloud.com/service.svc/, see
// SmarterPayConfig). The list is the plural.
constexpr std::string_view kLinkResource = "paymentlink";
constexpr std::string_view kListResource = "paymentlinks";

// [C] JSON in and out; Content-Type is required on POST and PUT.
constexpr std::string_view kJson = "application/json";

// [C] Optional `Idempotency-Key` on POST and PUT, at most 255 characters, case-sensitive; the server
// replays the first answer for a key.
constexpr std::string_view kIdempotencyHeader = "Idempotency-Key";
constexpr std::size_t kMaxIdempotencyKey = 255;

// Tokens shorter than this are not searched for in response bodies: blanking a short string would
// garble messages and protects nothing.
constexpr std::size_t kMinScrubbedTokenLength = 6;

// [C] seed 003: create, update (the metadata strings), expire (status "expired"), get one and list.
// There are no payments or payment-method calls for links. Every write carries an Idempotency-Key, so
// a create is retried safely and is never `ambiguous`; SmarterPay cannot look a link up by that key,
// so there is no reconcile (call `create` again with the same `idempotency_key` instead).
constexpr Capabilities kCapabilities = [] {
  Capabilities c;
  c.create = true;
  c.get = true;
  c.list = true;
  c.expire = true;
  c.update = true;
  c.idempotent_create = true;
  return c;
}();

// [?] The error body of the paymentlink resource is not documented (vendors/smarterpay.md §5). This is
// the one place that guesses it. It reads the keys JSON APIs commonly use and those of SmarterPay's
// card-payment results (`status`, `code`, `details`):
//   {"message": "…"}                       {"error": "…"}    {"error": {"code": …, "message": "…"}}
//   {"errors": ["…"]}   {"errors": [{"field": "…", "message": "…"}]}   {"errors": {"field": ["…"]}}
//   {"status": "error", "code": 101, "details": "Unauthorised"}
// A body without any of them (HTML, plain text, other JSON) gives nullopt; the caller then keeps the
// body's bounded text with `error_from_status`.
struct VendorError {
  std::string code;
  std::string message;
  std::string field;
};

std::string scalar_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return dump_json(value);
  return {};
}

std::string scalar_at(const Json& object, std::string_view key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it == object.end() ? std::string() : scalar_text(*it);
}

// The message of one entry of `errors` or of an `error` object.
std::string entry_message(const Json& entry, std::string* field) {
  if (!entry.is_object()) return scalar_text(entry);
  for (const std::string_view key : {"field", "property", "parameter"}) {
    if (field && field->empty()) *field = scalar_at(entry, key);
  }
  for (const std::string_view key : {"message", "details", "detail", "description", "error"}) {
    if (auto text = scalar_at(entry, key); !text.empty()) return text;
  }
  return {};
}

std::optional<VendorError> read_error_body(std::string_view body) {
  auto json = parse_json(body, kProvider);
  if (!json || !json->is_object()) return std::nullopt;
  const Json& j = *json;
  VendorError out;
  std::vector<std::string> messages;
  auto add = [&messages](std::string text) {
    if (!text.empty() && messages.size() < 5) messages.push_back(std::move(text));
  };

  add(scalar_at(j, "message"));
  if (const auto it = j.find("error"); it != j.end()) {
    if (it->is_object()) {
      add(entry_message(*it, &out.field));
      out.code = scalar_at(*it, "code");
    } else {
      add(scalar_text(*it));
    }
  }
  if (const auto it = j.find("errors"); it != j.end()) {
    if (it->is_array()) {
      for (const auto& entry : *it) add(entry_message(entry, &out.field));
    } else if (it->is_object()) {
      for (const auto& [key, value] : it->items()) {
        std::string text = value.is_array() && !value.empty() ? scalar_text(value.front()) : scalar_text(value);
        if (out.field.empty()) out.field = key;
        add(text.empty() ? key : fmt::format("{}: {}", key, text));
      }
    } else {
      add(scalar_text(*it));
    }
  }
  add(scalar_at(j, "details"));
  if (out.code.empty()) out.code = scalar_at(j, "code");
  // `status` is a result class ("error", "failed") in the card-payment results: a code of last resort.
  if (out.code.empty()) out.code = scalar_at(j, "status");
  if (messages.empty() && out.code.empty()) return std::nullopt;
  for (const auto& m : messages) out.message += out.message.empty() ? m : "; " + m;
  return out;
}

// Header values may hold visible ASCII only ([C] the API restricts header values to ASCII); a token or
// key with a space, control character or line break would corrupt the request.
bool is_header_value(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

// [C] HTTPS only (plain HTTP is refused by the service); http is allowed to a loopback host so that
// paylink-sandbox can stand in for it.
bool is_allowed_base(std::string_view base) {
  std::string scheme(base.substr(0, std::min<std::size_t>(base.size(), 8)));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (scheme.rfind("https://", 0) == 0) return !url_host(base).empty();
  if (scheme.rfind("http://", 0) == 0) return is_loopback_host(url_host(base));
  return false;
}

}  // namespace

SmarterPayProvider::SmarterPayProvider(SmarterPayConfig config) : config_(std::move(config)) {}

std::string_view SmarterPayProvider::name() const noexcept { return kProvider; }

Capabilities SmarterPayProvider::capabilities() const noexcept { return kCapabilities; }

// ---- Public verbs ----------------------------------------------------------------------------------

Result<HttpRequest> SmarterPayProvider::encode_create(const CreateLinkRequest& request, const CallContext& ctx) const {
  auto body = smarterpay::encode_create_body(request);
  if (!body) return body.error();
  return write_request(HttpMethod::post, kLinkResource, std::move(*body), ctx);
}

Result<PaymentLink> SmarterPayProvider::decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                                      const CallContext&) const {
  return decode_link_response(response);
}

Result<HttpRequest> SmarterPayProvider::encode_get(std::string_view id, const CallContext&) const {
  auto path = link_path(id);
  if (!path) return path.error();
  return base_request(HttpMethod::get, *path);
}

Result<PaymentLink> SmarterPayProvider::decode_get(const HttpResponse& response) const {
  return decode_link_response(response);
}

Result<HttpRequest> SmarterPayProvider::encode_list(const ListQuery& query, const CallContext&) const {
  auto params = smarterpay::encode_list_params(query);
  if (!params) return params.error();
  auto request = base_request(HttpMethod::get, kListResource);
  if (!request) return request;
  request->url += query_string(*params);
  return request;
}

Result<Page<PaymentLink>> SmarterPayProvider::decode_list(const HttpResponse& response, const ListQuery& query) const {
  if (!is_success(response.status)) return error_for(response);
  HttpResponse storage;
  auto page = smarterpay::decode_list_body(scrubbed(response, storage).body, query);
  if (!page && page.error().code == ErrorCode::invalid_response) {
    Error e = std::move(page).error();
    e.http_status = response.status;
    return e;
  }
  return page;
}

Result<HttpRequest> SmarterPayProvider::encode_expire(std::string_view id, const CallContext& ctx) const {
  auto path = link_path(id);
  if (!path) return path.error();
  return write_request(HttpMethod::put, *path, smarterpay::encode_expire_body(), ctx);
}

Result<PaymentLink> SmarterPayProvider::decode_expire(const HttpResponse& response, std::string_view) const {
  return decode_link_response(response);
}

Result<HttpRequest> SmarterPayProvider::encode_update(std::string_view id, const UpdateLinkRequest& update,
                                                      const CallContext& ctx) const {
  auto path = link_path(id);
  if (!path) return path.error();
  auto body = smarterpay::encode_update_body(update);
  if (!body) return body.error();
  return write_request(HttpMethod::put, *path, std::move(*body), ctx);
}

Result<PaymentLink> SmarterPayProvider::decode_update(const HttpResponse& response, std::string_view) const {
  return decode_link_response(response);
}

// ---- Private builders ------------------------------------------------------------------------------

Result<HttpRequest> SmarterPayProvider::base_request(HttpMethod method, std::string_view path) const {
  const std::string& token = config_.bearer_token.reveal();
  if (token.empty()) {
    return Error::validation("bearer_token",
                             "smarterpay: bearer_token is empty; set SmarterPayConfig::bearer_token to the API "
                             "credential from the SmarterPay Cloud Portal");
  }
  if (!is_header_value(token)) {
    return Error::validation("bearer_token",
                             "smarterpay: bearer_token contains spaces, control or non-ASCII characters");
  }
  if (!is_allowed_base(config_.base_url)) {
    return Error::validation("base_url",
                             "smarterpay: base_url must be an https URL (http only to a loopback host), e.g. "
                             "https://api.smarterpaycloud.com/service.svc/");
  }
  HttpRequest request;
  request.method = method;
  request.url = join_url(config_.base_url, path);
  request.headers = {{"Authorization", "Bearer " + token}, {"Accept", std::string(kJson)}};
  request.idempotent = true;  // reads; writes decide in write_request
  return request;
}

Result<HttpRequest> SmarterPayProvider::write_request(HttpMethod method, std::string_view path, std::string body,
                                                      const CallContext& ctx) const {
  const std::string& key = ctx.idempotency_key;
  if (key.size() > kMaxIdempotencyKey) {
    return Error::validation("idempotency_key",
                             fmt::format("smarterpay: idempotency_key is {} characters; at most {} are allowed",
                                         key.size(), kMaxIdempotencyKey));
  }
  if (!is_header_value(key)) {
    return Error::validation("idempotency_key",
                             "smarterpay: idempotency_key contains spaces, control or non-ASCII characters");
  }
  auto request = base_request(method, path);
  if (!request) return request;
  request->headers.emplace_back("Content-Type", std::string(kJson));
  // Without a key the server cannot tell a repeat from a second write: such a request is not repeated.
  request->idempotent = !key.empty();
  if (!key.empty()) request->headers.emplace_back(std::string(kIdempotencyHeader), key);
  request->body = std::move(body);
  return request;
}

Result<std::string> SmarterPayProvider::link_path(std::string_view id) const {
  if (id.empty()) return Error::validation("id", "smarterpay: the payment link id is empty");
  return fmt::format("{}/{}", kLinkResource, url_encode(id));
}

Result<PaymentLink> SmarterPayProvider::decode_link_response(const HttpResponse& response) const {
  if (!is_success(response.status)) return error_for(response);
  HttpResponse storage;
  auto link = smarterpay::decode_link_body(scrubbed(response, storage).body);
  if (!link && link.error().code == ErrorCode::invalid_response) {
    Error e = std::move(link).error();
    e.http_status = response.status;
    return e;
  }
  return link;
}

Error SmarterPayProvider::error_for(const HttpResponse& response) const {
  HttpResponse storage;
  const HttpResponse& r = scrubbed(response, storage);
  const auto vendor = read_error_body(r.body);
  if (!vendor) return error_from_status(kProvider, r);
  Error e;
  e.code = error_code_for_status(r.status);
  e.http_status = r.status;
  e.retryable = status_is_retryable(r.status);
  e.vendor_code = bounded_text(vendor->code, 64);
  e.vendor_message = bounded_text(vendor->message);
  if (e.code == ErrorCode::validation) e.field = bounded_text(vendor->field, 64);
  const std::string& said = e.vendor_message.empty() ? e.vendor_code : e.vendor_message;
  e.message = fmt::format("{}: HTTP {}: {}", kProvider, r.status, said);
  return e;
}

const HttpResponse& SmarterPayProvider::scrubbed(const HttpResponse& response, HttpResponse& storage) const {
  const std::string& token = config_.bearer_token.reveal();
  if (token.size() < kMinScrubbedTokenLength || response.body.find(token) == std::string::npos) return response;
  storage = response;
  for (auto at = storage.body.find(token); at != std::string::npos; at = storage.body.find(token, at + 3)) {
    storage.body.replace(at, token.size(), "***");
  }
  return storage;
}

}  // namespace paylink::detail

// ---- Factories -------------------------------------------------------------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_smarterpay_provider(SmarterPayConfig config) {
  return std::make_shared<detail::SmarterPayProvider>(std::move(config));
}

Client make_smarterpay_client(SmarterPayConfig config, ClientOptions options) {
  return Client(make_smarterpay_provider(std::move(config)), std::move(options));
}

}  // namespace paylink
