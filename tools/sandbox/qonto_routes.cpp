// Qonto Business API v2 payment links: /v2/payment_links and its sub-resources.
// Wire facts: ../../../shared/vendors/qonto.md and the seed 004.
//
// Errors are JSON:API-style {"errors":[{"code","detail","source":{"pointer"|"parameter"}}],
// "trace_id"}. Money is {"value":"13.30","currency":"EUR"} with exact decimals.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

// ---- inferred or undecided points, one place each ----
// Single-link responses (create, get, deactivate) are wrapped in {"payment_link": ...} as the
// seed's create example and the project contract show. NOTE: docs.qonto.com's examples for GET
// /v2/payment_links/{id} and PATCH .../deactivate show the bare object instead [?]; flip this to
// serve them bare.
constexpr bool kWrapSingleLink = true;
// The basket amount is gross: sum of quantity x unit_price x (1 + vat_rate/100), each line rounded
// half-up to the cent. The seed's create example (one item 10.99 at "21.0" -> amount "13.30") and
// docs.qonto.com ("the gross amount of the payment link, including VAT") agree; so does the SDK.
constexpr bool kAmountIncludesVat = true;
constexpr std::int64_t kLinkLifetimeSeconds = std::int64_t{365} * 86400;  // [I] from the webhook example (1 year)
constexpr std::int64_t kIdempotencyTtlSeconds = std::int64_t{30} * 60;    // [C] 30 minutes
constexpr int kCreatedStatus = 200;                                       // [?] 200 or 201; docs do not say
constexpr const char* kCurrency = "EUR";                                  // Qonto links are in euros [I]
constexpr const char* kPayerEmail = "payer@example.com";                  // the sandbox payer [I]
// Connection of the organisation to the payment provider: always enabled in the sandbox.
constexpr const char* kBankAccountId = "018f3a1e-0000-4000-8000-00000000b4c0";

constexpr const char* kPaymentMethods[] = {"credit_card", "apple_pay", "paypal", "ideal", "bank_transfer"};
constexpr const char* kLinkStatuses[] = {"open", "expired", "canceled", "paid", "processing"};
// The payments list's status[] words [C] (its own life cycle, not a link's).
constexpr const char* kPaymentStatuses[] = {"open", "pending", "authorized", "paid", "canceled", "expired", "failed"};
constexpr const char* kItemTypes[] = {"good", "service"};  // "good" [C]; "service" [I]
constexpr std::int64_t kMaxPerPage = 100;
constexpr std::int64_t kMaxQuantity = 1'000'000;

template <std::size_t N>
bool one_of(const std::string& value, const char* const (&options)[N]) {
  for (const char* o : options) {
    if (value == o) return true;
  }
  return false;
}

struct QontoError {
  std::string code;
  std::string detail;
  std::string pointer;    // JSON pointer into the body
  std::string parameter;  // query parameter
};

void send_errors(httplib::Response& res, int http, const std::vector<QontoError>& errors) {
  json list = json::array();
  for (const auto& e : errors) {
    json item = {{"code", e.code}, {"detail", e.detail}};
    if (!e.pointer.empty() || !e.parameter.empty()) {
      json source = json::object();
      if (!e.pointer.empty()) source["pointer"] = e.pointer;
      if (!e.parameter.empty()) source["parameter"] = e.parameter;
      item["source"] = source;
    }
    list.push_back(item);
  }
  send_json(res, http, json{{"errors", list}, {"trace_id", random_hex(16)}});
}

void send_error(httplib::Response& res, int http, const std::string& code, const std::string& detail) {
  send_errors(res, http, {QontoError{code, detail, "", ""}});
}

// The page Qonto's sandbox answers (HTTP 200, HTML) when X-Qonto-Staging-Token is missing.
void send_staging_login_page(httplib::Response& res) {
  res.status = 200;
  res.set_content(
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Qonto - Sign in</title></head>\n"
      "<body><form action=\"https://qonto.onelogin.com/login\" method=\"post\">\n"
      "<h1>Sign in to Qonto staging</h1>\n<p>Please sign in with your OneLogin account.</p>\n"
      "<input name=\"username\"><input name=\"password\" type=\"password\"><button>Continue</button>\n"
      "</form><!-- paylink-sandbox: X-Qonto-Staging-Token missing or wrong --></body></html>\n",
      "text/html; charset=utf-8");
}

bool guard(SandboxServer& server, Exchange& ex) {
  const auto& creds = server.credentials();
  if (creds.qonto_staging_token &&
      !constant_time_equal(ex.req.get_header_value("X-Qonto-Staging-Token"), *creds.qonto_staging_token)) {
    send_staging_login_page(ex.res);
    return false;
  }
  const std::string header = trim(ex.req.get_header_value("Authorization"));
  const std::string bearer = "bearer ";
  if (header.size() > bearer.size() && to_lower(header.substr(0, bearer.size())) == bearer) {
    // The static demo token, or an access token from POST /oauth2/token that has not expired.
    const std::string token = trim(header.substr(bearer.size()));
    if (constant_time_equal(token, creds.qonto_token)) return true;
    const auto check = server.qonto_oauth().check_access(token, QontoOAuth::Clock::now());
    if (check == QontoOAuth::AccessCheck::valid) return true;
    if (check == QontoOAuth::AccessCheck::expired) {
      // Qonto's words for an expired token are not documented [?]; the status and envelope are [C].
      send_error(ex.res, 401, "unauthorized", "The access token has expired");
      return false;
    }
  } else if (!header.empty() && constant_time_equal(header, creds.qonto_login + ":" + creds.qonto_secret_key)) {
    // The static API key "<login>:<secret-key>". Qonto documents it for payment-link reads; for
    // writes it is [?] (the docs say the key is "mostly read-only"). The sandbox accepts it for
    // both so the CLI works with either credential; a stricter vendor would answer 401/403.
    return true;
  }
  send_error(ex.res, 401, "unauthorized", "The access token or API key is invalid");
  return false;
}

json money(std::int64_t minor, const std::string& currency) {
  return json{{"value", format_minor(minor, currency_exponent(currency))}, {"currency", currency}};
}

json link_object(const SandboxServer& server, const Link& link) {
  const json& f = link.fields;
  const bool basket = f.value("resource_type", "Basket") == "Basket";
  return json{
      {"id", link.id},
      {"status", qonto_status_word(link.state)},
      {"expiration_date", link.expires_at ? json(format_iso_utc(*link.expires_at)) : json(nullptr)},
      {"potential_payment_methods", f.value("potential_payment_methods", json::array())},
      {"amount", money(link.amount_minor.value_or(0), link.currency)},
      {"resource_type", basket ? "Basket" : "Invoice"},
      {"reusable", f.value("reusable", false)},
      {"created_at", format_iso_utc(link.created_at)},
      {"url", server.pay_url(link.id)},
      {"items", basket ? f.value("items", json::array()) : json(nullptr)},
      {"invoice_id", basket ? json(nullptr) : f.value("invoice_id", json(nullptr))},
      {"invoice_number", basket ? json(nullptr) : f.value("invoice_number", json(nullptr))},
      {"debitor_name", basket ? json(nullptr) : f.value("debitor_name", json(nullptr))},
  };
}

json single(json object) { return kWrapSingleLink ? json{{"payment_link", std::move(object)}} : object; }

json payment_object(const QontoPayment& p) {
  return json{{"id", p.id},
              {"amount", money(p.amount_minor, p.currency)},
              {"status", "paid"},
              {"created_at", format_iso_utc(p.created_at)},
              {"payment_method", p.payment_method},
              {"paid_at", format_iso_utc(p.paid_at)},
              {"debitor_email", p.debitor_email}};
}

// ---- validation helpers ----

// A money object {"value":"10.99","currency":"EUR"}; appends errors under `pointer`.
std::optional<std::int64_t> parse_money(const json& m, const std::string& pointer, std::vector<QontoError>& errors) {
  if (!m.is_object()) {
    errors.push_back({"invalid", "must be an object {value, currency}", pointer, ""});
    return std::nullopt;
  }
  const auto currency = string_field(m, "currency");
  if (!currency || *currency != kCurrency) {
    errors.push_back({"not_in_list", "currency must be EUR", pointer + "/currency", ""});
    return std::nullopt;
  }
  const auto value = string_field(m, "value");
  const auto minor = value ? parse_decimal_minor(*value, currency_exponent(*currency)) : std::nullopt;
  if (!minor) {
    errors.push_back(
        {"invalid", "value must be a decimal string with at most 2 decimals, e.g. \"10.99\"", pointer + "/value", ""});
    return std::nullopt;
  }
  return minor;
}

std::optional<std::string> required_string(const json& pl, const char* key, std::vector<QontoError>& errors) {
  auto v = string_field(pl, key);
  if (!v || trim(*v).empty()) {
    errors.push_back({"blank", std::string(key) + " is required", std::string("/payment_link/") + key, ""});
    return std::nullopt;
  }
  return v;
}

// Gross line amount in cents, or nullopt on overflow.
std::optional<std::int64_t> line_amount(std::int64_t quantity, std::int64_t unit_minor, std::int64_t vat_e4) {
  std::int64_t net = 0;
  if (__builtin_mul_overflow(quantity, unit_minor, &net)) return std::nullopt;
  if (!kAmountIncludesVat) return net;
  // net * (100 + vat%) / 100 with vat% carried as vat_e4 = vat% * 10^4: scale 10^6.
  std::int64_t scaled = 0;
  if (__builtin_mul_overflow(net, 1'000'000 + vat_e4, &scaled)) return std::nullopt;
  return (scaled + 500'000) / 1'000'000;  // half-up (values are non-negative)
}

void create(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body) {
    send_errors(ex.res, 400, {{"invalid", "The request body is not valid JSON", "", ""}});
    return;
  }
  if (!body->is_object() || !body->contains("payment_link") || !(*body)["payment_link"].is_object()) {
    send_errors(ex.res, 422, {{"blank", "payment_link is required", "/payment_link", ""}});
    return;
  }
  const json& pl = (*body)["payment_link"];
  std::vector<QontoError> errors;
  json fields = json::object();

  // potential_payment_methods: required, non-empty, from the documented enum.
  json methods = json::array();
  if (!pl.contains("potential_payment_methods") || !pl["potential_payment_methods"].is_array() ||
      pl["potential_payment_methods"].empty()) {
    errors.push_back({"blank", "potential_payment_methods is required", "/payment_link/potential_payment_methods", ""});
  } else {
    std::size_t i = 0;
    for (const auto& m : pl["potential_payment_methods"]) {
      if (!m.is_string() || !one_of(m.get<std::string>(), kPaymentMethods)) {
        errors.push_back({"not_in_list", "unknown payment method",
                          "/payment_link/potential_payment_methods/" + std::to_string(i), ""});
      } else {
        methods.push_back(m);
      }
      ++i;
    }
  }

  // redirect_url: optional for both kinds [C]; where the payer lands after paying. The docs give no
  // format; the sandbox takes an absolute http(s) URL [I].
  if (pl.contains("redirect_url") && !pl["redirect_url"].is_null()) {
    const auto url = string_field(pl, "redirect_url");
    if (!url || !(starts_with(*url, "https://") || starts_with(*url, "http://")) ||
        url->find_first_of(" \t\r\n") != std::string::npos) {
      errors.push_back({"invalid", "redirect_url must be an absolute http(s) URL", "/payment_link/redirect_url", ""});
    } else {
      fields["redirect_url"] = *url;
    }
  }

  const bool has_items = pl.contains("items");
  const bool has_invoice = pl.contains("invoice_id") || pl.contains("invoice_number") || pl.contains("debitor_name");
  std::int64_t total = 0;
  bool reusable = false;
  if (has_items && has_invoice) {
    errors.push_back(
        {"invalid", "a payment link is either a basket (items) or an invoice (invoice_id)", "/payment_link", ""});
  } else if (!has_items && !has_invoice) {
    errors.push_back(
        {"blank", "items (basket link) or invoice_id (invoice link) is required", "/payment_link/items", ""});
  } else if (has_items) {
    fields["resource_type"] = "Basket";
    if (!pl["items"].is_array() || pl["items"].empty()) {
      errors.push_back({"blank", "items must be a non-empty array", "/payment_link/items", ""});
    } else {
      json items = json::array();
      std::size_t i = 0;
      for (const auto& item : pl["items"]) {
        const std::string at = "/payment_link/items/" + std::to_string(i++);
        if (!item.is_object()) {
          errors.push_back({"invalid", "item must be an object", at, ""});
          continue;
        }
        const auto title = string_field(item, "title");
        if (!title || trim(*title).empty()) errors.push_back({"blank", "title is required", at + "/title", ""});
        std::int64_t quantity = 0;
        if (!item.contains("quantity") || !item["quantity"].is_number_integer() ||
            item["quantity"].get<std::int64_t>() < 1 || item["quantity"].get<std::int64_t>() > kMaxQuantity) {
          errors.push_back({"invalid", "quantity must be an integer of at least 1", at + "/quantity", ""});
        } else {
          quantity = item["quantity"].get<std::int64_t>();
        }
        std::optional<std::int64_t> unit;
        if (item.contains("unit_price")) {
          unit = parse_money(item["unit_price"], at + "/unit_price", errors);
        } else {
          errors.push_back({"blank", "unit_price is required", at + "/unit_price", ""});
        }
        // vat_rate: a percent string such as "21.0" (the seed wins over the docs' "0.21").
        const auto vat_text = string_field(item, "vat_rate");
        std::int64_t vat_e4 = -1;  // the percent x 10^4; -1 = invalid
        if (vat_text) vat_e4 = parse_decimal_minor(*vat_text, 4).value_or(-1);
        if (vat_e4 < 0 || vat_e4 > std::int64_t{100} * 10'000) {
          errors.push_back(
              {"invalid", "vat_rate must be a percent string between 0 and 100, e.g. \"21.0\"", at + "/vat_rate", ""});
        }
        const auto type = string_field(item, "type");
        if (!type || !one_of(*type, kItemTypes)) {
          errors.push_back({"not_in_list", "type must be good or service", at + "/type", ""});
        }
        for (const char* key : {"description", "measure_unit"}) {
          if (item.contains(key) && !item[key].is_null() && !item[key].is_string()) {
            errors.push_back({"invalid", std::string(key) + " must be a string", at + "/" + key, ""});
          }
        }
        if (!title || quantity == 0 || !unit || vat_e4 < 0 || vat_e4 > std::int64_t{100} * 10'000 || !type) continue;
        const auto line = line_amount(quantity, *unit, vat_e4);
        if (!line || __builtin_add_overflow(total, *line, &total)) {
          errors.push_back({"amount_too_high", "the basket total is too high", at, ""});
          continue;
        }
        json echoed = {{"title", *title},
                       {"quantity", quantity},
                       {"unit_price", item["unit_price"]},
                       {"vat_rate", *vat_text},
                       {"type", *type}};
        if (item.contains("description")) echoed["description"] = item["description"];
        if (item.contains("measure_unit")) echoed["measure_unit"] = item["measure_unit"];
        items.push_back(echoed);
      }
      fields["items"] = items;
    }
    if (!pl.contains("reusable") || !pl["reusable"].is_boolean()) {
      errors.push_back({"blank", "reusable (boolean) is required for basket links", "/payment_link/reusable", ""});
    } else {
      reusable = pl["reusable"].get<bool>();
    }
  } else {
    fields["resource_type"] = "Invoice";
    const auto invoice_id = required_string(pl, "invoice_id", errors);
    const auto invoice_number = required_string(pl, "invoice_number", errors);
    const auto debitor_name = required_string(pl, "debitor_name", errors);
    std::optional<std::int64_t> amount;
    if (!pl.contains("amount")) {
      errors.push_back({"blank", "amount is required for invoice links", "/payment_link/amount", ""});
    } else {
      amount = parse_money(pl["amount"], "/payment_link/amount", errors);
    }
    if (pl.contains("reusable") && !pl["reusable"].is_null()) {
      if (!pl["reusable"].is_boolean()) {
        errors.push_back({"invalid", "reusable must be a boolean", "/payment_link/reusable", ""});
      } else {
        reusable = pl["reusable"].get<bool>();  // defaults to false for invoice links [C]
      }
    }
    if (invoice_id) fields["invoice_id"] = *invoice_id;
    if (invoice_number) fields["invoice_number"] = *invoice_number;
    if (debitor_name) fields["debitor_name"] = *debitor_name;
    if (amount) total = *amount;
  }
  if (errors.empty() && total <= 0) {
    errors.push_back({"invalid", "the payment link amount must be greater than 0", "/payment_link", ""});
  }
  if (!errors.empty()) {
    send_errors(ex.res, 422, errors);
    return;
  }
  fields["potential_payment_methods"] = methods;
  fields["reusable"] = reusable;

  const Link link = server.store().with_lock([&](StoreData& d) {
    Link l;
    l.vendor = Vendor::qonto;
    l.id = d.unique_id(uuid_v4);
    l.vendor_id = l.id;
    l.amount_minor = total;
    l.currency = kCurrency;
    l.description = fields.contains("invoice_number")
                        ? "Invoice " + fields["invoice_number"].get<std::string>()
                        : (fields["items"].size() == 1 ? fields["items"][0]["title"].get<std::string>()
                                                       : std::to_string(fields["items"].size()) + " items");
    l.created_at = l.modified_at = d.now();
    l.expires_at = l.created_at + kLinkLifetimeSeconds;
    l.fields = fields;
    return d.insert(std::move(l));
  });
  ex.changed.push_back(link);  // subscribers get a "created" event
  send_json(ex.res, kCreatedStatus, single(link_object(server, link)));
}

// ---- paging ----

struct PageRequest {
  std::int64_t page = 1;
  std::int64_t per_page = kMaxPerPage;
};

bool parse_paging(Exchange& ex, PageRequest& out) {
  std::vector<QontoError> errors;
  if (ex.req.has_param("page")) {
    const auto v = parse_int(ex.req.get_param_value("page"));
    if (!v || *v < 1)
      errors.push_back({"invalid", "page must be an integer of at least 1", "", "page"});
    else
      out.page = *v;
  }
  if (ex.req.has_param("per_page")) {
    const auto v = parse_int(ex.req.get_param_value("per_page"));
    if (!v || *v < 1 || *v > kMaxPerPage)
      errors.push_back({"invalid", "per_page must be between 1 and 100", "", "per_page"});
    else
      out.per_page = *v;
  }
  if (errors.empty()) return true;
  send_errors(ex.res, 422, errors);
  return false;
}

json meta(const PageRequest& p, std::size_t total_count) {
  const auto total = static_cast<std::int64_t>(total_count);
  const std::int64_t total_pages = (total + p.per_page - 1) / p.per_page;
  return json{{"current_page", p.page},
              {"next_page", p.page < total_pages ? json(p.page + 1) : json(nullptr)},
              {"prev_page", p.page > 1 ? json(p.page - 1) : json(nullptr)},
              {"total_pages", total_pages},
              {"total_count", total},
              {"per_page", p.per_page}};
}

template <class T, class F>
json page_of(const std::vector<T>& all, const PageRequest& p, F to_json) {
  json out = json::array();
  const auto begin = static_cast<std::size_t>((p.page - 1) * p.per_page);
  for (std::size_t i = begin; i < all.size() && i < begin + static_cast<std::size_t>(p.per_page); ++i) {
    out.push_back(to_json(all[i]));
  }
  return out;
}

// status filter: status[]=open&status[]=paid (documented), also status=open or status=open,paid;
// `words` are the list's documented status words.
template <std::size_t N>
bool parse_status_filter(Exchange& ex, const char* const (&words)[N], std::vector<std::string>& out) {
  for (const char* key : {"status[]", "status"}) {
    const std::size_t n = ex.req.get_param_value_count(key);
    for (std::size_t i = 0; i < n; ++i) {
      const std::string raw = ex.req.get_param_value(key, i);
      std::size_t pos = 0;
      while (pos <= raw.size()) {
        const auto comma = raw.find(',', pos);
        const std::string v = trim(raw.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
        if (!v.empty()) {
          if (!one_of(v, words)) {
            send_errors(ex.res, 422, {{"not_in_list", "unknown status " + v, "", "status"}});
            return false;
          }
          out.push_back(v);
        }
        if (comma == std::string::npos) break;
        pos = comma + 1;
      }
    }
  }
  return true;
}

void list(SandboxServer& server, Exchange& ex) {
  PageRequest paging;
  if (!parse_paging(ex, paging)) return;
  std::vector<std::string> statuses;
  if (!parse_status_filter(ex, kLinkStatuses, statuses)) return;
  const std::string sort_by = ex.req.has_param("sort_by") ? ex.req.get_param_value("sort_by") : "";
  if (!sort_by.empty() && sort_by != "amount:asc" && sort_by != "amount:desc" && sort_by != "expiration_date:asc" &&
      sort_by != "expiration_date:desc") {
    send_errors(ex.res, 422,
                {{"not_in_list", "sort_by must be amount:asc|desc or expiration_date:asc|desc", "", "sort_by"}});
    return;
  }
  std::vector<Link> links = server.store().with_lock([&](StoreData& d) {
    std::vector<Link> out;
    for (const Link* l : d.links_of(Vendor::qonto)) {
      if (statuses.empty() ||
          std::find(statuses.begin(), statuses.end(), qonto_status_word(l->state)) != statuses.end()) {
        out.push_back(*l);
      }
    }
    return out;
  });
  // Default order: newest first [I]; creation order breaks ties.
  std::stable_sort(links.begin(), links.end(), [&](const Link& a, const Link& b) {
    if (sort_by == "amount:asc" || sort_by == "amount:desc") {
      const auto x = a.amount_minor.value_or(0);
      const auto y = b.amount_minor.value_or(0);
      if (x != y) return sort_by == "amount:asc" ? x < y : x > y;
    } else if (sort_by == "expiration_date:asc" || sort_by == "expiration_date:desc") {
      const auto x = a.expires_at.value_or(0);
      const auto y = b.expires_at.value_or(0);
      if (x != y) return sort_by == "expiration_date:asc" ? x < y : x > y;
    }
    return a.seq > b.seq;
  });
  send_json(ex.res, 200,
            json{{"payment_links", page_of(links, paging, [&](const Link& l) { return link_object(server, l); })},
                 {"meta", meta(paging, links.size())}});
}

std::optional<Link> find(SandboxServer& server, const std::string& id) {
  return server.store().with_lock([&](StoreData& d) -> std::optional<Link> {
    const Link* l = d.find_by_vendor_id(Vendor::qonto, id);
    return l ? std::optional<Link>(*l) : std::nullopt;
  });
}

void not_found(Exchange& ex) { send_error(ex.res, 404, "not_found", "Payment link not found"); }

void get_one(SandboxServer& server, Exchange& ex) {
  const auto link = find(server, ex.params.at(0));
  if (!link) return not_found(ex);
  send_json(ex.res, 200, single(link_object(server, *link)));
}

void deactivate(SandboxServer& server, Exchange& ex) {
  enum class Outcome { not_found, deactivated, already, refused };
  Link snapshot;
  const Outcome outcome = server.store().with_lock([&](StoreData& d) {
    Link* l = d.find_by_vendor_id(Vendor::qonto, ex.params.at(0));
    if (l == nullptr) return Outcome::not_found;
    snapshot = *l;
    if (l->state == LinkState::canceled) return Outcome::already;  // idempotent [I]
    if (!d.transition(*l, LinkState::canceled)) return Outcome::refused;
    snapshot = *l;
    return Outcome::deactivated;
  });
  switch (outcome) {
    case Outcome::not_found:
      return not_found(ex);
    case Outcome::refused:
      send_errors(ex.res, 422,
                  {{"invalid_status",
                    std::string("a ") + qonto_status_word(snapshot.state) + " payment link cannot be deactivated",
                    "/status", ""}});
      return;
    case Outcome::deactivated:
      ex.changed.push_back(snapshot);
      break;
    case Outcome::already:
      break;
  }
  send_json(ex.res, 200, single(link_object(server, snapshot)));
}

void payments(SandboxServer& server, Exchange& ex) {
  PageRequest paging;
  if (!parse_paging(ex, paging)) return;
  const auto link = find(server, ex.params.at(0));
  if (!link) return not_found(ex);
  std::vector<std::string> statuses;
  if (!parse_status_filter(ex, kPaymentStatuses, statuses)) return;
  const std::string sort_by = ex.req.has_param("sort_by") ? ex.req.get_param_value("sort_by") : "creation_date:desc";
  if (sort_by != "creation_date:asc" && sort_by != "creation_date:desc") {
    send_errors(ex.res, 422,
                {{"not_in_list", "sort_by must be creation_date:asc or creation_date:desc", "", "sort_by"}});
    return;
  }
  std::vector<QontoPayment> list;  // stored oldest first; every sandbox payment is "paid"
  if (statuses.empty() || std::find(statuses.begin(), statuses.end(), "paid") != statuses.end()) list = link->payments;
  if (sort_by == "creation_date:desc") std::reverse(list.begin(), list.end());
  send_json(ex.res, 200,
            json{{"payments", page_of(list, paging, payment_object)}, {"meta", meta(paging, list.size())}});
}

void payment_methods(SandboxServer&, Exchange& ex) {
  json methods = json::array();
  for (const char* m : {"credit_card", "apple_pay", "paypal", "ideal"}) {
    methods.push_back(json{{"name", m}, {"enabled", true}});
  }
  send_json(ex.res, 200, json{{"payment_link_payment_methods", methods}});
}

void connection_status(SandboxServer&, Exchange& ex) {
  // Shape from third-party fixtures [3P]; the sandbox organisation is always connected.
  send_json(ex.res, 200,
            json{{"connection_location", nullptr}, {"status", "enabled"}, {"bank_account_id", kBankAccountId}});
}

// ---- webhook subscriptions: POST/GET /v2/webhook_subscriptions, GET/DELETE .../{id} [C] ----
// Body {callback_url (required, <= 512), types (required, >= 1), secret (32..128; generated when
// absent), description (<= 256)}; the answer (201) is the subscription with its secret, which only
// the creation answer shows. The sandbox delivers to loopback http callback URLs only (Qonto itself
// requires https).
constexpr const char* kWebhookTypes[] = {
    "v1/payment-links", "v1/payment-links-connections", "v1/transactions", "v1/accounts", "v1/organizations",
    "v1/memberships",   "v1/consent-revocations",       "v1/cards"};
constexpr std::size_t kMaxCallbackUrl = 512;
constexpr std::size_t kMinSecret = 32;
constexpr std::size_t kMaxSecret = 128;
constexpr std::size_t kMaxSubscriptionDescription = 256;
constexpr const char* kPaymentLinksType = "v1/payment-links";
constexpr const char* kOrganizationId = "018f3a1e-0000-4000-8000-0000000000c0";  // the sandbox org [I]
constexpr const char* kMembershipId = "018f3a1e-0000-4000-8000-0000000000d0";

json subscription_object(const Subscription& s, bool with_secret) {
  json out = {{"id", s.id},
              {"organization_id", kOrganizationId},
              {"membership_id", kMembershipId},
              {"callback_url", s.url},
              {"types", s.types},
              {"description", s.description.empty() ? json(nullptr) : json(s.description)},
              {"created_at", format_iso_utc(s.created_at)},
              {"updated_at", format_iso_utc(s.created_at)}};
  if (with_secret) out["secret"] = s.secret;
  return out;
}

void create_subscription(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object()) return send_error(ex.res, 400, "invalid", "The body must be a JSON object");
  std::vector<QontoError> errors;
  Subscription sub;
  sub.vendor = WebhookVendor::qonto;
  const auto url = string_field(*body, "callback_url");
  if (!url || url->empty()) {
    errors.push_back({"blank", "callback_url is required", "/callback_url", ""});
  } else if (url->size() > kMaxCallbackUrl) {
    errors.push_back({"too_long", "callback_url is longer than 512 characters", "/callback_url", ""});
  } else if (auto refused = Notifier::refuse_url(*url)) {
    errors.push_back({"invalid", "callback_url: " + *refused, "/callback_url", ""});
  } else {
    sub.url = *url;
  }
  const auto types = body->find("types");
  if (types == body->end() || !types->is_array() || types->empty()) {
    errors.push_back({"blank", "types needs at least one event type", "/types", ""});
  } else {
    for (std::size_t i = 0; i < types->size(); ++i) {
      const json& t = (*types)[i];
      if (!t.is_string() || !one_of(t.get<std::string>(), kWebhookTypes)) {
        errors.push_back({"not_in_list", "unknown event type", "/types/" + std::to_string(i), ""});
      } else {
        sub.types.push_back(t.get<std::string>());
      }
    }
  }
  if (const auto secret = body->find("secret"); secret != body->end() && !secret->is_null()) {
    if (!secret->is_string() || secret->get<std::string>().size() < kMinSecret ||
        secret->get<std::string>().size() > kMaxSecret) {
      errors.push_back({"invalid", "secret must be a string of 32 to 128 characters", "/secret", ""});
    } else {
      sub.secret = secret->get<std::string>();
    }
  } else {
    sub.secret = "whsec_" + random_hex(24);
  }
  if (auto d = string_field(*body, "description")) {
    if (d->size() > kMaxSubscriptionDescription) {
      errors.push_back({"too_long", "description is longer than 256 characters", "/description", ""});
    }
    sub.description = *d;
  }
  if (!errors.empty()) return send_errors(ex.res, 422, errors);
  sub.created_at = unix_now();
  sub.id = server.notifier().add_subscription(sub);
  send_json(ex.res, 201, subscription_object(sub, true));
}

void list_subscriptions(SandboxServer& server, Exchange& ex) {
  PageRequest paging;
  if (!parse_paging(ex, paging)) return;
  const auto all = server.notifier().subscriptions(WebhookVendor::qonto);
  send_json(
      ex.res, 200,
      json{{"subscriptions", page_of(all, paging, [](const Subscription& s) { return subscription_object(s, false); })},
           {"meta", meta(paging, all.size())}});
}

void get_subscription(SandboxServer& server, Exchange& ex) {
  const auto sub = server.notifier().subscription(WebhookVendor::qonto, ex.params.at(0));
  if (!sub) return send_error(ex.res, 404, "not_found", "Webhook subscription not found");
  send_json(ex.res, 200, subscription_object(*sub, false));
}

void delete_subscription(SandboxServer& server, Exchange& ex) {
  if (!server.notifier().remove_subscription(WebhookVendor::qonto, ex.params.at(0))) {
    return send_error(ex.res, 404, "not_found", "Webhook subscription not found");
  }
  ex.res.status = 204;
}

// The v1/payment-links event [C: docs example]: "created" for a new link, "updated" for every
// later change; data.status carries the new status (there is no separate "paid" event).
void deliver_link_event(SandboxServer& server, const Link& link) {
  const std::string event = link.state == LinkState::open ? "created" : "updated";
  const std::int64_t updated = link.modified_at;
  for (const auto& sub : server.notifier().subscriptions(WebhookVendor::qonto)) {
    if (std::find(sub.types.begin(), sub.types.end(), kPaymentLinksType) == sub.types.end()) continue;
    const bool basket = link.fields.value("resource_type", "Basket") == "Basket";
    json metadata = json::object();
    if (!basket) metadata["invoice_number"] = link.fields.value("invoice_number", json(nullptr));
    json data = {{"event", event},
                 {"status", qonto_status_word(link.state)},
                 {"payment_link_id", link.id},
                 {"amount", money(link.amount_minor.value_or(0), link.currency)},
                 {"potential_payment_methods", link.fields.value("potential_payment_methods", json::array())},
                 {"resource_id", link.fields.value("invoice_id", json(link.id))},
                 {"resource_metadata", metadata},
                 {"resource_type", basket ? "Basket" : "Invoice"},
                 {"expired_at", link.expires_at ? json(format_iso_utc(*link.expires_at)) : json(nullptr)},
                 {"created_at", format_iso_utc(link.created_at)},
                 {"updated_at", format_iso_utc(updated)}};
    if (!link.payments.empty()) data["latest_payment_method_used"] = link.payments.back().payment_method;
    Delivery d;
    d.vendor = WebhookVendor::qonto;
    d.link_id = link.id;
    d.status = qonto_status_word(link.state);
    d.event_id = uuid_v4();
    d.url = sub.url;
    d.signing_key = sub.secret;
    d.body = dump_json(json{{"id", d.event_id},
                            {"subscription_id", sub.id},
                            {"organization_id", kOrganizationId},
                            {"membership_id", kMembershipId},
                            {"type", kPaymentLinksType},
                            {"created_at", format_iso_utc(unix_now())},
                            {"data", data}});
    server.notifier().deliver(std::move(d));
  }
}

// Writes honour X-Qonto-Idempotency-Key: the first successful answer is replayed for 30 minutes
// even when the body differs [C]. Failed answers are not cached.
template <class F>
RouteHandler guarded(SandboxServer& server, bool write, F f) {
  return [&server, write, f](Exchange& ex) {
    if (!guard(server, ex)) return;
    const std::string key = write ? ex.req.get_header_value("X-Qonto-Idempotency-Key") : "";
    const std::string cache_key = ex.req.method + " " + ex.req.path + " " + key;
    if (!key.empty()) {
      const auto cached = server.store().with_lock([&](StoreData& d) { return d.idempotent_get("qonto", cache_key); });
      if (cached) {
        ex.res.status = cached->status;
        ex.res.set_content(cached->body, cached->content_type);
        return;
      }
    }
    f(server, ex);
    if (!key.empty() && ex.res.status >= 200 && ex.res.status < 300) {
      server.store().with_lock([&](StoreData& d) {
        d.idempotent_put(
            "qonto", cache_key,
            CachedResponse{ex.res.status, ex.res.body, "application/json", d.now() + kIdempotencyTtlSeconds});
      });
    }
  };
}

}  // namespace

const char* qonto_status_word(LinkState s) {
  switch (s) {
    case LinkState::open:
      return "open";
    case LinkState::paid:
      return "paid";
    case LinkState::canceled:
      return "canceled";  // American spelling [3P]
    case LinkState::expired:
      return "expired";
  }
  return "open";
}

void qonto_on_paid(Link& link, std::int64_t now) {
  // Every payment through the page is a card payment by the sandbox payer. A reusable link is
  // also marked paid (the contract: paying -> paid) [I: the real one may stay open].
  link.payments.push_back(
      QontoPayment{uuid_v4(), link.amount_minor.value_or(0), link.currency, now, now, "credit_card", kPayerEmail});
}

std::vector<QuotaWindow> qonto_quota_windows() {
  // [C] "1 000 requests / 10 s and 10 000 requests / 10 min, per IP"; sliding windows are [I].
  return {QuotaWindow{std::chrono::seconds(10), 1000}, QuotaWindow{std::chrono::minutes(10), 10000}};
}

void qonto_generic_error(httplib::Response& res, int status, const std::string& message) {
  const std::string code = status == 401   ? "unauthorized"
                           : status == 404 ? "not_found"
                           : status == 429 ? "too_many_requests"
                           : status >= 500 ? "internal_server_error"
                                           : "invalid";
  send_error(res, status, code, message);
}

void register_qonto_routes(SandboxServer& server) {
  server.add_route("POST", R"(/v2/payment_links/?)", guarded(server, true, create));
  server.add_route("GET", R"(/v2/payment_links/?)", guarded(server, false, list));
  server.add_route("GET", R"(/v2/payment_links/payment_methods/?)", guarded(server, false, payment_methods));
  server.add_route("GET", R"(/v2/payment_links/connections/?)", guarded(server, false, connection_status));
  server.add_route("GET", R"(/v2/payment_links/([^/]+))", guarded(server, false, get_one));
  server.add_route("PATCH", R"(/v2/payment_links/([^/]+)/deactivate)", guarded(server, true, deactivate));
  server.add_route("GET", R"(/v2/payment_links/([^/]+)/payments)", guarded(server, false, payments));
  server.add_route("POST", R"(/v2/webhook_subscriptions/?)", guarded(server, true, create_subscription));
  server.add_route("GET", R"(/v2/webhook_subscriptions/?)", guarded(server, false, list_subscriptions));
  server.add_route("GET", R"(/v2/webhook_subscriptions/([^/]+))", guarded(server, false, get_subscription));
  server.add_route("DELETE", R"(/v2/webhook_subscriptions/([^/]+))", guarded(server, true, delete_subscription));
  server.on_state_change(Vendor::qonto, [&server](const Link& link) { deliver_link_event(server, link); });
}

}  // namespace paylink_sandbox
