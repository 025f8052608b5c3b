// onOffice marketplace API: `Do subsequentPaymentLink` on POST /api/{stable|latest}/api.php.
// Wire facts: ../../../shared/vendors/onoffice.md and the seeds 000/001.
//
// Checked like the real API: the top-level token, each action's HMAC v2 and its ±120 s
// timestamp, and the parameters. Answers always use HTTP 200 and put the outcome in the JSON
// envelope (the SDKs read only the JSON).
#include <cstdint>
#include <string>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

constexpr const char* kActionIdPrefix = "urn:onoffice-de-ns:smart:2.5:smartml:action:";
constexpr const char* kActionDo = "urn:onoffice-de-ns:smart:2.5:smartml:action:do";
constexpr const char* kResourceType = "subsequentPaymentLink";
constexpr std::int64_t kTimestampWindowSeconds = 120;  // [C] "timestamp valid ±120 s"

// Error codes: the vendor publishes no catalogue; these come from the community adapter
// (innobraingmbh/laravel-onoffice-adapter OnOfficeError) [3P]. Which code this call returns for
// each fault is partly inferred [I]: 22/97/136/137/189/214 are fixed by the project's contract.
constexpr int kErrInvalidJson = 4;
constexpr int kErrEmptyRequest = 9;
constexpr int kErrToken = 13;
constexpr int kErrRequest = 14;
constexpr int kErrActions = 15;
constexpr int kErrActionIdMissing = 16;
constexpr int kErrActionIdUnsupported = 17;
constexpr int kErrResourceId = 18;
constexpr int kErrResourceType = 19;
constexpr int kErrParameters = 20;
constexpr int kErrNotAuthenticated = 22;
constexpr int kErrInAction = 97;
constexpr int kErrTimestamp = 136;
constexpr int kErrHmac = 137;
constexpr int kErrTransactionNotFound = 189;
constexpr int kErrPriceFormat = 214;

// The onOffice link is a net price; the marketplace settles in EUR [I].
constexpr const char* kCurrency = "EUR";

// PHP's json_encode escapes '/' as "\/" (the seed's subsequentPaymentUrl shows it). '/' only
// ever occurs inside JSON strings, so escaping every occurrence of the dump is safe.
std::string php_style_json(const json& value) {
  const std::string plain = dump_json(value);
  std::string out;
  out.reserve(plain.size() + 16);
  for (char c : plain) {
    if (c == '/')
      out += "\\/";
    else
      out.push_back(c);
  }
  return out;
}

void send(httplib::Response& res, const json& body) {
  res.status = 200;
  res.set_content(php_style_json(body), "application/json");
}

json status_object(int code, int errorcode, const std::string& message) {
  return json{{"code", code}, {"errorcode", errorcode}, {"message", message}};
}

// Top-level failures (the request as a whole): no per-action results.
void send_top_level_error(httplib::Response& res, int code, int errorcode, const std::string& message) {
  send(res, json{{"status", status_object(code, errorcode, message)}, {"response", {{"results", json::array()}}}});
}

json echo_or(const json& action, const char* key, const json& fallback) {
  if (action.is_object()) {
    const auto it = action.find(key);
    if (it != action.end() && (it->is_string() || it->is_number())) return *it;
  }
  return fallback;
}

json action_result(const json& action, int errorcode, const std::string& message, json records) {
  return json{{"actionid", echo_or(action, "actionid", "")},
              {"resourceid", echo_or(action, "resourceid", "")},
              {"resourcetype", echo_or(action, "resourcetype", "")},
              {"cacheable", false},
              {"identifier", echo_or(action, "identifier", "")},
              {"data", {{"meta", {{"cntabsolute", nullptr}}}, {"records", std::move(records)}}},
              {"status", {{"errorcode", errorcode}, {"message", message}}}};
}

// A per-action outcome: either an error (errorcode != 0) or the success records.
struct ActionOutcome {
  int errorcode = 0;
  std::string message = "OK";
  json records = json::array();
};

ActionOutcome fail(int errorcode, std::string message) {
  ActionOutcome o;
  o.errorcode = errorcode;
  o.message = std::move(message);
  return o;
}

// timestamp: a JSON integer (what the SDKs send) or a string of digits [I].
std::optional<std::int64_t> timestamp_of(const json& action) {
  const auto it = action.find("timestamp");
  if (it == action.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_string()) return parse_int(it->get<std::string>());
  return std::nullopt;
}

// hmac_version must be 2, as the integer the official SDK sends or the string the docs show.
bool is_hmac_v2(const json& action) {
  const auto it = action.find("hmac_version");
  if (it == action.end()) return false;
  if (it->is_number_integer()) return it->get<std::int64_t>() == 2;
  if (it->is_string()) return it->get<std::string>() == "2";
  return false;
}

ActionOutcome run_action(SandboxServer& server, const json& action, const std::string& token) {
  if (!action.is_object()) return fail(kErrActions, "Action is not an object");
  const auto actionid = string_field(action, "actionid");
  if (!actionid || actionid->empty()) return fail(kErrActionIdMissing, "Missing actionid");
  const auto resourcetype = string_field(action, "resourcetype");
  if (!resourcetype || resourcetype->empty()) return fail(kErrResourceType, "Missing resourcetype");

  // Authentication of the action: HMAC v2 over timestamp + token + resourcetype + actionid.
  const auto hmac = string_field(action, "hmac");
  if (!hmac || hmac->empty()) return fail(kErrHmac, "HMAC invalid: missing hmac");
  if (!is_hmac_v2(action)) {
    // Legacy v1 (MD5 over the PHP-serialized parameters) is not emulated [I].
    return fail(kErrHmac, "HMAC invalid: paylink-sandbox only accepts hmac_version 2");
  }
  const auto timestamp = timestamp_of(action);
  if (!timestamp) return fail(kErrTimestamp, "Timestamp missing or not an integer");
  const std::string message = std::to_string(*timestamp) + token + *resourcetype + *actionid;
  const std::string expected = base64_encode(hmac_sha256(server.credentials().onoffice_secret, message));
  if (!constant_time_equal(*hmac, expected)) return fail(kErrHmac, "HMAC invalid");
  const std::int64_t skew = unix_now() - *timestamp;  // the real clock, not the sandbox clock
  if (skew > kTimestampWindowSeconds || skew < -kTimestampWindowSeconds) {
    return fail(kErrTimestamp, "Timestamp invalid: more than 120 s from the server time");
  }

  if (*actionid != kActionDo) {
    if (!starts_with(*actionid, kActionIdPrefix)) return fail(kErrActionIdUnsupported, "Unknown actionid");
    return fail(kErrActionIdUnsupported, "paylink-sandbox only emulates the Do action");
  }
  if (*resourcetype != kResourceType) {
    return fail(kErrResourceType, "paylink-sandbox only emulates resourcetype subsequentPaymentLink");
  }
  // resourceid is mandatory but may be empty; the docs' example sends null.
  const auto rid = action.find("resourceid");
  if (rid == action.end() || !(rid->is_null() || rid->is_string() || rid->is_number())) {
    return fail(kErrResourceId, "Missing resourceid");
  }
  const auto params_it = action.find("parameters");
  if (params_it == action.end() || !params_it->is_object()) return fail(kErrParameters, "Missing parameters");
  const json& params = *params_it;

  std::string transactionid;
  if (const auto t = params.find("transactionid"); t != params.end()) {
    if (t->is_string())
      transactionid = trim(t->get<std::string>());
    else if (t->is_number_integer())
      transactionid = std::to_string(t->get<std::int64_t>());
  }
  // Any non-empty transaction id is a known transaction in the sandbox.
  if (transactionid.empty()) return fail(kErrTransactionNotFound, "Transaction could not be found");

  // priceNet: a string "1100.50" — dot decimal, exactly two places; floats are rejected.
  const auto price = string_field(params, "priceNet");
  const auto minor = price ? parse_decimal_minor_exact(*price, 2) : std::nullopt;
  if (!minor || *minor <= 0 || (price->size() > 1 && (*price)[0] == '0' && (*price)[1] != '.')) {
    return fail(kErrPriceFormat, "Invalid price format: priceNet must be a string like \"1100.50\"");
  }

  std::string description;
  if (const auto d = params.find("description"); d != params.end() && !d->is_null()) {
    if (!d->is_string()) return fail(kErrParameters, "Parameter description must be a string");
    description = d->get<std::string>();
  }
  bool send_mail = false;
  if (const auto m = params.find("sendMailToCustomer"); m != params.end() && !m->is_null()) {
    if (!m->is_boolean()) return fail(kErrParameters, "Parameter sendMailToCustomer must be a boolean");
    send_mail = m->get<bool>();
  }

  const std::string url = server.store().with_lock([&](StoreData& d) {
    Link link;
    link.vendor = Vendor::onoffice;
    link.id = d.unique_id([] { return "oo" + random_hex(16); });
    link.vendor_id = link.id;
    link.amount_minor = *minor;
    link.currency = kCurrency;
    link.description = description;
    link.created_at = link.modified_at = d.now();
    link.fields = json{{"transactionid", transactionid},
                       {"priceNet", *price},
                       {"sendMailToCustomer", send_mail},
                       {"identifier", echo_or(action, "identifier", "")}};
    // Like onOffice's short.php?c=<code> links, the code is in the query (the SDK reads it as the id).
    const std::string id = d.insert(std::move(link)).id;
    return server.pay_url(id) + "?c=" + id;
  });

  ActionOutcome ok;
  ok.records = json::array(
      {json{{"id", 0},
            {"type", ""},
            {"elements", {{"result", {{"subsequentPaymentUrl", url}, {"mailToCustomerSent", send_mail}}}}}}});
  return ok;
}

void handle_api(SandboxServer& server, Exchange& ex) {
  if (trim(ex.req.body).empty()) {
    send_top_level_error(ex.res, 400, kErrEmptyRequest, "Empty request");
    return;
  }
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object()) {
    send_top_level_error(ex.res, 400, kErrInvalidJson, "The request is not valid JSON");
    return;
  }
  const auto token = string_field(*body, "token");
  if (!token || token->empty()) {
    send_top_level_error(ex.res, 400, kErrToken, "Missing or invalid token");
    return;
  }
  if (!constant_time_equal(*token, server.credentials().onoffice_token)) {
    send_top_level_error(ex.res, 400, kErrNotAuthenticated, "Not authenticated");
    return;
  }
  const auto request = body->find("request");
  if (request == body->end() || !request->is_object()) {
    send_top_level_error(ex.res, 400, kErrRequest, "Missing request");
    return;
  }
  const auto actions = request->find("actions");
  if (actions == request->end() || !actions->is_array() || actions->empty()) {
    send_top_level_error(ex.res, 400, kErrActions, "Missing actions");
    return;
  }

  json results = json::array();
  bool any_failed = false;
  for (const auto& action : *actions) {
    ActionOutcome outcome = run_action(server, action, *token);
    any_failed = any_failed || outcome.errorcode != 0;
    results.push_back(action_result(action, outcome.errorcode, outcome.message, std::move(outcome.records)));
  }
  // A failed action: top-level errorcode 97 "Error in action", the cause in the action's own
  // status. The top-level `code` stays 200 (the request itself was authenticated) [I].
  const json status = any_failed ? status_object(200, kErrInAction, "Error in action") : status_object(200, 0, "OK");
  send(ex.res, json{{"status", status}, {"response", {{"results", std::move(results)}}}});
}

}  // namespace

void onoffice_generic_error(httplib::Response& res, int status, const std::string& message) {
  // Faults and unknown paths: the HTTP status is the injected one; the envelope mirrors it.
  res.status = status;
  res.set_content(
      php_style_json(json{{"status", status_object(status, 0, message)}, {"response", {{"results", json::array()}}}}),
      "application/json");
}

void register_onoffice_routes(SandboxServer& server) {
  server.add_route("POST", R"(/api/(stable|latest)/api\.php)", [&server](Exchange& ex) { handle_api(server, ex); });
}

}  // namespace paylink_sandbox
