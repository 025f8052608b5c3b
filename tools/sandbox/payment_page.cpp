// The payment page every link's url points at: GET /pay/<id> shows amount, description and
// status with a Pay and a Cancel button; POST /pay/<id>/pay and /pay/<id>/cancel move an open
// link to paid or canceled. A browser is redirected back to the page (303, post/redirect/get);
// a client sending "Accept: application/json" gets {"id","vendor","state","status"} instead.
#include <string>

#include <fmt/format.h>

#include "sandbox_server.hpp"

namespace paylink_sandbox {
namespace {

std::string amount_text(const Link& link) {
  if (!link.amount_minor) return "amount set by the payment page";
  return format_minor(*link.amount_minor, currency_exponent(link.currency)) + " " + link.currency;
}

std::string render(const Link& link) {
  const bool open = link.state == LinkState::open;
  const std::string disabled = open ? "" : " disabled";
  std::string back;
  if (!open && !link.return_url.empty()) {
    back =
        fmt::format("<p><a id=\"return\" href=\"{}\">Return to the merchant</a></p>\n", html_escape(link.return_url));
  }
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<title>paylink-sandbox: pay {amount}</title>\n"
      "<style>body{{font-family:system-ui,sans-serif;max-width:34em;margin:3em auto;padding:0 1em}}"
      ".amount{{font-size:2.2em;margin:.2em 0}}.status{{font-weight:bold}}"
      "form{{display:inline-block;margin-right:1em}}button{{font-size:1.1em;padding:.4em 1.4em}}"
      ".note{{color:#777;font-size:.85em}}</style></head>\n<body>\n"
      "<p class=\"note\">paylink-sandbox &middot; {vendor} payment link <code id=\"link-id\">{id}</code></p>\n"
      "<h1 class=\"amount\" id=\"amount\">{amount}</h1>\n"
      "<p id=\"description\">{description}</p>\n"
      "<p>Status: <span class=\"status\" id=\"status\">{state}</span> "
      "<span class=\"note\">({vendor} status <code id=\"vendor-status\">{vendor_status}</code>)</span></p>\n"
      "<form method=\"post\" action=\"/pay/{id}/pay\"><button id=\"pay\" "
      "type=\"submit\"{disabled}>Pay</button></form>\n"
      "<form method=\"post\" action=\"/pay/{id}/cancel\"><button id=\"cancel\" "
      "type=\"submit\"{disabled}>Cancel</button></form>\n"
      "{back}<p class=\"note\">No money moves: this page belongs to a local emulation.</p>\n"
      "</body></html>\n",
      fmt::arg("amount", html_escape(amount_text(link))), fmt::arg("vendor", vendor_name(link.vendor)),
      fmt::arg("id", html_escape(link.id)), fmt::arg("description", html_escape(link.description)),
      fmt::arg("state", state_name(link.state)), fmt::arg("vendor_status", html_escape(vendor_status_word(link))),
      fmt::arg("disabled", disabled), fmt::arg("back", back));
}

bool wants_json(const httplib::Request& req) {
  return req.get_header_value("Accept").find("application/json") != std::string::npos;
}

void show(SandboxServer& server, Exchange& ex) {
  const auto link = server.store().with_lock([&](StoreData& d) -> std::optional<Link> {
    Link* l = d.find(ex.params.at(0));
    if (l == nullptr) return std::nullopt;
    if (!l->visited_at) l->visited_at = d.now();  // SmarterPay reports visited_at
    return *l;
  });
  if (!link) {
    write_generic_error(ex.req.path, ex.res, 404, "No payment link with this id");
    return;
  }
  if (wants_json(ex.req)) {
    send_json(ex.res, 200,
              json{{"id", link->id},
                   {"vendor", vendor_name(link->vendor)},
                   {"state", state_name(link->state)},
                   {"status", vendor_status_word(*link)}});
    return;
  }
  ex.res.status = 200;
  ex.res.set_content(render(*link), "text/html; charset=utf-8");
}

void act(SandboxServer& server, Exchange& ex, LinkState to) {
  enum class Outcome { not_found, changed, refused };
  Link snapshot;
  const Outcome outcome = server.store().with_lock([&](StoreData& d) {
    Link* l = d.find(ex.params.at(0));
    if (l == nullptr) return Outcome::not_found;
    if (!d.transition(*l, to)) {
      snapshot = *l;
      return Outcome::refused;
    }
    if (to == LinkState::paid) {
      if (l->vendor == Vendor::multisafepay) multisafepay_on_paid(*l);
      if (l->vendor == Vendor::qonto) qonto_on_paid(*l, d.now());
    }
    snapshot = *l;
    return Outcome::changed;
  });
  if (outcome == Outcome::not_found) {
    write_generic_error(ex.req.path, ex.res, 404, "No payment link with this id");
    return;
  }
  if (outcome == Outcome::changed) ex.changed.push_back(snapshot);
  const int status = outcome == Outcome::changed ? 200 : 409;
  if (wants_json(ex.req)) {
    json body = {{"id", snapshot.id},
                 {"vendor", vendor_name(snapshot.vendor)},
                 {"state", state_name(snapshot.state)},
                 {"status", vendor_status_word(snapshot)}};
    if (status == 409) body["error"] = std::string("the link is already ") + state_name(snapshot.state);
    send_json(ex.res, status, body);
    return;
  }
  if (status == 409) {
    ex.res.status = 409;
    ex.res.set_content(render(snapshot), "text/html; charset=utf-8");
    return;
  }
  ex.res.set_redirect("/pay/" + snapshot.id, 303);
  ex.res.set_content(render(snapshot), "text/html; charset=utf-8");
}

}  // namespace

void register_payment_page_routes(SandboxServer& server) {
  server.add_route("GET", R"(/pay/([^/]+))", [&server](Exchange& ex) { show(server, ex); });
  server.add_route("POST", R"(/pay/([^/]+)/pay)", [&server](Exchange& ex) { act(server, ex, LinkState::paid); });
  server.add_route("POST", R"(/pay/([^/]+)/cancel)", [&server](Exchange& ex) { act(server, ex, LinkState::canceled); });
}

}  // namespace paylink_sandbox
