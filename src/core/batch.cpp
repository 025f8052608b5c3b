// The batch runner: one detail::CallDriver per run over one TransferSession of the client's transport,
// with one detail::Call per item, the same state machine the blocking Client uses, so retries,
// idempotency and logging are identical; the driver starts ready items, asks the rate limiter, aborts
// overdue transfers and feeds answers back, as it does for AsyncClient. One turn of the loop here: give
// free slots to the next items of the source, start every item whose wait is over, deliver the items
// that ended (and go round again at once, so their slots are refilled before any wait), else wait for
// the next event (a transfer ending, in the session's poll, or the earliest wait ending, in the
// client's sleeper). It never waits while a free slot has a ready item, and a wait for the rate
// limiter ends when the limiter's slot opens.
#include "paylink/batch.hpp"

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>

#include "core/call_checks.hpp"
#include "core/call_driver.hpp"
#include "core/call_factory.hpp"

namespace paylink {

using detail::SteadyTime;
using std::chrono::milliseconds;

struct BatchRunner::Impl {
  Client client;
  BatchOptions options;
  std::unique_ptr<TransferSession> session;  // opened at the first run, kept for its connections
};

namespace {

constexpr std::size_t kMaxInFlightLimit = 1024;
// The longest one poll waits when no item waits for a time: the session returns as soon as a transfer
// ends, and libcurl's own timeouts cut waits short, so this only bounds one turn of the loop.
constexpr milliseconds kLongestPoll{1000};
// The longest sleep (nothing in flight, only waits pending) before BatchOptions::stop is looked at again.
constexpr milliseconds kStopCheck{200};

// One item of a batch: its arguments (a create's request or a get's id, which its call refers to until
// it ends), how its call is made from them, and the run's list of ended items that it is delivered to.
template <typename Args>
class BatchItem final : public detail::TypedDrivenCall<PaymentLink> {
 public:
  using Make = std::variant<Error, detail::Call<PaymentLink>> (*)(const detail::CallFactory&, const Args&);
  BatchItem(std::size_t index, std::string tag, Args args, Make make_call, const detail::CallFactory& calls,
            std::optional<milliseconds> timeout, SteadyTime pulled, std::vector<BatchResult>& ended)
      : detail::TypedDrivenCall<PaymentLink>(CallOptions{timeout, std::nullopt}, pulled),
        index_(index),
        tag_(std::move(tag)),
        args_(std::move(args)),
        make_(make_call),
        calls_(calls),
        ended_(ended) {}

 protected:
  std::variant<Error, detail::Call<PaymentLink>> make() override { return make_(calls_, args_); }
  void deliver(Result<PaymentLink> result) override {
    ended_.push_back(BatchResult{index_, std::move(tag_), std::move(result)});
  }

 private:
  std::size_t index_;
  std::string tag_;
  Args args_;  // never moved once the call is made
  Make make_;
  const detail::CallFactory& calls_;
  std::vector<BatchResult>& ended_;
};

// What every call of a batch shares with the client: its adapter, options and random source.
detail::CallFactory call_factory(const Client& client) {
  return detail::CallFactory({*client.provider(), client.options(), [&client] { return client.random(); }});
}

// Runs the items `pull` yields (a tag and the call's arguments, or nullopt once the source is used up)
// through calls made by `make`.
template <typename Args, typename Pull>
BatchSummary drive(const Client& client, const BatchOptions& options, TransferSession& session, Pull pull,
                   typename BatchItem<Args>::Make make, const std::function<void(BatchResult)>& on_result) {
  const ClientOptions& client_options = client.options();
  const detail::CallFactory calls = call_factory(client);
  const auto now = [&client_options] { return client_options.steady_clock(); };
  const SteadyTime started = now();
  BatchProgress progress;
  BatchSummary summary;
  const bool valid = options.max_in_flight >= 1 && options.max_in_flight <= kMaxInFlightLimit;
  const std::size_t slots = valid ? options.max_in_flight : 1;
  std::vector<BatchResult> ended;  // the items delivered by the driver, for the caller's on_result
  bool exhausted = false;
  detail::CallDriver driver(client_options, session);
  if (!valid) {
    driver.abort_all(Error::validation("max_in_flight", fmt::format("max_in_flight must be 1 to {}, not {}",
                                                                    kMaxInFlightLimit, options.max_in_flight)));
  }

  // BatchOptions::stop: a cancel from another thread wakes the session's poll; this loop notices it
  // at the top of its next turn.
  const std::optional<CancellationToken>& stop = options.stop;
  const CancellationRegistration wake_on_stop =
      stop ? stop->on_cancel([&session] { session.wakeup(); }) : CancellationRegistration();
  bool stopping = false;
  const auto stop_requested = [&] { return stop && !stopping && stop->canceled(); };
  // Once stopped: nothing more is pulled, an item never sent ends now, the others get the drain time.
  const auto begin_stop = [&] {
    stopping = true;
    summary.stopped = !exhausted;
    exhausted = true;
    Error never_sent =
        Error::make(ErrorCode::canceled, "the batch was stopped before this item was sent; nothing was sent");
    never_sent.retryable = false;
    driver.drain(
        now() + options.drain_timeout, never_sent, ErrorCode::canceled,
        fmt::format("the batch was stopped and its drain time of {} ms ran out", options.drain_timeout.count()));
  };

  // Gives free slots to the next items of the source.
  const auto refill = [&] {
    while (!exhausted && driver.active() < slots) {
      std::optional<std::pair<std::string, Args>> item = pull();
      if (!item) {
        exhausted = true;
        break;
      }
      driver.add(std::make_unique<BatchItem<Args>>(progress.submitted++, std::move(item->first),
                                                   std::move(item->second), make, calls, options.item_timeout, now(),
                                                   ended));
    }
  };

  // Hands the items that ended to the caller. Returns false when none had.
  const auto deliver = [&] {
    for (std::unique_ptr<detail::DrivenCall>& item : driver.take_ended()) item->deliver();
    if (ended.empty()) return false;
    std::vector<BatchResult> results = std::exchange(ended, {});
    std::size_t undelivered = results.size();
    for (BatchResult& result : results) {
      const bool ok = result.result.ok();
      ++progress.completed;
      ok ? ++progress.succeeded : ++progress.failed;
      ok ? ++summary.succeeded : ++summary.failed;
      --undelivered;
      on_result(std::move(result));
      progress.in_flight = driver.active() + undelivered;
      progress.elapsed = std::chrono::duration_cast<milliseconds>(now() - started);
      if (options.on_progress) options.on_progress(progress);
    }
    return true;
  };

  for (;;) {
    if (stop_requested()) begin_stop();
    refill();
    const std::optional<SteadyTime> next_wake = driver.start_ready();
    if (deliver()) continue;  // their slots are free again: refill before waiting
    if (driver.active() == 0) break;
    if (stop_requested()) continue;  // canceled in this turn: stop before waiting
    if (driver.transfers_in_flight()) {
      driver.poll(next_wake ? detail::CallDriver::until(*next_wake, now()) : kLongestPoll);
    } else if (next_wake) {
      // Nothing in flight: only waits are pending. The client's sleeper sleeps, as Client's does, and
      // its return ends every wait it covered (a test's sleeper may return at once).
      const SteadyTime t = now();
      milliseconds wait = detail::CallDriver::until(*next_wake, t);
      // While a stop may still come, sleep in short steps, so that it is noticed soon.
      if (stop && !stopping) wait = std::min(wait, kStopCheck);
      if (wait.count() > 0) client_options.sleeper(wait);
      driver.end_waits_through(t + wait);
    }
  }
  summary.elapsed = std::chrono::duration_cast<milliseconds>(now() - started);
  return summary;
}

// Opens the runner's session at its first run, then runs the batch. A callback that throws leaves
// transfers in progress; the driver aborts them, but a session that cannot abort would still answer
// a later run's items under the old tags: the session is closed, so the next run opens a fresh one.
template <typename Args, typename Pull>
BatchSummary run(const Client& client, const BatchOptions& options, std::unique_ptr<TransferSession>& session,
                 Pull pull, typename BatchItem<Args>::Make make, const std::function<void(BatchResult)>& on_result) {
  const bool valid = options.max_in_flight >= 1 && options.max_in_flight <= kMaxInFlightLimit;
  if (!session) session = client.options().transport->open_session(valid ? options.max_in_flight : 1);
  try {
    return drive<Args>(client, options, *session, std::move(pull), make, on_result);
  } catch (...) {
    session.reset();
    throw;
  }
}

}  // namespace

BatchRunner::BatchRunner(Client client, BatchOptions options)
    : impl_(std::make_unique<Impl>(Impl{std::move(client), std::move(options), nullptr})) {}

BatchRunner::~BatchRunner() = default;

BatchSummary BatchRunner::create_all(const std::function<std::optional<BatchCreate>()>& next,
                                     const std::function<void(BatchResult)>& on_result) {
  return run<CreateLinkRequest>(
      impl_->client, impl_->options, impl_->session,
      [&]() -> std::optional<std::pair<std::string, CreateLinkRequest>> {
        std::optional<BatchCreate> create = next();
        if (!create) return std::nullopt;
        return std::make_pair(std::move(create->tag), std::move(create->request));
      },
      [](const detail::CallFactory& calls, const CreateLinkRequest& request)
          -> std::variant<Error, detail::Call<PaymentLink>> { return calls.create(request); },
      on_result);
}

BatchSummary BatchRunner::get_all(const std::function<std::optional<BatchGet>()>& next,
                                  const std::function<void(BatchResult)>& on_result) {
  return run<std::string>(
      impl_->client, impl_->options, impl_->session,
      [&]() -> std::optional<std::pair<std::string, std::string>> {
        std::optional<BatchGet> get = next();
        if (!get) return std::nullopt;
        return std::make_pair(std::move(get->tag), std::move(get->id));
      },
      // The same refusal as Client::get: an id that would change the URL route is never sent.
      [](const detail::CallFactory& calls, const std::string& id) -> std::variant<Error, detail::Call<PaymentLink>> {
        if (auto refused = detail::refuse_unroutable_id(calls.provider(), Operation::get, id))
          return std::move(*refused);
        return calls.get(id);
      },
      on_result);
}

}  // namespace paylink
