#include "providers/qonto/qonto_wire.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/base_url.hpp"
#include "core/header_value.hpp"
#include "core/time_format.hpp"
#include "core/url.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::qonto {
namespace {

// Private builders, defined at the end of the file.
std::optional<int> vat_hundredths(std::string_view percent);
std::optional<Error> check_common(const CreateLinkRequest& request);
std::optional<Error> check_basket(const CreateLinkRequest& request);
std::optional<Error> check_invoice(const CreateLinkRequest& request);
WireItem wire_item(const LineItem& item, std::string_view default_vat_rate);
WireItem item_from_amount(const CreateLinkRequest& request);
void read_time(const Json& object, const char* key, std::optional<Timestamp>& out);
void read_vat_rate(const Json& object, std::string& out);
void read_non_empty(const Json& object, const char* key, std::string& out);
template <std::size_t N>
Result<std::string> list_query(const ListQuery& query, const std::array<std::string_view, N>& sort_fields,
                               const std::vector<std::string_view>& status_words,
                               std::optional<std::string_view> (*neutral_word)(LinkStatus));
PaymentLink to_domain(WireLink wire);
LinkPayment to_domain(WirePayment wire);
std::string next_cursor(const std::optional<WirePageMeta>& meta);
std::string shown(std::string_view text) { return bounded_text(text, 40); }

}  // namespace

// --- The vendor's words ----------------------------------------------------------------------------

std::string wire_vat_rate(std::string_view percent) { return std::string(percent); }

Result<Money> basket_total(const std::vector<LineItem>& items, std::string_view default_vat_rate) {
  if (items.empty()) return Error::validation("items", "a basket needs at least one item");
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const auto too_large = [] {
    return Error::validation("items", "the basket's total is too large to represent exactly");
  };
  std::int64_t total = 0;
  for (const auto& item : items) {
    const auto vat = vat_hundredths(item.vat_rate.empty() ? default_vat_rate : std::string_view(item.vat_rate));
    const std::int64_t unit = item.unit_price.minor_units();
    if (!vat || item.quantity < 0 || unit < 0) return Error::validation("items", "the basket has an invalid item");
    // gross = round_half_up(quantity × unit × (10000 + vat) / 10000), all in non-negative integers.
    const std::int64_t factor = 10000 + *vat;
    if (item.quantity != 0 && unit > kMax / item.quantity) return too_large();
    const std::int64_t net = item.quantity * unit;
    if (net != 0 && net > (kMax - 5000) / factor) return too_large();
    const std::int64_t gross = (net * factor + 5000) / 10000;
    if (gross > kMax - total) return too_large();
    total += gross;
  }
  return Money::of(total, items.front().unit_price.currency());
}

LinkStatus map_status(std::string_view word) noexcept {
  if (word == "open") return LinkStatus::open;
  if (word == "processing") return LinkStatus::pending;
  if (word == "paid") return LinkStatus::paid;
  if (word == "expired") return LinkStatus::expired;
  if (word == "canceled") return LinkStatus::canceled;
  return LinkStatus::unknown;
}

std::optional<std::string_view> status_word(LinkStatus status) noexcept {
  switch (status) {
    case LinkStatus::open:
      return "open";
    case LinkStatus::pending:
      return "processing";
    case LinkStatus::paid:
      return "paid";
    case LinkStatus::expired:
      return "expired";
    case LinkStatus::canceled:
      return "canceled";
    case LinkStatus::unknown:
      break;
  }
  return std::nullopt;
}

std::optional<std::string_view> payment_status_word(LinkStatus status) noexcept {
  if (status == LinkStatus::unknown) return std::nullopt;
  return to_string(status);  // open, pending, paid, expired, canceled: all words of kPaymentStatusWords
}

// --- Wire structs ----------------------------------------------------------------------------------

void to_json(Json& j, const WireMoney& w) {
  j["value"] = w.money.to_decimal();
  j["currency"] = std::string(w.money.currency().code());
}

void from_json(const Json& j, WireMoney& w) {
  std::string value;
  std::string currency;
  read_required(j, "value", value);
  read_required(j, "currency", currency);
  auto money = Money::parse(value, currency);
  if (!money) {
    throw_wire_type_error(j.at("value"),
                          fmt::format("\"{} {}\" is not an exact amount", shown(value), shown(currency)));
  }
  w.money = *money;
}

void to_json(Json& j, const WireItem& w) {
  j["title"] = w.title;
  j["quantity"] = w.quantity;
  j["unit_price"] = w.unit_price;
  j["vat_rate"] = wire_vat_rate(w.vat_rate);
  j["type"] = w.type;
  write_optional(j, "description", w.description);
  j["measure_unit"] = w.measure_unit;
}

void from_json(const Json& j, WireItem& w) {
  read_optional(j, "title", w.title);
  read_optional(j, "quantity", w.quantity);
  read_required(j, "unit_price", w.unit_price);
  read_vat_rate(j, w.vat_rate);
  read_optional(j, "type", w.type);
  read_optional(j, "description", w.description);
  read_optional(j, "measure_unit", w.measure_unit);
}

void to_json(Json& j, const WireCreateLink& w) {
  j["potential_payment_methods"] = w.potential_payment_methods;
  write_optional(j, "reusable", w.reusable);
  write_optional(j, "items", w.items);
  write_optional(j, "invoice_id", w.invoice_id);
  write_optional(j, "invoice_number", w.invoice_number);
  write_optional(j, "debitor_name", w.debitor_name);
  write_optional(j, "amount", w.amount);
  write_optional(j, "redirect_url", w.redirect_url);
}

void to_json(Json& j, const WireCreateRequest& w) { j["payment_link"] = w.payment_link; }

// Members are read in one fixed order, so the first bad one is named whatever the body's order.
void from_json(const Json& j, WireLink& w) {
  read_non_empty(j, "id", w.id);
  read_optional(j, "url", w.url);
  read_optional(j, "status", w.status);
  read_optional(j, "amount", w.amount);
  read_time(j, "created_at", w.created_at);
  read_time(j, "expiration_date", w.expiration_date);
  read_optional(j, "reusable", w.reusable);
  read_optional(j, "resource_type", w.resource_type);
  read_optional(j, "invoice_id", w.invoice_id);
  read_optional(j, "invoice_number", w.invoice_number);
  read_optional(j, "debitor_name", w.debitor_name);
  read_optional(j, "potential_payment_methods", w.potential_payment_methods);
  read_optional(j, "items", w.items);
  w.raw_json = dump_json(j);
}

void from_json(const Json& j, WireLinkEnvelope& w) { read_required(j, "payment_link", w.payment_link); }

void from_json(const Json& j, WirePageMeta& w) {
  read_optional(j, "current_page", w.current_page);
  read_optional(j, "next_page", w.next_page);
  // A next page that does not advance would make the client walk in circles.
  if (w.next_page && (*w.next_page < 1 || (w.current_page && *w.next_page <= *w.current_page))) {
    throw_wire_type_error(j.at("next_page"), fmt::format("next_page {} does not follow current_page {}", *w.next_page,
                                                         w.current_page.value_or(0)));
  }
}

void from_json(const Json& j, WireLinkPage& w) {
  read_required(j, "payment_links", w.payment_links);
  read_optional(j, "meta", w.meta);
}

void from_json(const Json& j, WirePayment& w) {
  read_non_empty(j, "id", w.id);
  read_optional(j, "amount", w.amount);
  read_optional(j, "status", w.status);
  read_optional(j, "payment_method", w.payment_method);
  read_optional(j, "debitor_email", w.debitor_email);
  read_time(j, "created_at", w.created_at);
  read_time(j, "paid_at", w.paid_at);
}

void from_json(const Json& j, WirePaymentPage& w) {
  read_required(j, "payments", w.payments);
  read_optional(j, "meta", w.meta);
}

void from_json(const Json& j, WirePaymentMethod& w) {
  read_non_empty(j, "name", w.name);
  read_optional(j, "enabled", w.enabled);
}

void from_json(const Json& j, WirePaymentMethods& w) {
  read_required(j, "payment_link_payment_methods", w.payment_link_payment_methods);
}

// Lenient where the envelope is not at stake: an error body is read for what it can tell.
void from_json(const Json& j, WireWebhookDelivery& w) {
  read_non_empty(j, "id", w.id);
  read_non_empty(j, "type", w.type);
  read_time(j, "created_at", w.created_at);
  if (const auto it = j.find("data"); it != j.end()) w.data = *it;
}

void from_json(const Json& j, WireWebhookLinkData& w) {
  read_optional(j, "event", w.event);
  read_optional(j, "status", w.status);
  read_non_empty(j, "payment_link_id", w.payment_link_id);
  read_optional(j, "amount", w.amount);
  read_time(j, "created_at", w.created_at);
  read_time(j, "updated_at", w.updated_at);
}

void from_json(const Json& j, WireError& w) {
  if (!j.is_object()) throw_wire_type_error(j, "must be an object");
  w.trace_id = get_string(j, "trace_id").value_or("");
  const Json* errors = get_array(j, "errors");
  if (errors && !errors->empty()) {
    w.count = errors->size();
    const Json& first = errors->front();
    if (first.is_string()) {
      w.detail = first.get<std::string>();
    } else if (first.is_object()) {
      const auto code = first.find("code");
      if (code != first.end() && code->is_string()) {
        w.code = code->get<std::string>();
      } else if (code != first.end() && code->is_number_integer()) {
        w.code = dump_json(*code);
      }
      w.detail = get_string(first, "detail").value_or(get_string(first, "title").value_or(""));
      if (const Json* source = get_object(first, "source")) {
        w.field = field_from_source(get_string(*source, "pointer").value_or(""),
                                    get_string(*source, "parameter").value_or(""));
      }
    } else {
      throw_wire_type_error(first, "is neither a string nor an object");
    }
    return;
  }
  if (const auto oauth = get_string(j, "error")) {
    w.count = 1;
    w.code = *oauth;
    w.detail = get_string(j, "error_description").value_or("");
    return;
  }
  throw_wire_type_error(j, "is neither {\"errors\": [...]} nor {\"error\": ...}");
}

// --- Domain ⇄ wire ---------------------------------------------------------------------------------

Result<std::string> encode_create_body(const CreateLinkRequest& request) {
  if (auto e = check_common(request)) return *e;
  const QontoOptions& options = request.qonto;
  WireCreateRequest wire;
  WireCreateLink& link = wire.payment_link;
  link.potential_payment_methods = options.payment_methods;
  if (link.potential_payment_methods.empty()) link.potential_payment_methods.emplace_back(kDefaultPaymentMethod);
  link.redirect_url = request.return_url;
  if (!options.invoice_id.empty()) {
    if (auto e = check_invoice(request)) return *e;
    link.invoice_id = options.invoice_id;
    link.invoice_number = options.invoice_number;
    link.debitor_name = options.debitor_name;
    link.amount = WireMoney{*request.amount};
  } else {
    if (auto e = check_basket(request)) return *e;
    link.reusable = request.reusable;
    if (request.items.empty()) {
      link.items.push_back(item_from_amount(request));
    } else {
      for (const auto& item : request.items) link.items.push_back(wire_item(item, options.default_vat_rate));
    }
  }
  return dump_json(wire);
}

Result<std::string> encode_list_query(const ListQuery& query) {
  static const std::vector<std::string_view> kWords = {"open", "processing", "paid", "expired", "canceled"};
  return list_query(query, kLinkSortFields, kWords, &status_word);
}

Result<std::string> encode_payments_query(const ListQuery& query) {
  static const std::vector<std::string_view> kWords(kPaymentStatusWords.begin(), kPaymentStatusWords.end());
  return list_query(query, kPaymentSortFields, kWords, &payment_status_word);
}

Result<PaymentLink> decode_link_envelope(std::string_view body, int http_status) {
  auto wire = decode_wire<WireLinkEnvelope>(body, kProvider, http_status);
  if (!wire) return std::move(wire).error();
  return to_domain(std::move(wire->payment_link));
}

Result<Page<PaymentLink>> decode_link_page(std::string_view body, int http_status) {
  auto wire = decode_wire<WireLinkPage>(body, kProvider, http_status);
  if (!wire) return std::move(wire).error();
  Page<PaymentLink> page;
  page.items.reserve(wire->payment_links.size());
  for (auto& link : wire->payment_links) page.items.push_back(to_domain(std::move(link)));
  page.next_cursor = next_cursor(wire->meta);
  return page;
}

Result<Page<LinkPayment>> decode_payment_page(std::string_view body, int http_status) {
  auto wire = decode_wire<WirePaymentPage>(body, kProvider, http_status);
  if (!wire) return std::move(wire).error();
  Page<LinkPayment> page;
  page.items.reserve(wire->payments.size());
  for (auto& payment : wire->payments) page.items.push_back(to_domain(std::move(payment)));
  page.next_cursor = next_cursor(wire->meta);
  return page;
}

Result<std::vector<PaymentMethod>> decode_payment_methods(std::string_view body, int http_status) {
  auto wire = decode_wire<WirePaymentMethods>(body, kProvider, http_status);
  if (!wire) return std::move(wire).error();
  std::vector<PaymentMethod> methods;
  for (auto& method : wire->payment_link_payment_methods) {
    methods.push_back(PaymentMethod{std::move(method.name), method.enabled});
  }
  return methods;
}

Result<std::optional<LinkEvent>> decode_webhook(std::string_view body, Timestamp signed_at) {
  auto json = parse_json(body, kProvider);
  if (!json) return std::move(json).error();
  auto delivery = read_wire<WireWebhookDelivery>(*json, kProvider);
  if (!delivery) return std::move(delivery).error();
  if (delivery->type != kLinkWebhookType) return std::optional<LinkEvent>{};
  if (!delivery->data.is_object()) return invalid_response(kProvider, "/data: a v1/payment-links delivery has no data");
  WireWebhookLinkData data;
  try {
    from_json(json->at("data"), data);
  } catch (const Json::exception& e) {
    return wire_error(kProvider, e);
  }
  LinkEvent event;
  event.provider = std::string(kProvider);
  event.link_id = std::move(data.payment_link_id);
  event.status = map_status(data.status);
  event.raw_status = std::move(data.status);
  if (data.amount) event.amount = data.amount->money;
  event.occurred_at = data.updated_at ? data.updated_at : delivery->created_at ? delivery->created_at : signed_at;
  event.event_id = std::move(delivery->id);
  event.raw_body = std::string(body);
  return std::optional<LinkEvent>(std::move(event));
}

void from_json(const Json& j, WireToken& w) {
  if (!j.is_object()) throw_wire_type_error(j, "must be an object");
  read_required(j, "access_token", w.access_token);
  read_optional(j, "token_type", w.token_type);
  read_required(j, "expires_in", w.expires_in);
  read_optional(j, "refresh_token", w.refresh_token);
  if (w.access_token.empty()) throw_wire_type_error(j.at("access_token"), "must not be empty");
  if (w.expires_in <= 0 || w.expires_in > kLongestTokenLifetimeSeconds) {
    throw_wire_type_error(j.at("expires_in"), fmt::format("must be a positive number of seconds, at most {}",
                                                          kLongestTokenLifetimeSeconds));
  }
}

std::string encode_refresh_form(std::string_view refresh_token, std::string_view client_id,
                                std::string_view client_secret) {
  return fmt::format("grant_type=refresh_token&refresh_token={}&client_id={}&client_secret={}",
                     url_encode(refresh_token), url_encode(client_id), url_encode(client_secret));
}

Result<WireToken> decode_token(std::string_view body, int http_status) {
  return decode_wire<WireToken>(body, kProvider, http_status);
}

std::optional<WireError> decode_error_body(std::string_view body) {
  auto wire = decode_wire<WireError>(body, kProvider);
  if (!wire) return std::nullopt;
  return std::move(*wire);
}

std::string field_from_source(std::string_view pointer, std::string_view parameter) {
  if (pointer.empty()) {
    if (parameter == "per_page") return "page_size";
    if (parameter == "page") return "cursor";
    if (parameter == kStatusFilterParam) return "status";
    if (parameter == "sort_by") return "sort_field";
    return bounded_text(parameter, 80);
  }
  // RFC 6901 segments; "~1" is '/', "~0" is '~'.
  std::vector<std::string> segments;
  for (std::size_t start = 0; start <= pointer.size();) {
    const auto end = std::min(pointer.find('/', start), pointer.size());
    std::string segment;
    const std::string_view raw = pointer.substr(start, end - start);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        segment += raw[i + 1] == '1' ? '/' : '~';
        ++i;
      } else {
        segment += raw[i];
      }
    }
    if (!segment.empty()) segments.push_back(std::move(segment));
    start = end + 1;
  }
  if (!segments.empty() && segments.front() == "payment_link") segments.erase(segments.begin());
  if (segments.empty()) return {};
  const std::string& head = segments.front();
  if (head == "potential_payment_methods") return "qonto.payment_methods";
  if (head == "invoice_id" || head == "invoice_number" || head == "debitor_name") return "qonto." + head;
  if (head == "redirect_url") return "return_url";

  std::string field;
  std::string previous;
  for (const auto& segment : segments) {
    const bool index = segment.find_first_not_of("0123456789") == std::string::npos;
    if (index) {
      field += "[" + segment + "]";
    } else if ((segment == "value" || segment == "currency") && (previous == "amount" || previous == "unit_price")) {
      // A money's parts are reported as the money itself ("items[0].unit_price", "amount").
    } else {
      if (!field.empty()) field += '.';
      field += segment;
    }
    previous = segment;
  }
  return bounded_text(field, 80);
}

// --- Private builders ------------------------------------------------------------------------------

namespace {

// The *_fault checks say why a value is refused and the caller names the field, so that a field's name
// (often formatted, "items[3].title") is built only for an error.
Error text_error(std::string_view field, std::string_view what) {
  return Error::validation(std::string(field), fmt::format("{} {}", field, what));
}

// A free-text field: present when `required`, and valid UTF-8 (Qonto speaks JSON).
std::optional<std::string_view> text_fault(std::string_view value, bool required) {
  if (required && value.empty()) return "is required";
  if (!is_valid_utf8(value)) return "is not valid UTF-8";
  return std::nullopt;
}

// A money the request sends: a currency and a positive (or, for items, non-negative) amount.
std::optional<std::string_view> money_fault(const Money& money, bool allow_zero) {
  if (!money.currency().is_set()) return "has no currency";
  if (money.minor_units() < 0 || (!allow_zero && money.minor_units() == 0)) {
    return allow_zero ? "must not be negative" : "must be positive";
  }
  return std::nullopt;
}

// A VAT rate that vat_hundredths refuses.
Error vat_error(std::string_view field, std::string_view percent) {
  return Error::validation(std::string(field), fmt::format("{} \"{}\" is not a percent between 0 and 100 with at "
                                                           "most {} decimals (e.g. \"21.0\")",
                                                           field, shown(percent), kMaxVatDecimals));
}

// [I] `redirect_url` is documented without a format: paylink sends only what a browser can safely be
// sent to, the base-URL rule (https, or plain http to a loopback host for local development).
std::optional<std::string_view> redirect_url_fault(std::string_view url) {
  if (!is_header_safe(url) || url.find(' ') != std::string_view::npos || !is_valid_utf8(url)) {
    return "contains a space or control character";
  }
  if (!is_allowed_scheme_and_host(url)) {
    return "must be an absolute https URL (plain http only to a loopback host), e.g. \"https://shop.example/thanks\"";
  }
  return std::nullopt;
}

// What both kinds of link send: payment methods and the redirect URL.
std::optional<Error> check_common(const CreateLinkRequest& request) {
  const auto& methods = request.qonto.payment_methods;
  for (std::size_t i = 0; i < methods.size(); ++i) {
    if (auto why = text_fault(methods[i], true)) return text_error(fmt::format("qonto.payment_methods[{}]", i), *why);
  }
  if (!request.return_url.empty()) {
    if (auto why = redirect_url_fault(request.return_url)) return text_error("return_url", *why);
  }
  return std::nullopt;
}

// A basket link's request, checked in the order of its fields; the body is then written from the
// request as it is, with the defaults filled in.
std::optional<Error> check_basket(const CreateLinkRequest& request) {
  const QontoOptions& options = request.qonto;
  if (request.items.empty()) {
    // A request with only an amount becomes one item: the description titles it; the amount is its unit
    // price before VAT at `default_vat_rate` (so with the default "0.0" the payer pays the amount).
    if (!request.amount) {
      return Error::validation("amount", "a Qonto basket link needs items, or an amount and a description");
    }
    if (auto why = money_fault(*request.amount, false)) return text_error("amount", *why);
    if (request.description.empty()) {
      return Error::validation("description", "description is required to title the one item made from the amount");
    }
    if (auto why = text_fault(request.description, true)) return text_error("description", *why);
    if (!vat_hundredths(options.default_vat_rate)) {
      return vat_error("qonto.default_vat_rate", options.default_vat_rate);
    }
    return std::nullopt;
  }

  const Currency& currency = request.items.front().unit_price.currency();
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    const LineItem& item = request.items[i];
    const auto at = [i](std::string_view part) { return fmt::format("items[{}].{}", i, part); };
    if (auto why = text_fault(item.title, true)) return text_error(at("title"), *why);
    if (item.quantity < 1) return text_error(at("quantity"), "must be at least 1");
    if (auto why = money_fault(item.unit_price, true)) return text_error(at("unit_price"), *why);
    if (item.unit_price.currency() != currency) {
      return text_error(at("unit_price"), fmt::format("is in {} but items[0] is in {}; a basket has one currency",
                                                      item.unit_price.currency().code(), currency.code()));
    }
    if (item.vat_rate.empty()) {
      if (!vat_hundredths(options.default_vat_rate)) {
        return vat_error("qonto.default_vat_rate", options.default_vat_rate);
      }
    } else if (!vat_hundredths(item.vat_rate)) {
      return vat_error(at("vat_rate"), item.vat_rate);
    }
    if (auto why = text_fault(item.type, false)) return text_error(at("type"), *why);
    if (auto why = text_fault(item.description, false)) return text_error(at("description"), *why);
    if (auto why = text_fault(item.measure_unit, false)) return text_error(at("measure_unit"), *why);
  }

  auto total = basket_total(request.items, options.default_vat_rate);
  if (!total) return std::move(total).error();
  if (!total->is_positive()) return Error::validation("items", "the basket's total must be positive");
  if (request.amount) {
    const Money& amount = *request.amount;
    if (amount.currency() != total->currency()) {
      return text_error("amount", fmt::format("is in {} but the items are in {}", amount.currency().code(),
                                              total->currency().code()));
    }
    if (amount != *total) {
      return text_error("amount", fmt::format("is {} but the items add up to {} (unit prices before VAT, plus "
                                              "each line's VAT rounded half-up to the cent)",
                                              amount.to_string(), total->to_string()));
    }
  }
  return std::nullopt;
}

std::optional<Error> check_invoice(const CreateLinkRequest& request) {
  const QontoOptions& options = request.qonto;
  if (!request.items.empty()) {
    return Error::validation("items", "an invoice link (qonto.invoice_id set) takes an amount, not items");
  }
  if (!request.amount) return Error::validation("amount", "an invoice link needs the invoice's amount");
  if (auto why = money_fault(*request.amount, false)) return text_error("amount", *why);
  if (auto why = text_fault(options.invoice_id, true)) return text_error("qonto.invoice_id", *why);
  if (auto why = text_fault(options.invoice_number, true)) return text_error("qonto.invoice_number", *why);
  if (auto why = text_fault(options.debitor_name, true)) return text_error("qonto.debitor_name", *why);
  return std::nullopt;
}

// A request's item as it is sent: what it leaves empty takes the defaults (see QontoOptions).
WireItem wire_item(const LineItem& item, std::string_view default_vat_rate) {
  WireItem w;
  w.title = item.title;
  w.quantity = item.quantity;
  w.unit_price = WireMoney{item.unit_price};
  w.vat_rate = item.vat_rate.empty() ? std::string(default_vat_rate) : item.vat_rate;
  w.type = item.type.empty() ? std::string(kDefaultItemType) : item.type;
  w.description = item.description;
  w.measure_unit = item.measure_unit.empty() ? std::string(kDefaultMeasureUnit) : item.measure_unit;
  return w;
}

// The one item an amount-only request becomes (see check_basket): no description, the vendor's defaults.
WireItem item_from_amount(const CreateLinkRequest& request) {
  LineItem item;
  item.title = request.description;
  item.quantity = 1;
  item.unit_price = *request.amount;
  return wire_item(item, request.qonto.default_vat_rate);
}

// "21.0" → 2100 (hundredths of a percent); nullopt unless a plain decimal from 0 to 100.
std::optional<int> vat_hundredths(std::string_view percent) {
  const auto dot = percent.find('.');
  const std::string_view whole = percent.substr(0, dot);
  const std::string_view fraction = dot == std::string_view::npos ? std::string_view{} : percent.substr(dot + 1);
  if (whole.empty() || whole.size() > 3 || (dot != std::string_view::npos && fraction.empty()) ||
      fraction.size() > static_cast<std::size_t>(kMaxVatDecimals)) {
    return std::nullopt;
  }
  int value = 0;
  for (const char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  for (std::size_t i = 0; i < 2; ++i) {
    const char c = i < fraction.size() ? fraction[i] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 10000) return std::nullopt;
  return value;
}

// An ISO 8601 time; absent, null or "" leave `out` unset.
void read_time(const Json& object, const char* key, std::optional<Timestamp>& out) {
  std::string text;
  read_optional(object, key, text);
  if (text.empty()) return;
  out = parse_iso8601(text);
  if (!out) throw_wire_type_error(object.at(key), fmt::format("\"{}\" is not an ISO 8601 time", shown(text)));
}

// `vat_rate` is documented as a string; a JSON number is kept as its text.
void read_vat_rate(const Json& object, std::string& out) {
  const auto it = object.find("vat_rate");
  if (it != object.end() && it->is_number()) {
    out = dump_json(*it);
  } else {
    read_optional(object, "vat_rate", out);
  }
}

// A required string that must not be empty (ids, names).
void read_non_empty(const Json& object, const char* key, std::string& out) {
  read_required(object, key, out);
  if (out.empty()) throw_wire_type_error(object.at(key), "must not be empty");
}

Error filter_error(std::string_view field, std::string_view word, const std::vector<std::string_view>& words) {
  return Error::validation(std::string(field), fmt::format("{} \"{}\" is not one of Qonto's words here: {}", field,
                                                           shown(word), fmt::join(words, ", ")));
}

// page, per_page, status[] (one per word), sort_by: in this order.
template <std::size_t N>
Result<std::string> list_query(const ListQuery& query, const std::array<std::string_view, N>& sort_fields,
                               const std::vector<std::string_view>& status_words,
                               std::optional<std::string_view> (*neutral_word)(LinkStatus)) {
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

  for (const auto& [name, value] : query.filters) {
    if (name != "status") {
      return Error::validation("filters." + bounded_text(name, 40),
                               "Qonto's lists take no filter but status (filters[\"status\"] or ListQuery::status)");
    }
  }
  if (query.status) {
    if (query.filters.count("status") != 0) {
      return Error::validation("status", "give ListQuery::status or filters[\"status\"], not both");
    }
    const auto word = neutral_word(*query.status);
    if (!word) return Error::validation("status", "Qonto cannot filter on the status \"unknown\"");
    params.emplace_back(std::string(kStatusFilterParam), std::string(*word));
  } else if (const auto filter = query.filters.find("status"); filter != query.filters.end()) {
    // The vendor's own words, several separated by ','.
    const std::string_view text = filter->second;
    for (std::size_t start = 0;;) {
      const auto comma = text.find(',', start);
      const std::string_view word = text.substr(start, comma == std::string_view::npos ? comma : comma - start);
      if (std::find(status_words.begin(), status_words.end(), word) == status_words.end()) {
        return filter_error("filters.status", word, status_words);
      }
      params.emplace_back(std::string(kStatusFilterParam), std::string(word));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
  }

  if (!query.sort_field.empty()) {
    if (std::find(sort_fields.begin(), sort_fields.end(), query.sort_field) == sort_fields.end()) {
      return Error::validation("sort_field", fmt::format("sort_field \"{}\" is not one Qonto sorts this list by: {}",
                                                         shown(query.sort_field), fmt::join(sort_fields, ", ")));
    }
    params.emplace_back("sort_by", query.sort_field + (query.sort_descending ? ":desc" : ":asc"));
  }
  return query_string(params);
}

PaymentLink to_domain(WireLink wire) {
  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = std::move(wire.id);
  link.url = std::move(wire.url);
  link.status = map_status(wire.status);
  link.raw_status = std::move(wire.status);
  if (wire.amount) link.amount = wire.amount->money;
  link.created_at = wire.created_at;
  link.expires_at = wire.expiration_date;
  link.reusable = wire.reusable;
  const std::pair<const char*, std::string*> vendor_texts[] = {{"resource_type", &wire.resource_type},
                                                               {"invoice_id", &wire.invoice_id},
                                                               {"invoice_number", &wire.invoice_number},
                                                               {"debitor_name", &wire.debitor_name}};
  for (const auto& [key, value] : vendor_texts) {
    if (!value->empty()) link.vendor_fields.emplace(key, std::move(*value));
  }
  if (!wire.potential_payment_methods.empty()) {
    link.vendor_fields.emplace("potential_payment_methods",
                               fmt::format("{}", fmt::join(wire.potential_payment_methods, ",")));
  }
  link.items.reserve(wire.items.size());
  for (auto& item : wire.items) {
    LineItem line;
    line.title = std::move(item.title);
    line.quantity = item.quantity;
    line.unit_price = item.unit_price.money;
    line.vat_rate = std::move(item.vat_rate);
    line.type = std::move(item.type);
    line.description = std::move(item.description);
    line.measure_unit = std::move(item.measure_unit);
    link.items.push_back(std::move(line));
  }
  link.raw_json = std::move(wire.raw_json);
  return link;
}

LinkPayment to_domain(WirePayment wire) {
  LinkPayment payment;
  payment.id = std::move(wire.id);
  if (wire.amount) payment.amount = wire.amount->money;
  payment.status = std::move(wire.status);
  payment.payment_method = std::move(wire.payment_method);
  payment.debitor_email = std::move(wire.debitor_email);
  payment.created_at = wire.created_at;
  payment.paid_at = wire.paid_at;
  return payment;
}

// meta.next_page as a cursor: "" when null or absent (the last page).
std::string next_cursor(const std::optional<WirePageMeta>& meta) {
  if (!meta || !meta->next_page) return {};
  return std::to_string(*meta->next_page);
}

}  // namespace
}  // namespace paylink::detail::qonto
