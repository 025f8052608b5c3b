// SmarterPay Cloud Payment Link API: POST /service.svc/paymentlink, GET/PUT
// /service.svc/paymentlink/{id}, GET /service.svc/paymentlinks.
// Wire facts: ../../../shared/vendors/smarterpay.md and the seed 003 (the authority for fields).
//
// Single records travel as {"payment_link":{...}} with every record field present (null when
// unset); the list is {"payment_links":[...]} without paging metadata.
#include <algorithm>
#include <cstdint>
#include <string>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

// ---- ASSUMPTION: the error format ----
// SmarterPay's error body and HTTP statuses are undocumented [?]. The sandbox answers
//   {"error":{"code":"<word>","message":"<text>"[,"field":"<name>"]}}
// with 400 (malformed request), 401 (bearer token), 404 (unknown id) and 422 (field validation).
// Everything about it lives in these constants and send_error().
constexpr const char* kCodeInvalidRequest = "invalid_request";
constexpr const char* kCodeUnauthorised = "unauthorised";
constexpr const char* kCodeNotFound = "not_found";
constexpr const char* kCodeValidation = "validation_failed";

// ---- limits [C: seed 003] ----
constexpr std::size_t kMaxDescription = 255;
constexpr std::size_t kMaxCustomReference = 100;
constexpr std::size_t kMaxReturnUrl = 2048;
constexpr std::size_t kMaxMetadata = 1000;
constexpr std::size_t kMaxIdempotencyKey = 255;  // [C]
constexpr std::int64_t kDefaultLimit = 40;
constexpr std::int64_t kMaxLimit = 500;
// Idempotency-Key retention is undocumented [?]; 24 hours [I].
constexpr std::int64_t kIdempotencyTtlSeconds = std::int64_t{24} * 3600;
// Amounts are pence strings; links are GBP for the payment page [I].
constexpr const char* kCurrency = "GBP";

constexpr const char* kCustomReferences[] = {"bank_account_custom_reference", "card_payment_custom_reference",
                                             "customer_custom_reference", "recurrence_schedule_custom_reference"};
constexpr const char* kMetadata[] = {"metadata",
                                     "metadata_account_validation",
                                     "metadata_bank_account",
                                     "metadata_card",
                                     "metadata_customer_account",
                                     "metadata_mandate",
                                     "metadata_recurrence_schedule"};
// Other optional string fields of the create request, stored and echoed as given.
constexpr const char* kPlainStrings[] = {"auddis",   "customer_account",      "bank_account",
                                         "mandate",  "recurrence_schedule",   "start_date",
                                         "end_date", "first_collection_date", "first_collection_amount"};

void send_error(httplib::Response& res, int http, const char* code, const std::string& message,
                const std::string& field = "") {
  json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  send_json(res, http, json{{"error", error}});
}

bool authenticate(SandboxServer& server, Exchange& ex) {
  const std::string header = ex.req.get_header_value("Authorization");
  const std::string prefix = "bearer ";
  if (header.size() > prefix.size() && to_lower(header.substr(0, prefix.size())) == prefix &&
      constant_time_equal(trim(header.substr(prefix.size())), server.credentials().smarterpay_token)) {
    return true;
  }
  send_error(ex.res, 401, kCodeUnauthorised, "Unauthorised: invalid or missing bearer token");
  return false;
}

// POST and PUT require a JSON content type [C].
bool json_content_type(Exchange& ex) {
  const std::string ct = to_lower(ex.req.get_header_value("Content-Type"));
  if (starts_with(ct, "application/json") || starts_with(ct, "application/vnd.api+json")) return true;
  send_error(ex.res, 400, kCodeInvalidRequest, "Content-Type must be application/json or application/vnd.api+json");
  return false;
}

json null_or(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? json(nullptr) : *it;
}

std::optional<std::string> time_or_null(const std::optional<std::int64_t>& t) {
  return t ? std::optional<std::string>(format_sql_time(*t)) : std::nullopt;
}

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }

// The record in the seed's field order; customer_custom_reference is a create field the seed's
// sample records omit but the list filters use, so it is included [I].
json record(const SandboxServer& server, const Link& link) {
  const json& f = link.fields;
  std::optional<std::string> expiry = "never";
  if (link.state != LinkState::open) {
    // The seed's expired sample carries the moment it expired [I: same for paid/closed links].
    expiry = time_or_null(link.closed_at ? link.closed_at : link.completed_at);
  } else if (link.expires_at) {
    expiry = format_sql_time(*link.expires_at);
  }
  return json{
      {"id", link.id},
      {"url", server.pay_url(link.id)},
      {"amount", link.amount_minor ? json(std::to_string(*link.amount_minor)) : json(nullptr)},
      {"description", link.description.empty() && !f.contains("description") ? json(nullptr) : json(link.description)},
      {"bank_account_custom_reference", null_or(f, "bank_account_custom_reference")},
      {"recurrence_schedule_custom_reference", null_or(f, "recurrence_schedule_custom_reference")},
      {"card_payment_custom_reference", null_or(f, "card_payment_custom_reference")},
      {"customer_custom_reference", null_or(f, "customer_custom_reference")},
      {"auddis", null_or(f, "auddis")},
      {"customer_account", null_or(f, "customer_account")},
      {"bank_account", null_or(f, "bank_account")},
      {"mandate", null_or(f, "mandate")},
      {"recurrence_schedule", null_or(f, "recurrence_schedule")},
      {"ecommerce_page", null_or(f, "ecommerce_page")},
      {"status", smarterpay_status_word(link.state)},
      {"expiry", opt(expiry)},
      {"return_url", link.return_url.empty() ? json(nullptr) : json(link.return_url)},
      {"visited_at", opt(time_or_null(link.visited_at))},
      {"completed_at", opt(time_or_null(link.completed_at))},
      {"created_at", format_sql_time(link.created_at)},
      {"account_validation_callback", false},
      {"start_date", null_or(f, "start_date")},
      {"end_date", null_or(f, "end_date")},
      {"first_collection_amount", null_or(f, "first_collection_amount")},
      {"first_collection_date", null_or(f, "first_collection_date")},
      {"metadata", null_or(f, "metadata")},
      {"metadata_account_validation", null_or(f, "metadata_account_validation")},
      {"metadata_bank_account", null_or(f, "metadata_bank_account")},
      {"metadata_card", null_or(f, "metadata_card")},
      {"metadata_customer_account", null_or(f, "metadata_customer_account")},
      {"metadata_mandate", null_or(f, "metadata_mandate")},
      {"metadata_recurrence_schedule", null_or(f, "metadata_recurrence_schedule")},
  };
}

// Validates an optional string field: absent/null is fine; otherwise a string within `max`.
// Returns false (after answering 422) when invalid.
bool optional_string(Exchange& ex, const json& pl, const char* key, std::size_t max, json& into) {
  const auto it = pl.find(key);
  if (it == pl.end() || it->is_null()) return true;
  if (!it->is_string()) {
    send_error(ex.res, 422, kCodeValidation, std::string(key) + " must be a string", key);
    return false;
  }
  if (utf8_length(it->get<std::string>()) > max) {
    send_error(ex.res, 422, kCodeValidation,
               std::string(key) + " must be at most " + std::to_string(max) + " characters", key);
    return false;
  }
  into[key] = *it;
  return true;
}

// Replays the first response stored for this Idempotency-Key, or returns the key to store under.
// Returns false when the request was answered here (replayed or rejected).
bool idempotency_lookup(SandboxServer& server, Exchange& ex, std::string& key) {
  key = ex.req.get_header_value("Idempotency-Key");
  if (key.empty()) return true;
  if (key.size() > kMaxIdempotencyKey) {
    send_error(ex.res, 400, kCodeInvalidRequest, "Idempotency-Key must be at most 255 characters");
    return false;
  }
  const auto cached =
      server.store().with_lock([&](StoreData& d) { return d.idempotent_get("smarterpay", ex.req.method + " " + key); });
  if (!cached) return true;
  ex.res.status = cached->status;
  ex.res.set_content(cached->body, cached->content_type);
  ex.res.set_header("Idempotent-Replayed", "true");
  return false;
}

// Stores the first answer (any status below 500: "status code + body of the first request" [C]).
void idempotency_store(SandboxServer& server, Exchange& ex, const std::string& key) {
  if (key.empty() || ex.res.status >= 500) return;
  server.store().with_lock([&](StoreData& d) {
    d.idempotent_put("smarterpay", ex.req.method + " " + key,
                     CachedResponse{ex.res.status, ex.res.body, "application/json", d.now() + kIdempotencyTtlSeconds});
  });
}

void create(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object() || !body->contains("payment_link") || !(*body)["payment_link"].is_object()) {
    send_error(ex.res, 400, kCodeInvalidRequest, "The body must be {\"payment_link\": {...}}");
    return;
  }
  const json& pl = (*body)["payment_link"];
  json fields = json::object();

  const auto page = string_field(pl, "ecommerce_page");
  if (!page || trim(*page).empty()) {
    send_error(ex.res, 422, kCodeValidation, "ecommerce_page is required", "ecommerce_page");
    return;
  }
  fields["ecommerce_page"] = *page;

  std::optional<std::int64_t> amount;
  if (pl.contains("amount") && !pl["amount"].is_null()) {
    const json& a = pl["amount"];
    if (a.is_string()) {
      const std::string s = a.get<std::string>();
      amount = s.find('.') == std::string::npos ? parse_decimal_minor(s, 0) : std::nullopt;
    } else if (a.is_number_unsigned() && a.get<std::uint64_t>() <= 1'000'000'000'000'000ULL) {
      amount = a.get<std::int64_t>();
    }
    if (!amount) {
      send_error(ex.res, 422, kCodeValidation, "amount must be a whole number of pence, e.g. \"2750\"", "amount");
      return;
    }
  }

  if (!optional_string(ex, pl, "description", kMaxDescription, fields)) return;
  for (const char* key : kCustomReferences) {
    if (!optional_string(ex, pl, key, kMaxCustomReference, fields)) return;
  }
  if (!optional_string(ex, pl, "return_url", kMaxReturnUrl, fields)) return;
  for (const char* key : kMetadata) {
    if (!optional_string(ex, pl, key, kMaxMetadata, fields)) return;
  }
  for (const char* key : kPlainStrings) {
    if (!optional_string(ex, pl, key, 1000, fields)) return;
  }

  const Link link = server.store().with_lock([&](StoreData& d) {
    Link l;
    l.vendor = Vendor::smarterpay;
    l.id = d.unique_id([] { return "PL01" + random_upper_alnum(16); });
    l.vendor_id = l.id;
    l.amount_minor = amount;
    l.currency = kCurrency;
    l.description = fields.contains("description") ? fields["description"].get<std::string>() : "";
    l.return_url = fields.contains("return_url") ? fields["return_url"].get<std::string>() : "";
    l.created_at = l.modified_at = d.now();
    l.fields = fields;
    return d.insert(std::move(l));
  });
  send_json(ex.res, 200, json{{"payment_link", record(server, link)}});
}

void update(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object() || !body->contains("payment_link") || !(*body)["payment_link"].is_object()) {
    send_error(ex.res, 400, kCodeInvalidRequest, "The body must be {\"payment_link\": {...}}");
    return;
  }
  const json& pl = (*body)["payment_link"];
  // Only the seven metadata strings and status are updatable [C]; anything else is refused
  // rather than silently ignored, so a client never believes it changed what it did not [I].
  for (const auto& item : pl.items()) {
    const std::string& key = item.key();  // a named reference: lambdas may not capture structured bindings in C++17
    const bool metadata = std::find_if(std::begin(kMetadata), std::end(kMetadata),
                                       [&key](const char* m) { return key == m; }) != std::end(kMetadata);
    if (!metadata && key != "status") {
      send_error(ex.res, 422, kCodeValidation, key + " cannot be updated", key);
      return;
    }
  }
  json updates = json::object();
  for (const char* key : kMetadata) {
    if (pl.contains(key) && pl[key].is_null())
      updates[key] = nullptr;  // null clears [I]
    else if (!optional_string(ex, pl, key, kMaxMetadata, updates))
      return;
  }
  bool expire = false;
  if (pl.contains("status")) {
    if (!pl["status"].is_string() || pl["status"].get<std::string>() != "expired") {
      send_error(ex.res, 422, kCodeValidation, "status can only be set to \"expired\"", "status");
      return;
    }
    expire = true;
  }

  struct Outcome {
    bool found = false;
    bool changed = false;
    Link link;
  };
  const Outcome outcome = server.store().with_lock([&](StoreData& d) {
    Outcome o;
    Link* l = d.find_by_vendor_id(Vendor::smarterpay, ex.params.at(0));
    if (l == nullptr) return o;
    o.found = true;
    for (const auto& [key, value] : updates.items()) l->fields[key] = value;
    l->modified_at = d.now();
    if (expire) o.changed = d.transition(*l, LinkState::expired);  // already closed: unchanged
    o.link = *l;
    return o;
  });
  if (!outcome.found) {
    send_error(ex.res, 404, kCodeNotFound, "No payment link with this ID");
    return;
  }
  if (outcome.changed) ex.changed.push_back(outcome.link);
  send_json(ex.res, 200, json{{"payment_link", record(server, outcome.link)}});
}

void get_one(SandboxServer& server, Exchange& ex) {
  const auto link = server.store().with_lock([&](StoreData& d) -> std::optional<Link> {
    const Link* l = d.find_by_vendor_id(Vendor::smarterpay, ex.params.at(0));
    return l ? std::optional<Link>(*l) : std::nullopt;
  });
  if (!link) {
    send_error(ex.res, 404, kCodeNotFound, "No payment link with this ID");
    return;
  }
  send_json(ex.res, 200, json{{"payment_link", record(server, *link)}});
}

// Exact-match filters: query parameter -> record field [C].
constexpr std::pair<const char*, const char*> kExactFilters[] = {{"bank_account_id", "bank_account"},
                                                                 {"customer_account_id", "customer_account"},
                                                                 {"ecommerce_page_id", "ecommerce_page"},
                                                                 {"id", "id"},
                                                                 {"mandate_id", "mandate"},
                                                                 {"recurrence_schedule_id", "recurrence_schedule"}};
// Contains-match filters [C].
constexpr const char* kContainsFilters[] = {"auddis", "bank_account_custom_reference", "card_payment_custom_reference",
                                            "customer_custom_reference", "recurrence_schedule_custom_reference"};

void list(SandboxServer& server, Exchange& ex) {
  const auto& req = ex.req;
  std::int64_t limit = kDefaultLimit;
  std::int64_t page_no = 1;
  if (req.has_param("limit")) {
    const auto v = parse_int(req.get_param_value("limit"));
    if (!v || *v < 1 || *v > kMaxLimit) {
      send_error(ex.res, 400, kCodeInvalidRequest, "limit must be between 1 and 500", "limit");
      return;
    }
    limit = *v;
  }
  if (req.has_param("page_no")) {
    const auto v = parse_int(req.get_param_value("page_no"));
    if (!v || *v < 1) {
      send_error(ex.res, 400, kCodeInvalidRequest, "page_no must be 1 or more", "page_no");
      return;
    }
    page_no = *v;
  }
  const std::string sort_field = req.has_param("sort_field") ? req.get_param_value("sort_field") : "created_at";
  if (sort_field != "id" && sort_field != "type" && sort_field != "created_at") {
    send_error(ex.res, 400, kCodeInvalidRequest, "sort_field must be id, type or created_at", "sort_field");
    return;
  }
  const std::string sort_order = req.has_param("sort_order") ? to_lower(req.get_param_value("sort_order")) : "asc";
  if (sort_order != "asc" && sort_order != "desc") {
    send_error(ex.res, 400, kCodeInvalidRequest, "sort_order must be asc or desc", "sort_order");
    return;
  }

  json out = json::array();
  server.store().with_lock([&](StoreData& d) {
    std::vector<const Link*> links = d.links_of(Vendor::smarterpay);
    // Exact and contains filters.
    links.erase(std::remove_if(links.begin(), links.end(),
                               [&](const Link* l) {
                                 for (const auto& [param, field] : kExactFilters) {
                                   if (!req.has_param(param)) continue;
                                   const std::string want = req.get_param_value(param);
                                   const std::string have =
                                       std::string(field) == "id" ? l->id : string_field(l->fields, field).value_or("");
                                   if (have != want) return true;
                                 }
                                 for (const char* param : kContainsFilters) {
                                   if (!req.has_param(param)) continue;
                                   const auto have = string_field(l->fields, param);
                                   if (!have || have->find(req.get_param_value(param)) == std::string::npos)
                                     return true;
                                 }
                                 return false;
                               }),
                links.end());
    // Sort; links have no "type" of their own, so sort_field=type orders by id [I]. Creation
    // order breaks ties (created_at has one-second resolution).
    std::stable_sort(links.begin(), links.end(), [&](const Link* a, const Link* b) {
      if (sort_field == "created_at") {
        if (a->created_at != b->created_at) return a->created_at < b->created_at;
        return a->seq < b->seq;
      }
      return a->id < b->id;
    });
    if (sort_order == "desc") std::reverse(links.begin(), links.end());
    const auto begin = static_cast<std::size_t>((page_no - 1) * limit);
    for (std::size_t i = begin; i < links.size() && i < begin + static_cast<std::size_t>(limit); ++i) {
      out.push_back(record(server, *links[i]));
    }
  });
  send_json(ex.res, 200, json{{"payment_links", std::move(out)}});
}

template <class F>
RouteHandler guarded(SandboxServer& server, bool write, F f) {
  return [&server, write, f](Exchange& ex) {
    if (!authenticate(server, ex)) return;
    if (!write) {
      f(server, ex);
      return;
    }
    if (!json_content_type(ex)) return;
    std::string key;
    if (!idempotency_lookup(server, ex, key)) return;
    f(server, ex);
    idempotency_store(server, ex, key);
  };
}

// ---- webhooks ----
// SmarterPay configures subscriptions in its portal [C]; the sandbox's stand-in is the control
// endpoint POST /__sandbox/smarterpay/webhook_subscriptions {"url", "key"?, "events"?} (key default:
// PAYLINK_SMARTERPAY_WEBHOOK_KEY, else the demo value). SmarterPay has no payment-link event [C]:
// paying a link's page makes a card payment, announced as card_payment.create in a V2 webhook
// {"id","idempotency_key","sent_at","client":{"id"},"events":[{...}]} [C: wiki "V2 Webhook
// Structure"]. ASSUMPTION [I]: the card payment made on a link's page carries the link's
// card_payment_custom_reference as its custom_reference (null when the link has none), which is how a
// receiver correlates it with the link. Everything about the shape lives in card_payment_webhook().
constexpr const char* kCardPaymentCreated = "card_payment.create";
constexpr const char* kCardPaymentSucceeded = "successful";
constexpr const char* kSandboxClientId = "SANDBOX";

json card_payment_webhook(const Link& link, const std::string& idempotency_key, std::int64_t now) {
  const std::int64_t paid_at = link.completed_at.value_or(now);
  json event = {{"id", "CP" + random_upper_alnum(12)},
                {"event_id", uuid_v4()},
                {"event_type", kCardPaymentCreated},
                {"status", kCardPaymentSucceeded},
                {"custom_reference", null_or(link.fields, "card_payment_custom_reference")},
                {"currency_code", kCurrency},
                {"initial_amount", link.amount_minor ? json(std::to_string(*link.amount_minor)) : json(nullptr)},
                {"metadata", null_or(link.fields, "metadata_card")},
                {"created_at", format_sql_time(paid_at)},
                {"edited_at", format_sql_time(paid_at)}};
  return json{{"id", "WH" + random_upper_alnum(12)},
              {"idempotency_key", idempotency_key},
              {"sent_at", format_sql_time(now)},
              {"client", {{"id", kSandboxClientId}}},
              {"events", json::array({event})}};
}

void deliver_payment_event(SandboxServer& server, const Link& link) {
  if (link.state != LinkState::paid) return;  // only a payment makes an event [C: no link events]
  for (const auto& sub : server.notifier().subscriptions(WebhookVendor::smarterpay)) {
    if (!sub.types.empty() && std::find(sub.types.begin(), sub.types.end(), kCardPaymentCreated) == sub.types.end()) {
      continue;
    }
    Delivery d;
    d.vendor = WebhookVendor::smarterpay;
    d.link_id = link.id;
    d.status = kCardPaymentSucceeded;
    d.event_id = uuid_v4();
    d.url = sub.url;
    d.signing_key = sub.secret;
    d.body = dump_json(card_payment_webhook(link, d.event_id, unix_now()));
    server.notifier().deliver(std::move(d));
  }
}

void add_subscription(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object()) return send_json(ex.res, 400, json{{"error", "body must be a JSON object"}});
  const auto url = string_field(*body, "url");
  if (!url || url->empty()) return send_json(ex.res, 400, json{{"error", "url is required"}});
  if (auto refused = Notifier::refuse_url(*url)) return send_json(ex.res, 400, json{{"error", "url: " + *refused}});
  Subscription sub;
  sub.vendor = WebhookVendor::smarterpay;
  sub.url = *url;
  const auto key = string_field(*body, "key");
  if (body->contains("key") && (!key || key->empty())) {
    return send_json(ex.res, 400, json{{"error", "key must be a non-empty string"}});
  }
  sub.secret = key ? *key : server.credentials().smarterpay_webhook_key;
  if (const auto events = body->find("events"); events != body->end() && !events->is_null()) {
    if (!events->is_array()) return send_json(ex.res, 400, json{{"error", "events must be an array of names"}});
    for (const auto& e : *events) {
      if (!e.is_string()) return send_json(ex.res, 400, json{{"error", "events must be an array of names"}});
      sub.types.push_back(e.get<std::string>());
    }
  }
  sub.created_at = unix_now();
  sub.id = server.notifier().add_subscription(sub);
  send_json(ex.res, 201,
            json{{"id", sub.id},
                 {"url", sub.url},
                 {"events", sub.types},
                 {"key", key ? "as given" : "PAYLINK_SMARTERPAY_WEBHOOK_KEY (or the demo key)"}});
}

}  // namespace

const char* smarterpay_status_word(LinkState s) {
  // The vendor's words are "active" and "expired" only [C]; a paid link is no longer usable and
  // shows completed_at, a canceled one is expired [I].
  return s == LinkState::open ? "active" : "expired";
}

void smarterpay_generic_error(httplib::Response& res, int status, const std::string& message) {
  const char* code = status == 401   ? kCodeUnauthorised
                     : status == 404 ? kCodeNotFound
                     : status == 429 ? "rate_limited"
                     : status >= 500 ? "server_error"
                                     : kCodeInvalidRequest;
  send_error(res, status, code, message);
}

void register_smarterpay_routes(SandboxServer& server) {
  // WCF services match paths case-insensitively (the vendor's own example writes /Service.svc/).
  server.add_route("POST", R"(/service\.svc/paymentlink/?)", guarded(server, true, create), true);
  server.add_route("GET", R"(/service\.svc/paymentlinks/?)", guarded(server, false, list), true);
  server.add_route("GET", R"(/service\.svc/paymentlink/([^/]+))", guarded(server, false, get_one), true);
  server.add_route("PUT", R"(/service\.svc/paymentlink/([^/]+))", guarded(server, true, update), true);
  server.add_route("POST", "/__sandbox/smarterpay/webhook_subscriptions",
                   [&server](Exchange& ex) { add_subscription(server, ex); });
  server.add_route("GET", "/__sandbox/smarterpay/webhook_subscriptions", [&server](Exchange& ex) {
    json list = json::array();
    for (const auto& s : server.notifier().subscriptions(WebhookVendor::smarterpay)) {
      list.push_back(json{{"id", s.id}, {"url", s.url}, {"events", s.types}});
    }
    send_json(ex.res, 200, json{{"subscriptions", list}});
  });
  server.add_route("DELETE", "/__sandbox/smarterpay/webhook_subscriptions/([^/]+)", [&server](Exchange& ex) {
    const bool removed = server.notifier().remove_subscription(WebhookVendor::smarterpay, ex.params.at(0));
    send_json(ex.res, removed ? 200 : 404, json{{"removed", removed}});
  });
  server.on_state_change(Vendor::smarterpay, [&server](const Link& link) { deliver_payment_event(server, link); });
}

}  // namespace paylink_sandbox
