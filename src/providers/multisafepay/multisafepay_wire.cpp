// MultiSafepay wire: validation and JSON mapping of orders. See multisafepay_wire.hpp for the sources.
#include "providers/multisafepay/multisafepay_wire.hpp"

#include <cctype>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "core/json.hpp"
#include "core/json_document.hpp"
#include "core/json_writer.hpp"
#include "core/time_format.hpp"
#include "core/url.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::msp {
namespace {

// --- Declaration of the vendor's request shapes ----------------------------------------------------

std::string_view type_word(MultiSafepayOrderType type) {
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

std::string_view recurring_model_word(MultiSafepayRecurringModel model) {
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

// The one place that knows how a basket line is written. Shape from OpenAPI schemas/Item.yaml
// (name, description, unit_price, quantity, merchant_item_id, ...). unit_price is sent as a decimal
// string in major units ("50.00"), as the vendor's PHP SDK does (CartItem.php, toDecimalString) and as
// the API echoes it back ("unit_price":"50.00"); OpenAPI examples show a JSON number, which we cannot
// write exactly without floating point. [I] merchant_item_id is not sent: LineItem has no item id, and
// the vendor requires it only for BNPL gateways. vat_rate is not sent: it needs checkout_options tax
// tables, which paylink does not model.
void write_cart_item(JsonWriter& out, const LineItem& item) {
  out.begin_object();
  if (!item.description.empty()) out.member("description", item.description);
  out.member("name", item.title).member("quantity", item.quantity).member("unit_price", item.unit_price.to_decimal());
  out.end_object();
}

// --- Private builders, defined at the end of the file ---------------------------------------------

enum class UrlUse { page, webhook };

std::optional<Error> check_text(std::string_view value, std::string_view field, std::size_t max, bool required);
std::optional<Error> check_url(std::string_view url, std::string_view field, UrlUse use);
std::optional<Error> check_order_id_text(std::string_view id, std::string_view field);
bool checked_add(std::int64_t a, std::int64_t b, std::int64_t& out);
bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out);
bool is_locale(std::string_view s);
bool is_token_text(std::string_view s);
bool is_alnum_ascii(std::string_view s);
std::optional<std::string> string_or_integer(JsonNode object, std::string_view key);
std::vector<LineItem> read_cart(JsonNode order, const Currency& currency);

}  // namespace

// --- Public: status words ---------------------------------------------------------------------------

LinkStatus link_status_for(std::string_view word) noexcept {
  for (const auto& entry : kStatusWords) {
    if (entry.word == word) return entry.status;
  }
  return LinkStatus::unknown;
}

// --- Public: create ---------------------------------------------------------------------------------

Result<std::string> order_id_for(const CreateLinkRequest& request, const CallContext& ctx) {
  if (!request.reference.empty()) {
    if (auto e = check_order_id_text(request.reference, "reference")) return *e;
    return request.reference;
  }
  if (ctx.idempotency_key.empty()) {
    return Error::validation("reference", "MultiSafepay needs an order_id: give a reference or an idempotency key");
  }
  if (auto e = check_order_id_text(ctx.idempotency_key, "idempotency_key")) return *e;
  return ctx.idempotency_key;
}

Result<Money> order_amount(const CreateLinkRequest& request) {
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
  std::int64_t total = 0;
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const LineItem& item = request.items[i];
    const std::string at = fmt::format("items[{}]", i);
    if (auto e = check_text(item.title, at + ".title", 0, true)) return *e;
    if (auto e = check_text(item.description, at + ".description", 0, false)) return *e;
    if (item.quantity < 1)
      return Error::validation(at + ".quantity", fmt::format("{}.quantity must be at least 1", at));
    if (item.unit_price.currency() != currency) {
      return Error::validation(at + ".unit_price",
                               fmt::format("{}.unit_price is in {}, the order in {}", at,
                                           item.unit_price.currency().is_set() ? item.unit_price.currency().code()
                                                                               : std::string_view("no currency"),
                                           currency.code()));
    }
    std::int64_t line = 0;
    if (!checked_mul(item.unit_price.minor_units(), item.quantity, line) || !checked_add(total, line, total)) {
      return Error::validation(at, "the sum of the items overflows");
    }
  }
  const Money sum = Money::of(total, currency);
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

Result<std::string> create_order_body(const CreateLinkRequest& request, std::string_view order_id) {
  const MultiSafepayOptions& o = request.multisafepay;
  auto amount = order_amount(request);
  if (!amount) return std::move(amount).error();
  if (auto e = check_text(request.description, "description", kDescriptionMaxLength, true)) return *e;

  // Token payments and order types.
  const bool subsequent = !o.recurring_id.empty();
  const bool recurring = subsequent || o.recurring_model != MultiSafepayRecurringModel::none;
  if (subsequent && !is_token_text(o.recurring_id)) {
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
  if (!o.gateway.empty() && (!is_alnum_ascii(o.gateway) || o.gateway.size() > 50)) {
    return Error::validation("multisafepay.gateway", "gateway must be a gateway id of ASCII letters and digits");
  }
  if (request.reusable) {
    return Error::validation("reusable", "a MultiSafepay order is paid once; reusable links are not supported");
  }

  // Lifetime.
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

  // URLs.
  if (auto e = check_url(request.return_url, "return_url", UrlUse::page)) return *e;
  if (auto e = check_url(o.cancel_url, "multisafepay.cancel_url", UrlUse::page)) return *e;
  if (auto e = check_url(o.notification_url, "multisafepay.notification_url", UrlUse::webhook)) return *e;

  // Customer.
  const Customer& c = request.customer;
  if (auto e = check_text(c.reference, "customer.reference", 0, false)) return *e;
  if (auto e = check_text(c.email, "customer.email", kEmailMaxLength, false)) return *e;
  if (auto e = check_text(c.first_name, "customer.first_name", 0, false)) return *e;
  if (auto e = check_text(c.last_name, "customer.last_name", 0, false)) return *e;
  if (!c.locale.empty() && !is_locale(c.locale)) {
    return Error::validation("customer.locale", "customer.locale must look like \"en_US\"");
  }

  // Metadata: only var1..var3 exist.
  for (const auto& [key, value] : request.metadata) {
    const std::string field = "metadata." + key;
    if (key != "var1" && key != "var2" && key != "var3") {
      return Error::validation(field, fmt::format("MultiSafepay stores only metadata keys var1, var2 and var3, not "
                                                  "\"{}\"",
                                                  bounded_text(key, 40)));
    }
    if (auto e = check_text(value, field, kVarMaxLength, false)) return *e;
  }

  // Build: only what has a value, the members of each object in byte order of their names (the order
  // paylink has always sent; MultiSafepay does not mind).
  JsonWriter out;
  out.begin_object();
  out.member("amount", amount->minor_units()).member("currency", amount->currency().code());
  if (!c.email.empty() || !c.first_name.empty() || !c.last_name.empty() || !c.locale.empty() || !c.reference.empty()) {
    out.key("customer").begin_object();
    if (!c.email.empty()) out.member("email", c.email);
    if (!c.first_name.empty()) out.member("first_name", c.first_name);
    if (!c.last_name.empty()) out.member("last_name", c.last_name);
    if (!c.locale.empty()) out.member("locale", c.locale);
    if (!c.reference.empty()) out.member("reference", c.reference);
    out.end_object();
  }
  out.member("description", request.description);
  if (!o.gateway.empty()) out.member("gateway", o.gateway);
  out.member("order_id", order_id);
  if (!o.notification_url.empty() || !request.return_url.empty() || !o.cancel_url.empty() || o.close_window) {
    out.key("payment_options").begin_object();
    if (!o.cancel_url.empty()) out.member("cancel_url", o.cancel_url);
    if (o.close_window) out.member("close_window", true);
    if (!o.notification_url.empty()) {
      // POST notifications carry the signed order; GET ones do not.
      out.member("notification_method", "POST").member("notification_url", o.notification_url);
    }
    if (!request.return_url.empty()) out.member("redirect_url", request.return_url);
    out.end_object();
  }
  if (subsequent) out.member("recurring_id", o.recurring_id);
  if (o.recurring_model != MultiSafepayRecurringModel::none) {
    out.member("recurring_model", recurring_model_word(o.recurring_model));
  }
  if (request.lifetime) out.member("seconds_active", static_cast<std::int64_t>(request.lifetime->count()));
  if (!request.items.empty()) {
    out.key("shopping_cart").begin_object().key("items").begin_array();
    for (const auto& item : request.items) write_cart_item(out, item);
    out.end_array().end_object();
  }
  out.member("type", type_word(o.type));
  for (const auto& [key, value] : request.metadata) {  // var1..var3, after "type"
    if (!value.empty()) out.member(key, value);
  }
  out.end_object();
  return std::move(out).take();
}

Result<PaymentLink> link_from_create_response(JsonNode data, const CreateLinkRequest& request,
                                              std::string_view order_id, const Money& amount) {
  if (!data.is_object()) return invalid_response(kProvider, "create response data is not an object");
  if (data.find("status")) return link_from_order(data);  // a direct order answers with the full order

  bool wrong = false;
  const auto url = get_string(data, "payment_url", &wrong);
  const auto session = get_string(data, "session_id", &wrong);
  if (wrong) return invalid_response(kProvider, "create response has fields of the wrong type");
  if (!url || url->empty())
    return invalid_response(kProvider, "create response has neither a status nor a payment_url");

  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = string_or_integer(data, "order_id").value_or(std::string(order_id));
  link.reference = link.id;
  link.url = *url;
  // [I] The vendor answers a redirect or paymentlink create with the payment page only; a new order is
  // "initialized", i.e. open. raw_status stays empty because the vendor did not say it.
  link.status = LinkStatus::open;
  link.amount = amount;
  link.description = request.description;
  link.items = request.items;
  for (const auto& [key, value] : request.metadata) {
    if (!value.empty()) link.metadata[key] = value;
  }
  if (session) link.vendor_fields["session_id"] = *session;
  link.raw_json = std::string(data.raw());  // the vendor's own text
  return link;
}

// --- Public: get, cancel ----------------------------------------------------------------------------

Result<std::string> checked_order_id(std::string_view id, std::string_view field) {
  if (auto e = check_order_id_text(id, field)) return *e;
  return std::string(id);
}

std::string cancel_order_body() {
  JsonWriter out;
  out.begin_object().member("exclude_order", true).member("status", "cancelled").end_object();
  return std::move(out).take();
}

Result<PaymentLink> link_from_order(JsonNode order) {
  if (!order.is_object()) return invalid_response(kProvider, "order is not a JSON object");
  PaymentLink link;
  link.provider = std::string(kProvider);

  const auto id = string_or_integer(order, "order_id");
  if (!id || id->empty()) return invalid_response(kProvider, "order has no order_id");
  link.id = *id;
  link.reference = *id;

  bool wrong = false;
  const auto status = get_string(order, "status", &wrong);
  if (!status) return invalid_response(kProvider, "order has no status word");
  link.raw_status = *status;
  link.status = link_status_for(*status);

  const auto minor = get_int(order, "amount", &wrong);
  const auto currency = get_string(order, "currency", &wrong);
  const auto description = get_string(order, "description", &wrong);
  const auto url = get_string(order, "payment_url", &wrong);
  const auto created = get_string(order, "created", &wrong);
  const auto completed = get_string(order, "completed", &wrong);
  const auto modified = get_string(order, "modified", &wrong);
  std::array<std::optional<std::string>, 3> vars{get_string(order, "var1", &wrong), get_string(order, "var2", &wrong),
                                                 get_string(order, "var3", &wrong)};
  if (wrong) return invalid_response(kProvider, "order has fields of the wrong type");

  Currency order_currency;
  if (currency) {
    if (auto parsed = Currency::from_code(*currency)) order_currency = *parsed;
  }
  if (minor && order_currency.is_set()) link.amount = Money::of(*minor, order_currency);
  if (description) link.description = *description;
  if (url) link.url = *url;
  // Times without a zone, read as UTC; an unreadable time is left out (raw_json keeps it).
  if (created) link.created_at = parse_iso8601(*created);
  if (completed) link.completed_at = parse_iso8601(*completed);
  if (modified) link.vendor_fields["modified"] = *modified;
  for (std::size_t i = 0; i < vars.size(); ++i) {
    if (vars[i] && !vars[i]->empty()) link.metadata[fmt::format("var{}", i + 1)] = *vars[i];
  }
  link.items = read_cart(order, order_currency);

  if (const auto financial = get_string(order, "financial_status")) link.vendor_fields["financial_status"] = *financial;
  if (const auto transaction = string_or_integer(order, "transaction_id")) {
    link.vendor_fields["transaction_id"] = *transaction;
  }
  if (const auto session = get_string(order, "session_id")) link.vendor_fields["session_id"] = *session;
  if (const auto reason = get_string(order, "reason"); reason && !reason->empty()) {
    link.vendor_fields["reason"] = *reason;
  }
  if (const JsonNode details = get_object(order, "payment_details")) {
    if (const auto type = get_string(*details, "type")) link.vendor_fields["payment_type"] = *type;
    if (const auto token = get_string(*details, "recurring_id")) link.vendor_fields["recurring_id"] = *token;
  }
  link.raw_json = std::string(order.raw());  // the vendor's own text
  return link;
}

// --- Private builders ------------------------------------------------------------------------------

namespace {

// --- Checks -----------------------------------------------------------------------------------------

bool has_control(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

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

bool is_url_char(char c) {
  if (std::isalnum(static_cast<unsigned char>(c))) return true;
  switch (c) {
    case '-':
    case '_':
    case '.':
    case ':':
    case '/':
    case '?':
    case '&':
    case '=':
    case '%':
    case '#':
      return true;
    default:
      return false;
  }
}

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }

// The vendor accepts URLs of ASCII letters, digits and "-_.:/" only; we add "?&=#" and "%XX" because its
// own examples carry queries ("...notification?type=redirect"). Anything else must be percent-encoded.
std::optional<Error> check_url(std::string_view url, std::string_view field, UrlUse use) {
  if (url.empty()) return std::nullopt;
  const bool https = url.rfind("https://", 0) == 0;
  const bool http = url.rfind("http://", 0) == 0;
  if (!https && !http) return Error::validation(std::string(field), fmt::format("{} must be an http(s) URL", field));
  for (std::size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    if (!is_url_char(c)) {
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
    // The vendor delivers notifications over HTTPS only, to URLs without a port number.
    if (!https) return Error::validation(std::string(field), fmt::format("{} must be https", field));
    const std::string_view rest = url.substr(8);
    const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find(':') != std::string_view::npos) {
      return Error::validation(std::string(field), fmt::format("{} must not carry a port number", field));
    }
  }
  return std::nullopt;
}

std::optional<Error> check_order_id_text(std::string_view id, std::string_view field) {
  if (id.empty()) return Error::validation(std::string(field), fmt::format("{} (the order_id) is empty", field));
  if (auto e = check_text(id, field, kOrderIdMaxLength, true)) return e;
  if (has_control(id) || id.find_first_of("/?#") != std::string_view::npos) {
    return Error::validation(std::string(field),
                             fmt::format("{} (the order_id) must not hold control characters, '/', '?' or '#'", field));
  }
  return std::nullopt;
}

bool checked_add(std::int64_t a, std::int64_t b, std::int64_t& out) {
  if ((b > 0 && a > std::numeric_limits<std::int64_t>::max() - b) ||
      (b < 0 && a < std::numeric_limits<std::int64_t>::min() - b)) {
    return false;
  }
  out = a + b;
  return true;
}

bool checked_mul(std::int64_t a, std::int64_t b, std::int64_t& out) {
  // b is a quantity (>= 1) here.
  if (b <= 0) return false;
  if (a > std::numeric_limits<std::int64_t>::max() / b || a < std::numeric_limits<std::int64_t>::min() / b) {
    return false;
  }
  out = a * b;
  return true;
}

bool is_locale(std::string_view s) {
  return s.size() == 5 && std::islower(static_cast<unsigned char>(s[0])) &&
         std::islower(static_cast<unsigned char>(s[1])) && s[2] == '_' &&
         std::isupper(static_cast<unsigned char>(s[3])) && std::isupper(static_cast<unsigned char>(s[4]));
}

bool is_token_text(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) return false;
  }
  return true;
}

bool is_alnum_ascii(std::string_view s) {
  for (const char c : s) {
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// --- Readers ----------------------------------------------------------------------------------------

// A string or integer field as text (order_id and transaction_id come as either); nullopt otherwise.
std::optional<std::string> string_or_integer(JsonNode object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  const JsonNode it = object.find(key);
  if (!it) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return it->dump();
  return std::nullopt;
}

// The vendor echoes unit prices with up to ten decimals ("242.9300000000"): drop zeros beyond the
// currency's exponent, then parse exactly. Anything else (a float, a non-zero extra digit) is nullopt.
std::optional<Money> vendor_decimal(JsonNode value, const Currency& currency) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (value.is_number_integer()) {
    text = value.dump();
  } else {
    return std::nullopt;
  }
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
std::vector<LineItem> read_cart(JsonNode order, const Currency& currency) {
  std::vector<LineItem> items;
  const JsonNode cart = get_object(order, "shopping_cart");
  const JsonNode lines = cart ? get_array(cart, "items") : JsonNode();
  if (!lines || !currency.is_set()) return items;
  for (const JsonNode line : children(lines)) {
    if (!line.is_object()) return {};
    LineItem item;
    const auto name = get_string(line, "name");
    const auto price = line.find("unit_price");
    const auto quantity = line.find("quantity");
    if (!name || price == line.end() || quantity == line.end()) return {};
    const auto unit = vendor_decimal(*price, currency);
    if (!unit) return {};
    if (quantity->is_number_integer()) {
      item.quantity = quantity->get<std::int64_t>();
    } else if (quantity->is_string()) {
      const auto q = quantity->get<std::string>();
      if (q.empty() || q.size() > 12) return {};
      for (const char c : q) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return {};
      }
      item.quantity = std::stoll(q);
    } else {
      return {};
    }
    item.title = *name;
    item.unit_price = *unit;
    if (const auto description = get_string(line, "description")) item.description = *description;
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace
}  // namespace paylink::detail::msp
