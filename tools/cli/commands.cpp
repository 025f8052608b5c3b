#include "commands.hpp"

#include <fmt/format.h>

#include "batch_command.hpp"
#include "create_request.hpp"
#include "credentials.hpp"
#include "exit_codes.hpp"
#include "listen_command.hpp"
#include "paylink/list_query.hpp"
#include "payments_command.hpp"
#include "reconcile_command.hpp"
#include "session.hpp"
#include "update_command.hpp"
#include "watch_command.hpp"
#include "webhook_command.hpp"

namespace paylink_cli {
namespace {

// After an ambiguous create: how to find out whether the link exists before creating it again.
std::string how_to_check(const Session& s, const paylink::CreateLinkRequest& request, const paylink::Error& error) {
  const std::string base = s.base_url_flag ? fmt::format(" --base-url {}", *s.base_url_flag) : "";
  const std::string reconcile =
      error.reconcile_key.empty()
          ? std::string()
          : fmt::format(", or: paylink reconcile --provider {} --reconcile-key {} with the same create flags",
                        vendor_name(s.vendor), error.reconcile_key);
  switch (s.vendor) {
    case Vendor::multisafepay: {
      // The order_id is the reference, or else the key the client generated for this create.
      const std::string& order_id = request.reference.empty() ? error.reconcile_key : request.reference;
      return fmt::format("check before creating it again with: paylink get --provider multisafepay {}{}{}", order_id,
                         base, reconcile);
    }
    case Vendor::onoffice:
      return fmt::format("onOffice's API cannot be asked: look at transaction {} in onOffice before creating it again",
                         request.onoffice.transaction_id);
    case Vendor::smarterpay:
    case Vendor::qonto:
      // reconcile replays the create with the same idempotency key: the vendor answers with the link if it
      // was made, and makes it once if it was not.
      return fmt::format("check before creating it again with: paylink list --provider {}{}{}", vendor_name(s.vendor),
                         base, reconcile);
  }
  return {};
}

int create(const Arguments& args, const Console& console) {
  expect_positionals(args, 0, "no ID");
  const Vendor vendor = parse_vendor(required_value(args, "--provider"));
  // Input is checked before the client is made, so that a typo is reported before a missing credential.
  const paylink::CreateLinkRequest request = build_create_request(vendor, args);
  Session s = open_session(args, console);
  auto link = s.client->create(request, s.call());
  if (!link) {
    paylink::Error error = link.error();
    // Keyed creates (Qonto, SmarterPay) are retried with the same key; if they still fail after an
    // attempt that was sent and never answered, that attempt may have made the link, and running the
    // command again would send a new key and could make a second one: the outcome is unknown.
    if (exit_code_for(error, s.transport->sends()) == kUnavailable && s.transport->unanswered() > 0) {
      error.code = paylink::ErrorCode::ambiguous;
    }
    fail(s, "create", error, how_to_check(s, request, error));
  }
  print_link(console, *link, s.json);
  return kSuccess;
}

int get(const Arguments& args, const Console& console) {
  expect_positionals(args, 1, "the link's ID");
  Session s = open_session(args, console);
  auto link = s.client->get(args.positionals[0], s.call());
  if (!link) fail(s, "get", link.error());
  print_link(console, *link, s.json);
  return kSuccess;
}

int expire(const Arguments& args, const Console& console) {
  expect_positionals(args, 1, "the link's ID");
  Session s = open_session(args, console);
  auto link = s.client->expire(args.positionals[0], s.call());
  if (!link) fail(s, "expire", link.error());
  print_link(console, *link, s.json);
  return kSuccess;
}

paylink::ListQuery list_query(const Arguments& args) {
  paylink::ListQuery query;
  if (auto status = args.value("--status")) {
    auto parsed = paylink::parse_link_status(*status);
    if (!parsed || *parsed == paylink::LinkStatus::unknown) {
      throw usage_error(
          fmt::format("--status \"{}\" is not a status; use open, paid, expired or canceled", one_line(*status)));
    }
    query.status = *parsed;
  }
  if (auto limit = args.value("--limit")) {
    constexpr int kMaxLimit = 1'000'000;
    int n = 0;
    bool ok = !limit->empty() && limit->size() <= 7;
    for (const char c : *limit) ok = ok && c >= '0' && c <= '9';
    if (ok) n = std::stoi(*limit);
    if (!ok || n < 1 || n > kMaxLimit) {
      throw usage_error(fmt::format("--limit \"{}\" must be a whole number from 1 to {}", one_line(*limit), kMaxLimit));
    }
    query.page_size = n;
  }
  return query;
}

int list(const Arguments& args, const Console& console) {
  expect_positionals(args, 0, "no ID");
  paylink::ListQuery query = list_query(args);
  Session s = open_session(args, console);

  // A vendor without a status filter (SmarterPay) refuses one before sending anything; paylink then
  // lists without it and keeps the links in the asked-for state itself.
  std::optional<paylink::LinkStatus> local_filter;
  auto filter_locally_instead = [&](const paylink::Error& e) {
    if (!query.status || e.code != paylink::ErrorCode::validation || e.field != "status" || s.transport->sends() != 0) {
      return false;
    }
    local_filter = query.status;
    query.status.reset();
    return true;
  };

  // JSON lines are printed as they arrive; the table is printed at the end, aligned.
  std::vector<std::vector<std::string>> rows;
  auto emit = [&](const paylink::PaymentLink& link) {
    if (local_filter && link.status != *local_filter) return;
    if (s.json) {
      console.out(link_json(link));
    } else {
      rows.push_back(link_cells(link));
    }
  };
  auto print_rows = [&] {
    for (const std::string& line : align_rows(rows)) console.out(line);
  };

  bool more = false;
  if (args.flag("--all")) {
    for (bool restart = true; restart;) {
      restart = false;
      for (const auto& link : s.client->list_all(query, s.call())) {
        if (!link) {
          if (filter_locally_instead(link.error())) {
            restart = true;
            break;
          }
          print_rows();
          fail(s, "list", link.error());
        }
        emit(*link);
      }
    }
  } else {
    auto page = s.client->list(query, s.call());
    if (!page && filter_locally_instead(page.error())) page = s.client->list(query, s.call());
    if (!page) fail(s, "list", page.error());
    for (const auto& link : page->items) emit(link);
    more = page->has_more();
  }
  if (!s.json) {
    print_rows();
    if (rows.empty()) console.out("no links");
    if (more) console.out("(more links on the next pages: add --all to list every one)");
  }
  return kSuccess;
}

int run_one(const Arguments& args, const Console& console) {
  switch (*args.command) {
    case Command::create:
      return create(args, console);
    case Command::get:
      return get(args, console);
    case Command::list:
      return list(args, console);
    case Command::expire:
      return expire(args, console);
    case Command::webhook_verify:
      return webhook_verify(args, console);
    case Command::batch_create:
      return batch_create(args, console);
    case Command::update:
      return update(args, console);
    case Command::payments:
      return payments(args, console);
    case Command::payment_methods:
      return payment_methods(args, console);
    case Command::reconcile:
      return reconcile(args, console);
    case Command::watch:
      return watch(args, console);
    case Command::listen:
      return listen_command(args, console);
  }
  return kUsage;
}

}  // namespace

int run_command(const Arguments& args, const Console& console) {
  try {
    return run_one(args, console);
  } catch (const DryRunComplete&) {
    console.error("--dry-run: nothing was sent");
    return kSuccess;
  }
}

}  // namespace paylink_cli
