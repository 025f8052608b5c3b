#include "providers/qonto/qonto_wire.hpp"

#include <limits>
#include <utility>

#include <fmt/format.h>

#include "core/decimal_text.hpp"
#include "core/json.hpp"
#include "core/json_document.hpp"
#include "core/json_writer.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::qonto {
namespace {

// Where a value sits in a body ("payment_links[2].items[0]"), for invalid_response messages. Spelled
// out only when an error names it, so that a decode that succeeds formats no paths.
class JsonPath {
 public:
  explicit JsonPath(std::string_view member, const JsonPath* parent = nullptr) : parent_(parent), member_(member) {}
  JsonPath(std::string_view array, std::size_t index, const JsonPath* parent = nullptr)
      : parent_(parent), member_(array), index_(index) {}
  std::string str() const;

 private:
  const JsonPath* parent_;  // the object `member_` is in; nullptr at the top of the body
  std::string_view member_;
  std::optional<std::size_t> index_;  // set for an element of the array `member_`
};

// Private builders and readers, defined at the end of the file.
std::optional<Error> check_payment_methods(const QontoOptions& options);
Result<std::string> encode_basket(const CreateLinkRequest& request);
Result<std::string> encode_invoice(const CreateLinkRequest& request);
std::optional<int> vat_hundredths(std::string_view percent);
Result<PaymentLink> decode_link(JsonNode object, const JsonPath& path, int http_status);
Result<LinkPayment> decode_payment(JsonNode object, const JsonPath& path, int http_status);
Result<std::string> next_page_cursor(JsonNode top, int http_status);
Result<JsonDocument> parse_object(std::string_view body, int http_status);
std::string shown(std::string_view text) { return bounded_text(text, 40); }

}  // namespace

// --- The vendor's body facts -----------------------------------------------------------------------

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
  if (word == "paid") return LinkStatus::paid;
  if (word == "expired") return LinkStatus::expired;
  if (word == "canceled") return LinkStatus::canceled;
  return LinkStatus::unknown;
}

std::optional<std::string_view> status_word(LinkStatus status) noexcept {
  switch (status) {
    case LinkStatus::open:
      return "open";
    case LinkStatus::paid:
      return "paid";
    case LinkStatus::expired:
      return "expired";
    case LinkStatus::canceled:
      return "canceled";
    case LinkStatus::pending:  // the Qonto redesign maps it to "processing"
    case LinkStatus::unknown:
      break;
  }
  return std::nullopt;
}

// --- Requests --------------------------------------------------------------------------------------

Result<std::string> encode_create_body(const CreateLinkRequest& request) {
  if (auto e = check_payment_methods(request.qonto)) return *e;
  if (!request.qonto.invoice_id.empty()) return encode_invoice(request);
  return encode_basket(request);
}

// --- Responses -------------------------------------------------------------------------------------

Result<PaymentLink> decode_link_envelope(std::string_view body, int http_status) {
  auto document = parse_object(body, http_status);
  if (!document) return std::move(document).error();
  const JsonNode link = get_object(document->root(), "payment_link");
  if (!link) return invalid_response(kProvider, "expected {\"payment_link\": {…}}", http_status);
  return decode_link(link, JsonPath("payment_link"), http_status);
}

Result<Page<PaymentLink>> decode_link_page(std::string_view body, int http_status) {
  auto document = parse_object(body, http_status);
  if (!document) return std::move(document).error();
  const JsonNode top = document->root();
  const JsonNode links = get_array(top, "payment_links");
  if (!links) return invalid_response(kProvider, "expected {\"payment_links\": […], \"meta\": {…}}", http_status);
  Page<PaymentLink> page;
  std::size_t i = 0;
  for (const JsonNode element : children(links)) {
    const JsonPath path("payment_links", i++);
    if (!element.is_object()) return invalid_response(kProvider, path.str() + " is not an object", http_status);
    auto link = decode_link(element, path, http_status);
    if (!link) return std::move(link).error();
    page.items.push_back(std::move(*link));
  }
  auto cursor = next_page_cursor(top, http_status);
  if (!cursor) return std::move(cursor).error();
  page.next_cursor = std::move(*cursor);
  return page;
}

Result<Page<LinkPayment>> decode_payment_page(std::string_view body, int http_status) {
  auto document = parse_object(body, http_status);
  if (!document) return std::move(document).error();
  const JsonNode top = document->root();
  const JsonNode payments = get_array(top, "payments");
  if (!payments) return invalid_response(kProvider, "expected {\"payments\": […], \"meta\": {…}}", http_status);
  Page<LinkPayment> page;
  std::size_t i = 0;
  for (const JsonNode element : children(payments)) {
    auto payment = decode_payment(element, JsonPath("payments", i++), http_status);
    if (!payment) return std::move(payment).error();
    page.items.push_back(std::move(*payment));
  }
  auto cursor = next_page_cursor(top, http_status);
  if (!cursor) return std::move(cursor).error();
  page.next_cursor = std::move(*cursor);
  return page;
}

Result<std::vector<PaymentMethod>> decode_payment_methods(std::string_view body, int http_status) {
  auto document = parse_object(body, http_status);
  if (!document) return std::move(document).error();
  const JsonNode list = get_array(document->root(), "payment_link_payment_methods");
  if (!list) {
    return invalid_response(kProvider, "expected {\"payment_link_payment_methods\": […]}", http_status);
  }
  std::vector<PaymentMethod> methods;
  std::size_t i = 0;
  for (const JsonNode element : children(list)) {
    const JsonPath path("payment_link_payment_methods", i++);
    bool wrong = false;
    const auto name = get_string(element, "name", &wrong);
    const auto enabled = get_bool(element, "enabled", &wrong);
    if (!element.is_object() || wrong || !name || name->empty()) {
      return invalid_response(kProvider, path.str() + " is not {\"name\": string, \"enabled\": bool}", http_status);
    }
    methods.push_back(PaymentMethod{*name, enabled.value_or(false)});
  }
  return methods;
}

std::optional<WireError> decode_error_body(std::string_view body) {
  auto parsed = parse_json(body, kProvider);
  if (!parsed || !parsed->is_object()) return std::nullopt;
  const Json& top = *parsed;
  WireError out;
  out.trace_id = get_string(top, "trace_id").value_or("");
  if (const Json* errors = get_array(top, "errors"); errors && !errors->empty()) {
    out.count = errors->size();
    const Json& first = (*errors)[0];
    if (first.is_string()) {
      out.detail = first.get<std::string>();
    } else if (first.is_object()) {
      const auto code = first.find("code");
      if (code != first.end() && code->is_string())
        out.code = code->get<std::string>();
      else if (code != first.end() && code->is_number_integer())
        out.code = dump_json(*code);
      out.detail = get_string(first, "detail").value_or(get_string(first, "title").value_or(""));
      if (const Json* source = get_object(first, "source")) {
        out.field = field_from_source(get_string(*source, "pointer").value_or(""),
                                      get_string(*source, "parameter").value_or(""));
      }
    } else {
      return std::nullopt;
    }
    return out;
  }
  if (const auto oauth = get_string(top, "error")) {  // OAuth form [3P]
    out.count = 1;
    out.code = *oauth;
    out.detail = get_string(top, "error_description").value_or("");
    return out;
  }
  return std::nullopt;
}

std::string field_from_source(std::string_view pointer, std::string_view parameter) {
  if (pointer.empty()) {
    if (parameter == "per_page") return "page_size";
    if (parameter == "page") return "cursor";
    if (parameter == "status[]") return "status";
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

std::optional<Error> check_payment_methods(const QontoOptions& options) {
  for (std::size_t i = 0; i < options.payment_methods.size(); ++i) {
    if (auto why = text_fault(options.payment_methods[i], true)) {
      return text_error(fmt::format("qonto.payment_methods[{}]", i), *why);
    }
  }
  return std::nullopt;
}

// A basket link's request, checked in the order of its fields; the body is then written from the
// request as it is, with the defaults filled in as it is written.
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

// The body's member names: constants, so that the compiler checks that they need no escaping and the
// writer copies them as they are.
constexpr JsonKey kAmountKey("amount");
constexpr JsonKey kCurrencyKey("currency");
constexpr JsonKey kDebitorNameKey("debitor_name");
constexpr JsonKey kDescriptionKey("description");
constexpr JsonKey kInvoiceIdKey("invoice_id");
constexpr JsonKey kInvoiceNumberKey("invoice_number");
constexpr JsonKey kItemsKey("items");
constexpr JsonKey kMeasureUnitKey("measure_unit");
constexpr JsonKey kPaymentLinkKey("payment_link");
constexpr JsonKey kPotentialPaymentMethodsKey("potential_payment_methods");
constexpr JsonKey kQuantityKey("quantity");
constexpr JsonKey kReusableKey("reusable");
constexpr JsonKey kTitleKey("title");
constexpr JsonKey kTypeKey("type");
constexpr JsonKey kUnitPriceKey("unit_price");
constexpr JsonKey kValueKey("value");
constexpr JsonKey kVatRateKey("vat_rate");

void write_money(JsonWriter& out, const Money& money) {
  out.begin_object()
      .member(kValueKey, DecimalText(money).view())
      .member(kCurrencyKey, money.currency().code())
      .end_object();
}

void write_payment_methods(JsonWriter& out, const QontoOptions& options) {
  out.key(kPotentialPaymentMethodsKey);
  if (options.payment_methods.empty()) {
    out.begin_array().value(kDefaultPaymentMethod).end_array();
  } else {
    out.value(options.payment_methods);
  }
}

// One basket line as it is sent: views into the request, with the vendor's defaults filled in.
struct WireItem {
  std::string_view title;
  std::int64_t quantity;
  const Money& unit_price;
  std::string_view vat_rate;
  std::string_view type;
  std::string_view description;  // left out when empty
  std::string_view measure_unit;
};

// A request's item as it is sent: what it leaves empty takes the defaults (see QontoOptions).
WireItem wire_item(const LineItem& item, std::string_view default_vat_rate) {
  return {item.title,
          item.quantity,
          item.unit_price,
          item.vat_rate.empty() ? default_vat_rate : std::string_view(item.vat_rate),
          item.type.empty() ? kDefaultItemType : std::string_view(item.type),
          item.description,
          item.measure_unit.empty() ? kDefaultMeasureUnit : std::string_view(item.measure_unit)};
}

// The one item an amount-only request becomes (see check_basket): no description, the vendor's defaults.
WireItem item_from_amount(const CreateLinkRequest& request) {
  const std::string_view no_description;
  return {request.description, 1, *request.amount, request.qonto.default_vat_rate, kDefaultItemType, no_description,
          kDefaultMeasureUnit};
}

void write_item(JsonWriter& out, const WireItem& item) {
  out.begin_object().member(kTitleKey, item.title).member(kQuantityKey, item.quantity);
  write_money(out.key(kUnitPriceKey), item.unit_price);
  out.member(kVatRateKey, wire_vat_rate(item.vat_rate)).member(kTypeKey, item.type);
  if (!item.description.empty()) out.member(kDescriptionKey, item.description);
  out.member(kMeasureUnitKey, item.measure_unit).end_object();
}

Result<std::string> encode_basket(const CreateLinkRequest& request) {
  if (auto e = check_basket(request)) return *e;
  const QontoOptions& options = request.qonto;
  JsonWriter out;
  out.begin_object().key(kPaymentLinkKey).begin_object();
  write_payment_methods(out, options);
  out.member(kReusableKey, request.reusable);
  out.key(kItemsKey).begin_array();
  if (request.items.empty()) {
    write_item(out, item_from_amount(request));
  } else {
    for (const auto& item : request.items) write_item(out, wire_item(item, options.default_vat_rate));
  }
  out.end_array().end_object().end_object();
  return std::move(out).take();
}

Result<std::string> encode_invoice(const CreateLinkRequest& request) {
  const QontoOptions& options = request.qonto;
  if (!request.items.empty()) {
    return Error::validation("items", "an invoice link (qonto.invoice_id set) takes an amount, not items");
  }
  if (!request.amount) return Error::validation("amount", "an invoice link needs the invoice's amount");
  if (auto why = money_fault(*request.amount, false)) return text_error("amount", *why);
  if (auto why = text_fault(options.invoice_id, true)) return text_error("qonto.invoice_id", *why);
  if (auto why = text_fault(options.invoice_number, true)) return text_error("qonto.invoice_number", *why);
  if (auto why = text_fault(options.debitor_name, true)) return text_error("qonto.debitor_name", *why);
  JsonWriter out;
  out.begin_object().key(kPaymentLinkKey).begin_object();
  write_payment_methods(out, options);
  out.member(kInvoiceIdKey, options.invoice_id)
      .member(kInvoiceNumberKey, options.invoice_number)
      .member(kDebitorNameKey, options.debitor_name);
  write_money(out.key(kAmountKey), *request.amount);
  out.end_object().end_object();
  return std::move(out).take();
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
  for (int i = 0; i < 2; ++i) {
    const auto index = static_cast<std::size_t>(i);
    const char c = index < fraction.size() ? fraction[index] : '0';
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value > 10000) return std::nullopt;
  return value;
}

std::string JsonPath::str() const {
  std::string out = parent_ ? parent_->str() + '.' : std::string();
  out += member_;
  if (index_) out += fmt::format("[{}]", *index_);
  return out;
}

// Whether a member's name is `name`. The length is compared first, so that most names are told apart
// by it alone and the bytes are compared with a length known when compiling.
template <std::size_t N>
bool is_key(std::string_view key, const char (&name)[N]) noexcept {
  return key.size() == N - 1 && std::char_traits<char>::compare(key.data(), name, N - 1) == 0;
}

// The members of an object that a decoder reads, found in one pass over it instead of one search each.
// A name written twice means its last value, as JsonNode::find (and nlohmann) answer.
struct LinkMembers {
  JsonNode id, url, status, amount, created_at, expiration_date, reusable, resource_type, invoice_id, invoice_number,
      debitor_name, potential_payment_methods, items;
  explicit LinkMembers(JsonNode object) noexcept {
    for (const JsonNode member : children(object)) {
      const std::string_view key = member.key();
      switch (key.size()) {
        case 2:
          if (is_key(key, "id")) id = member;
          break;
        case 3:
          if (is_key(key, "url")) url = member;
          break;
        case 5:
          if (is_key(key, "items")) items = member;
          break;
        case 6:
          if (is_key(key, "status")) {
            status = member;
          } else if (is_key(key, "amount")) {
            amount = member;
          }
          break;
        case 8:
          if (is_key(key, "reusable")) reusable = member;
          break;
        case 10:
          if (is_key(key, "created_at")) {
            created_at = member;
          } else if (is_key(key, "invoice_id")) {
            invoice_id = member;
          }
          break;
        case 12:
          if (is_key(key, "debitor_name")) debitor_name = member;
          break;
        case 13:
          if (is_key(key, "resource_type")) resource_type = member;
          break;
        case 14:
          if (is_key(key, "invoice_number")) invoice_number = member;
          break;
        case 15:
          if (is_key(key, "expiration_date")) expiration_date = member;
          break;
        case 25:
          if (is_key(key, "potential_payment_methods")) potential_payment_methods = member;
          break;
        default:
          break;
      }
    }
  }
};

struct ItemMembers {
  JsonNode title, quantity, unit_price, vat_rate, type, description, measure_unit;
  explicit ItemMembers(JsonNode object) noexcept {
    for (const JsonNode member : children(object)) {
      const std::string_view key = member.key();
      switch (key.size()) {
        case 4:
          if (is_key(key, "type")) type = member;
          break;
        case 5:
          if (is_key(key, "title")) title = member;
          break;
        case 8:
          if (is_key(key, "quantity")) {
            quantity = member;
          } else if (is_key(key, "vat_rate")) {
            vat_rate = member;
          }
          break;
        case 10:
          if (is_key(key, "unit_price")) unit_price = member;
          break;
        case 11:
          if (is_key(key, "description")) description = member;
          break;
        case 12:
          if (is_key(key, "measure_unit")) measure_unit = member;
          break;
        default:
          break;
      }
    }
  }
};

struct PaymentMembers {
  JsonNode id, amount, status, payment_method, debitor_email, created_at, paid_at;
  explicit PaymentMembers(JsonNode object) noexcept {
    for (const JsonNode member : children(object)) {
      const std::string_view key = member.key();
      switch (key.size()) {
        case 2:
          if (is_key(key, "id")) id = member;
          break;
        case 6:
          if (is_key(key, "amount")) {
            amount = member;
          } else if (is_key(key, "status")) {
            status = member;
          }
          break;
        case 7:
          if (is_key(key, "paid_at")) paid_at = member;
          break;
        case 10:
          if (is_key(key, "created_at")) created_at = member;
          break;
        case 13:
          if (is_key(key, "debitor_email")) debitor_email = member;
          break;
        case 14:
          if (is_key(key, "payment_method")) payment_method = member;
          break;
        default:
          break;
      }
    }
  }
};

// Reads the members of one object (found by the caller, see LinkMembers), remembering the first thing
// that is not of the documented type; `key` names the member in that error. A missing member is a
// JsonNode without a value. Texts come back as views into the body's document, so that each is copied
// once, into the result.
class FieldReader {
 public:
  FieldReader(const JsonPath& path, int http_status) : path_(path), http_status_(http_status) {}

  // A member's text: "" when it is missing or null, and when it is not a string (which fails).
  std::string_view text(JsonNode member, std::string_view key) {
    if (member.is_string()) return member.string_view();
    if (member && !member.is_null()) fail(key, "is not a string");
    return {};
  }
  std::optional<std::int64_t> integer(JsonNode member, std::string_view key) {
    bool wrong = false;
    auto value = int_value(member, &wrong);
    if (wrong) fail(key, "is not an integer");
    return value;
  }
  std::optional<bool> boolean(JsonNode member, std::string_view key) {
    bool wrong = false;
    auto value = bool_value(member, &wrong);
    if (wrong) fail(key, "is not a boolean");
    return value;
  }
  std::optional<Timestamp> time(JsonNode member, std::string_view key) {
    const std::string_view value = text(member, key);
    if (value.empty()) return std::nullopt;
    auto parsed = parse_iso8601(value);
    if (!parsed) fail(key, fmt::format("\"{}\" is not an ISO 8601 time", shown(value)));
    return parsed;
  }
  // {"value": "13.30", "currency": "EUR"}, exactly.
  std::optional<Money> money(JsonNode member, std::string_view key) {
    if (!member || member.is_null()) return std::nullopt;
    JsonNode value;
    JsonNode currency;
    if (member.is_object()) {
      for (const JsonNode part : children(member)) {
        const std::string_view name = part.key();
        if (is_key(name, "value")) {
          value = part;
        } else if (is_key(name, "currency")) {
          currency = part;
        }
      }
    }
    if (!value.is_string() || !currency.is_string()) {
      fail(key, "is not {\"value\": string, \"currency\": string}");
      return std::nullopt;
    }
    auto parsed = Money::parse(value.string_view(), currency.string_view());
    if (!parsed) {
      fail(key,
           fmt::format("\"{} {}\" is not an exact amount", shown(value.string_view()), shown(currency.string_view())));
      return std::nullopt;
    }
    return *parsed;
  }
  // A string, or a number kept as its JSON text (vat_rate is documented as a string).
  std::string text_or_number(JsonNode member, std::string_view key) {
    if (member.is_number()) return member.dump();
    return std::string(text(member, key));
  }
  // An array of strings as one text, joined by ','; nullopt when absent, null, empty or not strings.
  std::optional<std::string> joined_strings(JsonNode member, std::string_view key) {
    if (!member || member.is_null()) return std::nullopt;
    if (!member.is_array()) {
      fail(key, "is not an array");
      return std::nullopt;
    }
    if (member.empty()) return std::nullopt;
    std::string joined;
    for (const JsonNode element : children(member)) {
      if (!element.is_string()) {
        fail(key, "is not an array of strings");
        return std::nullopt;
      }
      if (!joined.empty()) joined += ',';  // so that empty strings leading the array leave no comma
      joined += element.string_view();
    }
    return joined;
  }
  void fail(std::string_view key, std::string_view what) {
    if (!error_) error_ = invalid_response(kProvider, fmt::format("{}.{} {}", path_.str(), key, what), http_status_);
  }
  const std::optional<Error>& error() const { return error_; }
  std::optional<Error>& error() { return error_; }

 private:
  const JsonPath& path_;
  int http_status_;
  std::optional<Error> error_;
};

// Reads one of a link's items into `item`, which is already in the link, so that it is not moved there.
std::optional<Error> decode_item(JsonNode object, const JsonPath& path, int http_status, LineItem& item) {
  if (!object.is_object()) return invalid_response(kProvider, path.str() + " is not an object", http_status);
  const ItemMembers member(object);
  FieldReader read(path, http_status);
  item.title = read.text(member.title, "title");
  item.quantity = read.integer(member.quantity, "quantity").value_or(1);
  const auto price = read.money(member.unit_price, "unit_price");
  if (!price && !read.error()) read.fail("unit_price", "is missing");
  if (price) item.unit_price = *price;
  item.vat_rate = read.text_or_number(member.vat_rate, "vat_rate");
  item.type = read.text(member.type, "type");
  item.description = read.text(member.description, "description");
  item.measure_unit = read.text(member.measure_unit, "measure_unit");
  return std::move(read.error());
}

// Reads a link into `link`, which is already in its Result (see decode_link).
std::optional<Error> read_link(JsonNode object, const JsonPath& path, int http_status, PaymentLink& link) {
  const LinkMembers member(object);
  FieldReader read(path, http_status);
  link.provider = kProvider;
  link.id = read.text(member.id, "id");
  if (link.id.empty() && !read.error()) read.fail("id", "is missing");
  link.url = read.text(member.url, "url");
  link.raw_status = read.text(member.status, "status");
  link.status = map_status(link.raw_status);
  link.amount = read.money(member.amount, "amount");
  link.created_at = read.time(member.created_at, "created_at");
  link.expires_at = read.time(member.expiration_date, "expiration_date");
  link.reusable = read.boolean(member.reusable, "reusable").value_or(false);
  const std::pair<std::string_view, JsonNode> vendor_texts[] = {{"resource_type", member.resource_type},
                                                                {"invoice_id", member.invoice_id},
                                                                {"invoice_number", member.invoice_number},
                                                                {"debitor_name", member.debitor_name}};
  for (const auto& [key, node] : vendor_texts) {
    const std::string_view value = read.text(node, key);
    if (!value.empty()) link.vendor_fields.emplace(key, value);
  }
  if (auto methods = read.joined_strings(member.potential_payment_methods, "potential_payment_methods")) {
    link.vendor_fields.emplace("potential_payment_methods", std::move(*methods));
  }
  if (read.error()) return std::move(read.error());

  if (const JsonNode items = member.items; items && !items.is_null()) {
    if (!items.is_array()) {
      return invalid_response(kProvider, JsonPath("items", &path).str() + " is not an array", http_status);
    }
    link.items.reserve(items.size());
    std::size_t i = 0;
    for (const JsonNode element : children(items)) {
      LineItem& item = link.items.emplace_back();
      if (auto e = decode_item(element, JsonPath("items", i++, &path), http_status, item)) return e;
    }
  }
  link.raw_json = object.raw();  // the vendor's own text of the link
  return std::nullopt;
}

Result<PaymentLink> decode_link(JsonNode object, const JsonPath& path, int http_status) {
  // The link is read in place: moving a full PaymentLink into a Result costs more than several fields.
  Result<PaymentLink> result = PaymentLink();
  if (auto e = read_link(object, path, http_status, *result)) result = std::move(*e);
  return result;
}

Result<LinkPayment> decode_payment(JsonNode object, const JsonPath& path, int http_status) {
  if (!object.is_object()) return invalid_response(kProvider, path.str() + " is not an object", http_status);
  const PaymentMembers member(object);
  FieldReader read(path, http_status);
  LinkPayment payment;
  payment.id = read.text(member.id, "id");
  if (payment.id.empty() && !read.error()) read.fail("id", "is missing");
  payment.amount = read.money(member.amount, "amount");
  payment.status = read.text(member.status, "status");
  payment.payment_method = read.text(member.payment_method, "payment_method");
  payment.debitor_email = read.text(member.debitor_email, "debitor_email");
  payment.created_at = read.time(member.created_at, "created_at");
  payment.paid_at = read.time(member.paid_at, "paid_at");
  if (read.error()) return *read.error();
  return payment;
}

// meta.next_page as a cursor: "" when null or absent (the last page).
Result<std::string> next_page_cursor(JsonNode top, int http_status) {
  const JsonNode meta = top.find("meta");
  if (!meta || meta.is_null()) return std::string();
  if (!meta.is_object()) return invalid_response(kProvider, "meta is not an object", http_status);
  const JsonPath path("meta");
  FieldReader read(path, http_status);
  const auto next = read.integer(meta.find("next_page"), "next_page");
  const auto current = read.integer(meta.find("current_page"), "current_page");
  if (read.error()) return *read.error();
  if (!next) return std::string();
  if (*next < 1 || (current && *next <= *current)) {
    // A next page that does not advance would make the client walk in circles.
    return invalid_response(
        kProvider, fmt::format("meta.next_page {} does not follow current_page {}", *next, current.value_or(0)),
        http_status);
  }
  return std::to_string(*next);
}

Result<JsonDocument> parse_object(std::string_view body, int http_status) {
  auto parsed = JsonDocument::parse(body, kProvider);
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.http_status = http_status;
    return e;
  }
  if (!parsed->root().is_object()) return invalid_response(kProvider, "the body is not a JSON object", http_status);
  return parsed;
}

}  // namespace
}  // namespace paylink::detail::qonto
