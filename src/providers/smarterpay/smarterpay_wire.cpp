// SmarterPay Cloud wire format ⇄ domain. Order: the vendor's facts (in the header), then the public
// mapping functions, then the private builders and readers they use.
#include "providers/smarterpay/smarterpay_wire.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/json.hpp"
#include "core/json_document.hpp"
#include "core/json_writer.hpp"
#include "core/time_format.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::smarterpay {
namespace {

Result<void> check_text(std::string_view field, std::string_view value, std::size_t max_chars);
// The members of a `payment_link` object: all strings, as views of the request's text.
using Members = std::vector<std::pair<std::string_view, std::string_view>>;
Result<void> put_text(Members& link, std::string_view wire_name, std::string_view field, const std::string& value,
                      std::size_t max_chars);
Result<void> put_metadata(Members& link, const std::map<std::string, std::string>& metadata);
Result<std::string> amount_to_wire(const Money& amount);
Result<std::optional<Money>> amount_from_wire(JsonNode record);
Result<std::int64_t> page_number(const std::string& cursor);
LinkStatus status_of(std::string_view word, bool completed);
std::optional<Timestamp> parse_vendor_time(std::string_view text);
bool is_digits(std::string_view text, std::size_t max_digits);
std::string shown_key(std::string_view key);
template <std::size_t N>
bool is_one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}
// {"<envelope>": {members}}, the members in byte order of their names (the order paylink has always
// sent; the names are distinct).
std::string wrap(std::string_view envelope, Members members) {
  std::sort(members.begin(), members.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  JsonWriter out;
  out.begin_object().key(envelope).begin_object();
  for (const auto& [name, value] : members) out.member(name, value);
  out.end_object().end_object();
  return std::move(out).take();
}

}  // namespace

// ---- Domain → wire ---------------------------------------------------------------------------------

Result<std::string> encode_create_body(const CreateLinkRequest& request) {
  const SmarterPayOptions& o = request.smarterpay;
  if (o.ecommerce_page.empty()) {
    return Error::validation("smarterpay.ecommerce_page",
                             "smarterpay: smarterpay.ecommerce_page is required (the E-commerce Page Setup id, "
                             "\"EP…\")");
  }
  if (request.lifetime) {
    return Error::validation("lifetime",
                             "smarterpay: a link lifetime cannot be set on create (the E-commerce Page decides the "
                             "expiry); leave lifetime empty and end the link with Client::expire");
  }
  if (!request.amount && !request.items.empty()) {
    return Error::validation("items", "smarterpay: SmarterPay takes no line items; give amount instead");
  }

  std::string amount;  // declared first: `link` refers to it
  Members link;
  link.reserve(24);
  if (request.amount) {
    auto wire = amount_to_wire(*request.amount);
    if (!wire) return wire.error();
    amount = std::move(*wire);
    link.emplace_back("amount", amount);
  }
  struct Text {
    std::string_view wire_name;
    std::string_view field;  // as the caller knows it
    const std::string& value;
    std::size_t max_chars;  // 0: no documented limit
  };
  const Text texts[] = {
      {"ecommerce_page", "smarterpay.ecommerce_page", o.ecommerce_page, 0},
      {"customer_account", "smarterpay.customer_account", o.customer_account, 0},
      {"bank_account", "smarterpay.bank_account", o.bank_account, 0},
      {"mandate", "smarterpay.mandate", o.mandate, 0},
      {"recurrence_schedule", "smarterpay.recurrence_schedule", o.recurrence_schedule, 0},
      {"auddis", "smarterpay.auddis", o.auddis, 0},
      {"description", "description", request.description, kMaxDescription},
      {"customer_custom_reference", "reference", request.reference, kMaxCustomReference},
      {"bank_account_custom_reference", "smarterpay.bank_account_custom_reference", o.bank_account_custom_reference,
       kMaxCustomReference},
      {"card_payment_custom_reference", "smarterpay.card_payment_custom_reference", o.card_payment_custom_reference,
       kMaxCustomReference},
      {"recurrence_schedule_custom_reference", "smarterpay.recurrence_schedule_custom_reference",
       o.recurrence_schedule_custom_reference, kMaxCustomReference},
      {"return_url", "return_url", request.return_url, kMaxReturnUrl},
      {"start_date", "smarterpay.start_date", o.start_date, 0},
      {"end_date", "smarterpay.end_date", o.end_date, 0},
      {"first_collection_date", "smarterpay.first_collection_date", o.first_collection_date, 0},
  };
  for (const Text& t : texts) {
    if (auto put = put_text(link, t.wire_name, t.field, t.value, t.max_chars); !put) return put.error();
  }
  if (!o.first_collection_amount.empty()) {
    // Same unit as `amount` ([I] pence): digits only, so that "27.50" cannot be sent as 2750 pounds.
    if (!is_digits(o.first_collection_amount, 18)) {
      return Error::validation("smarterpay.first_collection_amount",
                               "smarterpay: smarterpay.first_collection_amount must be whole pence, digits only "
                               "(\"1500\" is £15.00)");
    }
    link.emplace_back("first_collection_amount", o.first_collection_amount);
  }
  if (auto put = put_metadata(link, request.metadata); !put) return put.error();
  return wrap("payment_link", std::move(link));
}

Result<std::string> encode_update_body(const UpdateLinkRequest& update) {
  Members link;
  if (auto put = put_metadata(link, update.metadata); !put) return put.error();
  if (link.empty()) {
    // Empty strings are omitted like every unset field, so an update of only empty strings says nothing.
    return Error::validation("metadata",
                             "smarterpay: an update needs at least one non-empty metadata string (\"metadata\", "
                             "\"metadata_card\", …); empty values are not sent");
  }
  return wrap("payment_link", std::move(link));
}

std::string encode_expire_body() { return wrap("payment_link", {{"status", kStatusExpired}}); }

Result<QueryParams> encode_list_params(const ListQuery& query) {
  if (query.status) {
    // SmarterPay documents no status filter. Filtering client-side would make pages short or empty at
    // random and break "a short page ends the walk", so the query is refused instead.
    return Error::validation("status",
                             "smarterpay: the list cannot filter on status (SmarterPay has no status filter); "
                             "list without it and check PaymentLink::status");
  }
  QueryParams params;
  if (query.page_size != 0) {
    if (query.page_size < kMinListLimit || query.page_size > kMaxListLimit) {
      return Error::validation("page_size",
                               fmt::format("smarterpay: page_size {} is outside {}..{} (0 = the "
                                           "vendor's default of {})",
                                           query.page_size, kMinListLimit, kMaxListLimit, kDefaultListLimit));
    }
    params.emplace_back("limit", std::to_string(query.page_size));
  }
  if (!query.cursor.empty()) {
    auto page_no = page_number(query.cursor);
    if (!page_no) return page_no.error();
    params.emplace_back("page_no", std::to_string(*page_no));
  }
  if (!query.sort_field.empty()) {
    if (!is_one_of(kSortFields, query.sort_field)) {
      return Error::validation("sort_field", fmt::format("smarterpay: sort_field \"{}\" is not one of id, type, "
                                                         "created_at",
                                                         shown_key(query.sort_field)));
    }
    params.emplace_back("sort_field", query.sort_field);
  }
  // Ascending is the vendor's default and is not sent.
  if (query.sort_descending) params.emplace_back("sort_order", "desc");
  for (const auto& [key, value] : query.filters) {  // std::map: ascending key order
    if (!is_one_of(kExactFilters, key) && !is_one_of(kContainsFilters, key)) {
      return Error::validation("filters." + shown_key(key),
                               fmt::format("smarterpay: \"{}\" is not a SmarterPay list filter (exact: "
                                           "bank_account_id, customer_account_id, ecommerce_page_id, id, mandate_id, "
                                           "recurrence_schedule_id; contains: auddis, bank_account_custom_reference, "
                                           "card_payment_custom_reference, customer_custom_reference, "
                                           "recurrence_schedule_custom_reference)",
                                           shown_key(key)));
    }
    if (value.empty()) {
      return Error::validation("filters." + key, fmt::format("smarterpay: filter {} has an empty value", key));
    }
    if (auto checked = check_text("filters." + key, value, 0); !checked) return checked.error();
    params.emplace_back(key, value);
  }
  return params;
}

// ---- Wire → domain ---------------------------------------------------------------------------------

Result<PaymentLink> decode_link_body(std::string_view body) {
  auto document = JsonDocument::parse(body, kProvider);
  if (!document) return document.error();
  const JsonNode record = get_object(document->root(), "payment_link");
  if (!record) return invalid_response(kProvider, "expected a {\"payment_link\": {…}} object");
  return decode_record(record);
}

Result<Page<PaymentLink>> decode_list_body(std::string_view body, const ListQuery& query) {
  auto document = JsonDocument::parse(body, kProvider);
  if (!document) return document.error();
  const JsonNode records = get_array(document->root(), "payment_links");
  if (!records) return invalid_response(kProvider, "expected a {\"payment_links\": […]} object");
  Page<PaymentLink> page;
  page.items.reserve(records.size());
  std::size_t i = 0;
  for (const JsonNode record : children(records)) {
    auto link = decode_record(record);
    if (!link) {
      Error e = std::move(link).error();
      e.message += fmt::format(" (record {} of the list)", i);
      return e;
    }
    page.items.push_back(std::move(*link));
    ++i;
  }
  // The list carries no paging metadata: a page as long as the limit asked for may have a successor,
  // a shorter one is the last.
  const auto limit = static_cast<std::size_t>(query.page_size > 0 ? query.page_size : kDefaultListLimit);
  auto page_no = page_number(query.cursor);
  if (!page_no) return page_no.error();
  if (page.items.size() >= limit) page.next_cursor = std::to_string(*page_no + 1);
  return page;
}

Result<PaymentLink> decode_record(JsonNode record) {
  if (!record.is_object()) return invalid_response(kProvider, "a payment link record is not a JSON object");
  std::string bad_field;  // the first field of the wrong type or form
  auto text = [&](std::string_view key) {
    bool wrong = false;
    auto value = get_string(record, key, &wrong);
    if (wrong && bad_field.empty()) bad_field = key;
    return value;
  };
  // Ids, references and schedule fields are kept as text; their JSON types are not all documented
  // (account_validation_callback is a boolean in the seed), so strings, integers and booleans are taken.
  auto scalar = [&](std::string_view key) -> std::optional<std::string> {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_boolean()) return it->get<bool>() ? "true" : "false";
    if (it->is_number_integer()) return it->dump();
    if (bad_field.empty()) bad_field = key;
    return std::nullopt;
  };
  auto time = [&](std::string_view key) -> std::optional<Timestamp> {
    const auto value = text(key);
    if (!value) return std::nullopt;
    const auto parsed = parse_vendor_time(*value);
    if (!parsed && bad_field.empty()) bad_field = key;
    return parsed;
  };

  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = text("id").value_or("");
  if (link.id.empty() && bad_field.empty()) bad_field = "id";
  link.url = text("url").value_or("");
  const auto status = text("status");
  if (!status && bad_field.empty()) bad_field = "status";
  link.raw_status = status.value_or("");
  link.description = text("description").value_or("");
  link.created_at = time("created_at");
  link.visited_at = time("visited_at");
  link.completed_at = time("completed_at");
  if (const auto expiry = text("expiry")) {
    link.vendor_fields["expiry"] = *expiry;
    if (*expiry != kExpiryNever) link.expires_at = time("expiry");
  }
  link.status = status_of(link.raw_status, link.completed_at.has_value());
  for (const std::string_view key : kMetadataFields) {
    if (auto value = text(key)) link.metadata[std::string(key)] = std::move(*value);
  }
  for (const std::string_view key : kVendorFields) {
    if (auto value = scalar(key)) link.vendor_fields[std::string(key)] = std::move(*value);
  }
  if (const auto it = link.vendor_fields.find("customer_custom_reference"); it != link.vendor_fields.end()) {
    link.reference = it->second;  // where `CreateLinkRequest::reference` went
  }
  auto amount = amount_from_wire(record);
  if (!amount) return amount.error();
  link.amount = *amount;

  if (!bad_field.empty()) {
    return invalid_response(
        kProvider, fmt::format("payment link field \"{}\" is missing, of the wrong type or unreadable", bad_field));
  }
  link.raw_json = std::string(record.raw());  // the vendor's own text of the record
  return link;
}

namespace {

// ---- Private builders and readers ------------------------------------------------------------------

// `value` must be UTF-8 (the API's charset) and at most `max_chars` characters (0: no documented limit).
Result<void> check_text(std::string_view field, std::string_view value, std::size_t max_chars) {
  const auto chars = utf8_code_points(value);
  if (!chars) return Error::validation(std::string(field), fmt::format("smarterpay: {} is not valid UTF-8", field));
  if (max_chars != 0 && *chars > max_chars) {
    return Error::validation(std::string(field), fmt::format("smarterpay: {} is {} characters; at most {} are allowed",
                                                             field, *chars, max_chars));
  }
  return {};
}

// Sets `link[wire_name]` to `value` after `check_text`, unless it is empty: unset fields are not sent.
Result<void> put_text(Members& link, std::string_view wire_name, std::string_view field, const std::string& value,
                      std::size_t max_chars) {
  if (value.empty()) return {};
  if (auto checked = check_text(field, value, max_chars); !checked) return checked;
  link.emplace_back(wire_name, value);
  return {};
}

// The seven metadata strings, by their wire names; any other key is refused by name.
Result<void> put_metadata(Members& link, const std::map<std::string, std::string>& metadata) {
  for (const auto& [key, value] : metadata) {
    if (!is_one_of(kMetadataFields, key)) {
      return Error::validation("metadata." + shown_key(key),
                               fmt::format("smarterpay: metadata key \"{}\" is not a SmarterPay metadata field "
                                           "(metadata, metadata_account_validation, metadata_bank_account, "
                                           "metadata_card, metadata_customer_account, metadata_mandate, "
                                           "metadata_recurrence_schedule)",
                                           shown_key(key)));
    }
    if (auto put = put_text(link, key, "metadata." + key, value, kMaxMetadata); !put) return put;
  }
  return {};
}

// [I] Money → the wire amount: whole pence of GBP as a decimal-integer string (see kAmountCurrency).
Result<std::string> amount_to_wire(const Money& amount) {
  if (amount.currency().code() != kAmountCurrency) {
    return Error::validation(
        "amount",
        fmt::format("smarterpay: amount must be in {} (SmarterPay sends no currency); got {}", kAmountCurrency,
                    amount.currency().is_set() ? amount.currency().code() : std::string_view("none")));
  }
  if (!amount.is_positive()) {
    return Error::validation("amount", fmt::format("smarterpay: amount must be positive; got {}", amount.to_string()));
  }
  return std::to_string(amount.minor_units());
}

// [I] The wire amount → Money: whole pence of GBP, a decimal-integer string as in the seed ("2750"); a
// JSON integer is taken too. Anything else (a fraction, a sign, text) cannot be read without guessing.
Result<std::optional<Money>> amount_from_wire(JsonNode record) {
  const auto it = record.find("amount");
  if (it == record.end() || it->is_null()) return std::optional<Money>{};
  std::string digits;
  if (it->is_string())
    digits = it->get<std::string>();
  else if (it->is_number_unsigned())
    digits = it->dump();
  if (digits.empty() && it->is_string()) return std::optional<Money>{};  // "" = not set
  if (!is_digits(digits, 18)) {
    return invalid_response(kProvider,
                            fmt::format("amount {} is not whole pence (digits only)", bounded_text(it->dump(), 40)));
  }
  auto money = Money::from_minor_units(std::stoll(digits), kAmountCurrency);
  if (!money) return money.error();
  return std::optional<Money>(*money);
}

// The page number a cursor stands for: empty = 1 (the vendor's default), else a positive decimal.
Result<std::int64_t> page_number(const std::string& cursor) {
  if (cursor.empty()) return std::int64_t{1};
  if (!is_digits(cursor, 18) || std::stoll(cursor) < 1) {
    return Error::validation("cursor", fmt::format("smarterpay: cursor \"{}\" is not a page number (use "
                                                   "Page::next_cursor)",
                                                   shown_key(cursor)));
  }
  return static_cast<std::int64_t>(std::stoll(cursor));
}

// [C] "active" and "expired" are the documented words. [I] A link with `completed_at` set was paid,
// whatever its status word says (the seed has no example of a completed link).
LinkStatus status_of(std::string_view word, bool completed) {
  if (completed) return LinkStatus::paid;
  if (word == kStatusActive) return LinkStatus::open;
  if (word == kStatusExpired) return LinkStatus::expired;
  return LinkStatus::unknown;
}

// [I] SmarterPay times are "YYYY-MM-DD HH:MM:SS" with no zone (seed: "2023-07-13 11:12:45"); they are
// read as UTC. ISO 8601 is accepted as well, in case the service sends it for some records.
std::optional<Timestamp> parse_vendor_time(std::string_view text) {
  if (auto t = parse_space_datetime(text)) return t;
  return parse_iso8601(text);
}

bool is_digits(std::string_view text, std::size_t max_digits) {
  if (text.empty() || text.size() > max_digits) return false;
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A caller-given name, bounded and printable, for messages and `Error::field`.
std::string shown_key(std::string_view key) { return bounded_text(key, 64); }

}  // namespace
}  // namespace paylink::detail::smarterpay
