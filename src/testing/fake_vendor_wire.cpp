#include "testing/fake_vendor_wire.hpp"

#include <chrono>
#include <cstdint>
#include <iterator>
#include <utility>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "testing/fake_vendor_rules.hpp"

namespace paylink::testing::fake_vendor {
namespace {

constexpr std::string_view kPayPageBase = "https://pay.fake.invalid/";

// Reads the members of one JSON object strictly, with core's loose readers: a missing or null member
// is not given; a member of another type, or one that does not read as its type (a money, a time),
// reads as not given and makes the object malformed (`ok()` turns false). Callers check `ok()` where
// they name a field.
class Members {
 public:
  explicit Members(const Json& object) : object_(object), bad_(!object.is_object()) {}

  bool ok() const noexcept { return !bad_; }

  /// A string; empty when not given.
  std::string text(std::string_view key) { return detail::get_string(object_, key, &bad_).value_or(""); }
  bool flag(std::string_view key, bool fallback = false) {
    return detail::get_bool(object_, key, &bad_).value_or(fallback);
  }
  std::optional<std::int64_t> integer(std::string_view key) { return detail::get_int(object_, key, &bad_); }
  /// The object at `key`, or nullptr.
  const Json* object(std::string_view key) { return given(key, detail::get_object(object_, key)); }
  std::optional<Timestamp> time(std::string_view key) {
    const auto value = detail::get_string(object_, key, &bad_);
    auto t = value ? detail::parse_iso8601(*value) : std::nullopt;
    bad_ = bad_ || (value && !t);
    return t;
  }
  std::optional<Money> money(std::string_view key) {
    const Json* v = object(key);
    if (!v) return std::nullopt;
    Members m(*v);
    auto parsed = Money::parse(m.text("value"), m.text("currency"));
    bad_ = bad_ || !parsed;
    return parsed ? std::optional<Money>(*parsed) : std::nullopt;
  }
  /// An object of strings; empty when not given.
  std::map<std::string, std::string> strings(std::string_view key) {
    std::map<std::string, std::string> out;
    const Json* v = object(key);
    if (!v) return out;
    for (const auto& [k, value] : v->items()) {
      if (!value.is_string()) {
        bad_ = true;
        return {};
      }
      out.emplace(k, value.get<std::string>());
    }
    return out;
  }
  std::vector<LineItem> items(std::string_view key) {
    std::vector<LineItem> out;
    const Json* v = given(key, detail::get_array(object_, key));
    if (!v) return out;
    for (const Json& j : *v) {
      Members m(j);
      LineItem item;
      item.title = m.text("title");
      item.quantity = m.integer("quantity").value_or(0);
      const auto price = m.money("unit_price");
      item.vat_rate = m.text("vat_rate");
      item.type = m.text("type");
      item.description = m.text("description");
      item.measure_unit = m.text("measure_unit");
      if (!m.ok() || !price) {
        bad_ = true;
        return {};
      }
      item.unit_price = *price;
      out.push_back(std::move(item));
    }
    return out;
  }

 private:
  // `found` (an object or array at `key`), marking the object malformed when `key` holds something else.
  const Json* given(std::string_view key, const Json* found) {
    if (!found && object_.is_object()) {
      const auto it = object_.find(key);
      bad_ = bad_ || (it != object_.end() && !it->is_null());
    }
    return found;
  }

  const Json& object_;
  bool bad_;
};

Json money_json(const Money& m) {
  return Json{{"value", m.to_decimal()}, {"currency", std::string(m.currency().code())}};
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

// The customer's given fields as "customer": {"reference", "email", "first_name", "last_name", "locale"}.
std::map<std::string, std::string> customer_fields(const Customer& c) {
  std::map<std::string, std::string> out{{"reference", c.reference},
                                         {"email", c.email},
                                         {"first_name", c.first_name},
                                         {"last_name", c.last_name},
                                         {"locale", c.locale}};
  for (auto it = out.begin(); it != out.end();) it = it->second.empty() ? out.erase(it) : std::next(it);
  return out;
}

Customer customer_from(const std::map<std::string, std::string>& fields) {
  Customer c;
  const auto field = [&](const char* key) {
    const auto it = fields.find(key);
    return it == fields.end() ? std::string() : it->second;
  };
  c.reference = field("reference");
  c.email = field("email");
  c.first_name = field("first_name");
  c.last_name = field("last_name");
  c.locale = field("locale");
  return c;
}

std::optional<ErrorCode> error_code_from(std::string_view word) {
  for (const auto code :
       {ErrorCode::network, ErrorCode::timeout, ErrorCode::auth, ErrorCode::validation, ErrorCode::not_found,
        ErrorCode::conflict, ErrorCode::rate_limited, ErrorCode::provider, ErrorCode::invalid_response,
        ErrorCode::unsupported, ErrorCode::ambiguous, ErrorCode::canceled}) {
    if (to_string(code) == word) return code;
  }
  return std::nullopt;
}

}  // namespace

// --- POST /links -----------------------------------------------------------------------------------

Json create_body_json(const CreateLinkRequest& r, std::string_view request_key) {
  Json j = Json::object();
  if (r.amount) j["amount"] = money_json(*r.amount);
  if (!r.items.empty()) j["items"] = items_json(r.items);
  j["description"] = r.description;
  j["reference"] = r.reference;
  if (auto customer = customer_fields(r.customer); !customer.empty()) j["customer"] = std::move(customer);
  if (!r.return_url.empty()) j["return_url"] = r.return_url;
  if (r.lifetime) j["lifetime_seconds"] = r.lifetime->count();
  j["reusable"] = r.reusable;
  j["notify_customer"] = r.notify_customer;
  if (!r.metadata.empty()) j["metadata"] = r.metadata;
  j["request_key"] = request_key;
  return j;
}

Result<CreateBody> create_body_from(std::string_view text) {
  auto parsed = detail::parse_json(text, kName);
  if (!parsed || !parsed->is_object()) return refused("body", "the body is not a JSON object");
  Members m(*parsed);
  CreateBody out;
  CreateLinkRequest& r = out.request;
  // The members with a field of their own in a refusal first; then the scalars, refused as "body".
  r.amount = m.money("amount");
  if (!m.ok()) return refused("amount", "amount is malformed");
  r.items = m.items("items");
  if (!m.ok()) return refused("items", "items are malformed");
  r.customer = customer_from(m.strings("customer"));
  if (!m.ok()) return refused("customer", "customer is malformed");
  r.metadata = m.strings("metadata");
  if (!m.ok()) return refused("metadata", "metadata must be an object of strings");
  r.description = m.text("description");
  r.reference = m.text("reference");
  r.return_url = m.text("return_url");
  if (const auto seconds = m.integer("lifetime_seconds")) r.lifetime = std::chrono::seconds(*seconds);
  r.reusable = m.flag("reusable");
  r.notify_customer = m.flag("notify_customer");
  out.request_key = m.text("request_key");
  if (!m.ok()) return refused("body", "a field has the wrong type");
  return out;
}

// --- PATCH /links/{id} -----------------------------------------------------------------------------

Json update_body_json(const std::map<std::string, std::string>& metadata) { return Json{{"metadata", metadata}}; }

std::optional<std::map<std::string, std::string>> update_body_from(std::string_view text) {
  auto parsed = detail::parse_json(text, kName);
  if (!parsed) return std::nullopt;
  Members m(*parsed);
  auto metadata = m.strings("metadata");
  if (!m.ok()) return std::nullopt;
  return metadata;
}

// --- Answers ---------------------------------------------------------------------------------------

Json link_json(const LinkRecord& link) {
  const CreateLinkRequest& r = link.request;
  Json j{{"id", link.id},
         {"url", std::string(kPayPageBase) + link.id},
         {"status", std::string(to_string(link.status))},
         {"amount", money_json(link.amount)},
         {"description", r.description},
         {"reference", r.reference},
         {"created_at", format_timestamp(link.created_at)},
         {"reusable", r.reusable},
         {"notify_customer", r.notify_customer}};
  if (link.expires_at) j["expires_at"] = format_timestamp(*link.expires_at);
  if (link.completed_at) j["completed_at"] = format_timestamp(*link.completed_at);
  if (!r.items.empty()) j["items"] = items_json(r.items);
  j["metadata"] = r.metadata.empty() ? Json::object() : Json(r.metadata);
  if (auto customer = customer_fields(r.customer); !customer.empty()) j["customer"] = std::move(customer);
  if (!r.return_url.empty()) j["return_url"] = r.return_url;
  return j;
}

Result<PaymentLink> link_from(const Json& j, int http_status) {
  auto malformed = [&](std::string_view what) {
    return detail::invalid_response(kName, fmt::format("link {}", what), http_status);
  };
  if (!j.is_object()) return malformed("is not an object");
  Members m(j);
  PaymentLink link;
  link.provider = std::string(kName);
  link.id = m.text("id");
  link.url = m.text("url");
  link.raw_status = m.text("status");
  if (!m.ok() || link.id.empty() || link.url.empty() || link.raw_status.empty()) {
    return malformed("lacks a string id, url or status");
  }
  link.status = parse_link_status(link.raw_status).value_or(LinkStatus::unknown);
  link.amount = m.money("amount");
  if (!m.ok()) return malformed("has an unreadable amount");
  link.description = m.text("description");
  link.reference = m.text("reference");
  link.created_at = m.time("created_at");
  link.expires_at = m.time("expires_at");
  link.completed_at = m.time("completed_at");
  link.reusable = m.flag("reusable");
  link.items = m.items("items");
  link.metadata = m.strings("metadata");
  // What the client sent that PaymentLink has no field for (see fake_vendor.hpp).
  for (const auto& [key, value] : m.strings("customer")) link.vendor_fields.emplace("customer." + key, value);
  if (auto url = m.text("return_url"); !url.empty()) link.vendor_fields.emplace("return_url", url);
  if (m.flag("notify_customer")) link.vendor_fields.emplace("notify_customer", "true");
  if (!m.ok()) return malformed("has a field of the wrong type");
  link.raw_json = detail::dump_json(j);
  return link;
}

Json payment_json(const LinkPayment& p) {
  Json j{{"id", p.id}, {"status", p.status}, {"payment_method", p.payment_method}};
  if (p.amount) j["amount"] = money_json(*p.amount);
  if (!p.debitor_email.empty()) j["debitor_email"] = p.debitor_email;
  if (p.created_at) j["created_at"] = format_timestamp(*p.created_at);
  if (p.paid_at) j["paid_at"] = format_timestamp(*p.paid_at);
  return j;
}

std::optional<LinkPayment> payment_from(const Json& j) {
  Members m(j);
  LinkPayment p;
  p.id = m.text("id");
  p.amount = m.money("amount");
  p.status = m.text("status");
  p.payment_method = m.text("payment_method");
  p.debitor_email = m.text("debitor_email");
  p.created_at = m.time("created_at");
  p.paid_at = m.time("paid_at");
  if (!m.ok() || p.id.empty()) return std::nullopt;
  return p;
}

Json payment_method_json(const PaymentMethod& method) {
  return Json{{"name", method.name}, {"enabled", method.enabled}};
}

std::optional<PaymentMethod> payment_method_from(const Json& j) {
  Members m(j);
  PaymentMethod method;
  method.name = m.text("name");
  method.enabled = m.flag("enabled");
  if (!m.ok() || method.name.empty()) return std::nullopt;
  return method;
}

Json page_json(std::string_view key, Json items, std::string next_cursor) {
  return Json{{std::string(key), std::move(items)}, {"next_cursor", std::move(next_cursor)}};
}

Json error_json(const Error& e, std::string_view request_id) {
  Json envelope{{"type", std::string(to_string(e.code))},
                {"message", e.message},
                {"request_id", e.request_id.empty() ? std::string(request_id) : e.request_id},
                {"retryable", e.retryable}};
  if (!e.vendor_code.empty()) envelope["code"] = e.vendor_code;
  if (!e.vendor_message.empty()) envelope["detail"] = e.vendor_message;
  if (!e.field.empty()) envelope["field"] = e.field;
  if (e.retry_after) envelope["retry_after_ms"] = e.retry_after->count();
  return Json{{"error", std::move(envelope)}};
}

Error error_from(const HttpResponse& response) {
  auto parsed = detail::parse_json(response.body, kName);
  const Json* found = parsed ? Members(*parsed).object("error") : nullptr;
  if (!found) return detail::error_from_status(kName, response);
  // Lenient: a member of the wrong type reads as not given, and the status decides in its place.
  Members envelope(*found);
  const auto code = error_code_from(envelope.text("type"));
  std::string message = envelope.text("message");
  if (message.empty()) message = fmt::format("{}: HTTP {}", kName, response.status);
  Error e = Error::make(code.value_or(detail::error_code_for_status(response.status)), std::move(message));
  e.http_status = response.status;
  e.field = envelope.text("field");
  e.vendor_code = envelope.text("code");
  e.vendor_message = envelope.text("detail");
  e.request_id = envelope.text("request_id");
  if (e.request_id.empty()) e.request_id = find_header(response.headers, kRequestIdHeader).value_or("");
  e.retryable = envelope.flag("retryable", detail::status_is_retryable(response.status));
  if (const auto ms = envelope.integer("retry_after_ms"); ms && *ms >= 0)
    e.retry_after = std::chrono::milliseconds(*ms);
  return e;
}

}  // namespace paylink::testing::fake_vendor
