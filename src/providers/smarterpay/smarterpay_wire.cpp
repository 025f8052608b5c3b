// SmarterPay Cloud wire ⇄ domain. Order: the vendor's words, the wire structs' conversions, the domain
// mapping, then the private builders they use.
#include "providers/smarterpay/smarterpay_wire.hpp"

#include <algorithm>
#include <cstdint>

#include <fmt/format.h>

#include "core/time_format.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::smarterpay {
namespace {

Result<void> check_text(std::string_view field, std::string_view value, std::size_t max_chars);
Result<std::map<std::string, std::string>> checked_metadata(const std::map<std::string, std::string>& metadata);
Result<std::string> amount_to_wire(const Money& amount);
Result<PaymentLink> to_domain(const WireLink& wire, std::string_view path, int http_status);
Result<std::int64_t> page_number(const std::string& cursor);
std::optional<Timestamp> parse_vendor_time(std::string_view text);
bool is_digits(std::string_view text, std::size_t max_digits);
std::string scalar_text(const Json& value);
std::string member_text(const Json& object, const char* key);
std::string entry_message(const Json& entry, std::string& field);
std::string shown_key(std::string_view key);
template <std::size_t N>
bool is_one_of(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

// --- The vendor's words -----------------------------------------------------------------------------

LinkStatus map_payment_status(std::string_view word) {
  if (word == "successful") return LinkStatus::paid;
  if (word == "pending") return LinkStatus::pending;
  if (word == "cancelled" || word == "failed" || word == "error") return LinkStatus::open;
  return LinkStatus::unknown;
}

std::optional<std::string> correlated_link_reference(const WireWebhookEvent& event) {
  if (!is_one_of(kCardPaymentEventTypes, event.event_type) || event.custom_reference.empty()) return std::nullopt;
  return event.custom_reference;
}

std::optional<Money> webhook_amount(const WireWebhookEvent& event) {
  const std::string currency = event.currency_code.empty() ? std::string(kAmountCurrency) : event.currency_code;
  const Json& value = event.initial_amount;
  if (value.is_number_integer()) {
    std::int64_t pence = 0;
    try {
      read_value(value, pence);
    } catch (const Json::exception&) {
      return std::nullopt;
    }
    auto money = Money::from_minor_units(pence, currency);
    return money ? std::optional<Money>(*money) : std::nullopt;
  }
  if (!value.is_string()) return std::nullopt;
  const std::string text = value.get<std::string>();
  if (is_digits(text, kMaxAmountDigits)) {
    auto money = Money::from_minor_units(std::stoll(text), currency);
    return money ? std::optional<Money>(*money) : std::nullopt;
  }
  auto money = Money::parse(text, currency);
  return money ? std::optional<Money>(*money) : std::nullopt;
}

LinkStatus map_status(std::string_view word) {
  if (word == "active") return LinkStatus::open;
  if (word == kStatusExpired) return LinkStatus::expired;
  return LinkStatus::unknown;
}

LinkStatus link_status(std::string_view word, bool completed) {
  return completed ? LinkStatus::paid : map_status(word);
}

// --- Wire structs -----------------------------------------------------------------------------------

void to_json(Json& j, const WireLinkBody& w) {
  j = Json::object();
  write_optional(j, "ecommerce_page", w.ecommerce_page);
  write_optional(j, "customer_account", w.customer_account);
  write_optional(j, "bank_account", w.bank_account);
  write_optional(j, "mandate", w.mandate);
  write_optional(j, "recurrence_schedule", w.recurrence_schedule);
  write_optional(j, "auddis", w.auddis);
  write_optional(j, "amount", w.amount);
  write_optional(j, "description", w.description);
  write_optional(j, "customer_custom_reference", w.customer_custom_reference);
  write_optional(j, "bank_account_custom_reference", w.bank_account_custom_reference);
  write_optional(j, "card_payment_custom_reference", w.card_payment_custom_reference);
  write_optional(j, "recurrence_schedule_custom_reference", w.recurrence_schedule_custom_reference);
  write_optional(j, "return_url", w.return_url);
  write_optional(j, "start_date", w.start_date);
  write_optional(j, "end_date", w.end_date);
  write_optional(j, "first_collection_date", w.first_collection_date);
  write_optional(j, "first_collection_amount", w.first_collection_amount);
  for (const auto& [name, value] : w.metadata) write_optional(j, name.c_str(), value);
  write_optional(j, "status", w.status);
}

void to_json(Json& j, const WireLinkRequest& w) {
  j = Json::object();
  j["payment_link"] = w.payment_link;
}

void from_json(const Json& j, WireScalar& w) {
  if (j.is_string()) {
    w.text = j.get<std::string>();
  } else if (j.is_boolean()) {
    w.text = j.get<bool>() ? "true" : "false";
  } else if (j.is_number_integer()) {
    w.text = j.dump();
  } else {
    throw_wire_type_error(j, fmt::format("must be a string, an integer or a boolean, but is {}", j.type_name()));
  }
}

void from_json(const Json& j, WireWebhookEvent& w) {
  read_optional(j, "id", w.id);
  read_optional(j, "event_id", w.event_id);
  read_optional(j, "event_type", w.event_type);
  read_optional(j, "status", w.status);
  read_optional(j, "custom_reference", w.custom_reference);
  read_optional(j, "currency_code", w.currency_code);
  if (const auto it = j.find("initial_amount"); it != j.end()) w.initial_amount = *it;
  read_optional(j, "created_at", w.created_at);
  read_optional(j, "edited_at", w.edited_at);
}

void from_json(const Json& j, WireWebhook& w) {
  read_optional(j, "id", w.id);
  read_optional(j, "idempotency_key", w.idempotency_key);
  read_optional(j, "sent_at", w.sent_at);
  read_required(j, "events", w.events);
}

void from_json(const Json& j, WireLink& w) {
  read_required(j, "id", w.id);
  read_optional(j, "url", w.url);
  read_required(j, "status", w.status);
  read_optional(j, "amount", w.amount);
  read_optional(j, "description", w.description);
  read_optional(j, "expiry", w.expiry);
  read_optional(j, "created_at", w.created_at);
  read_optional(j, "visited_at", w.visited_at);
  read_optional(j, "completed_at", w.completed_at);
  for (const std::string_view key : kMetadataFields) {
    std::optional<std::string> value;
    read_optional(j, key.data(), value);
    if (value) w.metadata.emplace(key, std::move(*value));
  }
  for (const std::string_view key : kVendorFields) {
    std::optional<WireScalar> value;
    read_optional(j, key.data(), value);
    if (value) w.vendor_fields.emplace(key, std::move(value->text));
  }
  w.raw = j;
}

void from_json(const Json& j, WireLinkAnswer& w) { read_required(j, "payment_link", w.payment_link); }

void from_json(const Json& j, WireLinkList& w) { read_required(j, "payment_links", w.payment_links); }

// The shapes are guesses (see WireError), so each key is read in whichever of its guessed forms it has;
// a form no guess covers says nothing rather than failing the error.
void from_json(const Json& j, WireError& w) {
  if (!j.is_object()) throw_wire_type_error(j, "must be an object");
  std::vector<std::string> messages;
  auto add = [&messages](std::string text) {
    if (!text.empty() && messages.size() < kMaxErrorMessages) messages.push_back(std::move(text));
  };
  add(member_text(j, "message"));
  if (const auto error = j.find("error"); error != j.end()) {
    if (error->is_object()) {
      add(entry_message(*error, w.field));
      w.code = member_text(*error, "code");
    } else {
      add(scalar_text(*error));
    }
  }
  if (const auto errors = j.find("errors"); errors != j.end()) {
    if (errors->is_array()) {
      for (const Json& entry : *errors) add(entry_message(entry, w.field));
    } else if (errors->is_object()) {
      for (const auto& [key, value] : errors->items()) {
        const std::string text = value.is_array() && !value.empty() ? scalar_text(value.front()) : scalar_text(value);
        if (w.field.empty()) w.field = key;
        add(text.empty() ? key : fmt::format("{}: {}", key, text));
      }
    } else {
      add(scalar_text(*errors));
    }
  }
  add(member_text(j, "details"));
  if (w.code.empty()) w.code = member_text(j, "code");
  // `status` is a result class ("error", "failed") in the card-payment results: a code of last resort.
  if (w.code.empty()) w.code = member_text(j, "status");
  for (const auto& m : messages) w.message += w.message.empty() ? m : "; " + m;
}

// --- Domain ⇄ wire ----------------------------------------------------------------------------------

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

  WireLinkBody body;
  if (request.amount) {
    auto pence = amount_to_wire(*request.amount);
    if (!pence) return pence.error();
    body.amount = std::move(*pence);
  }
  struct Text {
    std::string_view field;  // as the caller knows it
    const std::string& value;
    std::size_t max_chars;  // 0: no documented limit
    std::string WireLinkBody::*wire;
  };
  const Text texts[] = {
      {"smarterpay.ecommerce_page", o.ecommerce_page, 0, &WireLinkBody::ecommerce_page},
      {"smarterpay.customer_account", o.customer_account, 0, &WireLinkBody::customer_account},
      {"smarterpay.bank_account", o.bank_account, 0, &WireLinkBody::bank_account},
      {"smarterpay.mandate", o.mandate, 0, &WireLinkBody::mandate},
      {"smarterpay.recurrence_schedule", o.recurrence_schedule, 0, &WireLinkBody::recurrence_schedule},
      {"smarterpay.auddis", o.auddis, 0, &WireLinkBody::auddis},
      {"description", request.description, kMaxDescription, &WireLinkBody::description},
      {"reference", request.reference, kMaxCustomReference, &WireLinkBody::customer_custom_reference},
      {"smarterpay.bank_account_custom_reference", o.bank_account_custom_reference, kMaxCustomReference,
       &WireLinkBody::bank_account_custom_reference},
      {"smarterpay.card_payment_custom_reference", o.card_payment_custom_reference, kMaxCustomReference,
       &WireLinkBody::card_payment_custom_reference},
      {"smarterpay.recurrence_schedule_custom_reference", o.recurrence_schedule_custom_reference, kMaxCustomReference,
       &WireLinkBody::recurrence_schedule_custom_reference},
      {"return_url", request.return_url, kMaxReturnUrl, &WireLinkBody::return_url},
      {"smarterpay.start_date", o.start_date, 0, &WireLinkBody::start_date},
      {"smarterpay.end_date", o.end_date, 0, &WireLinkBody::end_date},
      {"smarterpay.first_collection_date", o.first_collection_date, 0, &WireLinkBody::first_collection_date},
  };
  for (const Text& t : texts) {
    if (auto checked = check_text(t.field, t.value, t.max_chars); !checked) return checked.error();
    body.*t.wire = t.value;
  }
  // Same unit as `amount` ([I] pence): digits only, so that "27.50" cannot be sent as 2750 pounds.
  if (!o.first_collection_amount.empty() && !is_digits(o.first_collection_amount, kMaxAmountDigits)) {
    return Error::validation("smarterpay.first_collection_amount",
                             "smarterpay: smarterpay.first_collection_amount must be whole pence, digits only "
                             "(\"1500\" is £15.00)");
  }
  body.first_collection_amount = o.first_collection_amount;
  auto metadata = checked_metadata(request.metadata);
  if (!metadata) return metadata.error();
  body.metadata = std::move(*metadata);
  return dump_json(WireLinkRequest{std::move(body)});
}

Result<std::string> encode_update_body(const UpdateLinkRequest& update) {
  auto metadata = checked_metadata(update.metadata);
  if (!metadata) return metadata.error();
  if (metadata->empty()) {
    // Empty strings are omitted like every unset field, so an update of only empty strings says nothing.
    return Error::validation("metadata",
                             "smarterpay: an update needs at least one non-empty metadata string (\"metadata\", "
                             "\"metadata_card\", …); empty values are not sent");
  }
  WireLinkRequest request;
  request.payment_link.metadata = std::move(*metadata);
  return dump_json(request);
}

std::string encode_expire_body() {
  WireLinkRequest request;
  request.payment_link.status = kStatusExpired;
  return dump_json(request);
}

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
      return Error::validation(
          "sort_field",
          fmt::format("smarterpay: sort_field \"{}\" is not one of id, type, created_at", shown_key(query.sort_field)));
    }
    params.emplace_back("sort_field", query.sort_field);
  }
  // Ascending is the vendor's default and is not sent.
  if (query.sort_descending) params.emplace_back("sort_order", "desc");
  for (const auto& [key, value] : query.filters) {  // std::map: ascending key order
    if (!is_one_of(kListFilters, key)) {
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

Result<PaymentLink> decode_link(std::string_view body, int http_status) {
  auto answer = decode_wire<WireLinkAnswer>(body, kProvider, http_status);
  if (!answer) return std::move(answer).error();
  return to_domain(answer->payment_link, "/payment_link", http_status);
}

Result<Page<PaymentLink>> decode_list(std::string_view body, int http_status, const ListQuery& query) {
  auto list = decode_wire<WireLinkList>(body, kProvider, http_status);
  if (!list) return std::move(list).error();
  Page<PaymentLink> page;
  page.items.reserve(list->payment_links.size());
  for (std::size_t i = 0; i < list->payment_links.size(); ++i) {
    auto link = to_domain(list->payment_links[i], fmt::format("/payment_links/{}", i), http_status);
    if (!link) {
      Error e = std::move(link).error();
      e.message += fmt::format(" (record {} of the list)", i);
      return e;
    }
    page.items.push_back(std::move(*link));
  }
  // The list carries no paging metadata: a page as long as the limit asked for may have a successor,
  // a shorter one is the last.
  const auto limit = static_cast<std::size_t>(query.page_size > 0 ? query.page_size : kDefaultListLimit);
  auto page_no = page_number(query.cursor);
  if (!page_no) return page_no.error();
  if (page.items.size() >= limit) page.next_cursor = std::to_string(*page_no + 1);
  return page;
}

Result<std::optional<LinkEvent>> decode_webhook(std::string_view body) {
  auto webhook = decode_wire<WireWebhook>(body, kProvider);
  if (!webhook) return std::move(webhook).error();
  for (WireWebhookEvent& wire : webhook->events) {
    auto reference = correlated_link_reference(wire);
    if (!reference) continue;
    LinkEvent event;
    event.provider = std::string(kProvider);
    event.link_id = std::move(*reference);
    event.status = map_payment_status(wire.status);
    event.raw_status = std::move(wire.status);
    event.amount = webhook_amount(wire);
    for (const auto* time : {&wire.edited_at, &wire.created_at, &webhook->sent_at}) {
      if (*time && !event.occurred_at) event.occurred_at = parse_vendor_time(**time);
    }
    if (!wire.event_id.empty()) {
      event.event_id = std::move(wire.event_id);
    } else if (webhook->idempotency_key && !webhook->idempotency_key->text.empty()) {
      event.event_id = std::move(webhook->idempotency_key->text);
    } else {
      event.event_id = std::move(webhook->id);
    }
    event.raw_body = std::string(body);
    return std::optional<LinkEvent>(std::move(event));
  }
  return std::optional<LinkEvent>{};
}

std::optional<WireError> decode_error_body(std::string_view body) {
  auto error = decode_wire<WireError>(body, kProvider);
  if (!error || (error->message.empty() && error->code.empty())) return std::nullopt;
  return std::move(*error);
}

// --- Private builders -------------------------------------------------------------------------------

namespace {

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

// The non-empty metadata strings by their wire names (empty ones are not sent, like every unset field);
// any key that is not one of the seven is refused by name.
Result<std::map<std::string, std::string>> checked_metadata(const std::map<std::string, std::string>& metadata) {
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : metadata) {
    if (!is_one_of(kMetadataFields, key)) {
      return Error::validation("metadata." + shown_key(key),
                               fmt::format("smarterpay: metadata key \"{}\" is not a SmarterPay metadata field "
                                           "(metadata, metadata_account_validation, metadata_bank_account, "
                                           "metadata_card, metadata_customer_account, metadata_mandate, "
                                           "metadata_recurrence_schedule)",
                                           shown_key(key)));
    }
    if (auto checked = check_text("metadata." + key, value, kMaxMetadata); !checked) return checked.error();
    if (!value.empty()) out.emplace(key, value);
  }
  return out;
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

// One record → the domain. `path` is the record's JSON path, for the semantic errors named here (a
// missing or mistyped member was already named by the wire struct's reader).
Result<PaymentLink> to_domain(const WireLink& wire, std::string_view path, int http_status) {
  auto bad = [&](std::string_view member, std::string_view what) {
    return invalid_response(kProvider, fmt::format("{}/{}: {}", path, member, what), http_status);
  };
  // A time member: absent, or "YYYY-MM-DD HH:MM:SS" ([I] see parse_vendor_time).
  auto time = [&](std::string_view member, const std::optional<std::string>& text,
                  std::optional<Timestamp>& out) -> std::optional<Error> {
    if (!text) return std::nullopt;
    out = parse_vendor_time(*text);
    if (out) return std::nullopt;
    return bad(member, fmt::format("\"{}\" is not a \"YYYY-MM-DD HH:MM:SS\" time", bounded_text(*text, 40)));
  };

  PaymentLink link;
  link.provider = std::string(kProvider);
  if (wire.id.empty()) return bad("id", "is empty");
  link.id = wire.id;
  link.url = wire.url.value_or("");
  link.raw_status = wire.status;
  link.description = wire.description.value_or("");
  if (auto e = time("created_at", wire.created_at, link.created_at)) return *e;
  if (auto e = time("visited_at", wire.visited_at, link.visited_at)) return *e;
  if (auto e = time("completed_at", wire.completed_at, link.completed_at)) return *e;
  if (wire.expiry) {
    link.vendor_fields["expiry"] = *wire.expiry;
    if (*wire.expiry != kExpiryNever) {
      if (auto e = time("expiry", wire.expiry, link.expires_at)) return *e;
    }
  }
  link.status = link_status(wire.status, link.completed_at.has_value());
  link.metadata = wire.metadata;
  link.vendor_fields.insert(wire.vendor_fields.begin(), wire.vendor_fields.end());
  if (const auto it = wire.vendor_fields.find("customer_custom_reference"); it != wire.vendor_fields.end()) {
    link.reference = it->second;  // where `CreateLinkRequest::reference` went
  }
  // [I] Whole pence of GBP, a decimal-integer string as in the seed ("2750"), or a JSON integer; "" is
  // not set. Anything else (a fraction, a sign, text) cannot be read without guessing.
  if (wire.amount && !wire.amount->text.empty()) {
    const std::string& pence = wire.amount->text;
    if (!is_digits(pence, kMaxAmountDigits)) {
      return bad("amount", fmt::format("\"{}\" is not whole pence (digits only)", bounded_text(pence, 40)));
    }
    auto money = Money::from_minor_units(std::stoll(pence), kAmountCurrency);
    if (!money) return bad("amount", money.error().message);
    link.amount = *money;
  }
  link.raw_json = dump_json(wire.raw);
  return link;
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

// Text of a scalar in an error body: strings as they are, integers in decimal; anything else says nothing.
std::string scalar_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number_integer()) return value.dump();
  return {};
}

std::string member_text(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  const auto it = object.find(key);
  return it == object.end() ? std::string() : scalar_text(*it);
}

// The message of one entry of `errors` or of an `error` object; sets `field` if it is still empty.
std::string entry_message(const Json& entry, std::string& field) {
  if (!entry.is_object()) return scalar_text(entry);
  for (const char* key : {"field", "property", "parameter"}) {
    if (field.empty()) field = member_text(entry, key);
  }
  for (const char* key : {"message", "details", "detail", "description", "error"}) {
    if (auto text = member_text(entry, key); !text.empty()) return text;
  }
  return {};
}

// A caller-given name, bounded and printable, for messages and `Error::field`.
std::string shown_key(std::string_view key) { return bounded_text(key, 64); }

}  // namespace
}  // namespace paylink::detail::smarterpay
