// Control endpoints for tests, under /__sandbox (never faulted, never counted):
//   POST   /__sandbox/faults         queue a fault (object, or an array of them)
//   GET    /__sandbox/faults         the queued faults
//   DELETE /__sandbox/faults         clear them
//   GET    /__sandbox/requests       {"counts":{"POST /v2/payment_links":3,...}} (faulted ones too)
//   DELETE /__sandbox/requests       reset the counts
//   POST   /__sandbox/reset          clear links, idempotency caches, faults, counts, notifications,
//                                    webhook subscriptions and pending redeliveries, clock, the Qonto
//                                    OAuth counters (issued tokens stay valid) and the Qonto quota
//   GET    /__sandbox/links          every link: vendor, id, vendor_id, status, state, url, amount
//   GET    /__sandbox/notifications  every webhook delivery attempt (MultiSafepay, Qonto, SmarterPay)
//   POST   /__sandbox/clock          {"advance_seconds":N}: move the sandbox clock (expiries) forward
//   POST   /__sandbox/inbox[/...]    a webhook receiver (answers "OK"); GET /__sandbox/inbox lists
//                                    what arrived: target (with query), signature headers, raw body
//   GET    /__sandbox/qonto/oauth    {"issued","refreshes","refreshes_in_grace","refreshes_before_expiry",
//                                    "expired_token_rejections","last_refresh_token"}
//   GET    /__sandbox/quota          {"accepted":N,"rate_limited":M}: Qonto API requests
//   GET    /__sandbox/health         {"status":"ok"}
#include <string>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

void bad_request(httplib::Response& res, const std::string& message) { send_json(res, 400, json{{"error", message}}); }

void add_faults(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body) return bad_request(ex.res, "body must be JSON");
  const json list = body->is_array() ? *body : json::array({*body});
  std::vector<Fault> parsed;
  for (const auto& item : list) {
    std::string error;
    auto fault = parse_fault(item, error);
    if (!fault) return bad_request(ex.res, error);
    parsed.push_back(*fault);
  }
  json added = json::array();
  for (auto& f : parsed) {
    f.id = server.faults().add(f);
    added.push_back(f.to_json());
  }
  send_json(ex.res, 200, json{{"added", added}, {"faults", server.faults().pending()}});
}

json links_json(SandboxServer& server) {
  return server.store().with_lock([&](StoreData& d) {
    json out = json::array();
    for (const Link* l : d.all_links()) {
      out.push_back(
          json{{"vendor", vendor_name(l->vendor)},
               {"id", l->id},
               {"vendor_id", l->vendor_id},
               {"status", vendor_status_word(*l)},
               {"state", state_name(l->state)},
               {"url", server.pay_url(l->id)},
               {"amount",
                l->amount_minor ? json(format_minor(*l->amount_minor, currency_exponent(l->currency))) : json(nullptr)},
               {"currency", l->currency},
               {"created_at", format_iso_utc(l->created_at)}});
    }
    return out;
  });
}

void advance_clock(SandboxServer& server, Exchange& ex) {
  const auto body = parse_json_body(ex.req);
  if (!body || !body->is_object() || !(*body)["advance_seconds"].is_number_integer() ||
      (*body)["advance_seconds"].get<std::int64_t>() < 0) {
    return bad_request(ex.res, "body must be {\"advance_seconds\": N} with N >= 0");
  }
  const std::int64_t offset = server.store().with_lock([&](StoreData& d) {
    d.advance_clock((*body)["advance_seconds"].get<std::int64_t>());
    return d.clock_offset();
  });
  server.expire_due_links();
  send_json(ex.res, 200, json{{"offset_seconds", offset}});
}

}  // namespace

void register_control_routes(SandboxServer& server) {
  server.add_route("POST", "/__sandbox/faults", [&server](Exchange& ex) { add_faults(server, ex); });
  server.add_route("GET", "/__sandbox/faults", [&server](Exchange& ex) {
    send_json(ex.res, 200, json{{"faults", server.faults().pending()}});
  });
  server.add_route("DELETE", "/__sandbox/faults", [&server](Exchange& ex) {
    server.faults().clear();
    send_json(ex.res, 200, json{{"faults", json::array()}});
  });
  server.add_route("GET", "/__sandbox/requests", [&server](Exchange& ex) {
    send_json(ex.res, 200, json{{"counts", server.faults().counts()}});
  });
  server.add_route("DELETE", "/__sandbox/requests", [&server](Exchange& ex) {
    server.faults().clear_counts();
    send_json(ex.res, 200, json{{"counts", json::object()}});
  });
  server.add_route("POST", "/__sandbox/reset", [&server](Exchange& ex) {
    server.store().with_lock([](StoreData& d) { d.reset(); });
    server.faults().clear();
    server.faults().clear_counts();
    server.notifier().clear();
    server.qonto_oauth().reset_counters();
    server.qonto_quota().reset();
    send_json(ex.res, 200, json{{"reset", true}});
  });
  server.add_route("GET", "/__sandbox/links", [&server](Exchange& ex) {
    send_json(ex.res, 200, json{{"links", links_json(server)}});
  });
  server.add_route("GET", "/__sandbox/notifications", [&server](Exchange& ex) {
    send_json(ex.res, 200, json{{"notifications", server.notifier().log()}});
  });
  server.add_route("POST", "/__sandbox/clock", [&server](Exchange& ex) { advance_clock(server, ex); });
  server.add_route("POST", "/__sandbox/inbox(/.*)?", [&server](Exchange& ex) {
    server.notifier().record_received(json{{"method", ex.req.method},
                                           {"target", ex.req.target},
                                           {"auth", ex.req.get_header_value("Auth")},
                                           {"qonto_signature", ex.req.get_header_value("X-Qonto-Signature")},
                                           {"webhook_signature", ex.req.get_header_value("Webhook-Signature")},
                                           {"content_type", ex.req.get_header_value("Content-Type")},
                                           {"body", ex.req.body},
                                           {"at", format_iso_utc(unix_now())}});
    ex.res.status = 200;
    ex.res.set_content("OK", "text/plain");  // MultiSafepay wants "OK" in the first 100 characters
  });
  server.add_route("GET", "/__sandbox/inbox", [&server](Exchange& ex) {
    send_json(ex.res, 200, json{{"inbox", server.notifier().inbox()}});
  });
  server.add_route("GET", "/__sandbox/qonto/oauth",
                   [&server](Exchange& ex) { send_json(ex.res, 200, server.qonto_oauth().stats()); });
  server.add_route("GET", "/__sandbox/quota",
                   [&server](Exchange& ex) { send_json(ex.res, 200, server.qonto_quota().stats()); });
  server.add_route("GET", "/__sandbox/health", [](Exchange& ex) {
    send_json(ex.res, 200, json{{"status", "ok"}, {"vendors", {"onoffice", "multisafepay", "smarterpay", "qonto"}}});
  });
}

}  // namespace paylink_sandbox
