#include "watch_command.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "credentials.hpp"
#include "exit_codes.hpp"
#include "paylink/watch.hpp"
#include "session.hpp"

namespace paylink_cli {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kDefaultInterval{2000};
constexpr milliseconds kDefaultTimeout = std::chrono::minutes(10);

paylink::WatchUntil parse_until(const Arguments& args) {
  const std::string until = args.value("--until").value_or("paid");
  if (until == "paid") return paylink::WatchUntil::paid;
  if (until == "final") return paylink::WatchUntil::final;
  throw usage_error(fmt::format("--until \"{}\" must be paid or final", one_line(until)));
}

std::string event_line(const paylink::LinkEvent& event) {
  nlohmann::ordered_json j;
  j["provider"] = event.provider;
  j["id"] = event.link_id;
  j["status"] = std::string(paylink::to_string(event.status));
  j["raw_status"] = event.raw_status;
  j["event_id"] = nullptr;  // a read has no vendor event id (listen prints the vendor's, when it gives one)
  j["received_at"] = paylink::format_timestamp(std::chrono::system_clock::now());
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::string status_text(const paylink::PaymentLink& link) {
  const std::string word(paylink::to_string(link.status));
  return link.raw_status.empty() || link.raw_status == word ? word : fmt::format("{} ({})", word, link.raw_status);
}

}  // namespace

int watch(const Arguments& args, const Console& console) {
  if (args.positionals.empty()) throw usage_error("watch needs at least one link ID (see paylink watch --help)");
  const auto provider = args.value("--provider");
  if (!provider) throw usage_error("watch needs --provider (see paylink watch --help)");
  const Vendor vendor = parse_vendor(*provider);
  const paylink::WatchUntil until = parse_until(args);
  paylink::WatchOptions options;
  options.min_interval = seconds_option(args, "--interval", kDefaultInterval, milliseconds(100), std::chrono::hours(1));
  options.timeout = seconds_option(args, "--timeout", kDefaultTimeout, milliseconds(1), std::chrono::hours(24 * 31));
  options.on_change = [&console](const paylink::LinkEvent& event) { console.out(event_line(event)); };
  if (vendor == Vendor::onoffice) {
    // Said before asking for credentials: no credential would make it possible.
    throw usage_error(
        "onoffice offers no status read through its API, so its links cannot be watched; nothing was sent "
        "(see docs/watching.md)");
  }

  // The shared session: --verbose logs every read, --dry-run prints the first read and sends nothing.
  Session session = open_session(args, console);
  auto result = session.client->watch(args.positionals, until, options);
  if (session.dry_run && session.dry_run->shown()) return kSuccess;
  if (!result) {
    const paylink::Error& error = result.error();
    if (error.code == paylink::ErrorCode::unsupported) throw usage_error(one_line(error.message));
    const int sends = session.transport->sends();
    throw Failure(exit_code_for(error, sends), describe_error(error, vendor_name(vendor), "watch", sends, {}));
  }

  const std::string wanted = until == paylink::WatchUntil::paid ? "paid" : "paid, expired or canceled";
  bool ended_elsewhere = false;
  bool timed_out = false;
  for (const paylink::WatchedLink& link : result->links) {
    switch (link.outcome) {
      case paylink::WatchOutcome::reached:
        break;
      case paylink::WatchOutcome::impossible:
        ended_elsewhere = true;
        console.error(one_line(
            fmt::format("link {} ended {}: it can no longer become {}", link.id, status_text(*link.last), wanted)));
        break;
      case paylink::WatchOutcome::failed:
        ended_elsewhere = true;
        console.error(describe_error(*link.error, vendor_name(vendor), fmt::format("get {}", link.id), 1, {}));
        break;
      case paylink::WatchOutcome::timed_out: {
        timed_out = true;
        std::string text = fmt::format("link {} is {} after {:g} s, not {} (timeout)", link.id,
                                       link.last ? status_text(*link.last) : "unread",
                                       static_cast<double>(options.timeout.count()) / 1000.0, wanted);
        if (link.error) text += fmt::format("; the last read failed: {}", link.error->to_string());
        console.error(one_line(text));
        break;
      }
    }
  }
  if (ended_elsewhere) return kRefused;
  if (timed_out) return kUnavailable;
  return kSuccess;
}

}  // namespace paylink_cli
