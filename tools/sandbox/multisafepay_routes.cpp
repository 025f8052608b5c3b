// MultiSafepay orders API: POST /v1/json/orders, GET and PATCH /v1/json/orders/{order_id}.
// Wire facts: ../../../shared/vendors/multisafepay.md and the seed 002.
//
// Envelopes: {"success":true,"data":{...}} and
//            {"success":false,"data":[],"error_code":N,"error_info":"..."}.
// Orders of type paymentlink/redirect/checkout answer {order_id, payment_url, session_id}; the
// payment_url is the sandbox's own payment page. A `direct` order with a recurring_id (a token
// payment) is charged at once and answers the full order object.
#include <cstdint>
#include <regex>
#include <string>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

// ---- error codes (docs api/general/error-reference.md [C]) ----
constexpr int kErrNotFound = 1000;  // 1000 also stands for "invalid request" where the docs name no code [I]
constexpr int kErrAmount = 1001;
constexpr int kErrCurrency = 1002;
constexpr int kErrOrderId = 1006;
constexpr int kErrDescription = 1008;
constexpr int kErrVar = 1010;
constexpr int kErrMissingData = 1016;
constexpr int kErrDeclined = 1024;
constexpr int kErrApiKey = 1032;
constexpr int kErrCart = 5001;  // "cart data not validated"

// ---- limits ----
constexpr std::size_t kMaxOrderId = 50;       // [C]
constexpr std::size_t kMaxDescription = 200;  // [C]
// var1..var3: the OpenAPI schema and docs say 100 characters [C]; the seed's API reference page
// says 500. The project contract fixes 100; change this one constant if the vendor confirms 500.
constexpr std::size_t kMaxVar = 100;
constexpr std::int64_t kDefaultSecondsActive = 2592000;  // 30 days [C]
constexpr std::int64_t kMaxSecondsActive = 31536000;     // [C]
constexpr std::int64_t kMaxDaysActive = 365;             // [C]

// HTTP statuses: 401 + 1032 and 404 + 1000 per the contract; validation errors 400, and a
// duplicate order id 409 [I: the docs give error codes, not HTTP statuses].
constexpr int kHttpValidation = 400;
constexpr int kHttpDuplicate = 409;

// A `direct` token payment succeeds when the recurring_id looks like a MultiSafepay token
// (documented examples: azbkvsE0up4, 133761993_gTp2, 99814704667013722040): 4-64 characters of
// [A-Za-z0-9_]. Anything else is declined with 1024 — a sandbox convention [I].
bool is_known_looking_token(const std::string& token) {
  static const std::regex kToken("[A-Za-z0-9_]{4,64}");
  return std::regex_match(token, kToken);
}

constexpr const char* kTypes[] = {"direct", "redirect", "paymentlink", "checkout"};
constexpr const char* kRecurringModels[] = {"cardOnFile", "subscription", "unscheduled"};

template <std::size_t N>
bool one_of(const std::string& value, const char* const (&options)[N]) {
  for (const char* o : options) {
    if (value == o) return true;
  }
  return false;
}

void send_error(httplib::Response& res, int http, int code, const std::string& info) {
  send_json(res, http, json{{"success", false}, {"data", json::array()}, {"error_code", code}, {"error_info", info}});
}

void send_ok(httplib::Response& res, json data) {
  send_json(res, 200, json{{"success", true}, {"data", std::move(data)}});
}

bool authenticate(SandboxServer& server, Exchange& ex) {
  std::string presented;
  if (ex.req.has_header("api_key"))
    presented = ex.req.get_header_value("api_key");
  else if (ex.req.has_param("api_key"))
    presented = ex.req.get_param_value("api_key");
  if (!presented.empty() && constant_time_equal(trim(presented), server.credentials().multisafepay_api_key)) {
    return true;
  }
  send_error(ex.res, 401, kErrApiKey, "Invalid API key");
  return false;
}

json null_or(const json& object, const char* key) {
  if (object.is_object()) {
    const auto it = object.find(key);
    if (it != object.end()) return *it;
  }
  return nullptr;
}

// The full order object, as GET /v1/json/orders/{order_id} and notifications carry it.
json order_object(const SandboxServer& server, const Link& link) {
  const json& f = link.fields;
  const std::string status = multisafepay_status_word(link.state);
  json payment_details = {
      {"recurring_id", null_or(f, "recurring_id")},
      {"recurring_model", null_or(f, "recurring_model")},
      {"recurring_flow", f.contains("recurring_id") ? json("token") : json(nullptr)},
      {"type", null_or(f, "payment_type")},
      {"account_holder_name", nullptr},
      {"external_transaction_id", nullptr},
      {"last4", null_or(f, "last4")},
      {"card_expiry_date", null_or(f, "card_expiry_date")},
  };
  json payment_methods = json::array();
  if (link.state == LinkState::paid) {
    payment_methods.push_back(json{{"amount", link.amount_minor.value_or(0)},
                                   {"currency", link.currency},
                                   {"description", link.description},
                                   {"external_transaction_id", null_or(f, "transaction_id")},
                                   {"payment_description", "paylink-sandbox payment"},
                                   {"status", status},
                                   {"type", null_or(f, "payment_type")}});
  }
  json customer = f.contains("customer") && f["customer"].is_object() ? f["customer"] : json::object();
  return json{
      {"transaction_id", null_or(f, "transaction_id")},
      {"order_id", link.vendor_id},
      {"created", format_local_iso(link.created_at)},
      {"modified", format_local_iso(link.modified_at)},
      {"completed", link.completed_at ? json(format_local_iso(*link.completed_at)) : json(nullptr)},
      {"currency", link.currency},
      {"amount", link.amount_minor.value_or(0)},
      {"amount_refunded", 0},
      {"description", link.description},
      {"var1", null_or(f, "var1")},
      {"var2", null_or(f, "var2")},
      {"var3", null_or(f, "var3")},
      {"status", status},
      {"financial_status", status},
      {"reason", ""},
      {"reason_code", ""},
      {"fastcheckout", "NO"},
      {"customer", customer},
      {"payment_details", payment_details},
      {"payment_methods", payment_methods},
      {"costs", json::array()},
      {"related_transactions", nullptr},
      {"payment_url", server.pay_url(link.id)},
      {"session_id", link.id},
  };
}

// Lifetimes may come as integers or numeric strings (the seed types seconds_active as a string).
std::optional<std::int64_t> int_or_numeric_string(const json& v) {
  if (v.is_number_integer()) return v.get<std::int64_t>();
  if (v.is_string()) return parse_int(v.get<std::string>());
  return std::nullopt;
}

void handle_create(SandboxServer& server, Exchange& ex) {
  if (!authenticate(server, ex)) return;
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object()) {
    send_error(ex.res, kHttpValidation, kErrMissingData, "Missing data: the body must be a JSON object");
    return;
  }
  const json& b = *body;

  std::string type = "redirect";  // the documented default
  if (b.contains("type") && !b["type"].is_null()) {
    if (!b["type"].is_string() || !one_of(b["type"].get<std::string>(), kTypes)) {
      send_error(ex.res, kHttpValidation, kErrNotFound,
                 "Invalid type: expected direct, redirect, paymentlink or checkout");
      return;
    }
    type = b["type"].get<std::string>();
  }

  std::string order_id;
  if (b.contains("order_id")) {
    if (b["order_id"].is_string())
      order_id = b["order_id"].get<std::string>();
    else if (b["order_id"].is_number_integer())
      order_id = std::to_string(b["order_id"].get<std::int64_t>());
  }
  if (order_id.empty() || order_id.size() > kMaxOrderId) {
    send_error(ex.res, kHttpValidation, kErrOrderId, "Invalid order ID: required, at most 50 characters");
    return;
  }

  const auto currency = string_field(b, "currency");
  if (!currency || currency->size() != 3 || !is_known_currency(*currency)) {
    send_error(ex.res, kHttpValidation, kErrCurrency, "Invalid currency: an ISO 4217 code is required");
    return;
  }

  if (!b.contains("amount") || !b["amount"].is_number_integer() ||
      (b["amount"].is_number_unsigned() ? b["amount"].get<std::uint64_t>() > 1'000'000'000'000'000ULL
                                        : b["amount"].get<std::int64_t>() < 0)) {
    send_error(ex.res, kHttpValidation, kErrAmount,
               "Invalid amount: an integer of minor units (cents), at least 0, is required");
    return;
  }
  const std::int64_t amount = b["amount"].get<std::int64_t>();

  const auto description = string_field(b, "description");
  if (!description || description->empty() || utf8_length(*description) > kMaxDescription) {
    send_error(ex.res, kHttpValidation, kErrDescription, "Invalid description: required, at most 200 characters");
    return;
  }

  json fields = json::object();
  for (const char* var : {"var1", "var2", "var3"}) {
    if (!b.contains(var) || b[var].is_null()) continue;
    std::string value;
    if (b[var].is_string())
      value = b[var].get<std::string>();
    else if (b[var].is_number() || b[var].is_boolean())
      value = b[var].dump();
    else {
      send_error(ex.res, kHttpValidation, kErrVar, std::string("Invalid ") + var + ": must be a string");
      return;
    }
    if (utf8_length(value) > kMaxVar) {
      send_error(ex.res, kHttpValidation, kErrVar, std::string("Invalid ") + var + ": at most 100 characters");
      return;
    }
    fields[var] = value;
  }

  // Lifetime: seconds_active wins over days_active; default 30 days.
  std::int64_t lifetime = kDefaultSecondsActive;
  if (b.contains("days_active") && !b["days_active"].is_null()) {
    const auto days = int_or_numeric_string(b["days_active"]);
    if (!days || *days < 1 || *days > kMaxDaysActive) {
      send_error(ex.res, kHttpValidation, kErrNotFound, "Invalid days_active: 1 to 365");
      return;
    }
    lifetime = *days * 86400;
  }
  if (b.contains("seconds_active") && !b["seconds_active"].is_null()) {
    const auto seconds = int_or_numeric_string(b["seconds_active"]);
    if (!seconds || *seconds < 1 || *seconds > kMaxSecondsActive) {
      send_error(ex.res, kHttpValidation, kErrNotFound, "Invalid seconds_active: 1 to 31536000");
      return;
    }
    lifetime = *seconds;
  }

  // payment_options: notification_url (+ method), redirect_url, cancel_url.
  if (b.contains("payment_options") && !b["payment_options"].is_null()) {
    const json& po = b["payment_options"];
    if (!po.is_object()) {
      send_error(ex.res, kHttpValidation, kErrNotFound, "Invalid payment_options: must be an object");
      return;
    }
    for (const char* key : {"notification_url", "redirect_url", "cancel_url", "notification_method"}) {
      if (po.contains(key) && !po[key].is_null() && !po[key].is_string()) {
        send_error(ex.res, kHttpValidation, kErrNotFound, std::string("Invalid payment_options.") + key);
        return;
      }
    }
    if (auto m = string_field(po, "notification_method"); m && *m != "POST" && *m != "GET") {
      send_error(ex.res, kHttpValidation, kErrNotFound, "Invalid notification_method: POST or GET");
      return;
    }
    fields["payment_options"] = po;
  }
  if (b.contains("customer") && !b["customer"].is_null()) {
    if (!b["customer"].is_object()) {
      send_error(ex.res, kHttpValidation, kErrMissingData, "Invalid customer: must be an object");
      return;
    }
    fields["customer"] = b["customer"];
  }
  if (auto gateway = string_field(b, "gateway")) fields["gateway"] = *gateway;

  // shopping_cart.items[]: unit_price is a JSON number in major units [C: OpenAPI Item.yaml, php-sdk
  // 5.15+]; a decimal string, as older SDKs send it, is accepted too.
  if (b.contains("shopping_cart") && !b["shopping_cart"].is_null()) {
    const json& cart = b["shopping_cart"];
    const json* items = cart.is_object() && cart.contains("items") ? &cart["items"] : nullptr;
    if (!items || !items->is_array()) {
      send_error(ex.res, kHttpValidation, kErrCart, "Cart data not validated: shopping_cart.items must be an array");
      return;
    }
    static const std::regex kDecimal("-?[0-9]+(\\.[0-9]+)?");
    for (const json& item : *items) {
      const bool price_ok =
          item.is_object() && item.contains("unit_price") &&
          (item["unit_price"].is_number() ||
           (item["unit_price"].is_string() && std::regex_match(item["unit_price"].get<std::string>(), kDecimal)));
      const bool name_ok = item.is_object() && item.contains("name") && item["name"].is_string();
      const auto quantity = item.is_object() && item.contains("quantity") ? int_or_numeric_string(item["quantity"])
                                                                          : std::optional<std::int64_t>();
      if (!price_ok || !name_ok || !quantity || *quantity < 1) {
        send_error(ex.res, kHttpValidation, kErrCart,
                   "Cart data not validated: every item needs a name, a quantity of at least 1 and a unit_price "
                   "(a number)");
        return;
      }
    }
  }

  // Recurring: flat recurring_id/recurring_model (php-sdk, examples) or nested recurring{id,model}.
  std::optional<std::string> recurring_id = string_field(b, "recurring_id");
  std::optional<std::string> recurring_model = string_field(b, "recurring_model");
  if (b.contains("recurring") && b["recurring"].is_object()) {
    if (!recurring_id) recurring_id = string_field(b["recurring"], "id");
    if (!recurring_model) recurring_model = string_field(b["recurring"], "model");
  }
  if (recurring_model && !one_of(*recurring_model, kRecurringModels)) {
    send_error(ex.res, kHttpValidation, kErrNotFound,
               "Invalid recurring_model: cardOnFile, subscription or unscheduled");
    return;
  }
  if (recurring_id) {
    if (!recurring_model) {
      send_error(ex.res, kHttpValidation, kErrMissingData,
                 "Missing data: recurring_model is required with a recurring_id");
      return;
    }
    const auto reference = fields.contains("customer") ? string_field(fields["customer"], "reference") : std::nullopt;
    if (!reference || reference->empty()) {
      send_error(ex.res, kHttpValidation, kErrMissingData,
                 "Missing data: customer.reference is required for recurring payments");
      return;
    }
    fields["recurring_id"] = *recurring_id;
    fields["recurring_model"] = *recurring_model;
  } else if (recurring_model) {
    fields["recurring_model"] = *recurring_model;
  }

  const bool token_payment = type == "direct" && recurring_id.has_value();
  if (token_payment && !is_known_looking_token(*recurring_id)) {
    send_error(ex.res, kHttpValidation, kErrDeclined, "Transaction declined: unknown recurring_id");
    return;
  }

  struct Created {
    bool duplicate = false;
    Link link;
  };
  const Created created = server.store().with_lock([&](StoreData& d) {
    Created c;
    if (d.find_by_vendor_id(Vendor::multisafepay, order_id) != nullptr) {
      c.duplicate = true;
      return c;
    }
    Link link;
    link.vendor = Vendor::multisafepay;
    link.id = d.unique_id([] { return "ms" + random_upper_alnum(22); });  // also the session_id
    link.vendor_id = order_id;
    link.amount_minor = amount;
    link.currency = *currency;
    link.description = *description;
    link.created_at = link.modified_at = d.now();
    fields["type"] = type;
    fields["transaction_id"] = random_int(100000000, 999999999);
    fields["payment_type"] = fields.contains("gateway") ? fields["gateway"] : json(nullptr);
    if (fields.contains("payment_options")) {
      if (auto r = string_field(fields["payment_options"], "redirect_url")) link.return_url = *r;
    }
    if (token_payment) {
      // Charged at once against the stored token.
      if (fields["payment_type"].is_null()) fields["payment_type"] = "VISA";  // [I]
      fields["last4"] = "1111";
      fields["card_expiry_date"] = "3012";
      link.state = LinkState::paid;
      link.completed_at = link.created_at;
    } else {
      link.expires_at = link.created_at + lifetime;
    }
    link.fields = fields;
    c.link = d.insert(std::move(link));
    return c;
  });
  if (created.duplicate) {
    send_error(ex.res, kHttpDuplicate, kErrOrderId, "Invalid order ID: an order with this order_id already exists");
    return;
  }
  if (token_payment) {
    ex.changed.push_back(created.link);  // completed: the merchant gets a notification
    send_ok(ex.res, order_object(server, created.link));
  } else if (type == "direct") {
    // A direct order without a token: nothing to charge yet, the order waits on the payment page [I].
    send_ok(ex.res, order_object(server, created.link));
  } else {
    send_ok(ex.res, json{{"order_id", created.link.vendor_id},
                         {"payment_url", server.pay_url(created.link.id)},
                         {"session_id", created.link.id}});
  }
}

void handle_get(SandboxServer& server, Exchange& ex) {
  if (!authenticate(server, ex)) return;
  const auto link = server.store().with_lock([&](StoreData& d) -> std::optional<Link> {
    const Link* l = d.find_by_vendor_id(Vendor::multisafepay, ex.params.at(0));
    return l ? std::optional<Link>(*l) : std::nullopt;
  });
  if (!link) {
    send_error(ex.res, 404, kErrNotFound, "Not found");
    return;
  }
  send_ok(ex.res, order_object(server, *link));
}

void handle_patch(SandboxServer& server, Exchange& ex) {
  if (!authenticate(server, ex)) return;
  const auto body = parse_json_body(ex.req);
  const auto status = body ? string_field(*body, "status") : std::nullopt;
  if (!status) {
    send_error(ex.res, kHttpValidation, kErrMissingData, "Missing data: status is required");
    return;
  }
  if (*status != "cancelled") {
    send_error(ex.res, kHttpValidation, kErrNotFound, "paylink-sandbox only emulates the status update \"cancelled\"");
    return;
  }
  enum class Outcome { not_found, cancelled, already_cancelled, refused };
  Link snapshot;
  const Outcome outcome = server.store().with_lock([&](StoreData& d) {
    Link* l = d.find_by_vendor_id(Vendor::multisafepay, ex.params.at(0));
    if (l == nullptr) return Outcome::not_found;
    if (l->state == LinkState::canceled) return Outcome::already_cancelled;
    if (!d.transition(*l, LinkState::canceled)) return Outcome::refused;
    snapshot = *l;
    return Outcome::cancelled;
  });
  switch (outcome) {
    case Outcome::not_found:
      send_error(ex.res, 404, kErrNotFound, "Not found");
      return;
    case Outcome::refused:
      send_error(ex.res, kHttpValidation, kErrNotFound,
                 "The order can no longer be cancelled (it is completed or expired)");
      return;
    case Outcome::cancelled:
      ex.changed.push_back(snapshot);
      [[fallthrough]];
    case Outcome::already_cancelled:
      send_ok(ex.res, json::object());
      return;
  }
}

void notify_on_change(SandboxServer& server, const Link& link) {
  if (!link.fields.contains("payment_options")) return;
  const json& po = link.fields["payment_options"];
  const auto url = string_field(po, "notification_url");
  if (!url || url->empty()) return;
  const std::string method = string_field(po, "notification_method").value_or("POST");
  server.notifier().notify_multisafepay(server.credentials().multisafepay_api_key, *url, method, link.vendor_id,
                                        multisafepay_status_word(link.state), dump_json(order_object(server, link)));
}

}  // namespace

const char* multisafepay_status_word(LinkState s) {
  switch (s) {
    case LinkState::open:
      return "initialized";
    case LinkState::paid:
      return "completed";
    case LinkState::canceled:
      return "cancelled";
    case LinkState::expired:
      return "expired";
  }
  return "initialized";
}

void multisafepay_on_paid(Link& link) {
  if (link.fields["payment_type"].is_null()) link.fields["payment_type"] = "CREDITCARD";
}

void multisafepay_generic_error(httplib::Response& res, int status, const std::string& message) {
  // The php-sdk fixture for generic failures uses the HTTP status as error_code ("I'm a teapot", 418).
  send_error(res, status, status == 404 ? kErrNotFound : status, message);
}

void register_multisafepay_routes(SandboxServer& server) {
  server.add_route("POST", R"(/v1/json/orders/?)", [&server](Exchange& ex) { handle_create(server, ex); });
  server.add_route("GET", R"(/v1/json/orders/([^/]+))", [&server](Exchange& ex) { handle_get(server, ex); });
  server.add_route("PATCH", R"(/v1/json/orders/([^/]+))", [&server](Exchange& ex) { handle_patch(server, ex); });
  server.on_state_change(Vendor::multisafepay, [&server](const Link& link) { notify_on_change(server, link); });
}

}  // namespace paylink_sandbox
