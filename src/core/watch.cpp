// Client::watch: reads links one per tick through the ordinary `get` (so every read has the client's
// rate limiter, retries and backoff) until each reaches the wanted status or the timeout passes. It
// tells time and waits only through the client's steady clock and sleeper, so fake time runs instantly.
#include "paylink/watch.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/url.hpp"
#include "paylink/client.hpp"

namespace paylink {
namespace {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

// Below 100 ms a poll loop is a load test, not a watch; above an hour a link is better checked by a job.
constexpr milliseconds kShortestMinInterval{100};
constexpr milliseconds kLongestMinInterval = std::chrono::hours(1);
constexpr milliseconds kLongestTimeout = std::chrono::hours(24 * 31);
constexpr std::size_t kMostLinks = 1000;

bool is_wanted(LinkStatus status, WatchUntil until) {
  if (status == LinkStatus::paid) return true;
  return until == WatchUntil::final && (status == LinkStatus::expired || status == LinkStatus::canceled);
}

// Expired and canceled are ends at every vendor: such a link is never paid afterwards.
bool can_no_longer_become_wanted(LinkStatus status, WatchUntil until) {
  return until == WatchUntil::paid && (status == LinkStatus::expired || status == LinkStatus::canceled);
}

// Errors that another read of the same id would only repeat. The others (network, timeout,
// rate_limited, provider, invalid_response) may pass, so the link is read again later.
bool ends_the_watch(const Error& error) {
  switch (error.code) {
    case ErrorCode::network:
    case ErrorCode::timeout:
    case ErrorCode::rate_limited:
    case ErrorCode::provider:
    case ErrorCode::invalid_response:
      return false;
    case ErrorCode::auth:
    case ErrorCode::validation:
    case ErrorCode::not_found:
    case ErrorCode::conflict:
    case ErrorCode::unsupported:
    case ErrorCode::ambiguous:
    case ErrorCode::canceled:
      return true;
  }
  return true;
}

std::string seconds_text(milliseconds d) { return fmt::format("{:g} s", static_cast<double>(d.count()) / 1000.0); }

std::optional<Error> check_request(const Client& client, const std::vector<std::string>& ids, WatchUntil until,
                                   const WatchOptions& options) {
  if (!client.capabilities().get) {
    return Error::make(ErrorCode::unsupported,
                       fmt::format("{} offers no status read through its API, so its links cannot be watched; "
                                   "nothing was sent",
                                   client.provider_name()));
  }
  if (until != WatchUntil::paid && until != WatchUntil::final) {
    return Error::validation("until", "until must be WatchUntil::paid or WatchUntil::final");
  }
  if (ids.empty()) return Error::validation("ids", "watch needs at least one link id");
  if (ids.size() > kMostLinks) {
    return Error::validation("ids", fmt::format("at most {} links per watch, got {}", kMostLinks, ids.size()));
  }
  std::map<std::string_view, std::size_t> seen;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string field = fmt::format("ids[{}]", i);
    auto segment = detail::path_segment(ids[i], field);
    if (!segment) return std::move(segment).error();
    auto [first, inserted] = seen.emplace(ids[i], i);
    if (!inserted) {
      return Error::validation(
          field, fmt::format("{}: the id is already ids[{}]; watch each link once", field, first->second));
    }
  }
  if (options.min_interval < kShortestMinInterval || options.min_interval > kLongestMinInterval) {
    return Error::validation(
        "min_interval", fmt::format("min_interval is {}; it must be from {} to {}", seconds_text(options.min_interval),
                                    seconds_text(kShortestMinInterval), seconds_text(kLongestMinInterval)));
  }
  if (options.timeout.count() < 1 || options.timeout > kLongestTimeout) {
    return Error::validation("timeout", fmt::format("timeout is {}; it must be from 1 ms to {}",
                                                    seconds_text(options.timeout), seconds_text(kLongestTimeout)));
  }
  return std::nullopt;
}

// When the vendor says the change happened, if it does; the time of the read otherwise.
Timestamp occurred_at(const PaymentLink& link, Timestamp observed) {
  if (link.status == LinkStatus::paid && link.completed_at) return *link.completed_at;
  if (link.status == LinkStatus::expired && link.expires_at && *link.expires_at <= observed) return *link.expires_at;
  return observed;
}

LinkEvent event_of(const Client& client, const std::string& id, const PaymentLink& link, Timestamp observed) {
  LinkEvent event;
  event.provider = link.provider.empty() ? std::string(client.provider_name()) : link.provider;
  event.link_id = id;
  event.status = link.status;
  event.raw_status = link.raw_status;
  event.amount = link.amount;
  event.occurred_at = occurred_at(link, observed);
  event.raw_body = link.raw_json;  // event_id stays empty: a read has no vendor event id
  return event;
}

struct Watched {
  WatchedLink result;
  SteadyTime next_read;
  milliseconds interval;
  bool active = true;
};

class Watch {
 public:
  Watch(const Client& client, WatchUntil until, const WatchOptions& options)
      : client_(client),
        client_options_(client.options()),
        until_(until),
        options_(options),
        max_interval_(std::max(options.max_interval, options.min_interval)) {}

  WatchResult run(const std::vector<std::string>& ids) {
    const SteadyTime start = client_options_.steady_clock();
    const SteadyTime deadline = start + options_.timeout;
    // One link per tick, the ticks spread evenly over the minimum interval.
    const milliseconds tick =
        std::max(milliseconds(1), options_.min_interval / static_cast<milliseconds::rep>(ids.size()));
    links_.reserve(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i) {
      Watched w{WatchedLink{ids[i], WatchOutcome::timed_out, std::nullopt, std::nullopt, 0},
                start + tick * static_cast<milliseconds::rep>(i), options_.min_interval, true};
      links_.push_back(std::move(w));
    }

    SteadyTime last_read = start - tick;
    for (;;) {
      Watched* next = nullptr;
      for (Watched& w : links_) {
        if (w.active && (next == nullptr || w.next_read < next->next_read)) next = &w;
      }
      if (next == nullptr) break;
      const SteadyTime at = std::max(next->next_read, last_read + tick);
      SteadyTime now = client_options_.steady_clock();
      if (at > deadline || now > deadline) break;
      if (at > now) {
        client_options_.sleeper(std::chrono::ceil<milliseconds>(at - now));
        now = client_options_.steady_clock();
      }
      last_read = now;
      read(*next, now);
    }

    WatchResult result;
    result.links.reserve(links_.size());
    for (Watched& w : links_) result.links.push_back(std::move(w.result));
    return result;
  }

 private:
  milliseconds grown(milliseconds interval) const { return std::min(max_interval_, interval + interval / 2); }

  void read(Watched& w, SteadyTime started) {
    ++w.result.polls;
    Result<PaymentLink> link = client_.get(w.result.id);
    if (!link) {
      Error error = std::move(link).error();
      if (ends_the_watch(error)) {
        w.result.outcome = WatchOutcome::failed;
        w.active = false;
      } else {
        w.interval = grown(w.interval);
        w.next_read = started + w.interval;
        // A vendor that said when to come back (Retry-After) is not asked before then.
        if (error.retry_after) w.next_read = std::max(w.next_read, client_options_.steady_clock() + *error.retry_after);
      }
      w.result.error = std::move(error);
      return;
    }
    w.result.error.reset();
    const bool changed =
        !w.result.last || w.result.last->status != link->status || w.result.last->raw_status != link->raw_status;
    w.result.last = *link;
    if (changed) {
      w.interval = options_.min_interval;
      if (options_.on_change) options_.on_change(event_of(client_, w.result.id, *link, client_options_.clock()));
    } else {
      w.interval = grown(w.interval);
    }
    if (is_wanted(link->status, until_)) {
      w.result.outcome = WatchOutcome::reached;
      w.active = false;
    } else if (can_no_longer_become_wanted(link->status, until_)) {
      w.result.outcome = WatchOutcome::impossible;
      w.active = false;
    } else {
      w.next_read = started + w.interval;
    }
  }

  const Client& client_;
  const ClientOptions& client_options_;  // steady_clock, sleeper and clock, defaults filled in
  WatchUntil until_;
  const WatchOptions& options_;
  milliseconds max_interval_;
  std::vector<Watched> links_;
};

}  // namespace

std::string_view to_string(WatchOutcome outcome) noexcept {
  switch (outcome) {
    case WatchOutcome::reached:
      return "reached";
    case WatchOutcome::impossible:
      return "impossible";
    case WatchOutcome::failed:
      return "failed";
    case WatchOutcome::timed_out:
      return "timed_out";
  }
  return "unknown";
}

Result<WatchResult> Client::watch(const std::vector<std::string>& ids, WatchUntil until,
                                  const WatchOptions& options) const {
  if (auto refused = check_request(*this, ids, until, options)) return std::move(*refused);
  return Watch(*this, until, options).run(ids);
}

}  // namespace paylink
