#pragma once
/// @file batch.hpp
/// @brief Many creates (or gets) at once over one transfer session of the client's transport, for
/// billing runs.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "paylink/cancellation.hpp"
#include "paylink/client.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/export.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// One create of a batch and the tag you know it by (a row number, a reference).
struct BatchCreate {
  std::string tag;            ///< Yours, handed back in `BatchResult::tag`; paylink does not read it.
  CreateLinkRequest request;  ///< What `Client::create` would be given.
};

/// One get of a batch.
struct BatchGet {
  std::string tag;  ///< Yours, handed back in `BatchResult::tag`.
  std::string id;   ///< The vendor's link id, as `Client::get` takes it.
};

/// The outcome of one item, delivered as soon as it completes (not in submission order).
struct BatchResult {
  std::size_t index = 0;  ///< Position in submission order, from 0.
  std::string tag;        ///< The item's tag, as given.
  /// The link, or the item's `Error` (the errors of `Client::create` or `Client::get`).
  Result<PaymentLink> result;
};

/// Counters reported after every completed item.
struct BatchProgress {
  std::size_t submitted = 0;             ///< Items pulled from the source so far.
  std::size_t completed = 0;             ///< Items finished, successfully or not (`succeeded + failed`).
  std::size_t succeeded = 0;             ///< Items whose result holds a link.
  std::size_t failed = 0;                ///< Items whose result holds an `Error`.
  std::size_t in_flight = 0;             ///< Items started and not yet completed (including those backing off).
  std::chrono::milliseconds elapsed{0};  ///< Time since the run started (monotonic clock).
};

/// How a batch runs. Every field states its default.
struct BatchOptions {
  /// Items in progress at once, 1 to 1024. Default 32. It also bounds connections per host (the
  /// libcurl transport's `open_session` hint).
  std::size_t max_in_flight = 32;
  /// Called on the calling thread after each completed item. Default none.
  std::function<void(const BatchProgress&)> on_progress;
  /// Each item's `CallOptions::timeout`: its whole call, retries and waits included, from the moment
  /// it is pulled from the source. Past it the item fails as `Client::create` would (`timeout`, or
  /// `ambiguous`). Default none.
  std::optional<std::chrono::milliseconds> item_timeout;
  /// Stops the run when canceled (from any thread, e.g. a signal-handling one): no further item is
  /// pulled from the source, an item pulled but never sent fails at once with `canceled` (nothing
  /// sent), and the items that were sent get `drain_timeout` to finish, retries included. A transfer
  /// still in progress then is aborted: the item fails with `canceled` (`request_sent` says whether the
  /// vendor may have it), or `ambiguous` for a create without an idempotency key that may have been
  /// sent. Every pulled item still gets its `on_result`. Default none.
  std::optional<CancellationToken> stop;
  /// How long items already sent may take after `stop` is canceled. Default 10 s.
  std::chrono::milliseconds drain_timeout{10000};
};

/// Totals of a finished batch.
struct BatchSummary {
  std::size_t succeeded = 0;             ///< Items that produced a link.
  std::size_t failed = 0;                ///< Items that produced an `Error`.
  std::chrono::milliseconds elapsed{0};  ///< Wall time of the whole run (monotonic clock).
  bool stopped = false;                  ///< `BatchOptions::stop` ended the run before the source was used up.
};

/// Runs many calls concurrently with everything of a client: its adapter, transport, retry policy,
/// rate limiter, clocks, sleeper, random source and log hook (the same per-call logic as `Client`).
/// The calls go through one `TransferSession` of the client's transport (`Transport::open_session`),
/// driven from the calling thread: with the libcurl transport they run concurrently over shared
/// connections; a transport that only implements `send` (the fakes of `paylink/testing/`) runs them
/// one at a time, so a batch can be tested offline. Rate-limit waits and backoff that leave nothing
/// in flight go through the client's sleeper; while transfers are in flight the runner waits in the
/// session's `poll` until the next transfer ends or the next wait is over, whichever comes first.
/// A freed slot is given to the next item in the same turn of the loop in which its transfer ended.
/// Items are pulled lazily, so memory holds only the items in progress. One item's failure never stops
/// the others. Not thread-safe: use one runner per thread.
class PAYLINK_EXPORT BatchRunner {
 public:
  /// A runner of `client`'s calls. Its transfer session is opened at the first run and kept for the
  /// runner's lifetime, so later runs reuse its connections. Does not fail; an invalid
  /// `options.max_in_flight` is reported per item.
  explicit BatchRunner(Client client, BatchOptions options = {});
  ~BatchRunner();
  BatchRunner(const BatchRunner&) = delete;
  BatchRunner& operator=(const BatchRunner&) = delete;

  /// Creates every item `next` yields until it returns nullopt; `on_result` receives each outcome as
  /// it completes. Blocks until all are done. Errors per item are those of `Client::create`
  /// (including `ambiguous`); a `max_in_flight` outside 1..1024 fails every item with `validation`.
  BatchSummary create_all(const std::function<std::optional<BatchCreate>()>& next,
                          const std::function<void(BatchResult)>& on_result);
  /// Gets every item `next` yields; as `create_all`.
  BatchSummary get_all(const std::function<std::optional<BatchGet>()>& next,
                       const std::function<void(BatchResult)>& on_result);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace paylink
