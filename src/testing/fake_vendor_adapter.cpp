#include "testing/fake_vendor_adapter.hpp"

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/url.hpp"
#include "testing/fake_vendor_rules.hpp"
#include "testing/fake_vendor_wire.hpp"

namespace paylink::testing::fake_vendor {
namespace {

Capabilities fake_capabilities() noexcept {
  Capabilities c;  // every operation
  c.create = c.get = c.list = c.expire = c.update = c.list_payments = c.list_payment_methods = true;
  c.reconcile_create = true;
  // Only a create that carries the caller's own idempotency key is repeatable (see fake_vendor.hpp).
  c.idempotent_create = false;
  return c;
}

// --- Requests --------------------------------------------------------------------------------------

std::string link_url(std::string_view id = {}, std::string_view suffix = {}) {
  std::string url = detail::join_url(kBaseUrl, "links");
  if (!id.empty()) url = detail::join_url(url, detail::url_encode(id));
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

using Params = std::vector<std::pair<std::string, std::string>>;

// "limit" and "starting_after", as every list takes them.
void add_page_params(const ListQuery& query, Params& params) {
  if (query.page_size > 0) params.emplace_back("limit", std::to_string(query.page_size));
  if (!query.cursor.empty()) params.emplace_back("starting_after", query.cursor);
}

// --- Answers ---------------------------------------------------------------------------------------

// A success body: a JSON object holding an object (or an array) at `key`; the vendor's error otherwise.
Result<Json> success_body(const HttpResponse& response, std::string_view key, bool want_array) {
  if (!detail::is_success(response.status)) return error_from(response);
  auto parsed = detail::parse_json(response.body, kName);
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.http_status = response.status;
    return e;
  }
  const auto found = parsed->is_object() ? parsed->find(key) : parsed->end();
  if (found == parsed->end() || (want_array ? !found->is_array() : !found->is_object())) {
    return detail::invalid_response(
        kName, fmt::format("the answer has no \"{}\" {}", key, want_array ? "array" : "object"), response.status);
  }
  return std::move(*parsed);
}

Result<PaymentLink> decode_link(const HttpResponse& response) {
  auto body = success_body(response, "link", false);
  if (!body) return std::move(body).error();
  return link_from((*body)["link"], response.status);
}

// A page answer: each item of the array at `key` read by `item_from` (a Result), and the next cursor.
template <typename T, typename ItemFrom>
Result<Page<T>> decode_page(const HttpResponse& response, std::string_view key, ItemFrom item_from) {
  auto body = success_body(response, key, true);
  if (!body) return std::move(body).error();
  Page<T> page;
  for (const Json& j : (*body)[std::string(key)]) {
    Result<T> item = item_from(j);
    if (!item) return std::move(item).error();
    page.items.push_back(std::move(*item));
  }
  const auto next = body->find("next_cursor");
  if (next != body->end() && !next->is_null()) {
    if (!next->is_string()) return detail::invalid_response(kName, "next_cursor is not a string", response.status);
    page.next_cursor = next->get<std::string>();
  }
  return page;
}

class FakeVendorAdapter final : public Provider {
 public:
  explicit FakeVendorAdapter(int max_page_size) : max_page_size_(max_page_size) {}

  std::string_view name() const noexcept override { return kName; }
  Capabilities capabilities() const noexcept override { return fake_capabilities(); }

  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override {
    if (auto amount = validate_create(request); !amount) return std::move(amount).error();
    // Every create names itself, so that a lost one can be looked up (reconcile); only the caller's
    // own key makes the vendor deduplicate.
    HttpRequest r =
        json_request(HttpMethod::post, link_url(), detail::dump_json(create_body_json(request, ctx.idempotency_key)));
    r.idempotent = !request.idempotency_key.empty();
    if (r.idempotent) r.headers.emplace_back(kIdempotencyKeyHeader, request.idempotency_key);
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                    const CallContext&) const override {
    return decode_link(response);
  }

  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override {
    if (auto e = check_link_id(id)) return *e;
    return json_request(HttpMethod::get, link_url(id));
  }
  Result<PaymentLink> decode_get(const HttpResponse& response) const override { return decode_link(response); }

  Result<HttpRequest> encode_list(const ListQuery& query, const CallContext&) const override {
    if (auto e = check_page_size(query.page_size, max_page_size_)) return *e;
    if (!query.sort_field.empty() && query.sort_field != kSortByCreation) {
      return refused("sort_field", fmt::format("can sort by \"{}\" only, not \"{}\"", kSortByCreation,
                                               detail::bounded_text(query.sort_field, 60)));
    }
    Params params;
    for (const auto& [name, value] : query.filters) {
      if (name != kReferenceFilter) {
        return refused("filters." + name, fmt::format("can filter by \"{}\" only", kReferenceFilter));
      }
      params.emplace_back(name, value);
    }
    add_page_params(query, params);
    if (query.status) params.emplace_back("status", std::string(to_string(*query.status)));
    if (!query.sort_field.empty()) params.emplace_back("sort_field", query.sort_field);
    if (query.sort_descending) params.emplace_back("sort_order", "desc");
    return json_request(HttpMethod::get, link_url() + detail::query_string(params));
  }
  Result<Page<PaymentLink>> decode_list(const HttpResponse& response, const ListQuery&) const override {
    return decode_page<PaymentLink>(response, "links", [&](const Json& j) { return link_from(j, response.status); });
  }

  Result<HttpRequest> encode_expire(std::string_view id, const CallContext&) const override {
    if (auto e = check_link_id(id)) return *e;
    return json_request(HttpMethod::post, link_url(id, "expire"));
  }
  Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view) const override {
    return decode_link(response);
  }

  Result<HttpRequest> encode_update(std::string_view id, const UpdateLinkRequest& update,
                                    const CallContext&) const override {
    if (auto e = check_link_id(id)) return *e;
    if (update.metadata.empty()) return refused("metadata", "an update needs at least one metadata entry");
    if (auto e = check_metadata(update.metadata)) return *e;
    return json_request(HttpMethod::patch, link_url(id), detail::dump_json(update_body_json(update.metadata)));
  }
  Result<PaymentLink> decode_update(const HttpResponse& response, std::string_view) const override {
    return decode_link(response);
  }

  Result<HttpRequest> encode_list_payments(std::string_view link_id, const ListQuery& query,
                                           const CallContext&) const override {
    if (auto e = check_link_id(link_id)) return *e;
    if (auto e = check_page_size(query.page_size, max_page_size_)) return *e;
    if (query.status) return refused("status", "payments cannot be filtered by link status");
    if (!query.sort_field.empty()) return refused("sort_field", "payments are listed in the order they were made");
    if (!query.filters.empty()) return refused("filters." + query.filters.begin()->first, "payments take no filters");
    Params params;
    add_page_params(query, params);
    return json_request(HttpMethod::get, link_url(link_id, "payments") + detail::query_string(params));
  }
  Result<Page<LinkPayment>> decode_list_payments(const HttpResponse& response, const ListQuery&) const override {
    return decode_page<LinkPayment>(response, "payments", [&](const Json& j) -> Result<LinkPayment> {
      auto payment = payment_from(j);
      if (!payment) return detail::invalid_response(kName, "a payment is malformed", response.status);
      return std::move(*payment);
    });
  }

  Result<HttpRequest> encode_list_payment_methods(const CallContext&) const override {
    return json_request(HttpMethod::get, detail::join_url(kBaseUrl, "payment_methods"));
  }
  Result<std::vector<PaymentMethod>> decode_list_payment_methods(const HttpResponse& response) const override {
    auto body = success_body(response, "payment_methods", true);
    if (!body) return std::move(body).error();
    std::vector<PaymentMethod> methods;
    for (const Json& j : (*body)["payment_methods"]) {
      auto method = payment_method_from(j);
      if (!method) return detail::invalid_response(kName, "a payment method is malformed", response.status);
      methods.push_back(std::move(*method));
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
  int max_page_size_;
};

}  // namespace

std::shared_ptr<const Provider> make_adapter(int max_page_size) {
  return std::make_shared<FakeVendorAdapter>(max_page_size);
}

}  // namespace paylink::testing::fake_vendor
