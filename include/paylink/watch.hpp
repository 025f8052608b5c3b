#pragma once
/// @file watch.hpp
/// @brief Waiting for links to be paid by polling `Client::get`, where no vendor pushes (or as a
/// safety net for missed webhooks).

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/error.hpp"
#include "paylink/export.hpp"
#include "paylink/link_event.hpp"
#include "paylink/payment_link.hpp"

namespace paylink {

/// What `Client::watch` waits for.
enum class WatchUntil {
  paid,   ///< `LinkStatus::paid`. A link that ends `expired` or `canceled` can no longer get there.
  final,  ///< Any end: `paid`, `expired` or `canceled`.
};

/// How `Client::watch` polls. Every field states its default.
struct WatchOptions {
  /// The shortest time between two reads of the same link, from 100 ms to 1 hour. Default 2 s. Polls
  /// of several links are spread over it (one link per tick), so the whole watch never reads faster
  /// than one link per `min_interval / links`.
  std::chrono::milliseconds min_interval{2000};
  /// The longest: while a link does not change, its interval grows by half after each read, up to
  /// this. A value below `min_interval` counts as `min_interval`. Default 60 s.
  std::chrono::milliseconds max_interval{60000};
  /// How long to watch before giving up, from 1 ms to 31 days, measured on the client's monotonic
  /// clock (`ClientOptions::steady_clock`). No read starts after it (one that started before it
  /// finishes, rate-limit wait and retries included). Default 10 minutes.
  std::chrono::milliseconds timeout{std::chrono::minutes(10)};
  /// Called on the calling thread for each change: a link's first successful read, and each later
  /// read whose status or raw status word differs from the one before. Never twice for an unchanged
  /// status. Default none.
  std::function<void(const LinkEvent&)> on_change;
};

/// How the watch of one link ended.
enum class WatchOutcome {
  reached,     ///< The link reached the wanted status.
  impossible,  ///< It ended in a status that can never become the wanted one (expired or canceled
               ///< while waiting for paid).
  failed,      ///< A read failed for good (`not_found`, `auth`, `validation`, …): see `WatchedLink::error`.
  timed_out,   ///< The timeout passed first.
};

/// "reached", "impossible", "failed" or "timed_out".
PAYLINK_EXPORT std::string_view to_string(WatchOutcome outcome) noexcept;

/// The end of one link's watch.
struct WatchedLink {
  std::string id;                                  ///< The id as given to `Client::watch`.
  WatchOutcome outcome = WatchOutcome::timed_out;  ///< How it ended.
  /// The last successful read (its `status` is the last status seen); `nullopt` when none succeeded.
  std::optional<PaymentLink> last;
  /// `failed`: the error that ended it. `timed_out`: the last read's error, when the last read failed
  /// (a transient one: network, timeout, rate_limited, provider, invalid_response). Otherwise empty.
  std::optional<Error> error;
  int polls = 0;  ///< How many times `get` was called for it.
};

/// What `Client::watch` found.
struct WatchResult {
  std::vector<WatchedLink> links;  ///< One per watched id, in the order given.

  /// True when every link reached the wanted status.
  bool all_reached() const noexcept {
    for (const WatchedLink& link : links) {
      if (link.outcome != WatchOutcome::reached) return false;
    }
    return true;
  }
};

}  // namespace paylink
