#include "webhook_command.hpp"

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credentials.hpp"
#include "exit_codes.hpp"
#include "paylink/providers/multisafepay_webhook.hpp"
#include "paylink/providers/qonto_webhook.hpp"
#include "paylink/providers/smarterpay_webhook.hpp"

namespace paylink_cli {
namespace {

constexpr long kMaxTolerance = 10L * 365 * 24 * 3600;

// What differs per vendor: the header that carries the signature, and what the event's id names in
// the readable line. The default replay window is the verifier's own.
struct WebhookScheme {
  const char* header;
  const char* what;  // "notification for order"
};

WebhookScheme scheme_of(Vendor vendor) {
  switch (vendor) {
    case Vendor::qonto:
      return {"X-Qonto-Signature", "webhook for link"};
    case Vendor::multisafepay:
      return {"Auth", "notification for order"};
    case Vendor::smarterpay:
      return {"Webhook-Signature", "webhook for the link with reference"};
    case Vendor::onoffice:
      break;
  }
  throw usage_error(
      "webhook verify supports --provider qonto, multisafepay or smarterpay (onoffice sends no webhooks and has no "
      "status read: see docs/webhooks.md)");
}

std::string read_body(const std::string& path) {
  if (path == "-") {
    std::ostringstream body;
    body << std::cin.rdbuf();
    return body.str();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw usage_error(fmt::format("--body-file {}: cannot be read", one_line(path)));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// --signature, or --auth (MultiSafepay's name for its header, kept as an alias).
std::string signature_value(const Arguments& args, Vendor vendor, const WebhookScheme& scheme) {
  const auto signature = args.value("--signature");
  const auto auth = args.value("--auth");
  if (signature && auth) throw usage_error("webhook verify: give --signature or --auth, not both");
  if (auth && vendor != Vendor::multisafepay) {
    throw usage_error(
        fmt::format("webhook verify: --auth is MultiSafepay's header; for {} use --signature HEADER "
                    "(the value of its {} header)",
                    vendor_name(vendor), scheme.header));
  }
  if (signature) return *signature;
  if (auth) return *auth;
  if (vendor == Vendor::multisafepay) {
    throw usage_error(
        "webhook verify needs --auth HEADER (or --signature HEADER): the value of the Auth header "
        "(see paylink webhook verify --help)");
  }
  throw usage_error(
      fmt::format("webhook verify needs --signature HEADER: the value of the {} header (see paylink "
                  "webhook verify --help)",
                  scheme.header));
}

std::optional<std::chrono::seconds> tolerance_value(const Arguments& args) {
  const auto text = args.value("--tolerance");
  if (!text) return std::nullopt;  // the vendor's window, as the verifier defaults it
  bool ok = !text->empty() && text->size() <= 9;
  for (const char c : *text) ok = ok && c >= '0' && c <= '9';
  const long seconds = ok ? std::stol(*text) : -1;
  if (!ok || seconds > kMaxTolerance) {
    throw usage_error(fmt::format("--tolerance \"{}\" must be whole seconds from 0 (no age check) to {}",
                                  one_line(*text), kMaxTolerance));
  }
  return std::chrono::seconds(seconds);
}

}  // namespace

paylink::Result<paylink::LinkEvent> verify_webhook(Vendor vendor, const paylink::HttpHeaders& headers,
                                                   std::string_view body, const paylink::Secret& secret,
                                                   paylink::Timestamp now,
                                                   std::optional<std::chrono::seconds> tolerance) {
  switch (vendor) {
    case Vendor::qonto:
      return tolerance ? paylink::verify_and_parse_qonto_webhook(headers, body, secret, now, *tolerance)
                       : paylink::verify_and_parse_qonto_webhook(headers, body, secret, now);
    case Vendor::multisafepay:
      return tolerance ? paylink::verify_and_parse_multisafepay_webhook(headers, body, secret, now, *tolerance)
                       : paylink::verify_and_parse_multisafepay_webhook(headers, body, secret, now);
    case Vendor::smarterpay:
      return paylink::verify_and_parse_smarterpay_webhook(headers, body, secret, now);  // no signed time
    case Vendor::onoffice:
      break;
  }
  return paylink::Error::make(paylink::ErrorCode::unsupported, "onoffice sends no webhooks");
}

std::string event_json(const paylink::LinkEvent& event) {
  nlohmann::ordered_json j;
  j["provider"] = event.provider;
  j["id"] = event.link_id;
  j["status"] = std::string(paylink::to_string(event.status));
  j["raw_status"] = event.raw_status;
  j["event_id"] = event.event_id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(event.event_id);
  if (event.occurred_at) j["occurred_at"] = paylink::format_timestamp(*event.occurred_at);
  if (event.amount) {
    j["amount"] = {{"value", event.amount->to_decimal()}, {"currency", std::string(event.amount->currency().code())}};
  }
  // Vendor text is not guaranteed to be UTF-8; invalid bytes become U+FFFD instead of failing the output.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int webhook_verify(const Arguments& args, const Console& console) {
  if (!args.positionals.empty()) {
    throw usage_error(fmt::format("webhook verify: unexpected argument \"{}\"", one_line(args.positionals.front())));
  }
  const auto provider = args.value("--provider");
  if (!provider) throw usage_error("webhook verify needs --provider (see paylink webhook verify --help)");
  const Vendor vendor = parse_vendor(*provider);
  const WebhookScheme scheme = scheme_of(vendor);
  const auto body_file = args.value("--body-file");
  if (!body_file) throw usage_error("webhook verify needs --body-file (see paylink webhook verify --help)");
  const std::string signature = signature_value(args, vendor, scheme);
  const auto tolerance = tolerance_value(args);
  const paylink::Secret secret = webhook_secret(vendor);
  const std::string body = read_body(*body_file);

  const auto event =
      verify_webhook(vendor, {{scheme.header, signature}}, body, secret, std::chrono::system_clock::now(), tolerance);
  if (!event) {
    const paylink::Error& e = event.error();
    const std::string reason = e.vendor_code.empty() ? e.field : e.vendor_code;
    throw Failure(kWebhookInvalid, one_line(fmt::format("webhook not valid{}: {}",
                                                        reason.empty() ? "" : " (" + reason + ")", e.message)));
  }
  if (args.flag("--json")) {
    console.out(event_json(*event));
  } else {
    console.out(one_line(
        fmt::format("valid: {} {} {}, status {}{}{}{}", event->provider, scheme.what, event->link_id,
                    paylink::to_string(event->status), event->raw_status.empty() ? "" : " (" + event->raw_status + ")",
                    event->event_id.empty() ? "" : ", event " + event->event_id,
                    event->occurred_at ? ", at " + paylink::format_timestamp(*event->occurred_at) : "")));
  }
  return kSuccess;
}

}  // namespace paylink_cli
