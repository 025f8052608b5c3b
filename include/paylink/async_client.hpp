#pragma once
/// @file async_client.hpp
/// @brief `Client`'s operations without blocking the caller: each returns a `std::future`, or hands
/// its result to a callback, while one event-loop thread drives every call over one transfer session.

#include <cstddef>
#include <functional>
#include <future>
#include <memory>
#include <string>

#include "paylink/call_options.hpp"
#include "paylink/client.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/error.hpp"
#include "paylink/export.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/update_link_request.hpp"

namespace paylink {

/// Receives a call's result on the `AsyncClient`'s event-loop thread. It must return quickly and must
/// not block (no waiting on another call's future, no blocking `Client` call): while it runs, no other
/// call of the client moves. An exception it throws is caught and dropped (the loop goes on, and the
/// client's log hook, if any, gets an error event "callback_threw"); the call's result is not
/// delivered again.
template <typename T>
using AsyncCallback = std::function<void(Result<T>)>;

/// How an `AsyncClient` runs. Every field states its default.
struct AsyncClientOptions {
  /// Calls in progress at once (sending, or waiting to retry or for the rate limiter), 1 to 1024.
  /// Default 32. Later calls queue in submission order and start as slots free up. Also bounds the
  /// connections per host (the transport's `open_session` hint). A value outside 1..1024 fails every
  /// call with `validation` (field "max_in_flight"), sending nothing.
  std::size_t max_in_flight = 32;
};

/// The operations of a `Client`, asynchronous: each call is queued and returns at once; its result
/// comes as a `std::future` or through an `AsyncCallback`. Made from a `Client`, whose adapter,
/// transport, retry policy, rate limiter, clocks, random and key sources and log hook it shares, and
/// whose per-call logic it runs: retries, idempotency keys, `ambiguous`, rate-limit waits and logging
/// are exactly as in `Client`, and so are the errors each operation can return.
///
/// One event-loop thread, started by the constructor and joined by the destructor, drives every call
/// over one `TransferSession` of the client's transport: with the libcurl transport the calls run
/// concurrently over shared connections; a transport that only implements `send` (`FakeVendor`, the
/// fakes of `paylink/testing/`) runs them one at a time on the loop thread, so code that uses an
/// `AsyncClient` can be tested offline. A freed slot is given to the next queued call in the same
/// turn of the loop in which its call ended, and the loop never waits for the network while a slot is
/// free and a call is ready.
///
/// Waits (backoff between attempts, the rate limiter's) are real time on the loop thread, measured
/// from the client's `steady_clock`; unlike `Client`, the client's `sleeper` is not used, so that a
/// new call or the destructor can interrupt a wait. (A test clock that stands still does not stall
/// the loop: a wait ends when that much real time has passed.)
///
/// Every member may be called from any thread at once. Submitting from inside a callback is allowed.
///
/// Per-call limits: every operation takes `Client`'s trailing `const CallOptions&`. Its `timeout`
/// counts from the submission (time spent queued is part of the call), and its `cancel` token ends the
/// call wherever it is. A call canceled or out of time before it started fails with `canceled` or
/// `timeout` and sends nothing; once started it ends as a `Client` call would (`canceled`, `timeout`,
/// or `ambiguous` for a create without an idempotency key that may have been sent): its waits end and
/// its transfer in progress is aborted through `TransferSession::abort`.
///
/// Destruction: the destructor stops taking calls. Calls still queued (not started) fail at once with
/// `canceled`, sending nothing; so do calls submitted while it runs (e.g. from a callback). Calls
/// already started are finished through their normal path (retries, waits and their own
/// `CallOptions` included) and their results delivered; then the loop thread is joined. So every
/// future gets a value, never `broken_promise`. To bound the wait, give calls a `CallOptions::timeout`
/// or cancel their tokens first. Destroying the client from inside one of its own callbacks is not
/// allowed (the loop cannot join itself).
class PAYLINK_EXPORT AsyncClient {
 public:
  /// Starts the event loop for `client`'s calls. Does not fail and sends nothing.
  explicit AsyncClient(Client client, AsyncClientOptions options = {});
  /// Fails the queued calls with `canceled`, finishes the started ones (see the class comment), then
  /// joins the loop thread.
  ~AsyncClient();
  AsyncClient(const AsyncClient&) = delete;
  AsyncClient& operator=(const AsyncClient&) = delete;
  AsyncClient(AsyncClient&&) = delete;
  AsyncClient& operator=(AsyncClient&&) = delete;

  /// `Client::create`.
  std::future<Result<PaymentLink>> create(CreateLinkRequest request, const CallOptions& call = {});
  /// `Client::create`; `on_done` gets the result on the loop thread.
  void create(CreateLinkRequest request, AsyncCallback<PaymentLink> on_done, const CallOptions& call = {});
  /// `Client::get`.
  std::future<Result<PaymentLink>> get(std::string id, const CallOptions& call = {});
  /// `Client::get`, with a callback.
  void get(std::string id, AsyncCallback<PaymentLink> on_done, const CallOptions& call = {});
  /// `Client::list`.
  std::future<Result<Page<PaymentLink>>> list(ListQuery query = {}, const CallOptions& call = {});
  /// `Client::list`, with a callback.
  void list(ListQuery query, AsyncCallback<Page<PaymentLink>> on_done, const CallOptions& call = {});
  /// `Client::expire`.
  std::future<Result<PaymentLink>> expire(std::string id, const CallOptions& call = {});
  /// `Client::expire`, with a callback.
  void expire(std::string id, AsyncCallback<PaymentLink> on_done, const CallOptions& call = {});
  /// `Client::update`.
  std::future<Result<PaymentLink>> update(std::string id, UpdateLinkRequest update, const CallOptions& call = {});
  /// `Client::update`, with a callback.
  void update(std::string id, UpdateLinkRequest update, AsyncCallback<PaymentLink> on_done,
              const CallOptions& call = {});
  /// `Client::list_payments`.
  std::future<Result<Page<LinkPayment>>> list_payments(std::string link_id, ListQuery query = {},
                                                       const CallOptions& call = {});
  /// `Client::list_payments`, with a callback.
  void list_payments(std::string link_id, ListQuery query, AsyncCallback<Page<LinkPayment>> on_done,
                     const CallOptions& call = {});
  /// `Client::list_payment_methods`.
  std::future<Result<std::vector<PaymentMethod>>> list_payment_methods(const CallOptions& call = {});
  /// `Client::list_payment_methods`, with a callback.
  void list_payment_methods(AsyncCallback<std::vector<PaymentMethod>> on_done, const CallOptions& call = {});
  /// `Client::reconcile_create` (only `ambiguous.reconcile_key` is read).
  std::future<Result<PaymentLink>> reconcile_create(CreateLinkRequest request, const Error& ambiguous,
                                                    const CallOptions& call = {});
  /// `Client::reconcile_create`, with a callback.
  void reconcile_create(CreateLinkRequest request, const Error& ambiguous, AsyncCallback<PaymentLink> on_done,
                        const CallOptions& call = {});

  /// The client whose calls this runs (for its capabilities, provider name and options).
  const Client& client() const noexcept;

  struct Impl;  ///< The queue and the loop; defined in the implementation.

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace paylink
