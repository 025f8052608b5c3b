// MultiSafepay wire: the vendor's words, wire structs and the domain mapping. Sources in the header.
#include "providers/multisafepay/multisafepay_wire.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/time_format.hpp"
#include "core/url.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::multisafepay {
namespace {

// Private builders, defined at the end of the file.
enum class UrlUse { page, webhook };
std::optional<Error> check_text(std::string_view value, std::string_view field, std::size_t max, bool required);
std::optional<Error> check_url(std::string_view url, std::string_view field, UrlUse use);
std::optional<Error> check_token_payment(const CreateLinkRequest& request);
std::optional<Error> check_customer(const Customer& customer);
std::optional<Error> check_metadata(const std::map<std::string, std::string>& metadata);
Result<Money> checked_amount(const CreateLinkRequest& request);
std::optional<std::int64_t> items_total(const std::vector<LineItem>& items, std::size_t* overflow_at = nullptr);
bool is_locale(std::string_view s);
bool is_ascii_alnum(char c);
void read_text(const Json& object, const char* key, std::optional<std::string>& out);
void read_lenient_text(const Json& object, const char* key, std::optional<std::string>& out);
PaymentLink to_domain(const WireOrder& order, const Json& source, OrderKind kind);

// The success envelope around `Data`; errors name the JSON path ("/data/status: ...").
template <typename Data>
Result<WireEnvelope<Data>> read_envelope(const Json& answer, int http_status) {
  return read_wire<WireEnvelope<Data>>(answer, kProvider, http_status);
}

}  // namespace

// --- The vendor's words --------------------------------------------------------------------------------

LinkStatus map_status(std::string_view word, OrderKind kind) noexcept {
  if (word == "declined") return declined_status(kind);
  for (const auto& entry : kStatusWords) {
    if (entry.word == word) return entry.status;
  }
  return LinkStatus::unknown;
}

OrderKind order_kind_of(const CreateLinkRequest& request) noexcept {
  return request.multisafepay.type == MultiSafepayOrderType::direct ? OrderKind::direct : OrderKind::payment_page;
}

std::string_view type_word(MultiSafepayOrderType type) noexcept {
  switch (type) {
    case MultiSafepayOrderType::paymentlink:
      return "paymentlink";
    case MultiSafepayOrderType::redirect:
      return "redirect";
    case MultiSafepayOrderType::direct:
      return "direct";
  }
  return "paymentlink";
}

std::string_view recurring_model_word(MultiSafepayRecurringModel model) noexcept {
  switch (model) {
    case MultiSafepayRecurringModel::none:
      return "";
    case MultiSafepayRecurringModel::card_on_file:
      return "cardOnFile";
    case MultiSafepayRecurringModel::subscription:
      return "subscription";
    case MultiSafepayRecurringModel::unscheduled:
      return "unscheduled";
  }
  return "";
}

// --- Wire structs --------------------------------------------------------------------------------------

void to_json(Json& j, const WireCartItem& w) {
  j["name"] = w.name;
  write_optional(j, "description", w.description);
  j["unit_price"] = exact_decimal(w.unit_price);
  j["quantity"] = w.quantity;
}

void to_json(Json& j, const WireShoppingCart& w) { j["items"] = w.items; }

void to_json(Json& j, const WireCustomer& w) {
  j = Json::object();
  write_optional(j, "email", w.email);
  write_optional(j, "first_name", w.first_name);
  write_optional(j, "last_name", w.last_name);
  write_optional(j, "locale", w.locale);
  write_optional(j, "reference", w.reference);
}

void to_json(Json& j, const WirePaymentOptions& w) {
  j = Json::object();
  write_optional(j, "cancel_url", w.cancel_url);
  if (w.close_window) j["close_window"] = true;
  write_optional(j, "notification_method", w.notification_method);
  write_optional(j, "notification_url", w.notification_url);
  write_optional(j, "redirect_url", w.redirect_url);
}

void to_json(Json& j, const WireCreateOrder& w) {
  j["type"] = w.type;
  j["order_id"] = w.order_id;
  j["currency"] = w.currency;
  j["amount"] = w.amount;
  j["description"] = w.description;
  write_optional(j, "gateway", w.gateway);
  write_optional(j, "customer", w.customer);
  write_optional(j, "payment_options", w.payment_options);
  write_optional(j, "recurring_id", w.recurring_id);
  write_optional(j, "recurring_model", w.recurring_model);
  write_optional(j, "seconds_active", w.seconds_active);
  write_optional(j, "shopping_cart", w.shopping_cart);
  for (const auto& [key, value] : w.vars) write_optional(j, key.c_str(), value);
}

void to_json(Json& j, const WireCancelOrder& w) {
  j["status"] = w.status;
  j["exclude_order"] = w.exclude_order;
}

void from_json(const Json& j, WirePaymentDetails& w) {
  read_lenient_text(j, "type", w.type);
  read_lenient_text(j, "recurring_id", w.recurring_id);
}

void from_json(const Json& j, WireCartLine& w) {
  read_required(j, "name", w.name);
  std::optional<std::string> price;
  read_text(j, "unit_price", price);  // a fraction as a JSON number cannot be read exactly: refused
  if (!price) throw_wire_type_error(j, "has no unit_price");
  w.unit_price = *price;
  const auto quantity = j.find("quantity");
  if (quantity == j.end() || quantity->is_null()) throw_wire_type_error(j, "has no quantity");
  if (quantity->is_string()) {
    const auto text = quantity->get<std::string>();
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) {
      throw_wire_type_error(*quantity, "is not a whole number");
    }
    w.quantity = std::stoll(text);
  } else {
    read_value(*quantity, w.quantity);
  }
  std::optional<std::string> description;
  read_lenient_text(j, "description", description);  // the vendor's own fixture has a number here
  w.description = description.value_or("");
}

void from_json(const Json& j, WireOrder& w) {
  std::optional<std::string> id;
  read_text(j, "order_id", id);
  if (!id || id->empty()) throw_wire_type_error(j, "has no order_id");
  w.order_id = *id;
  read_required(j, "status", w.status);
  read_optional(j, "amount", w.amount);
  read_optional(j, "currency", w.currency);
  read_optional(j, "description", w.description);
  read_optional(j, "payment_url", w.payment_url);
  read_optional(j, "created", w.created);
  read_optional(j, "completed", w.completed);
  read_optional(j, "modified", w.modified);
  read_optional(j, "var1", w.vars[0]);
  read_optional(j, "var2", w.vars[1]);
  read_optional(j, "var3", w.vars[2]);
  // The basket is a copy of what was sent; a line that cannot be read exactly leaves it out, not the order.
  if (const auto cart = j.find("shopping_cart"); cart != j.end() && cart->is_object()) {
    try {
      std::vector<WireCartLine> lines;
      read_optional(*cart, "items", lines);
      w.cart = std::move(lines);
    } catch (const Json::exception&) {
      w.cart.reset();
    }
  }
  read_lenient_text(j, "financial_status", w.financial_status);
  read_lenient_text(j, "transaction_id", w.transaction_id);
  read_lenient_text(j, "session_id", w.session_id);
  read_lenient_text(j, "reason", w.reason);
  if (const auto details = j.find("payment_details"); details != j.end() && details->is_object()) {
    read_value(*details, w.payment_details);
  }
}

void from_json(const Json& j, WirePaymentPage& w) {
  read_text(j, "order_id", w.order_id);
  read_required(j, "payment_url", w.payment_url);
  if (w.payment_url.empty()) throw_wire_type_error(j, "has an empty payment_url");
  read_optional(j, "session_id", w.session_id);
}

void from_json(const Json& j, WireNoOrder&) {
  if (!j.is_object()) throw_wire_type_error(j, "must be an object");
}

// --- Domain ⇄ wire -------------------------------------------------------------------------------------

OrderId order_id_of(const CreateLinkRequest& request, const CallContext& ctx) noexcept {
  if (!request.reference.empty()) return {request.reference, "reference"};
  if (ctx.idempotency_key.empty()) return {"", "reference"};
  return {ctx.idempotency_key, "idempotency_key"};
}

std::optional<Error> check_order_id(std::string_view id, std::string_view field) {
  if (id.empty()) {
    return Error::validation(std::string(field),
                             field == "reference"
                                 ? "MultiSafepay needs an order_id: give a reference or an idempotency key"
                                 : fmt::format("{} (the order_id) is empty", field));
  }
  if (auto e = check_text(id, field, kOrderIdMaxLength, true)) return e;
  for (const char c : id) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '/' || c == '?' || c == '#') {
      return Error::validation(
          std::string(field),
          fmt::format("{} (the order_id) must not hold control characters, '/', '?' or '#'", field));
    }
  }
  return std::nullopt;
}

std::optional<Money> charged_amount(const CreateLinkRequest& request) {
  if (request.amount) return request.amount;
  if (request.items.empty()) return std::nullopt;
  const auto total = items_total(request.items);
  if (!total) return std::nullopt;
  return Money::of(*total, request.items.front().unit_price.currency());
}

Result<std::string> encode_create_body(const CreateLinkRequest& request, const CallContext& ctx) {
  const MultiSafepayOptions& o = request.multisafepay;
  const OrderId order_id = order_id_of(request, ctx);
  if (auto e = check_order_id(order_id.value, order_id.field)) return *e;
  auto amount = checked_amount(request);
  if (!amount) return std::move(amount).error();
  if (auto e = check_text(request.description, "description", kDescriptionMaxLength, true)) return *e;
  if (auto e = check_token_payment(request)) return *e;
  if (!o.gateway.empty() &&
      (o.gateway.size() > kGatewayMaxLength || !std::all_of(o.gateway.begin(), o.gateway.end(), is_ascii_alnum))) {
    return Error::validation("multisafepay.gateway", "gateway must be a gateway id of ASCII letters and digits");
  }
  if (request.reusable) {
    return Error::validation("reusable", "a MultiSafepay order is paid once; reusable links are not supported");
  }
  if (request.lifetime) {
    if (o.type == MultiSafepayOrderType::direct) {
      return Error::validation("lifetime", "a direct order has no payment page, so it takes no lifetime");
    }
    const auto seconds = request.lifetime->count();
    if (seconds < kSecondsActiveMin || seconds > kSecondsActiveMax) {
      return Error::validation("lifetime", fmt::format("lifetime is {} s; MultiSafepay takes {} s to {} s (365 days)",
                                                       seconds, kSecondsActiveMin, kSecondsActiveMax));
    }
  }
  if (auto e = check_url(request.return_url, "return_url", UrlUse::page)) return *e;
  if (auto e = check_url(o.cancel_url, "multisafepay.cancel_url", UrlUse::page)) return *e;
  if (auto e = check_url(o.notification_url, "multisafepay.notification_url", UrlUse::webhook)) return *e;
  if (auto e = check_customer(request.customer)) return *e;
  if (auto e = check_metadata(request.metadata)) return *e;

  WireCreateOrder w;
  w.type = std::string(type_word(o.type));
  w.order_id = std::string(order_id.value);
  w.currency = std::string(amount->currency().code());
  w.amount = amount->minor_units();
  w.description = request.description;
  w.gateway = o.gateway;
  const Customer& c = request.customer;
  if (!c.email.empty() || !c.first_name.empty() || !c.last_name.empty() || !c.locale.empty() || !c.reference.empty()) {
    w.customer = WireCustomer{c.email, c.first_name, c.last_name, c.locale, c.reference};
  }
  if (!o.notification_url.empty() || !request.return_url.empty() || !o.cancel_url.empty() || o.close_window) {
    WirePaymentOptions& options = w.payment_options.emplace();
    options.cancel_url = o.cancel_url;
    options.close_window = o.close_window;
    if (!o.notification_url.empty()) {
      options.notification_method = "POST";  // POST notifications carry the signed order; GET ones do not
      options.notification_url = o.notification_url;
    }
    options.redirect_url = request.return_url;
  }
  w.recurring_id = o.recurring_id;
  w.recurring_model = std::string(recurring_model_word(o.recurring_model));
  if (request.lifetime) w.seconds_active = static_cast<std::int64_t>(request.lifetime->count());
  if (!request.items.empty()) {
    WireShoppingCart& cart = w.shopping_cart.emplace();
    for (const LineItem& item : request.items) {
      cart.items.push_back({item.title, item.description, item.unit_price.to_decimal(), item.quantity});
    }
  }
  w.vars = request.metadata;  // var1..var3 (checked above); empty values are not written
  return dump_json(Json(w));
}

std::string encode_cancel_body() { return dump_json(Json(WireCancelOrder{})); }

Result<PaymentLink> decode_created(std::string_view body, int http_status, const CreateLinkRequest& request,
                                   const CallContext& ctx) {
  auto answer = parse_json(body, kProvider, http_status);
  if (!answer) return std::move(answer).error();
  const Json* data = answer->is_object() ? get_object(*answer, "data") : nullptr;
  if (data && data->contains("status")) {  // a direct order answers with the full order
    auto order = read_envelope<WireOrder>(*answer, http_status);
    if (!order) return std::move(order).error();
    return to_domain(order->data, *data, order_kind_of(request));
  }
  auto page = read_envelope<WirePaymentPage>(*answer, http_status);
  if (!page) return std::move(page).error();
  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = page->data.order_id.value_or(std::string(order_id_of(request, ctx).value));
  link.reference = link.id;
  link.url = page->data.payment_url;
  link.status = LinkStatus::open;
  link.amount = charged_amount(request);
  link.description = request.description;
  link.items = request.items;
  for (const auto& [key, value] : request.metadata) {
    if (!value.empty()) link.metadata[key] = value;
  }
  if (page->data.session_id) link.vendor_fields["session_id"] = *page->data.session_id;
  link.raw_json = dump_json(answer->at("data"));
  return link;
}

Result<PaymentLink> decode_order(std::string_view body, int http_status, OrderKind kind) {
  auto answer = parse_json(body, kProvider, http_status);
  if (!answer) return std::move(answer).error();
  auto order = read_envelope<WireOrder>(*answer, http_status);
  if (!order) return std::move(order).error();
  return to_domain(order->data, answer->at("data"), kind);
}

Result<PaymentLink> decode_cancel(std::string_view body, int http_status, std::string_view id) {
  auto answer = parse_json(body, kProvider, http_status);
  if (!answer) return std::move(answer).error();
  const Json* data = answer->is_object() ? get_object(*answer, "data") : nullptr;
  if (data && data->contains("status")) {
    auto order = read_envelope<WireOrder>(*answer, http_status);
    if (!order) return std::move(order).error();
    return to_domain(order->data, *data, OrderKind::payment_page);
  }
  auto empty = read_envelope<WireNoOrder>(*answer, http_status);
  if (!empty) return std::move(empty).error();
  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = std::string(id);
  link.reference = link.id;
  link.status = LinkStatus::canceled;
  link.raw_status = "cancelled";  // [I] the status we set; the documented answer carries no order
  link.raw_json = dump_json(answer->at("data"));
  return link;
}

Result<PaymentLink> decode_notification(std::string_view body) {
  auto answer = parse_json(body, kProvider);
  if (!answer) return std::move(answer).error();
  auto order = read_wire<WireOrder>(*answer, kProvider);
  if (!order) return std::move(order).error();
  return to_domain(*order, *answer, OrderKind::payment_page);
}

std::optional<WireError> decode_error_body(std::string_view body) {
  auto answer = parse_json(body, kProvider);
  if (!answer || !answer->is_object()) return std::nullopt;
  const Json& j = *answer;
  const auto success = j.find("success");
  const bool refused = success != j.end() && success->is_boolean() && !success->get<bool>();
  const bool succeeded = success != j.end() && success->is_boolean() && success->get<bool>();
  const auto code = j.find("error_code");
  const bool has_code = code != j.end() && !code->is_null();
  if (!refused && (succeeded || !has_code)) return std::nullopt;

  WireError w;
  if (has_code && code->is_number_integer()) {
    w.code = code->dump();
    w.number = get_int(j, "error_code");
  } else if (has_code && code->is_string()) {
    w.code = bounded_text(code->get<std::string>(), 40);
    if (!w.code.empty() && w.code.size() <= 12 && w.code.find_first_not_of("0123456789") == std::string::npos) {
      w.number = std::stoll(w.code);
    }
  }
  w.info = get_string(j, "error_info").value_or("");
  return w;
}

// --- Private builders ----------------------------------------------------------------------------------

namespace {

// Text that must be valid UTF-8 of at most `max` characters (0 = no limit); `required` refuses empty.
std::optional<Error> check_text(std::string_view value, std::string_view field, std::size_t max, bool required) {
  if (value.empty()) {
    if (required) return Error::validation(std::string(field), fmt::format("{} is required by MultiSafepay", field));
    return std::nullopt;
  }
  const auto length = utf8_code_points(value);
  if (!length) return Error::validation(std::string(field), fmt::format("{} is not valid UTF-8", field));
  if (max != 0 && *length > max) {
    return Error::validation(std::string(field),
                             fmt::format("{} is {} characters; MultiSafepay takes at most {}", field, *length, max));
  }
  return std::nullopt;
}

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// The vendor accepts URLs of ASCII letters, digits and "-_.:/" only [C: docs webhook.md]; we add "?&=#"
// and "%XX" because its own examples carry queries ("...notification?type=redirect") [I].
std::optional<Error> check_url(std::string_view url, std::string_view field, UrlUse use) {
  if (url.empty()) return std::nullopt;
  const bool https = url.rfind("https://", 0) == 0;
  if (!https && url.rfind("http://", 0) != 0) {
    return Error::validation(std::string(field), fmt::format("{} must be an http(s) URL", field));
  }
  constexpr std::string_view kPunctuation = "-_.:/?&=%#";
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (!is_ascii_alnum(c) && kPunctuation.find(c) == std::string_view::npos) {
      return Error::validation(
          std::string(field),
          fmt::format("{} has a character MultiSafepay refuses at position {}; URLs may hold only ASCII letters, "
                      "digits and - _ . : / ? & = % # (percent-encode anything else)",
                      field, i));
    }
    if (c == '%' && (i + 2 >= url.size() || !is_hex(url[i + 1]) || !is_hex(url[i + 2]))) {
      return Error::validation(std::string(field),
                               fmt::format("{} has a '%' not followed by two hex digits at position {}", field, i));
    }
  }
  const std::string_view host = url_host(url);
  if (host.empty()) return Error::validation(std::string(field), fmt::format("{} has no host", field));
  if (use == UrlUse::webhook && !is_loopback_host(host)) {
    // The vendor delivers notifications over HTTPS only, to URLs without a port number [C: webhook.md].
    if (!https) return Error::validation(std::string(field), fmt::format("{} must be https", field));
    const std::string_view rest = url.substr(8);
    if (rest.substr(0, rest.find_first_of("/?#")).find(':') != std::string_view::npos) {
      return Error::validation(std::string(field), fmt::format("{} must not carry a port number", field));
    }
  }
  return std::nullopt;
}

// Token payments and order types [C: recurring-initial.json, recurring-subsequent.json].
std::optional<Error> check_token_payment(const CreateLinkRequest& request) {
  const MultiSafepayOptions& o = request.multisafepay;
  const bool subsequent = !o.recurring_id.empty();
  const bool recurring = subsequent || o.recurring_model != MultiSafepayRecurringModel::none;
  if (subsequent && !std::all_of(o.recurring_id.begin(), o.recurring_id.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u > 0x20 && u < 0x7f;
      })) {
    return Error::validation("multisafepay.recurring_id", "recurring_id must be printable ASCII without spaces");
  }
  if (o.type == MultiSafepayOrderType::direct && !subsequent) {
    return Error::validation("multisafepay.recurring_id",
                             "a direct order is sent only as a token payment and needs a recurring_id");
  }
  if (recurring && o.type == MultiSafepayOrderType::paymentlink) {
    return Error::validation("multisafepay.type",
                             "a token payment must be of type direct or redirect, not paymentlink");
  }
  if (subsequent && o.recurring_model == MultiSafepayRecurringModel::none) {
    return Error::validation("multisafepay.recurring_model",
                             "a token payment needs a recurring_model (cardOnFile, subscription or unscheduled)");
  }
  if (recurring && request.customer.reference.empty()) {
    return Error::validation("customer.reference", "MultiSafepay requires customer.reference for token payments");
  }
  return std::nullopt;
}

std::optional<Error> check_customer(const Customer& c) {
  if (auto e = check_text(c.reference, "customer.reference", 0, false)) return e;
  if (auto e = check_text(c.email, "customer.email", kEmailMaxLength, false)) return e;
  if (auto e = check_text(c.first_name, "customer.first_name", 0, false)) return e;
  if (auto e = check_text(c.last_name, "customer.last_name", 0, false)) return e;
  if (!c.locale.empty() && !is_locale(c.locale)) {
    return Error::validation("customer.locale", "customer.locale must look like \"en_US\"");
  }
  return std::nullopt;
}

// Only var1..var3 exist.
std::optional<Error> check_metadata(const std::map<std::string, std::string>& metadata) {
  for (const auto& [key, value] : metadata) {
    const std::string field = "metadata." + key;
    if (key != "var1" && key != "var2" && key != "var3") {
      return Error::validation(field, fmt::format("MultiSafepay stores only metadata keys var1, var2 and var3, not "
                                                  "\"{}\"",
                                                  bounded_text(key, 40)));
    }
    if (auto e = check_text(value, field, kVarMaxLength, false)) return e;
  }
  return std::nullopt;
}

// The amount a create charges, checked: `amount`, or the sum of the items; both given must agree (the
// vendor checks the cart against the amount [C: errors 1025-1031]); positive (error 1001 otherwise).
Result<Money> checked_amount(const CreateLinkRequest& request) {
  if (request.items.empty()) {
    if (!request.amount) return Error::validation("amount", "give an amount or line items");
    if (!request.amount->currency().is_set()) return Error::validation("amount", "amount has no currency");
    if (!request.amount->is_positive()) {
      return Error::validation("amount", "amount must be at least one minor unit (MultiSafepay error 1001)");
    }
    return *request.amount;
  }
  const Currency currency = request.amount ? request.amount->currency() : request.items.front().unit_price.currency();
  if (!currency.is_set()) {
    return Error::validation(request.amount ? "amount" : "items[0].unit_price", "the amount has no currency");
  }
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const LineItem& item = request.items[i];
    const std::string at = fmt::format("items[{}]", i);
    if (auto e = check_text(item.title, at + ".title", 0, true)) return *e;
    if (auto e = check_text(item.description, at + ".description", 0, false)) return *e;
    if (item.quantity < 1) {
      return Error::validation(at + ".quantity", fmt::format("{}.quantity must be at least 1", at));
    }
    if (item.unit_price.currency() != currency) {
      return Error::validation(at + ".unit_price",
                               fmt::format("{}.unit_price is in {}, the order in {}", at,
                                           item.unit_price.currency().is_set() ? item.unit_price.currency().code()
                                                                               : std::string_view("no currency"),
                                           currency.code()));
    }
  }
  std::size_t overflow_at = 0;
  const auto total = items_total(request.items, &overflow_at);
  if (!total) return Error::validation(fmt::format("items[{}]", overflow_at), "the sum of the items overflows");
  const Money sum = Money::of(*total, currency);
  if (request.amount && *request.amount != sum) {
    return Error::validation("items", fmt::format("the items add up to {}, the amount is {}; MultiSafepay refuses a "
                                                  "shopping cart that differs from the amount",
                                                  sum.to_string(), request.amount->to_string()));
  }
  if (!sum.is_positive()) {
    return Error::validation("amount", "amount must be at least one minor unit (MultiSafepay error 1001)");
  }
  return sum;
}

// Σ unit price × quantity in minor units, or nullopt with `*overflow_at` = the line where it overflows.
std::optional<std::int64_t> items_total(const std::vector<LineItem>& items, std::size_t* overflow_at) {
  std::int64_t total = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::int64_t line = 0;
    if (__builtin_mul_overflow(items[i].unit_price.minor_units(), items[i].quantity, &line) ||
        __builtin_add_overflow(total, line, &total)) {
      if (overflow_at) *overflow_at = i;
      return std::nullopt;
    }
  }
  return total;
}

bool is_locale(std::string_view s) {
  const auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  return s.size() == 5 && lower(s[0]) && lower(s[1]) && s[2] == '_' && upper(s[3]) && upper(s[4]);
}

// A member that the vendor sends as a string or an integer ("order_id": 1588947171), as text; anything
// else is a wrong type.
void read_text(const Json& object, const char* key, std::optional<std::string>& out) {
  if (!object.is_object()) throw_wire_type_error(object, "must be an object");
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return;
  if (it->is_string()) {
    out = it->get<std::string>();
  } else if (it->is_number_integer()) {
    out = it->dump();
  } else {
    throw_wire_type_error(*it, fmt::format("must be a string or an integer, but is {}", it->type_name()));
  }
}

// As read_text, but a member of another type is left out: for what only goes into vendor_fields.
void read_lenient_text(const Json& object, const char* key, std::optional<std::string>& out) {
  const auto it = object.find(key);
  if (it == object.end()) return;
  if (it->is_string()) out = it->get<std::string>();
  if (it->is_number_integer()) out = it->dump();
}

// The vendor echoes unit prices with up to ten decimals ("242.9300000000"): zeros beyond the currency's
// exponent are dropped, then the text is parsed exactly. Anything else is nullopt.
std::optional<Money> echoed_price(std::string text, const Currency& currency) {
  const auto dot = text.find('.');
  if (dot != std::string::npos) {
    while (text.size() - dot - 1 > static_cast<std::size_t>(currency.exponent()) && text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  auto money = Money::parse(text, currency.code());
  if (!money) return std::nullopt;
  return *money;
}

// The basket as the vendor reports it; empty when any line cannot be read exactly (raw_json keeps it).
std::vector<LineItem> cart_items(const std::vector<WireCartLine>& lines, const Currency& currency) {
  std::vector<LineItem> items;
  for (const WireCartLine& line : lines) {
    const auto unit = echoed_price(line.unit_price, currency);
    if (!unit) return {};
    LineItem item;
    item.title = line.name;
    item.quantity = line.quantity;
    item.unit_price = *unit;
    item.description = line.description;
    items.push_back(std::move(item));
  }
  return items;
}

PaymentLink to_domain(const WireOrder& order, const Json& source, OrderKind kind) {
  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = order.order_id;
  link.reference = order.order_id;
  link.raw_status = order.status;
  link.status = map_status(order.status, kind);
  Currency currency;
  if (order.currency) {
    if (auto parsed = Currency::from_code(*order.currency)) currency = *parsed;
  }
  if (order.amount && currency.is_set()) link.amount = Money::of(*order.amount, currency);
  if (order.description) link.description = *order.description;
  if (order.payment_url) link.url = *order.payment_url;
  // Times without a zone, read as UTC; an unreadable time is left out (raw_json keeps it).
  if (order.created) link.created_at = parse_iso8601(*order.created);
  if (order.completed) link.completed_at = parse_iso8601(*order.completed);
  for (std::size_t i = 0; i < order.vars.size(); ++i) {
    if (order.vars[i] && !order.vars[i]->empty()) link.metadata[fmt::format("var{}", i + 1)] = *order.vars[i];
  }
  if (order.cart && currency.is_set()) link.items = cart_items(*order.cart, currency);
  if (order.modified) link.vendor_fields["modified"] = *order.modified;
  if (order.financial_status) link.vendor_fields["financial_status"] = *order.financial_status;
  if (order.transaction_id) link.vendor_fields["transaction_id"] = *order.transaction_id;
  if (order.session_id) link.vendor_fields["session_id"] = *order.session_id;
  if (order.reason && !order.reason->empty()) link.vendor_fields["reason"] = *order.reason;
  if (order.payment_details.type) link.vendor_fields["payment_type"] = *order.payment_details.type;
  if (order.payment_details.recurring_id) link.vendor_fields["recurring_id"] = *order.payment_details.recurring_id;
  link.raw_json = dump_json(source);
  return link;
}
}  // namespace
}  // namespace paylink::detail::multisafepay
