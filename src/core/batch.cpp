// The batch runner: a loop over one TransferSession of the client's transport that drives one
// detail::Call per item, the same state machine the blocking Client uses, so retries, idempotency and
// logging are identical. One turn of the loop: deliver the items that ended and give their slots to the
// next items of the source, start every item whose wait is over, then wait for the next event (a
// transfer ending, in the session's poll, or the earliest wait ending). It never waits while a free
// slot has a ready item, and a wait for the rate limiter ends when the limiter's slot opens.
#include "paylink/batch.hpp"

#include <algorithm>
#include <list>
#include <unordered_map>
#include <variant>

#include <fmt/format.h>

#include "core/call.hpp"
#include "core/call_factory.hpp"

namespace paylink {

using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

struct BatchRunner::Impl {
  Client client;
  BatchOptions options;
  std::unique_ptr<TransferSession> session;  // opened at the first send, kept for its connections
};

namespace {

constexpr std::size_t kMaxInFlightLimit = 1024;
// The longest one poll waits when no item waits for a time: the session returns as soon as a transfer
// ends, and libcurl's own timeouts cut waits short, so this only bounds one turn of the loop.
constexpr milliseconds kLongestPoll{1000};
// The longest sleep (nothing in flight, only waits pending) before BatchOptions::stop is looked at again.
constexpr milliseconds kStopCheck{200};

// One item in progress. Lives in a std::list: its call refers to its request or id, which must not move.
struct Item {
  std::size_t index = 0;
  std::string tag;
  CreateLinkRequest request;  // for creates
  std::string id;             // for gets
  std::optional<detail::Call<PaymentLink>> call;
  SteadyTime wait_until = SteadyTime::min();  // the end of a backoff, then of the rate limiter's wait
  bool needs_quota = true;                    // the next attempt has no place at the rate limiter yet
  bool in_flight = false;
  std::optional<Result<PaymentLink>> outcome;
};

// Whole milliseconds from `now` to `then`, rounded up so that a wait never ends before `then`.
milliseconds until(SteadyTime then, SteadyTime now) {
  return then <= now ? milliseconds(0) : std::chrono::ceil<milliseconds>(then - now);
}

// Runs items from `pull` (which fills an Item or returns false) through `make_call`.
template <typename Pull, typename MakeCall>
BatchSummary run(const Client& client, const BatchOptions& options, std::unique_ptr<TransferSession>& session,
                 Pull pull, MakeCall make_call, const std::function<void(BatchResult)>& on_result) {
  const ClientOptions& client_options = client.options();
  const auto now = [&client_options] { return client_options.steady_clock(); };
  const SteadyTime started = now();
  BatchProgress progress;
  BatchSummary summary;
  const bool valid = options.max_in_flight >= 1 && options.max_in_flight <= kMaxInFlightLimit;
  const std::size_t slots = valid ? options.max_in_flight : 1;
  std::list<Item> active;
  std::unordered_map<std::uint64_t, Item*> in_flight;  // by transfer tag, which is the item's index
  bool exhausted = false;
  // A callback that throws leaves transfers in progress; they must not outlive their items, nor
  // answer a later run that reuses their tags. Closing the session ends them.
  struct CloseSessionOnThrow {
    std::unique_ptr<TransferSession>& session;
    const std::unordered_map<std::uint64_t, Item*>& in_flight;
    ~CloseSessionOnThrow() {
      if (!in_flight.empty()) session.reset();
    }
  } close_session_on_throw{session, in_flight};

  // BatchOptions::stop: a cancel from another thread wakes the session's poll; this loop notices it
  // at the top of its next turn. The session is opened first, so that the callback never sees it change.
  const std::optional<CancellationToken>& stop = options.stop;
  if (stop && valid && !session) session = client_options.transport->open_session(options.max_in_flight);
  TransferSession* const wake = session.get();
  const CancellationRegistration wake_on_stop =
      stop && wake ? stop->on_cancel([wake] { wake->wakeup(); }) : CancellationRegistration();
  bool stopping = false;
  // Once stopped: nothing more is pulled, an item never sent ends now, the others get the drain time.
  const auto begin_stop = [&] {
    stopping = true;
    summary.stopped = !exhausted;
    exhausted = true;
    const SteadyTime drain_end = now() + options.drain_timeout;
    for (Item& item : active) {
      if (item.outcome || !item.call) continue;
      if (!item.in_flight && item.call->context().attempt == 0) {
        Error never_sent =
            Error::make(ErrorCode::canceled, "the batch was stopped before this item was sent; nothing was sent");
        never_sent.retryable = false;
        item.outcome = std::move(never_sent);
        continue;
      }
      item.call->end_by(
          drain_end, ErrorCode::canceled,
          fmt::format("the batch was stopped and its drain time of {} ms ran out", options.drain_timeout.count()));
      item.wait_until = std::min(item.wait_until, drain_end);  // a backoff past the drain ends with it
    }
  };
  // Aborts the transfers whose call is out of time; the session reports them at the next poll.
  const auto abort_overdue = [&](std::optional<SteadyTime>& next_wake) {
    const SteadyTime t = now();
    for (auto& [tag, item] : in_flight) {
      const auto deadline = item->call->deadline();
      if (!deadline) continue;
      if (*deadline <= t)
        session->abort(tag, item->call->deadline_error());
      else
        next_wake = next_wake ? std::min(*next_wake, *deadline) : *deadline;
    }
  };

  // Hands ended items to the caller and fills their slots from the source.
  const auto deliver_and_refill = [&] {
    for (auto it = active.begin(); it != active.end();) {
      if (!it->outcome) {
        ++it;
        continue;
      }
      const bool ok = it->outcome->ok();
      ++progress.completed;
      ok ? ++progress.succeeded : ++progress.failed;
      ok ? ++summary.succeeded : ++summary.failed;
      on_result(BatchResult{it->index, std::move(it->tag), std::move(*it->outcome)});
      it = active.erase(it);
      progress.in_flight = active.size();
      progress.elapsed = std::chrono::duration_cast<milliseconds>(now() - started);
      if (options.on_progress) options.on_progress(progress);
    }
    while (!exhausted && active.size() < slots) {
      Item& item = active.emplace_back();
      item.index = progress.submitted;
      if (!pull(item)) {
        active.pop_back();
        exhausted = true;
        break;
      }
      ++progress.submitted;
      if (valid) {
        item.call.emplace(make_call(item));
        if (options.item_timeout) item.call->limit(CallOptions{options.item_timeout, std::nullopt});
      } else {
        item.outcome = Error::validation("max_in_flight", fmt::format("max_in_flight must be 1 to {}, not {}",
                                                                      kMaxInFlightLimit, options.max_in_flight));
      }
    }
  };

  // Starts every item whose wait is over. Returns how many ended without sending (refused by the
  // adapter), and in `next_wake` the end of the earliest wait still pending.
  const auto start_ready = [&](std::optional<SteadyTime>& next_wake) {
    std::size_t ended = 0;
    const SteadyTime t = now();
    for (Item& item : active) {
      if (item.outcome || item.in_flight) continue;
      if (item.needs_quota && item.wait_until <= t) {  // a backoff is over before the limiter is asked
        item.needs_quota = false;
        item.wait_until = t + item.call->acquire_quota();
      }
      if (item.wait_until > t) {
        next_wake = next_wake ? std::min(*next_wake, item.wait_until) : item.wait_until;
        continue;
      }
      Result<HttpRequest> request = item.call->next_request();
      if (!request) {
        item.outcome = std::move(request).error();  // refused before sending
        ++ended;
        continue;
      }
      if (!session) session = client_options.transport->open_session(options.max_in_flight);
      item.in_flight = true;
      in_flight.emplace(item.index, &item);
      session->start(std::move(*request), item.index);
    }
    return ended;
  };

  const auto take_answer = [&](TransferCompletion& completion) {
    const auto found = in_flight.find(completion.tag);
    if (found == in_flight.end()) return;  // not a transfer of this run
    Item& item = *found->second;
    in_flight.erase(found);
    item.in_flight = false;
    auto next = item.call->on_answer(std::move(completion.result));
    if (auto* done = std::get_if<Result<PaymentLink>>(&next)) {
      item.outcome = std::move(*done);
    } else {
      item.wait_until = now() + std::get<detail::WaitThenRetry>(next).wait;
      item.needs_quota = true;
    }
  };

  for (;;) {
    if (stop && !stopping && stop->canceled()) begin_stop();
    deliver_and_refill();
    if (active.empty()) break;
    std::optional<SteadyTime> next_wake;
    if (start_ready(next_wake) > 0) continue;  // their slots are free again: refill before waiting
    abort_overdue(next_wake);
    if (stop && !stopping && stop->canceled()) continue;  // canceled in this turn: stop before waiting
    if (!in_flight.empty()) {
      const milliseconds wait = next_wake ? until(*next_wake, now()) : kLongestPoll;
      for (TransferCompletion& completion : session->poll(wait)) take_answer(completion);
    } else if (next_wake) {
      // Nothing in flight: only waits are pending. The client's sleeper sleeps, as Client's does, and
      // its return ends every wait it covered (a test's sleeper may return at once).
      const SteadyTime t = now();
      milliseconds wait = until(*next_wake, t);
      // While a stop may still come, sleep in short steps, so that it is noticed soon.
      if (stop && !stopping) wait = std::min(wait, kStopCheck);
      if (wait.count() > 0) client_options.sleeper(wait);
      for (Item& item : active) {
        if (!item.outcome && !item.in_flight && item.wait_until <= t + wait) item.wait_until = SteadyTime::min();
      }
    }
  }
  summary.elapsed = std::chrono::duration_cast<milliseconds>(now() - started);
  return summary;
}

// What every call of a batch shares with the client: its adapter, options and random source.
detail::CallFactory call_factory(const Client& client) {
  return detail::CallFactory({*client.provider(), client.options(), [&client] { return client.random(); }});
}

}  // namespace

BatchRunner::BatchRunner(Client client, BatchOptions options)
    : impl_(std::make_unique<Impl>(Impl{std::move(client), std::move(options), nullptr})) {}

BatchRunner::~BatchRunner() = default;

BatchSummary BatchRunner::create_all(const std::function<std::optional<BatchCreate>()>& next,
                                     const std::function<void(BatchResult)>& on_result) {
  const detail::CallFactory calls = call_factory(impl_->client);
  return run(
      impl_->client, impl_->options, impl_->session,
      [&](Item& item) {
        auto create = next();
        if (!create) return false;
        item.tag = std::move(create->tag);
        item.request = std::move(create->request);
        return true;
      },
      [&](Item& item) { return calls.create(item.request); }, on_result);
}

BatchSummary BatchRunner::get_all(const std::function<std::optional<BatchGet>()>& next,
                                  const std::function<void(BatchResult)>& on_result) {
  const detail::CallFactory calls = call_factory(impl_->client);
  return run(
      impl_->client, impl_->options, impl_->session,
      [&](Item& item) {
        auto get = next();
        if (!get) return false;
        item.tag = std::move(get->tag);
        item.id = std::move(get->id);
        return true;
      },
      [&](Item& item) { return calls.get(item.id); }, on_result);
}

}  // namespace paylink
