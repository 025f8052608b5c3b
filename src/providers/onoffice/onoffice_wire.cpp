// onOffice's wire: see onoffice_wire.hpp for the facts and the inferred decisions; this file applies them.
#include "providers/onoffice/onoffice_wire.hpp"

#include <utility>

#include <fmt/format.h>

#include "core/utf8.hpp"

namespace paylink::detail::onoffice {
namespace {
// Private builders, defined at the end of the file.
Result<void> check_text(std::string_view field, std::string_view value, bool required);
Result<std::string> checked_price_net(const CreateLinkRequest& request);
const Json* first_action_status(const Json& answer);
bool is_http_url(std::string_view url);
PaymentLink to_domain(const WireRecord& record, const CreateLinkRequest& request);
}  // namespace

// --- The vendor's words ----------------------------------------------------------------------------

std::string link_id_from_url(std::string_view url) {
  const auto query_start = url.find('?');
  if (query_start != std::string_view::npos) {
    std::string_view query = url.substr(query_start + 1);
    query = query.substr(0, query.find('#'));
    while (!query.empty()) {
      const auto amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (pair.size() > 2 && pair.substr(0, 2) == "c=") return std::string(pair.substr(2));
      if (amp == std::string_view::npos) break;
      query.remove_prefix(amp + 1);
    }
  }
  return std::string(url);
}

// --- Wire structs ----------------------------------------------------------------------------------

void to_json(Json& j, const WireParameters& w) {
  j["description"] = w.description;
  j["priceNet"] = w.priceNet;
  j["sendMailToCustomer"] = w.sendMailToCustomer;
  j["transactionid"] = w.transactionid;
}

void to_json(Json& j, const WireAction& w) {
  j["actionid"] = w.actionid;
  j["hmac"] = w.hmac;
  j["hmac_version"] = w.hmac_version;
  j["identifier"] = w.identifier;
  j["parameters"] = w.parameters;
  j["resourceid"] = w.resourceid;
  j["resourcetype"] = w.resourcetype;
  j["timestamp"] = w.timestamp;
}

void to_json(Json& j, const WireRequest& w) {
  j["request"]["actions"] = w.actions;
  j["token"] = w.token;
}

void from_json(const Json& j, WireStatus& w) {
  read_required(j, "code", w.code);
  read_optional(j, "errorcode", w.errorcode);
  w.message = get_string(j, "message").value_or("");
}

void from_json(const Json& j, WireActionStatus& w) {
  read_optional(j, "errorcode", w.errorcode);
  w.message = get_string(j, "message").value_or("");
}

void from_json(const Json& j, WireLinkResult& w) {
  read_required(j, "subsequentPaymentUrl", w.subsequentPaymentUrl);
  read_optional(j, "mailToCustomerSent", w.mailToCustomerSent);
}

void from_json(const Json& j, WireElements& w) { read_required(j, "result", w.result); }

void from_json(const Json& j, WireRecord& w) {
  read_required(j, "elements", w.elements);
  w.raw_json = dump_json(j);
}

void from_json(const Json& j, WireData& w) { read_required(j, "records", w.records); }

void from_json(const Json& j, WireResult& w) {
  read_optional(j, "actionid", w.actionid);
  read_optional(j, "resourcetype", w.resourcetype);
  read_optional(j, "status", w.status);
  read_required(j, "data", w.data);
}

void from_json(const Json& j, WireResponse& w) { read_required(j, "results", w.results); }

void from_json(const Json& j, WireAnswer& w) {
  read_required(j, "status", w.status);
  read_required(j, "response", w.response);
}

// --- Domain ⇄ wire ---------------------------------------------------------------------------------

Result<std::string> encode_create_body(const CreateLinkRequest& request, std::string_view token, std::int64_t timestamp,
                                       std::string_view hmac) {
  auto price_net = checked_price_net(request);
  if (!price_net) return std::move(price_net).error();
  if (auto ok = check_text("description", request.description, true); !ok) return ok.error();
  if (auto ok = check_text("onoffice.transaction_id", request.onoffice.transaction_id, true); !ok) return ok.error();
  if (auto ok = check_text("onoffice.identifier", request.onoffice.identifier, false); !ok) return ok.error();

  WireAction action;
  action.actionid = kActionIdDo;
  action.hmac = hmac;
  action.identifier = request.onoffice.identifier;
  action.parameters.description = request.description;
  action.parameters.priceNet = std::move(*price_net);
  action.parameters.sendMailToCustomer = request.notify_customer;
  action.parameters.transactionid = request.onoffice.transaction_id;
  action.resourceid = kResourceId;
  action.resourcetype = kResourceType;
  action.timestamp = timestamp;

  WireRequest wire;
  wire.actions.push_back(std::move(action));
  wire.token = token;
  return dump_json(Json(wire));
}

Result<PaymentLink> decode_created_link(std::string_view body, int http_status, const CreateLinkRequest& request) {
  auto answer = decode_wire<WireAnswer>(body, kProvider, http_status);
  if (!answer) return std::move(answer).error();
  const auto bad = [&](std::string_view what) { return invalid_response(kProvider, what, http_status); };
  if (!answer->status.ok()) return bad("/status: reports an error, not a link");
  if (answer->response.results.empty()) return bad("/response/results: has no result");
  const WireResult& result = answer->response.results[0];
  if ((!result.actionid.empty() && result.actionid != kActionIdDo) ||
      (!result.resourcetype.empty() && result.resourcetype != kResourceType)) {
    return bad("/response/results/0: answers another action than Do subsequentPaymentLink");
  }
  if (result.status && !result.status->ok()) return bad("/response/results/0/status: reports an error, not a link");
  if (result.data.records.empty()) return bad("/response/results/0/data/records: has no record");
  const WireRecord& record = result.data.records[0];
  if (!is_http_url(record.elements.result.subsequentPaymentUrl)) {
    return bad("/response/results/0/data/records/0/elements/result/subsequentPaymentUrl: is not an http(s) URL");
  }
  return to_domain(record, request);
}

std::optional<WireError> decode_error_body(std::string_view body) {
  auto json = parse_json(body, kProvider);
  if (!json) return std::nullopt;
  const Json* status = get_object(*json, "status");
  if (!status) return std::nullopt;
  auto top = read_wire<WireStatus>(*status, kProvider);
  if (!top) return std::nullopt;
  WireError error;
  error.status = std::move(*top);
  if (const Json* action_status = first_action_status(*json)) {
    // An unreadable action status must not hide the error the top level reports.
    if (auto read = read_wire<WireActionStatus>(*action_status, kProvider)) error.action_status = std::move(*read);
  }
  const bool action_failed = error.action_status && !error.action_status->ok();
  if (error.status.ok() && !action_failed) return std::nullopt;
  return error;
}

// --- Private builders ------------------------------------------------------------------------------
namespace {

bool is_blank(std::string_view text) { return text.find_first_not_of(" \t\n\r") == std::string_view::npos; }

Result<void> check_text(std::string_view field, std::string_view value, bool required) {
  if (required && is_blank(value)) {
    return Error::validation(std::string(field), fmt::format("{}: {} is required", kProvider, field));
  }
  if (!is_valid_utf8(value)) {
    return Error::validation(std::string(field), fmt::format("{}: {} is not valid UTF-8", kProvider, field));
  }
  return {};
}

// `priceNet` from the request's amount: required, EUR, above zero; EUR has two decimals, so
// `to_decimal` prints "1100.50".
Result<std::string> checked_price_net(const CreateLinkRequest& request) {
  if (!request.amount) {
    return Error::validation("amount",
                             fmt::format("{}: amount is required (priceNet); line items are not sent", kProvider));
  }
  const Money& amount = *request.amount;
  if (amount.currency().code() != kCurrency) {
    return Error::validation("amount", fmt::format("{}: priceNet is in {} only, not \"{}\"", kProvider, kCurrency,
                                                   amount.currency().code()));
  }
  if (!amount.is_positive()) {
    return Error::validation("amount", fmt::format("{}: amount must be greater than zero", kProvider));
  }
  return amount.to_decimal();
}

// `response.results[0].status` when it is an object (errors may carry `"response": []` or none).
const Json* first_action_status(const Json& answer) {
  const Json* response = get_object(answer, "response");
  const Json* results = response ? get_array(*response, "results") : nullptr;
  if (!results || results->empty()) return nullptr;
  return get_object((*results)[0], "status");
}

bool is_http_url(std::string_view url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

PaymentLink to_domain(const WireRecord& record, const CreateLinkRequest& request) {
  const WireLinkResult& result = record.elements.result;
  PaymentLink link;
  link.provider = std::string(kProvider);
  link.id = link_id_from_url(result.subsequentPaymentUrl);
  link.url = result.subsequentPaymentUrl;
  link.status = kCreatedLinkStatus;
  link.amount = request.amount;
  link.description = request.description;
  link.reference = request.onoffice.transaction_id;
  if (result.mailToCustomerSent) {
    link.vendor_fields["mailToCustomerSent"] = *result.mailToCustomerSent ? "true" : "false";
  }
  link.raw_json = record.raw_json;
  return link;
}

}  // namespace
}  // namespace paylink::detail::onoffice
