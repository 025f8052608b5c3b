#pragma once
/// @file transport.hpp
/// @brief The seam between the client loop and the network: a blocking `send`, and a
/// `TransferSession` that keeps many requests in progress at once, driven by one thread.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "paylink/error.hpp"
#include "paylink/export.hpp"
#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"

namespace paylink {

/// The end of one transfer of a `TransferSession`.
struct TransferCompletion {
  std::uint64_t tag;            ///< The tag the transfer was started with.
  Result<HttpResponse> result;  ///< What `Transport::send` would have returned for the request.
};

/// Many transfers in progress at once, started and driven by one thread (a batch run, an event loop):
/// `start` never waits for the network, and `poll` moves every transfer along and reports those that
/// ended. Every started transfer is reported by `poll` exactly once (a refused request too), unless it
/// is ended by `abort` first, which reports it with the given reason instead. Not thread-safe, except
/// `wakeup`. Made by `Transport::open_session`; the transport must outlive it. Destroying a session
/// ends its transfers in progress without reporting them.
class PAYLINK_EXPORT TransferSession {
 public:
  virtual ~TransferSession() = default;

  /// Starts sending `request` and returns without waiting for the network. `tag` names the transfer in
  /// its `TransferCompletion` and in `abort`; it must differ from the tags of transfers in progress.
  /// A request the transport refuses (see `Transport::send`) is reported by the next `poll`.
  virtual void start(HttpRequest request, std::uint64_t tag) = 0;

  /// Moves every transfer along and returns those that ended, in no particular order. Waits for
  /// network activity at most `max_wait`, and only while no transfer has ended yet: it returns at once
  /// when something is ready to report, when no transfer is in progress, and when `wakeup` is called.
  /// It may also return early with nothing (socket activity that ended no transfer).
  virtual std::vector<TransferCompletion> poll(std::chrono::milliseconds max_wait) = 0;

  /// Ends the transfer `tag` now (a deadline passed, the caller gave up). The next `poll` reports it
  /// with `reason`, whose `request_sent` the session sets to whether the request may have reached the
  /// server. Returns false, and changes nothing, when no transfer `tag` is in progress (never started,
  /// or already ended: its completion stands).
  virtual bool abort(std::uint64_t tag, Error reason) = 0;

  /// Makes a `poll` that is waiting, on another thread, return at once (e.g. because a request was
  /// queued for it to start). Safe to call from any thread. Does nothing by default.
  virtual void wakeup() {}
};

/// Sends requests. Any HTTP status is a response, not an error. Implementations are safe to call from
/// several threads at once.
///
/// A transport has two forms: the blocking `send`, which is all an implementation must provide, and
/// `open_session` for many requests at once (`BatchRunner`), which by default runs each request with
/// `send` as it is started, one at a time. So every transport, the fakes of `paylink/testing/` and
/// your own, works with both; the libcurl transport overrides `open_session` to send concurrently.
class PAYLINK_EXPORT Transport {
 public:
  virtual ~Transport() = default;

  /// Sends `request` once (retries are the client's business) and returns the whole response.
  /// Errors: `network` or `timeout` (with `Error::request_sent`, which says whether the request may
  /// have reached the server), `invalid_response` for a body above the transport's size cap, and
  /// `validation` for a request the transport refuses to send (e.g. plain http to a host that is not
  /// loopback), with `request_sent` false.
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;

  /// A new session for one driving thread. `max_in_flight` is the most transfers its driver keeps in
  /// progress at once, a hint for sizing connection limits. The default session calls `send` inside
  /// `start` and reports the answer at the next `poll`, so its transfers run one after another; its
  /// `abort` always returns false (nothing is ever in progress).
  virtual std::unique_ptr<TransferSession> open_session(std::size_t max_in_flight);
};

}  // namespace paylink
