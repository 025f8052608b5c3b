// FakeVendor: a vendor of our own, kept in memory, so applications test their code without a network.
//
// Three parts, as at a real vendor: the adapter (FakeProvider, pure: domain ⇄ a small made-up JSON wire
// under fake://paylink/), the vendor itself (FakeServer: an in-memory Transport that keeps the links and
// answers that wire), and the scripting of failures. The client talks to the vendor only through the
// wire, so the real client loop — validation, retries, idempotency, pagination, logging — is exercised.
//
// The wire:
//   POST  /links                      create; {"link": …} 201, or 200 replaying an Idempotency-Key
//   GET   /links?limit&starting_after&status&reference&sort_field&sort_order    {"links": […], "next_cursor"}
//   GET   /links/{id}                 {"link": …}
//   PATCH /links/{id}                 {"metadata": {…}} merged; "" removes a key
//   POST  /links/{id}/expire          open → expired; paid/canceled → 409
//   GET   /links/{id}/payments?limit&starting_after                             {"payments": […], "next_cursor"}
//   GET   /payment_methods            {"payment_methods": […]}
//   GET   /creates/{request_key}      the link a create with that request_key made, or 404
//   errors: {"error": {"type", "message", "code", "detail", "field", "request_id", "retryable",
//   "retry_after_ms"}} with the HTTP status, and an X-Request-Id header on every answer.
#include "paylink/testing/fake_vendor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "core/url.hpp"
#include "paylink/provider.hpp"
#include "paylink/transport.hpp"

namespace paylink::testing {
namespace {

using detail::Json;

// --- The vendor ------------------------------------------------------------------------------------

constexpr std::string_view kName = FakeVendor::provider_name;
constexpr std::string_view kBaseUrl = "fake://paylink";
constexpr std::string_view kPayPageBase = "https://pay.fake.invalid/";
constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";
constexpr std::string_view kRequestIdHeader = "X-Request-Id";

constexpr std::size_t kMaxTextChars = 255;
constexpr std::size_t kMaxMetadataEntries = 20;
constexpr std::size_t kMaxMetadataKeyBytes = 40;
constexpr std::size_t kMaxMetadataValueBytes = 500;
constexpr std::chrono::seconds kMaxLifetime{365LL * 24 * 3600};

/// The only list filter and sort field the fake knows.
constexpr std::string_view kReferenceFilter = "reference";
constexpr std::string_view kSortByCreation = "created_at";

Capabilities fake_capabilities() noexcept {
  Capabilities c;
  c.create = true;
  c.get = true;
  c.list = true;
  c.expire = true;
  c.update = true;
  c.list_payments = true;
  c.list_payment_methods = true;
  // Only a create that carries the caller's own idempotency key is repeatable (see fake_vendor.hpp).
  c.idempotent_create = false;
  c.reconcile_create = true;
  return c;
}

// --- Rules shared by the adapter (before sending) and the vendor (on arrival) -----------------------

Error refused(std::string field, std::string what) {
  return Error::validation(std::move(field), fmt::format("{}: {}", kName, what));
}

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

std::optional<Error> check_text(std::string_view field, const std::string& text) {
  const std::size_t length = utf8_length(text);
  if (length <= kMaxTextChars) return std::nullopt;
  return refused(std::string(field), fmt::format("{} is {} characters; the limit is {}", field, length, kMaxTextChars));
}

std::optional<Error> check_metadata(const std::map<std::string, std::string>& metadata) {
  if (metadata.size() > kMaxMetadataEntries) {
    return refused("metadata",
                   fmt::format("metadata has {} entries; the limit is {}", metadata.size(), kMaxMetadataEntries));
  }
  for (const auto& [key, value] : metadata) {
    if (key.empty() || key.size() > kMaxMetadataKeyBytes) {
      return refused("metadata", fmt::format("metadata key \"{}\" must be 1 to {} bytes", detail::bounded_text(key, 60),
                                             kMaxMetadataKeyBytes));
    }
    if (value.size() > kMaxMetadataValueBytes) {
      return refused("metadata", fmt::format("metadata value of \"{}\" is {} bytes; the limit is {}", key, value.size(),
                                             kMaxMetadataValueBytes));
    }
  }
  return std::nullopt;
}

// Checks a create and returns the link's amount (the items' sum when no amount is given).
Result<Money> validate_create(const CreateLinkRequest& r) {
  if (!r.amount && r.items.empty()) return refused("amount", "amount or items is required");
  std::optional<Currency> currency;
  if (r.amount) {
    if (!r.amount->currency().is_set()) return refused("amount", "amount has no currency");
    if (!r.amount->is_positive()) {
      return refused("amount", fmt::format("amount must be positive, got {}", r.amount->to_string()));
    }
    currency = r.amount->currency();
  }
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const LineItem& item = r.items[i];
    const std::string at = fmt::format("items[{}]", i);
    if (item.title.empty()) return refused(at + ".title", at + ".title is required");
    if (auto e = check_text(at + ".title", item.title)) return *e;
    if (item.quantity < 1) {
      return refused(at + ".quantity", fmt::format("{}.quantity must be at least 1, got {}", at, item.quantity));
    }
    const Money& price = item.unit_price;
    if (!price.currency().is_set()) return refused(at + ".unit_price", at + ".unit_price has no currency");
    if (price.minor_units() < 0) return refused(at + ".unit_price", at + ".unit_price must not be negative");
    if (!currency) currency = price.currency();
    if (price.currency() != *currency) {
      return refused(at + ".unit_price", fmt::format("{}.unit_price is in {}, the link in {}", at,
                                                     price.currency().code(), currency->code()));
    }
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (price.minor_units() != 0 && item.quantity > kMax / price.minor_units()) {
      return refused(at + ".quantity", at + " is too large");
    }
    const std::int64_t line = item.quantity * price.minor_units();
    if (sum > kMax - line) return refused("items", "the items' sum is too large");
    sum += line;
  }
  if (!r.items.empty()) {
    if (r.amount && sum != r.amount->minor_units()) {
      return refused("amount", fmt::format("amount {} does not equal the items' sum {}", r.amount->to_string(),
                                           Money::of(sum, *currency).to_string()));
    }
    if (!r.amount && sum <= 0) return refused("items", "the items' sum must be positive");
  }
  if (auto e = check_text("description", r.description)) return *e;
  if (auto e = check_text("reference", r.reference)) return *e;
  if (!r.return_url.empty() && r.return_url.rfind("https://", 0) != 0 && r.return_url.rfind("http://", 0) != 0) {
    return refused("return_url", "return_url must be an http(s) URL");
  }
  if (r.lifetime && (r.lifetime->count() < 1 || *r.lifetime > kMaxLifetime)) {
    return refused("lifetime",
                   fmt::format("lifetime must be 1 s to {} s, got {} s", kMaxLifetime.count(), r.lifetime->count()));
  }
  if (auto e = check_metadata(r.metadata)) return *e;
  if (!r.customer.email.empty() && r.customer.email.find('@') == std::string::npos) {
    return refused("customer.email", "customer.email is not an e-mail address");
  }
  return r.amount ? *r.amount : Money::of(sum, *currency);
}

std::optional<Error> check_page_size(int page_size, int max_page_size) {
  if (page_size >= 0 && page_size <= max_page_size) return std::nullopt;
  return refused("page_size", fmt::format("page_size must be 0 (default) to {}, got {}", max_page_size, page_size));
}

// --- Wire: JSON both sides share --------------------------------------------------------------------

Json money_json(const Money& m) {
  return Json{{"value", m.to_decimal()}, {"currency", std::string(m.currency().code())}};
}

std::optional<Money> money_from(const Json& j) {
  const auto value = detail::get_string(j, "value");
  const auto currency = detail::get_string(j, "currency");
  if (!value || !currency) return std::nullopt;
  auto money = Money::parse(*value, *currency);
  if (!money) return std::nullopt;
  return *money;
}

Json items_json(const std::vector<LineItem>& items) {
  Json out = Json::array();
  for (const LineItem& item : items) {
    Json j{{"title", item.title}, {"quantity", item.quantity}, {"unit_price", money_json(item.unit_price)}};
    if (!item.vat_rate.empty()) j["vat_rate"] = item.vat_rate;
    if (!item.type.empty()) j["type"] = item.type;
    if (!item.description.empty()) j["description"] = item.description;
    if (!item.measure_unit.empty()) j["measure_unit"] = item.measure_unit;
    out.push_back(std::move(j));
  }
  return out;
}

// Reads an "items" array; nullopt when anything in it is malformed.
std::optional<std::vector<LineItem>> items_from(const Json& object) {
  std::vector<LineItem> items;
  if (!object.contains("items") || object["items"].is_null()) return items;
  const Json* array = detail::get_array(object, "items");
  if (!array) return std::nullopt;
  for (const Json& j : *array) {
    bool bad = false;
    LineItem item;
    item.title = detail::get_string(j, "title", &bad).value_or("");
    item.quantity = detail::get_int(j, "quantity", &bad).value_or(0);
    const Json* price = detail::get_object(j, "unit_price");
    const auto money = price ? money_from(*price) : std::nullopt;
    if (!j.is_object() || bad || !money) return std::nullopt;
    item.unit_price = *money;
    item.vat_rate = detail::get_string(j, "vat_rate", &bad).value_or("");
    item.type = detail::get_string(j, "type", &bad).value_or("");
    item.description = detail::get_string(j, "description", &bad).value_or("");
    item.measure_unit = detail::get_string(j, "measure_unit", &bad).value_or("");
    if (bad) return std::nullopt;
    items.push_back(std::move(item));
  }
  return items;
}

// Reads an object of strings; nullopt when it is something else. A missing key is an empty map.
std::optional<std::map<std::string, std::string>> strings_from(const Json& object, std::string_view key) {
  std::map<std::string, std::string> out;
  if (!object.contains(key) || object[std::string(key)].is_null()) return out;
  const Json* map = detail::get_object(object, key);
  if (!map) return std::nullopt;
  for (const auto& [k, v] : map->items()) {
    if (!v.is_string()) return std::nullopt;
    out.emplace(k, v.get<std::string>());
  }
  return out;
}

Json customer_json(const Customer& c) {
  Json out = Json::object();
  if (!c.reference.empty()) out["reference"] = c.reference;
  if (!c.email.empty()) out["email"] = c.email;
  if (!c.first_name.empty()) out["first_name"] = c.first_name;
  if (!c.last_name.empty()) out["last_name"] = c.last_name;
  if (!c.locale.empty()) out["locale"] = c.locale;
  return out;
}

std::optional<ErrorCode> error_code_from(std::string_view word) {
  for (const auto code : {ErrorCode::network, ErrorCode::timeout, ErrorCode::auth, ErrorCode::validation,
                          ErrorCode::not_found, ErrorCode::conflict, ErrorCode::rate_limited, ErrorCode::provider,
                          ErrorCode::invalid_response, ErrorCode::unsupported, ErrorCode::ambiguous}) {
    if (to_string(code) == word) return code;
  }
  return std::nullopt;
}

int usual_status(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::auth:
      return 401;
    case ErrorCode::validation:
      return 422;
    case ErrorCode::not_found:
      return 404;
    case ErrorCode::conflict:
      return 409;
    case ErrorCode::rate_limited:
      return 429;
    case ErrorCode::invalid_response:
      return 502;
    case ErrorCode::unsupported:
      return 501;
    default:
      return 500;
  }
}

// --- The adapter: domain ⇄ wire, no I/O ---------------------------------------------------------------

Error decode_error(const HttpResponse& response) {
  auto parsed = detail::parse_json(response.body, kName);
  const Json* envelope = parsed ? detail::get_object(*parsed, "error") : nullptr;
  if (!envelope) return detail::error_from_status(kName, response);
  const auto word = detail::get_string(*envelope, "type");
  const auto code = word ? error_code_from(*word) : std::nullopt;
  Error e = Error::make(
      code.value_or(detail::error_code_for_status(response.status)),
      detail::get_string(*envelope, "message").value_or(fmt::format("{}: HTTP {}", kName, response.status)));
  e.http_status = response.status;
  e.field = detail::get_string(*envelope, "field").value_or("");
  e.vendor_code = detail::get_string(*envelope, "code").value_or("");
  e.vendor_message = detail::get_string(*envelope, "detail").value_or("");
  e.request_id = detail::get_string(*envelope, "request_id")
                     .value_or(find_header(response.headers, kRequestIdHeader).value_or(""));
  e.retryable = detail::get_bool(*envelope, "retryable").value_or(detail::status_is_retryable(response.status));
  if (const auto ms = detail::get_int(*envelope, "retry_after_ms"); ms && *ms >= 0) {
    e.retry_after = std::chrono::milliseconds(*ms);
  }
  return e;
}

// Reads a success body: a JSON object holding an object (or array) at `key`, or an error for anything else.
Result<Json> success_body(const HttpResponse& response, std::string_view key, bool want_array) {
  if (!detail::is_success(response.status)) return decode_error(response);
  auto parsed = detail::parse_json(response.body, kName);
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.http_status = response.status;
    return e;
  }
  const Json* value = want_array ? detail::get_array(*parsed, key) : detail::get_object(*parsed, key);
  if (!value) {
    return detail::invalid_response(
        kName, fmt::format("the answer has no \"{}\" {}", key, want_array ? "array" : "object"), response.status);
  }
  return std::move(*parsed);
}

std::optional<Timestamp> time_from(const Json& object, std::string_view key, bool* bad) {
  const auto text = detail::get_string(object, key, bad);
  if (!text) return std::nullopt;
  auto t = detail::parse_iso8601(*text);
  if (!t) *bad = true;
  return t;
}

Result<PaymentLink> link_from(const Json& j, int http_status) {
  auto malformed = [&](std::string_view what) {
    return detail::invalid_response(kName, fmt::format("link {}", what), http_status);
  };
  if (!j.is_object()) return malformed("is not an object");
  bool bad = false;
  PaymentLink link;
  link.provider = std::string(kName);
  link.id = detail::get_string(j, "id", &bad).value_or("");
  link.url = detail::get_string(j, "url", &bad).value_or("");
  link.raw_status = detail::get_string(j, "status", &bad).value_or("");
  if (bad || link.id.empty() || link.url.empty() || link.raw_status.empty()) {
    return malformed("lacks a string id, url or status");
  }
  link.status = parse_link_status(link.raw_status).value_or(LinkStatus::unknown);
  if (const Json* amount = detail::get_object(j, "amount")) {
    link.amount = money_from(*amount);
    if (!link.amount) return malformed("has an unreadable amount");
  }
  link.description = detail::get_string(j, "description", &bad).value_or("");
  link.reference = detail::get_string(j, "reference", &bad).value_or("");
  link.created_at = time_from(j, "created_at", &bad);
  link.expires_at = time_from(j, "expires_at", &bad);
  link.completed_at = time_from(j, "completed_at", &bad);
  link.reusable = detail::get_bool(j, "reusable", &bad).value_or(false);
  auto items = items_from(j);
  auto metadata = strings_from(j, "metadata");
  auto customer = strings_from(j, "customer");
  if (bad || !items || !metadata || !customer) return malformed("has a field of the wrong type");
  link.items = std::move(*items);
  link.metadata = std::move(*metadata);
  for (const auto& [key, value] : *customer) link.vendor_fields.emplace("customer." + key, value);
  if (auto url = detail::get_string(j, "return_url", &bad); url && !url->empty()) {
    link.vendor_fields.emplace("return_url", *url);
  }
  if (detail::get_bool(j, "notify_customer", &bad).value_or(false))
    link.vendor_fields.emplace("notify_customer", "true");
  if (bad) return malformed("has a field of the wrong type");
  link.raw_json = detail::dump_json(j);
  return link;
}

Result<PaymentLink> decode_link(const HttpResponse& response) {
  auto body = success_body(response, "link", false);
  if (!body) return std::move(body).error();
  return link_from((*body)["link"], response.status);
}

std::string links_url(std::string_view path_after_links = {}) {
  std::string url = detail::join_url(kBaseUrl, "links");
  if (!path_after_links.empty()) url = detail::join_url(url, path_after_links);
  return url;
}

std::string link_url(std::string_view id, std::string_view suffix = {}) {
  std::string url = links_url(detail::url_encode(id));
  if (!suffix.empty()) url = detail::join_url(url, suffix);
  return url;
}

HttpRequest json_request(HttpMethod method, std::string url, std::string body = {}) {
  HttpRequest r;
  r.method = method;
  r.url = std::move(url);
  r.headers = {{"Accept", "application/json"}};
  if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  r.body = std::move(body);
  // Reads, expire and metadata updates leave the same state when repeated; creates decide for themselves.
  r.idempotent = true;
  return r;
}

Result<HttpRequest> refuse_empty_id(std::string_view id) {
  return refused("id", id.empty() ? "a link id is required" : "a link id is at most 255 characters");
}

bool id_ok(std::string_view id) noexcept { return !id.empty() && id.size() <= kMaxTextChars; }

class FakeProvider final : public Provider {
 public:
  explicit FakeProvider(int max_page_size) : max_page_size_(max_page_size) {}

  std::string_view name() const noexcept override { return kName; }
  Capabilities capabilities() const noexcept override { return fake_capabilities(); }

  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override {
    if (auto amount = validate_create(request); !amount) return std::move(amount).error();
    Json body = Json::object();
    if (request.amount) body["amount"] = money_json(*request.amount);
    if (!request.items.empty()) body["items"] = items_json(request.items);
    body["description"] = request.description;
    body["reference"] = request.reference;
    Json customer = customer_json(request.customer);
    if (!customer.empty()) body["customer"] = std::move(customer);
    if (!request.return_url.empty()) body["return_url"] = request.return_url;
    if (request.lifetime) body["lifetime_seconds"] = request.lifetime->count();
    body["reusable"] = request.reusable;
    body["notify_customer"] = request.notify_customer;
    if (!request.metadata.empty()) body["metadata"] = request.metadata;
    // Every create names itself, so that a lost one can be looked up (reconcile); only the caller's
    // own key makes the vendor deduplicate.
    body["request_key"] = ctx.idempotency_key;
    HttpRequest r = json_request(HttpMethod::post, links_url(), detail::dump_json(body));
    r.idempotent = !request.idempotency_key.empty();
    if (r.idempotent) r.headers.emplace_back(kIdempotencyKeyHeader, request.idempotency_key);
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                    const CallContext&) const override {
    return decode_link(response);
  }

  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    if (!id_ok(id)) return refuse_empty_id(id);
    return json_request(HttpMethod::get, link_url(id));
  }
  Result<PaymentLink> decode_get(const HttpResponse& response) const override { return decode_link(response); }

  Result<HttpRequest> encode_list(const ListQuery& query, const CallContext&) const override {
    if (auto e = check_page_size(query.page_size, max_page_size_)) return *e;
    if (!query.sort_field.empty() && query.sort_field != kSortByCreation) {
      return refused("sort_field", fmt::format("can sort by \"{}\" only, not \"{}\"", kSortByCreation,
                                               detail::bounded_text(query.sort_field, 60)));
    }
    std::vector<std::pair<std::string, std::string>> params;
    for (const auto& [name, value] : query.filters) {
      if (name != kReferenceFilter) {
        return refused("filters." + name, fmt::format("can filter by \"{}\" only", kReferenceFilter));
      }
      params.emplace_back(name, value);
    }
    if (query.page_size > 0) params.emplace_back("limit", std::to_string(query.page_size));
    if (!query.cursor.empty()) params.emplace_back("starting_after", query.cursor);
    if (query.status) params.emplace_back("status", std::string(to_string(*query.status)));
    if (!query.sort_field.empty()) params.emplace_back("sort_field", query.sort_field);
    if (query.sort_descending) params.emplace_back("sort_order", "desc");
    return json_request(HttpMethod::get, links_url() + detail::query_string(params));
  }
  Result<Page<PaymentLink>> decode_list(const HttpResponse& response, const ListQuery&) const override {
    auto body = success_body(response, "links", true);
    if (!body) return std::move(body).error();
    const Json& array = (*body)["links"];
    Page<PaymentLink> page;
    for (const Json& j : array) {
      auto link = link_from(j, response.status);
      if (!link) return std::move(link).error();
      page.items.push_back(std::move(*link));
    }
    auto next = next_cursor(*body, response.status);
    if (!next) return std::move(next).error();
    page.next_cursor = std::move(*next);
    return page;
  }

  Result<HttpRequest> encode_expire(std::string_view id, const CallContext&) const override {
    if (!id_ok(id)) return refuse_empty_id(id);
    return json_request(HttpMethod::post, link_url(id, "expire"));
  }
  Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view) const override {
    return decode_link(response);
  }

  Result<HttpRequest> encode_update(std::string_view id, const UpdateLinkRequest& update,
                                    const CallContext&) const override {
    if (!id_ok(id)) return refuse_empty_id(id);
    if (update.metadata.empty()) return refused("metadata", "an update needs at least one metadata entry");
    if (auto e = check_metadata(update.metadata)) return *e;
    return json_request(HttpMethod::patch, link_url(id), detail::dump_json(Json{{"metadata", update.metadata}}));
  }
  Result<PaymentLink> decode_update(const HttpResponse& response, std::string_view) const override {
    return decode_link(response);
  }

  Result<HttpRequest> encode_list_payments(std::string_view link_id, const ListQuery& query,
                                           const CallContext&) const override {
    if (!id_ok(link_id)) return refuse_empty_id(link_id);
    if (auto e = check_page_size(query.page_size, max_page_size_)) return *e;
    if (query.status) return refused("status", "payments cannot be filtered by link status");
    if (!query.sort_field.empty()) return refused("sort_field", "payments are listed in the order they were made");
    if (!query.filters.empty()) return refused("filters." + query.filters.begin()->first, "payments take no filters");
    std::vector<std::pair<std::string, std::string>> params;
    if (query.page_size > 0) params.emplace_back("limit", std::to_string(query.page_size));
    if (!query.cursor.empty()) params.emplace_back("starting_after", query.cursor);
    return json_request(HttpMethod::get, link_url(link_id, "payments") + detail::query_string(params));
  }
  Result<Page<LinkPayment>> decode_list_payments(const HttpResponse& response, const ListQuery&) const override {
    auto body = success_body(response, "payments", true);
    if (!body) return std::move(body).error();
    const Json& array = (*body)["payments"];
    Page<LinkPayment> page;
    for (const Json& j : array) {
      bool bad = !j.is_object();
      LinkPayment p;
      p.id = detail::get_string(j, "id", &bad).value_or("");
      if (const Json* amount = detail::get_object(j, "amount")) {
        p.amount = money_from(*amount);
        bad = bad || !p.amount;
      }
      p.status = detail::get_string(j, "status", &bad).value_or("");
      p.payment_method = detail::get_string(j, "payment_method", &bad).value_or("");
      p.debitor_email = detail::get_string(j, "debitor_email", &bad).value_or("");
      p.created_at = time_from(j, "created_at", &bad);
      p.paid_at = time_from(j, "paid_at", &bad);
      if (bad || p.id.empty()) return detail::invalid_response(kName, "a payment is malformed", response.status);
      page.items.push_back(std::move(p));
    }
    auto next = next_cursor(*body, response.status);
    if (!next) return std::move(next).error();
    page.next_cursor = std::move(*next);
    return page;
  }

  Result<HttpRequest> encode_list_payment_methods(const CallContext&) const override {
    return json_request(HttpMethod::get, detail::join_url(kBaseUrl, "payment_methods"));
  }
  Result<std::vector<PaymentMethod>> decode_list_payment_methods(const HttpResponse& response) const override {
    auto body = success_body(response, "payment_methods", true);
    if (!body) return std::move(body).error();
    const Json& array = (*body)["payment_methods"];
    std::vector<PaymentMethod> methods;
    for (const Json& j : array) {
      bool bad = !j.is_object();
      PaymentMethod m;
      m.name = detail::get_string(j, "name", &bad).value_or("");
      m.enabled = detail::get_bool(j, "enabled", &bad).value_or(false);
      if (bad || m.name.empty())
        return detail::invalid_response(kName, "a payment method is malformed", response.status);
      methods.push_back(std::move(m));
    }
    return methods;
  }

  Result<HttpRequest> encode_reconcile(const CreateLinkRequest&, const CallContext& ctx) const override {
    if (ctx.idempotency_key.empty()) return refused("reconcile_key", "the create's reconcile_key is required");
    return json_request(HttpMethod::get,
                        detail::join_url(kBaseUrl, "creates/" + detail::url_encode(ctx.idempotency_key)));
  }
  Result<PaymentLink> decode_reconcile(const HttpResponse& response, const CreateLinkRequest&,
                                       const CallContext&) const override {
    return decode_link(response);
  }

 private:
  static Result<std::string> next_cursor(const Json& body, int http_status) {
    bool bad = false;
    auto next = detail::get_string(body, "next_cursor", &bad);
    if (bad) return detail::invalid_response(kName, "next_cursor is not a string", http_status);
    return next.value_or("");
  }

  int max_page_size_;
};

// --- The vendor: an in-memory store answering the wire ------------------------------------------------

struct StoredLink {
  std::string id;
  LinkStatus status = LinkStatus::open;
  Money amount;
  CreateLinkRequest request;  // what was asked, metadata kept current by updates
  Timestamp created_at{};
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> completed_at;
  std::vector<LinkPayment> payments;
  std::string idempotency_key;
  std::string request_body;  // to refuse a reused idempotency key with a different request
};

struct Scripted {
  Error error;
  bool act_then_lose = false;  // lose_next_response: the vendor acts, the answer is lost
};

}  // namespace

struct FakeVendor::State {
  FakeVendorOptions options;
  std::shared_ptr<const Provider> provider;

  mutable std::mutex mutex;
  std::vector<StoredLink> links;  // creation order
  std::map<std::string, std::size_t, std::less<>> by_id;
  std::map<std::string, std::size_t, std::less<>> by_idempotency_key;
  std::map<std::string, std::size_t, std::less<>> by_request_key;
  std::deque<Scripted> script;
  std::size_t requests = 0;
  std::uint64_t payments_made = 0;

  Timestamp now() const {
    const Timestamp t = options.clock ? options.clock() : std::chrono::system_clock::now();
    return std::chrono::floor<std::chrono::seconds>(t);  // the wire carries whole seconds
  }
  StoredLink* find(std::string_view id) {
    const auto it = by_id.find(id);
    return it == by_id.end() ? nullptr : &links[it->second];
  }
  // A link whose lifetime has passed reads as expired from then on.
  void refresh(StoredLink& link, Timestamp at) const {
    if (link.status == LinkStatus::open && link.expires_at && at >= *link.expires_at) link.status = LinkStatus::expired;
  }
};

namespace {

using State = FakeVendor::State;

Json link_json(const StoredLink& s) {
  const CreateLinkRequest& r = s.request;
  Json j{{"id", s.id},
         {"url", std::string(kPayPageBase) + s.id},
         {"status", std::string(to_string(s.status))},
         {"amount", money_json(s.amount)},
         {"description", r.description},
         {"reference", r.reference},
         {"created_at", format_timestamp(s.created_at)},
         {"reusable", r.reusable},
         {"notify_customer", r.notify_customer}};
  if (s.expires_at) j["expires_at"] = format_timestamp(*s.expires_at);
  if (s.completed_at) j["completed_at"] = format_timestamp(*s.completed_at);
  if (!r.items.empty()) j["items"] = items_json(r.items);
  j["metadata"] = r.metadata.empty() ? Json::object() : Json(r.metadata);
  Json customer = customer_json(r.customer);
  if (!customer.empty()) j["customer"] = std::move(customer);
  if (!r.return_url.empty()) j["return_url"] = r.return_url;
  return j;
}

Json payment_json(const LinkPayment& p) {
  Json j{{"id", p.id}, {"status", p.status}, {"payment_method", p.payment_method}};
  if (p.amount) j["amount"] = money_json(*p.amount);
  if (!p.debitor_email.empty()) j["debitor_email"] = p.debitor_email;
  if (p.created_at) j["created_at"] = format_timestamp(*p.created_at);
  if (p.paid_at) j["paid_at"] = format_timestamp(*p.paid_at);
  return j;
}

// The link as a client reads it: through the wire and the adapter's decoder, raw_json included.
PaymentLink client_view(const StoredLink& s) { return link_from(link_json(s), 200).value(); }

std::string percent_decode(std::string_view text) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

struct Target {
  std::vector<std::string> path;
  std::map<std::string, std::string> query;
};

std::optional<Target> parse_target(std::string_view url) {
  const std::string base = std::string(kBaseUrl) + "/";
  if (url.substr(0, base.size()) != base) return std::nullopt;
  url.remove_prefix(base.size());
  const auto q = url.find('?');
  std::string_view path = url.substr(0, q);
  std::string_view query = q == std::string_view::npos ? std::string_view() : url.substr(q + 1);
  Target t;
  while (!path.empty()) {
    const auto slash = path.find('/');
    t.path.push_back(percent_decode(path.substr(0, slash)));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto eq = pair.find('=');
    t.query[percent_decode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return t;
}

class FakeServer final : public Transport {
 public:
  explicit FakeServer(std::shared_ptr<State> state) : state_(std::move(state)) {}

  Result<HttpResponse> send(const HttpRequest& request) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    const std::string request_id = fmt::format("req_{}", ++state_->requests);
    std::optional<Scripted> scripted;
    if (!state_->script.empty()) {
      scripted = std::move(state_->script.front());
      state_->script.pop_front();
    }
    if (scripted && !scripted->act_then_lose) return scripted_failure(std::move(scripted->error), request_id);
    HttpResponse response = handle(request, request_id);
    if (scripted) return std::move(scripted->error);
    return response;
  }

 private:
  using Query = std::map<std::string, std::string>;

  static Result<HttpResponse> scripted_failure(Error error, const std::string& request_id) {
    if (error.code == ErrorCode::ambiguous) {
      error.code = ErrorCode::network;
      error.request_sent = true;
    }
    if (error.code == ErrorCode::network || error.code == ErrorCode::timeout) return error;
    const int status = error.http_status >= 400 ? error.http_status : usual_status(error.code);
    Json envelope{{"type", std::string(to_string(error.code))},
                  {"message", error.message},
                  {"request_id", error.request_id.empty() ? request_id : error.request_id},
                  {"retryable", error.retryable}};
    if (!error.vendor_code.empty()) envelope["code"] = error.vendor_code;
    if (!error.vendor_message.empty()) envelope["detail"] = error.vendor_message;
    if (!error.field.empty()) envelope["field"] = error.field;
    if (error.retry_after) envelope["retry_after_ms"] = error.retry_after->count();
    HttpResponse response = answer(status, Json{{"error", std::move(envelope)}}, request_id);
    if (error.retry_after) {
      response.headers.emplace_back("Retry-After", std::to_string((error.retry_after->count() + 999) / 1000));
    }
    return response;
  }

  static HttpResponse answer(int status, const Json& body, const std::string& request_id) {
    HttpResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json"}, {std::string(kRequestIdHeader), request_id}};
    r.body = detail::dump_json(body);
    return r;
  }

  static HttpResponse failure(int status, ErrorCode code, std::string vendor_code, std::string message,
                              const std::string& request_id, std::string field = {}) {
    Json envelope{{"type", std::string(to_string(code))},
                  {"code", std::move(vendor_code)},
                  {"message", fmt::format("{}: {}", kName, message)},
                  {"request_id", request_id},
                  {"retryable", false}};
    if (!field.empty()) envelope["field"] = std::move(field);
    return answer(status, Json{{"error", std::move(envelope)}}, request_id);
  }

  static HttpResponse refusal(const Error& e, const std::string& request_id) {
    // `e` comes from the shared rules, its message already "fake: …".
    Json envelope{{"type", "validation"}, {"code", "invalid_request"}, {"message", e.message},
                  {"field", e.field},     {"request_id", request_id},  {"retryable", false}};
    return answer(422, Json{{"error", std::move(envelope)}}, request_id);
  }

  static HttpResponse no_link(std::string_view id, const std::string& request_id) {
    return failure(404, ErrorCode::not_found, "link_not_found",
                   fmt::format("no link \"{}\"", detail::bounded_text(id, 80)), request_id);
  }

  HttpResponse handle(const HttpRequest& request, const std::string& rid) {
    const auto target = parse_target(request.url);
    const auto route_missing = [&] {
      return failure(404, ErrorCode::not_found, "no_route",
                     fmt::format("no route {} {}", to_string(request.method), detail::bounded_text(request.url, 120)),
                     rid);
    };
    if (!target) return route_missing();
    const auto& p = target->path;
    const HttpMethod m = request.method;
    const Timestamp now = state_->now();
    if (p.size() == 1 && p[0] == "links") {
      if (m == HttpMethod::post) return create(request, now, rid);
      if (m == HttpMethod::get) return list(target->query, now, rid);
    } else if (p.size() == 2 && p[0] == "links") {
      if (m == HttpMethod::get) return get(p[1], now, rid);
      if (m == HttpMethod::patch) return update(p[1], request.body, now, rid);
    } else if (p.size() == 3 && p[0] == "links" && p[2] == "expire" && m == HttpMethod::post) {
      return expire(p[1], now, rid);
    } else if (p.size() == 3 && p[0] == "links" && p[2] == "payments" && m == HttpMethod::get) {
      return list_payments(p[1], target->query, rid);
    } else if (p.size() == 1 && p[0] == "payment_methods" && m == HttpMethod::get) {
      Json methods = Json::array();
      for (const auto& method : state_->options.payment_methods) {
        methods.push_back(Json{{"name", method.name}, {"enabled", method.enabled}});
      }
      return answer(200, Json{{"payment_methods", std::move(methods)}}, rid);
    } else if (p.size() == 2 && p[0] == "creates" && m == HttpMethod::get) {
      const auto it = state_->by_request_key.find(p[1]);
      if (it == state_->by_request_key.end()) {
        return failure(404, ErrorCode::not_found, "create_not_found", "no link was created by that request", rid);
      }
      return link_answer(200, state_->links[it->second], now, rid);
    }
    return route_missing();
  }

  HttpResponse link_answer(int status, StoredLink& link, Timestamp now, const std::string& rid) {
    state_->refresh(link, now);
    return answer(status, Json{{"link", link_json(link)}}, rid);
  }

  // The vendor reads the body back into a request and applies the same rules as the adapter.
  static Result<std::pair<CreateLinkRequest, std::string>> read_create(const std::string& body) {
    auto parsed = detail::parse_json(body, kName);
    if (!parsed || !parsed->is_object()) return refused("body", "the body is not a JSON object");
    const Json& j = *parsed;
    bool bad = false;
    CreateLinkRequest r;
    if (const Json* amount = detail::get_object(j, "amount")) {
      r.amount = money_from(*amount);
      if (!r.amount) return refused("amount", "amount is malformed");
    }
    auto items = items_from(j);
    if (!items) return refused("items", "items are malformed");
    r.items = std::move(*items);
    r.description = detail::get_string(j, "description", &bad).value_or("");
    r.reference = detail::get_string(j, "reference", &bad).value_or("");
    auto customer = strings_from(j, "customer");
    if (!customer) return refused("customer", "customer is malformed");
    for (const auto& [key, value] : *customer) {
      if (key == "reference")
        r.customer.reference = value;
      else if (key == "email")
        r.customer.email = value;
      else if (key == "first_name")
        r.customer.first_name = value;
      else if (key == "last_name")
        r.customer.last_name = value;
      else if (key == "locale")
        r.customer.locale = value;
    }
    r.return_url = detail::get_string(j, "return_url", &bad).value_or("");
    if (const auto seconds = detail::get_int(j, "lifetime_seconds", &bad)) r.lifetime = std::chrono::seconds(*seconds);
    r.reusable = detail::get_bool(j, "reusable", &bad).value_or(false);
    r.notify_customer = detail::get_bool(j, "notify_customer", &bad).value_or(false);
    auto metadata = strings_from(j, "metadata");
    if (!metadata) return refused("metadata", "metadata must be an object of strings");
    r.metadata = std::move(*metadata);
    std::string request_key = detail::get_string(j, "request_key", &bad).value_or("");
    if (bad) return refused("body", "a field has the wrong type");
    return std::make_pair(std::move(r), std::move(request_key));
  }

  HttpResponse create(const HttpRequest& request, Timestamp now, const std::string& rid) {
    auto read = read_create(request.body);
    if (!read) return refusal(read.error(), rid);
    auto& [create_request, request_key] = *read;
    auto amount = validate_create(create_request);
    if (!amount) return refusal(amount.error(), rid);

    const std::string key = find_header(request.headers, kIdempotencyKeyHeader).value_or("");
    if (!key.empty()) {
      if (const auto it = state_->by_idempotency_key.find(key); it != state_->by_idempotency_key.end()) {
        StoredLink& earlier = state_->links[it->second];
        if (earlier.request_body != request.body) {
          return failure(409, ErrorCode::conflict, "idempotency_key_reused",
                         "this Idempotency-Key was used with a different request", rid);
        }
        return link_answer(200, earlier, now, rid);  // the replay of a create that already happened
      }
    }

    StoredLink link;
    link.id = fmt::format("fake_{}", state_->links.size() + 1);
    link.amount = *amount;
    link.created_at = now;
    if (create_request.lifetime) link.expires_at = now + *create_request.lifetime;
    link.request = std::move(create_request);
    link.idempotency_key = key;
    link.request_body = request.body;
    const std::size_t index = state_->links.size();
    state_->by_id.emplace(link.id, index);
    if (!key.empty()) state_->by_idempotency_key.emplace(key, index);
    if (!request_key.empty()) state_->by_request_key.emplace(request_key, index);
    state_->links.push_back(std::move(link));
    return link_answer(201, state_->links.back(), now, rid);
  }

  HttpResponse get(const std::string& id, Timestamp now, const std::string& rid) {
    StoredLink* link = state_->find(id);
    return link ? link_answer(200, *link, now, rid) : no_link(id, rid);
  }

  // Reads "limit" into [1, max]; false after answering a refusal into `out`.
  bool read_limit(const Query& query, int& limit, HttpResponse& out, const std::string& rid) const {
    limit = state_->options.default_page_size;
    const auto it = query.find("limit");
    if (it == query.end()) return true;
    const std::string& text = it->second;
    const bool digits = !text.empty() && text.size() <= 6 &&
                        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
    const int value = digits ? std::stoi(text) : -1;
    if (value < 1 || value > state_->options.max_page_size) {
      out = refusal(refused("page_size", fmt::format("limit must be 1 to {}", state_->options.max_page_size)), rid);
      return false;
    }
    limit = value;
    return true;
  }

  HttpResponse list(const Query& query, Timestamp now, const std::string& rid) {
    static const std::vector<std::string> known = {"limit",     "starting_after", "status",
                                                   "reference", "sort_field",     "sort_order"};
    for (const auto& [name, value] : query) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        return refusal(refused("filters." + name, fmt::format("unknown parameter \"{}\"", name)), rid);
      }
    }
    HttpResponse refused_limit;
    int limit = 0;
    if (!read_limit(query, limit, refused_limit, rid)) return refused_limit;
    std::optional<LinkStatus> status;
    if (const auto it = query.find("status"); it != query.end()) {
      status = parse_link_status(it->second);
      if (!status) return refusal(refused("status", "unknown status"), rid);
    }
    if (const auto it = query.find("sort_field"); it != query.end() && it->second != kSortByCreation) {
      return refusal(refused("sort_field", "unknown sort field"), rid);
    }
    const auto order = query.find("sort_order");
    const bool descending = order != query.end() && order->second == "desc";
    const auto reference = query.find("reference");

    // The order of every link, so that a cursor stays valid even when its link no longer matches.
    std::vector<std::size_t> order_of(state_->links.size());
    for (std::size_t i = 0; i < order_of.size(); ++i) order_of[i] = descending ? order_of.size() - 1 - i : i;
    std::size_t start = 0;
    if (const auto it = query.find("starting_after"); it != query.end()) {
      const StoredLink* after = state_->find(it->second);
      if (!after) return refusal(refused("cursor", "the cursor names no link"), rid);
      const std::size_t index = state_->by_id.find(it->second)->second;
      start = static_cast<std::size_t>(std::find(order_of.begin(), order_of.end(), index) - order_of.begin()) + 1;
    }
    Json items = Json::array();
    std::string next;
    for (std::size_t i = start; i < order_of.size(); ++i) {
      StoredLink& link = state_->links[order_of[i]];
      state_->refresh(link, now);
      if (status && link.status != *status) continue;
      if (reference != query.end() && link.request.reference != reference->second) continue;
      if (items.size() == static_cast<std::size_t>(limit)) {
        next = items.back()["id"].get<std::string>();
        break;
      }
      items.push_back(link_json(link));
    }
    return answer(200, Json{{"links", std::move(items)}, {"next_cursor", next}}, rid);
  }

  HttpResponse expire(const std::string& id, Timestamp now, const std::string& rid) {
    StoredLink* link = state_->find(id);
    if (!link) return no_link(id, rid);
    state_->refresh(*link, now);
    if (link->status != LinkStatus::open && link->status != LinkStatus::expired) {
      return failure(409, ErrorCode::conflict, "link_not_open",
                     fmt::format("link {} is {} and cannot be expired", id, to_string(link->status)), rid);
    }
    link->status = LinkStatus::expired;
    return link_answer(200, *link, now, rid);
  }

  HttpResponse update(const std::string& id, const std::string& body, Timestamp now, const std::string& rid) {
    StoredLink* link = state_->find(id);
    if (!link) return no_link(id, rid);
    auto parsed = detail::parse_json(body, kName);
    auto patch = parsed ? strings_from(*parsed, "metadata") : std::nullopt;
    if (!patch || patch->empty())
      return refusal(refused("metadata", "metadata must be a non-empty object of strings"), rid);
    if (auto e = check_metadata(*patch)) return refusal(*e, rid);
    auto merged = link->request.metadata;
    for (const auto& [key, value] : *patch) {
      if (value.empty())
        merged.erase(key);
      else
        merged[key] = value;
    }
    if (auto e = check_metadata(merged)) return refusal(*e, rid);
    link->request.metadata = std::move(merged);
    return link_answer(200, *link, now, rid);
  }

  HttpResponse list_payments(const std::string& id, const Query& query, const std::string& rid) {
    const StoredLink* link = state_->find(id);
    if (!link) return no_link(id, rid);
    HttpResponse refused_limit;
    int limit = 0;
    if (!read_limit(query, limit, refused_limit, rid)) return refused_limit;
    std::size_t start = 0;
    if (const auto it = query.find("starting_after"); it != query.end()) {
      const auto& ps = link->payments;
      const auto at = std::find_if(ps.begin(), ps.end(), [&](const LinkPayment& p) { return p.id == it->second; });
      if (at == ps.end()) return refusal(refused("cursor", "the cursor names no payment of this link"), rid);
      start = static_cast<std::size_t>(at - ps.begin()) + 1;
    }
    Json items = Json::array();
    std::string next;
    for (std::size_t i = start; i < link->payments.size(); ++i) {
      if (items.size() == static_cast<std::size_t>(limit)) {
        next = link->payments[i - 1].id;
        break;
      }
      items.push_back(payment_json(link->payments[i]));
    }
    return answer(200, Json{{"payments", std::move(items)}, {"next_cursor", next}}, rid);
  }

  std::shared_ptr<State> state_;
};

}  // namespace

// --- FakeVendor -------------------------------------------------------------------------------------

FakeVendor::FakeVendor(FakeVendorOptions options) : state_(std::make_shared<State>()) {
  options.default_page_size = std::max(1, options.default_page_size);
  options.max_page_size = std::max(options.default_page_size, options.max_page_size);
  state_->provider = std::make_shared<FakeProvider>(options.max_page_size);
  state_->options = std::move(options);
}

Client FakeVendor::client(ClientOptions options) const {
  options.transport = std::make_shared<FakeServer>(state_);
  if (!options.sleeper) options.sleeper = [](std::chrono::milliseconds) {};
  return Client(state_->provider, std::move(options));
}

void FakeVendor::fail_next(Error error, int count) {
  const Scripted scripted{std::move(error), false};
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (int i = 0; i < count; ++i) state_->script.push_back(scripted);
}

void FakeVendor::lose_next_response(int count) {
  Error lost = Error::make(
      ErrorCode::timeout, fmt::format("{}: the vendor acted on the request but its answer was lost (scripted)", kName));
  lost.request_sent = true;
  std::lock_guard<std::mutex> lock(state_->mutex);
  for (int i = 0; i < count; ++i) state_->script.push_back(Scripted{lost, true});
}

Result<PaymentLink> FakeVendor::set_status(std::string_view id, LinkStatus status) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  StoredLink* link = state_->find(id);
  if (!link) {
    return Error::make(ErrorCode::not_found, fmt::format("{}: no link \"{}\"", kName, detail::bounded_text(id, 80)));
  }
  const Timestamp now = state_->now();
  link->status = status;
  if (status == LinkStatus::paid) {
    link->completed_at = now;
    LinkPayment payment;
    payment.id = fmt::format("pay_{}", ++state_->payments_made);
    payment.amount = link->amount;
    payment.status = "paid";
    const auto& methods = state_->options.payment_methods;
    const auto enabled = std::find_if(methods.begin(), methods.end(), [](const PaymentMethod& m) { return m.enabled; });
    payment.payment_method = enabled == methods.end() ? "credit_card" : enabled->name;
    payment.debitor_email = link->request.customer.email;
    payment.created_at = now;
    payment.paid_at = now;
    link->payments.push_back(std::move(payment));
  }
  return client_view(*link);
}

std::vector<PaymentLink> FakeVendor::links() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const Timestamp now = state_->now();
  std::vector<PaymentLink> out;
  out.reserve(state_->links.size());
  for (StoredLink& link : state_->links) {
    state_->refresh(link, now);
    out.push_back(client_view(link));
  }
  return out;
}

std::optional<PaymentLink> FakeVendor::link(std::string_view id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  StoredLink* link = state_->find(id);
  if (!link) return std::nullopt;
  state_->refresh(*link, state_->now());
  return client_view(*link);
}

std::size_t FakeVendor::request_count() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->requests;
}

}  // namespace paylink::testing
