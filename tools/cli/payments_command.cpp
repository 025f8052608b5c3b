#include "payments_command.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "exit_codes.hpp"
#include "paylink/list_query.hpp"
#include "paylink/payment.hpp"
#include "session.hpp"

namespace paylink_cli {
namespace {

constexpr int kMaxPageSize = 1'000'000;

paylink::ListQuery payments_query(const Arguments& args) {
  paylink::ListQuery query;
  if (auto status = args.value("--status")) {
    // A payment's own life cycle; the vendor's words beyond these (authorized, failed) have no neutral name.
    auto parsed = paylink::parse_link_status(*status);
    if (!parsed || *parsed == paylink::LinkStatus::unknown) {
      throw usage_error(
          fmt::format("--status \"{}\" is not a payment status; use open, pending, paid, expired or "
                      "canceled",
                      one_line(*status)));
    }
    query.status = *parsed;
  }
  if (auto limit = args.value("--limit")) {
    bool ok = !limit->empty() && limit->size() <= 7;
    for (const char c : *limit) ok = ok && c >= '0' && c <= '9';
    const int n = ok ? std::stoi(*limit) : 0;
    if (n < 1 || n > kMaxPageSize) {
      throw usage_error(
          fmt::format("--limit \"{}\" must be a whole number from 1 to {}", one_line(*limit), kMaxPageSize));
    }
    query.page_size = n;
  }
  return query;
}

std::string payment_json(const paylink::LinkPayment& p) {
  nlohmann::json j{{"id", p.id}, {"status", p.status}, {"payment_method", p.payment_method}};
  if (p.amount)
    j["amount"] = {{"value", p.amount->to_decimal()}, {"currency", std::string(p.amount->currency().code())}};
  if (!p.debitor_email.empty()) j["debitor_email"] = p.debitor_email;
  if (p.created_at) j["created_at"] = paylink::format_timestamp(*p.created_at);
  if (p.paid_at) j["paid_at"] = paylink::format_timestamp(*p.paid_at);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// id, status, amount, method, paid at (or "-").
std::vector<std::string> payment_cells(const paylink::LinkPayment& p) {
  const auto or_dash = [](const std::string& text) { return text.empty() ? std::string("-") : one_line(text); };
  return {or_dash(p.id), or_dash(p.status),
          p.amount ? fmt::format("{} {}", p.amount->to_decimal(), p.amount->currency().code()) : "-",
          or_dash(p.payment_method), p.paid_at ? paylink::format_timestamp(*p.paid_at) : "-"};
}

}  // namespace

int payments(const Arguments& args, const Console& console) {
  expect_positionals(args, 1, "the link's ID");
  paylink::ListQuery query = payments_query(args);
  Session s = open_session(args, console);
  const std::string& link_id = args.positionals[0];

  std::vector<std::vector<std::string>> rows;
  bool more = false;
  for (;;) {
    auto page = s.client->list_payments(link_id, query, s.call());
    if (!page) {
      for (const std::string& line : align_rows(rows)) console.out(line);
      fail(s, "payments", page.error());
    }
    for (const auto& payment : page->items) {
      if (s.json) {
        console.out(payment_json(payment));  // as they arrive, like list --json
      } else {
        rows.push_back(payment_cells(payment));
      }
    }
    more = page->has_more();
    // A cursor that does not move would walk the same page for ever.
    if (!more || !args.flag("--all") || page->next_cursor == query.cursor) break;
    query.cursor = page->next_cursor;
  }
  if (!s.json) {
    for (const std::string& line : align_rows(rows)) console.out(line);
    if (rows.empty()) console.out("no payments");
    if (more) console.out("(more payments on the next pages: add --all to list every one)");
  }
  return kSuccess;
}

int payment_methods(const Arguments& args, const Console& console) {
  expect_positionals(args, 0, "no ID");
  Session s = open_session(args, console);
  auto methods = s.client->list_payment_methods(s.call());
  if (!methods) fail(s, "payment-methods", methods.error());
  std::vector<std::vector<std::string>> rows;
  for (const auto& method : *methods) {
    if (s.json) {
      console.out(nlohmann::json{{"name", method.name}, {"enabled", method.enabled}}.dump(
          -1, ' ', false, nlohmann::json::error_handler_t::replace));
    } else {
      rows.push_back({one_line(method.name), method.enabled ? "enabled" : "disabled"});
    }
  }
  if (!s.json) {
    for (const std::string& line : align_rows(rows)) console.out(line);
    if (rows.empty()) console.out("no payment methods");
  }
  return kSuccess;
}

}  // namespace paylink_cli
