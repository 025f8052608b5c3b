// SmarterPay Cloud adapter, in the order of src/providers/README.md: the vendor, the factories, the
// public verbs, the private builders.
#include "providers/smarterpay/smarterpay_adapter.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/answer_kind.hpp"
#include "core/base_url.hpp"
#include "core/header_value.hpp"
#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/url.hpp"
#include "providers/smarterpay/smarterpay_wire.hpp"

namespace paylink::detail {

using smarterpay::kProvider;

// --- The vendor -------------------------------------------------------------------------------------

namespace {

// [C] Resources under the service base (default https://api.smarterpaycloud.com/service.svc/, see
// SmarterPayConfig; [?] no separate test host is known). The list is the plural.
constexpr std::string_view kLinkResource = "paymentlink";
constexpr std::string_view kListResource = "paymentlinks";

// [C] JSON in and out; Content-Type is required on POST and PUT.
constexpr std::string_view kJson = "application/json";

// [C] Optional `Idempotency-Key` on POST and PUT, at most 255 characters, case-sensitive; the server
// replays the first answer for a key.
constexpr std::string_view kIdempotencyHeader = "Idempotency-Key";
constexpr std::size_t kMaxIdempotencyKey = 255;

// [C] seed 003: create, update (the metadata strings), expire (status "expired"), get one and list.
// There are no payments or payment-method calls for links. Every write carries an Idempotency-Key, so
// a create is retried safely and is never `ambiguous`; SmarterPay cannot look a link up by that key,
// so there is no reconcile (call `create` again with the same `idempotency_key` instead). [?] No rate
// limit is documented, so none is declared.
constexpr Capabilities kCapabilities = [] {
  Capabilities c;
  c.create = true;
  c.get = true;
  c.list = true;
  c.expire = true;
  c.update = true;
  c.idempotent_create = true;
  c.documented_rate_limits = {};  // [?] none documented (vendors/smarterpay.md): no window to pace
  return c;
}();

// [C] SmarterPay takes header values from a restricted ASCII set (vendors/smarterpay.md §1), stricter
// than core's no-control-character rule: a token or key with a space or a non-ASCII byte is refused
// before sending instead of by the server.
bool is_smarterpay_header_value(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c > 0x20 && c < 0x7f; });
}

}  // namespace

}  // namespace paylink::detail

// --- Factories --------------------------------------------------------------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_smarterpay_provider(SmarterPayConfig config) {
  return std::make_shared<detail::SmarterPayProvider>(std::move(config));
}

Client make_smarterpay_client(SmarterPayConfig config, ClientOptions options) {
  return Client(make_smarterpay_provider(std::move(config)), std::move(options));
}

}  // namespace paylink

namespace paylink::detail {

// --- Public verbs -----------------------------------------------------------------------------------

SmarterPayProvider::SmarterPayProvider(SmarterPayConfig config) : config_(std::move(config)) {}

std::string_view SmarterPayProvider::name() const noexcept { return kProvider; }

Capabilities SmarterPayProvider::capabilities() const noexcept { return kCapabilities; }

std::vector<std::string_view> SmarterPayProvider::secrets() const { return {config_.bearer_token.reveal()}; }

Result<HttpRequest> SmarterPayProvider::encode_create(const CreateLinkRequest& request, const CallContext& ctx) const {
  auto body = smarterpay::encode_create_body(request);
  if (!body) return body.error();
  return make_request(HttpMethod::post, kLinkResource, ctx, std::move(*body));
}

Result<PaymentLink> SmarterPayProvider::decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                                      const CallContext&) const {
  if (!is_success(response.status)) return failure(response);
  return smarterpay::decode_link(response.body, response.status);
}

Result<HttpRequest> SmarterPayProvider::encode_get(std::string_view id, const CallContext& ctx) const {
  auto path = link_path(id);
  if (!path) return path.error();
  return make_request(HttpMethod::get, *path, ctx);
}

Result<PaymentLink> SmarterPayProvider::decode_get(const HttpResponse& response) const {
  if (!is_success(response.status)) return failure(response);
  return smarterpay::decode_link(response.body, response.status);
}

Result<HttpRequest> SmarterPayProvider::encode_list(const ListQuery& query, const CallContext& ctx) const {
  auto params = smarterpay::encode_list_params(query);
  if (!params) return params.error();
  return make_request(HttpMethod::get, fmt::format("{}{}", kListResource, query_string(*params)), ctx);
}

Result<Page<PaymentLink>> SmarterPayProvider::decode_list(const HttpResponse& response, const ListQuery& query) const {
  if (!is_success(response.status)) return failure(response);
  return smarterpay::decode_list(response.body, response.status, query);
}

Result<HttpRequest> SmarterPayProvider::encode_expire(std::string_view id, const CallContext& ctx) const {
  auto path = link_path(id);
  if (!path) return path.error();
  return make_request(HttpMethod::put, *path, ctx, smarterpay::encode_expire_body());
}

Result<PaymentLink> SmarterPayProvider::decode_expire(const HttpResponse& response, std::string_view) const {
  if (!is_success(response.status)) return failure(response);
  return smarterpay::decode_link(response.body, response.status);
}

Result<HttpRequest> SmarterPayProvider::encode_update(std::string_view id, const UpdateLinkRequest& update,
                                                      const CallContext& ctx) const {
  auto path = link_path(id);
  if (!path) return path.error();
  auto body = smarterpay::encode_update_body(update);
  if (!body) return body.error();
  return make_request(HttpMethod::put, *path, ctx, std::move(*body));
}

Result<PaymentLink> SmarterPayProvider::decode_update(const HttpResponse& response, std::string_view) const {
  if (!is_success(response.status)) return failure(response);
  return smarterpay::decode_link(response.body, response.status);
}

// --- Private builders -------------------------------------------------------------------------------

Result<HttpRequest> SmarterPayProvider::make_request(HttpMethod method, std::string_view path, const CallContext& ctx,
                                                     std::optional<std::string> body) const {
  const std::string& token = config_.bearer_token.reveal();
  if (token.empty()) {
    return Error::validation("bearer_token",
                             "smarterpay: bearer_token is empty; set SmarterPayConfig::bearer_token to the API "
                             "credential from the SmarterPay Cloud Portal");
  }
  if (auto unsafe = check_header_value(token, "bearer_token")) return *unsafe;
  if (!is_smarterpay_header_value(token)) {
    return Error::validation("bearer_token", "smarterpay: bearer_token contains spaces or non-ASCII characters");
  }
  auto base = checked_base_url(config_.base_url);
  if (!base) return base.error();

  HttpRequest request;
  request.method = method;
  request.url = join_url(*base, path);
  request.headers = {{"Authorization", "Bearer " + token}, {"Accept", std::string(kJson)}};
  request.idempotent = true;  // a read; a write below only with a key
  if (!body) return request;

  const std::string& key = ctx.idempotency_key;
  if (key.size() > kMaxIdempotencyKey) {
    return Error::validation("idempotency_key",
                             fmt::format("smarterpay: idempotency_key is {} characters; at most {} are allowed",
                                         key.size(), kMaxIdempotencyKey));
  }
  if (auto unsafe = check_header_value(key, "idempotency_key")) return *unsafe;
  if (!is_smarterpay_header_value(key)) {
    return Error::validation("idempotency_key", "smarterpay: idempotency_key contains spaces or non-ASCII characters");
  }
  request.headers.emplace_back("Content-Type", std::string(kJson));
  // Without a key the server cannot tell a repeat from a second write: such a request is not repeated.
  request.idempotent = !key.empty();
  if (!key.empty()) request.headers.emplace_back(std::string(kIdempotencyHeader), key);
  request.body = std::move(*body);
  return request;
}

Error SmarterPayProvider::failure(const HttpResponse& response) const {
  const auto vendor = smarterpay::decode_error_body(response.body);
  if (!vendor) return unreadable_answer(kProvider, response);
  Error e = error_from_status(kProvider, response);
  e.vendor_code = bounded_text(vendor->code, 64);
  e.vendor_message = bounded_text(vendor->message);
  if (e.code == ErrorCode::validation) e.field = bounded_text(vendor->field, 64);
  e.message = fmt::format("{}: HTTP {}: {}", kProvider, response.status,
                          e.vendor_message.empty() ? e.vendor_code : e.vendor_message);
  return e;
}

Result<std::string> SmarterPayProvider::link_path(std::string_view id) const {
  auto segment = path_segment(id, "id");
  if (!segment) return std::move(segment).error();
  return fmt::format("{}/{}", kLinkResource, *segment);
}

}  // namespace paylink::detail
