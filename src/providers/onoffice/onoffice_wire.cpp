// onOffice wire: envelope building and answer reading. See onoffice_wire.hpp for the facts and the
// inferred decisions; this file only applies them.
#include "providers/onoffice/onoffice_wire.hpp"

#include <fmt/format.h>

#include "core/json.hpp"
#include "core/json_document.hpp"
#include "core/json_writer.hpp"
#include "core/utf8.hpp"

namespace paylink::detail::onoffice {
namespace {
// Private builders, defined at the end of the file.
bool is_blank(std::string_view text);
Result<void> check_text(std::string_view field, std::string_view value, bool required);
Error bad(std::string_view what);
Result<WireStatus> read_status(JsonNode object, bool top_level);
JsonNode first_result(JsonNode root);
Result<WireLinkResult> read_link(JsonNode root);
}  // namespace

// --- The wire, declared: inferred functions -----------------------------------------------------------

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

// --- Request ------------------------------------------------------------------------------------------

Result<SubsequentPaymentLinkParameters> to_parameters(const CreateLinkRequest& request) {
  if (!request.amount) {
    return Error::validation("amount",
                             fmt::format("{}: amount is required (priceNet); line items are not sent", kProviderName));
  }
  const Money& amount = *request.amount;
  if (amount.currency().code() != kCurrency) {
    return Error::validation("amount", fmt::format("{}: priceNet is in {} only, not \"{}\"", kProviderName, kCurrency,
                                                   amount.currency().code()));
  }
  if (!amount.is_positive()) {
    return Error::validation("amount", fmt::format("{}: amount must be greater than zero", kProviderName));
  }
  if (auto ok = check_text("description", request.description, true); !ok) return ok.error();
  if (auto ok = check_text("onoffice.transaction_id", request.onoffice.transaction_id, true); !ok) return ok.error();
  if (auto ok = check_text("onoffice.identifier", request.onoffice.identifier, false); !ok) return ok.error();

  SubsequentPaymentLinkParameters p;
  p.description = request.description;
  p.price_net = amount.to_decimal();  // EUR has two decimals: "1100.50"
  p.send_mail_to_customer = request.notify_customer;
  p.transaction_id = request.onoffice.transaction_id;
  return p;
}

std::string build_envelope(std::string_view token, const SignedAction& action) {
  // Members in byte order of their names (kEscapeSlashes' comment says why), written by hand.
  JsonWriter out;
  out.begin_object().key("request").begin_object().key("actions").begin_array().begin_object();
  out.member("actionid", kActionIdDo)
      .member("hmac", action.hmac)
      .member("hmac_version", kHmacVersion)
      .member("identifier", action.identifier);
  out.key("parameters")
      .begin_object()
      .member("description", action.parameters.description)
      .member("priceNet", action.parameters.price_net)
      .member("sendMailToCustomer", action.parameters.send_mail_to_customer)
      .member("transactionid", action.parameters.transaction_id)
      .end_object();
  out.member("resourceid", kResourceId)
      .member("resourcetype", kResourceType)
      .member("timestamp", static_cast<std::int64_t>(action.timestamp));
  out.end_object().end_array().end_object().member("token", token).end_object();

  std::string body = std::move(out).take();
  if constexpr (kEscapeSlashes) {
    // '/' occurs only inside strings in JSON text, so escaping every one is exact.
    std::string escaped;
    escaped.reserve(body.size());
    for (const char c : body) {
      if (c == '/') escaped += '\\';
      escaped += c;
    }
    body = std::move(escaped);
  }
  return body;
}

// --- Answer -------------------------------------------------------------------------------------------

Result<WireAnswer> parse_answer(std::string_view body) {
  auto parsed = JsonDocument::parse(body, kProviderName);
  if (!parsed) return std::move(parsed).error();
  const JsonNode root = parsed->root();
  if (!root.is_object()) return bad("answer is not a JSON object");
  const JsonNode status = get_object(root, "status");
  if (!status) return bad("answer has no status object");

  WireAnswer answer;
  auto top = read_status(*status, true);
  if (!top) return std::move(top).error();
  answer.status = std::move(*top);

  if (const JsonNode action = first_result(root)) {
    const JsonNode it = action.find("status");
    if (it && !it.is_null()) {
      const JsonNode action_status = get_object(action, "status");
      auto s = action_status ? read_status(*action_status, false)
                             : Result<WireStatus>(bad("response.results[0].status is not an object"));
      // An unreadable action status must not hide an error the top level already reports.
      if (s)
        answer.action_status = std::move(*s);
      else if (answer.status.ok())
        return std::move(s).error();
    }
  }

  const bool action_ok = !answer.action_status || answer.action_status->ok();
  if (answer.status.ok() && action_ok) {
    auto link = read_link(root);
    if (!link) return std::move(link).error();
    answer.link = std::move(*link);
  }
  return answer;
}

PaymentLink to_payment_link(const WireLinkResult& result, const CreateLinkRequest& request) {
  PaymentLink link;
  link.provider = std::string(kProviderName);
  link.id = link_id_from_url(result.subsequent_payment_url);
  link.url = result.subsequent_payment_url;
  // onOffice reports no status word: a link it has just made can be paid.
  link.status = LinkStatus::open;
  link.amount = request.amount;
  link.description = request.description;
  link.reference = request.onoffice.transaction_id;
  if (result.mail_to_customer_sent) {
    link.vendor_fields["mailToCustomerSent"] = *result.mail_to_customer_sent ? "true" : "false";
  }
  link.raw_json = result.record_json;
  return link;
}

namespace {

// --- Private builders: validation ---------------------------------------------------------------------

bool is_blank(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

Result<void> check_text(std::string_view field, std::string_view value, bool required) {
  if (required && is_blank(value)) {
    return Error::validation(std::string(field), fmt::format("{}: {} is required", kProviderName, field));
  }
  if (!is_valid_utf8(value)) {
    return Error::validation(std::string(field), fmt::format("{}: {} is not valid UTF-8", kProviderName, field));
  }
  return {};
}

// --- Private builders: answer reading -----------------------------------------------------------------

Error bad(std::string_view what) { return invalid_response(kProviderName, what); }

// Reads a status object. `top_level` statuses must carry an integer `code`; per-action ones have none.
Result<WireStatus> read_status(JsonNode object, bool top_level) {
  WireStatus status;
  bool wrong_type = false;
  if (top_level) {
    const auto code = get_int(object, "code", &wrong_type);
    if (!code) return bad("status.code is missing or not an integer");
    status.code = *code;
  }
  const auto errorcode = get_int(object, "errorcode", &wrong_type);
  if (wrong_type)
    return bad(top_level ? "status.errorcode is not an integer" : "action status.errorcode is not an integer");
  status.errorcode = errorcode.value_or(0);
  // The message only explains; a message of the wrong type must not hide the error code.
  status.message = get_string(object, "message").value_or("");
  return status;
}

// `response.results[0]` when it is there (errors may carry `"response": []` or no response at all).
JsonNode first_result(JsonNode root) {
  const JsonNode response = get_object(root, "response");
  if (!response) return {};
  const JsonNode results = get_array(response, "results");
  if (!results || results.empty() || !results[0].is_object()) return {};
  return results[0];
}

Result<WireLinkResult> read_link(JsonNode root) {
  const JsonNode action = first_result(root);
  if (!action) return bad("success answer without response.results[0]");
  bool wrong_type = false;
  const auto actionid = get_string(*action, "actionid", &wrong_type);
  const auto resourcetype = get_string(*action, "resourcetype", &wrong_type);
  if (wrong_type) return bad("response.results[0].actionid or resourcetype is not a string");
  if ((actionid && *actionid != kActionIdDo) || (resourcetype && *resourcetype != kResourceType)) {
    return bad("response.results[0] answers another action than Do subsequentPaymentLink");
  }
  const JsonNode data = get_object(action, "data");
  const JsonNode records = data ? get_array(data, "records") : JsonNode();
  if (!records || records->empty() || !(*records)[0].is_object()) {
    return bad("success answer without response.results[0].data.records[0]");
  }
  const JsonNode record = records[0];
  const JsonNode elements = get_object(record, "elements");
  const JsonNode result = elements ? get_object(elements, "result") : JsonNode();
  if (!result) return bad("success answer without records[0].elements.result");

  WireLinkResult link;
  const auto url = get_string(*result, "subsequentPaymentUrl", &wrong_type);
  if (!url || url->empty()) return bad("result.subsequentPaymentUrl is missing, empty or not a string");
  if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0) {
    return bad("result.subsequentPaymentUrl is not an http(s) URL");
  }
  link.subsequent_payment_url = *url;
  link.mail_to_customer_sent = get_bool(*result, "mailToCustomerSent", &wrong_type);
  if (wrong_type) return bad("result.mailToCustomerSent is not a boolean");
  link.record_json = std::string(record.raw());  // the vendor's own text of the record
  return link;
}

}  // namespace

}  // namespace paylink::detail::onoffice
