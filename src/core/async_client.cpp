// AsyncClient: a queue that any thread fills, and one event-loop thread that moves queued calls into
// a detail::CallDriver (at most max_in_flight at once, in submission order) and drives them over one
// TransferSession of the client's transport. One turn of the loop: admit queued calls into free slots,
// start every call whose wait is over, deliver the calls that ended (and go round again at once, so
// their slots are refilled before any wait), else wait: in the session's poll while transfers are in
// flight, on the condition variable otherwise. Both waits end at the earliest pending backoff or
// rate-limiter wait, and a submission or the destructor cuts either short.
#include "paylink/async_client.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

#include <fmt/format.h>

#include "core/call_checks.hpp"
#include "core/call_driver.hpp"
#include "core/call_factory.hpp"

namespace paylink {

using std::chrono::milliseconds;

namespace {

constexpr std::size_t kMaxInFlightLimit = 1024;
// The longest one poll waits when no call waits for a time: the session returns as soon as a transfer
// ends or a call is submitted, so this only bounds one turn of the loop.
constexpr milliseconds kLongestPoll{1000};

bool valid_max_in_flight(std::size_t n) { return n >= 1 && n <= kMaxInFlightLimit; }

// One submitted call: its arguments (owned, since the caller's may be gone by the time it starts), how
// to make its detail::Call from them, and where its result goes.
template <typename T, typename Args, typename Make>
class AsyncCall final : public detail::TypedDrivenCall<T> {
 public:
  AsyncCall(Args args, Make make, AsyncCallback<T> on_done, const CallOptions& limits, detail::SteadyTime submitted)
      : detail::TypedDrivenCall<T>(limits, submitted),
        args_(std::move(args)),
        make_(std::move(make)),
        on_done_(std::move(on_done)) {}

  CancellationRegistration wake_on_cancel;  // dropped with the call, on the loop thread

 protected:
  std::variant<Error, detail::Call<T>> make() override { return make_(args_); }
  void deliver(Result<T> result) override {
    if (on_done_) on_done_(std::move(result));
  }

 private:
  Args args_;  // the call refers to these until it ends: never moved once made
  Make make_;
  AsyncCallback<T> on_done_;
};

// The callback overload behind each future: the promise is shared because std::function copies.
template <typename T, typename Submit>
std::future<Result<T>> via_future(Submit submit) {
  auto promise = std::make_shared<std::promise<Result<T>>>();
  std::future<Result<T>> future = promise->get_future();
  submit([promise](Result<T> result) { promise->set_value(std::move(result)); });
  return future;
}

Error never_started(ErrorCode code, std::string_view provider, std::string_view why) {
  Error e = Error::make(code, fmt::format("{}: {} before the call was started; nothing was sent", provider, why));
  e.retryable = false;
  return e;
}

}  // namespace

struct AsyncClient::Impl {
  Impl(Client c, AsyncClientOptions o)
      : client(std::move(c)),
        options(o),
        calls({*client.provider(), client.options(), [this] { return client.random(); }}),
        session(client.options().transport->open_session(valid_max_in_flight(o.max_in_flight) ? o.max_in_flight : 1)) {}

  template <typename T, typename Args, typename Make>
  void submit(Args args, Make make, AsyncCallback<T> on_done, const CallOptions& limits) {
    const detail::SteadyTime now = client.options().steady_clock();
    auto call =
        std::make_unique<AsyncCall<T, Args, Make>>(std::move(args), std::move(make), std::move(on_done), limits, now);
    // A cancel wakes the loop, which then ends the call wherever it is: queued, waiting or sending.
    // Registered outside the lock: the callback takes it, under the token's own lock.
    if (limits.cancel) call->wake_on_cancel = limits.cancel->on_cancel([this] { nudge(true); });
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (call->deadline()) earliest_queued_deadline = std::min(earliest_queued_deadline, *call->deadline());
      queue.push_back(std::move(call));
    }
    nudge(false);
  }

  // Wakes the loop wherever it waits (a new call, a cancel, the destructor).
  void nudge(bool canceled) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      cancel_seen = cancel_seen || canceled;
    }
    wake.notify_one();
    session->wakeup();  // a poll waiting for transfers returns, so the loop can act at once
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stopping = true;
    }
    nudge(false);
  }

  // The call `make` makes, unless `id` cannot be a path segment: refused as Client refuses it.
  template <typename T, typename Make>
  std::variant<Error, detail::Call<T>> for_id(Operation op, std::string_view id, Make make) const {
    if (auto refused = detail::refuse_unroutable_id(*client.provider(), op, id)) return std::move(*refused);
    return make();
  }

  void run();
  std::vector<std::unique_ptr<detail::DrivenCall>> drop_unstartable();
  void admit(detail::CallDriver& driver, std::size_t slots);
  void deliver(std::vector<std::unique_ptr<detail::DrivenCall>> ended) const;
  void wait_idle(detail::CallDriver& driver, std::size_t slots, std::optional<detail::SteadyTime> next_wake);

  Client client;
  AsyncClientOptions options;
  detail::CallFactory calls;
  std::unique_ptr<TransferSession> session;  // the loop's only; `wakeup` may come from any thread

  std::mutex mutex;  // guards the members below
  std::condition_variable wake;
  std::deque<std::unique_ptr<detail::DrivenCall>> queue;
  detail::SteadyTime earliest_queued_deadline = detail::SteadyTime::max();
  bool cancel_seen = false;  // a token was canceled since the loop last looked
  bool stopping = false;

  std::thread loop;  // started last, once everything above exists
};

// Ends the queued calls that must not start: canceled, out of time, or every one once the client is
// being destroyed. They are ended without ever being made, so nothing was sent.
std::vector<std::unique_ptr<detail::DrivenCall>> AsyncClient::Impl::drop_unstartable() {
  std::vector<std::unique_ptr<detail::DrivenCall>> dropped;
  const detail::SteadyTime now = client.options().steady_clock();
  std::lock_guard<std::mutex> lock(mutex);
  if (!stopping && !cancel_seen && earliest_queued_deadline > now) return dropped;
  cancel_seen = false;
  earliest_queued_deadline = detail::SteadyTime::max();
  for (auto it = queue.begin(); it != queue.end();) {
    detail::DrivenCall& call = **it;
    const std::optional<detail::SteadyTime> deadline = call.deadline();
    if (stopping) {
      call.end(never_started(ErrorCode::canceled, client.provider_name(), "the AsyncClient was destroyed"));
    } else if (call.canceled()) {
      call.end(never_started(ErrorCode::canceled, client.provider_name(), "the call was canceled"));
    } else if (deadline && *deadline <= now) {
      call.end(never_started(ErrorCode::timeout, client.provider_name(), "the call's timeout passed"));
    } else {
      if (deadline) earliest_queued_deadline = std::min(earliest_queued_deadline, *deadline);
      ++it;
      continue;
    }
    dropped.push_back(std::move(*it));
    it = queue.erase(it);
  }
  return dropped;
}

void AsyncClient::Impl::admit(detail::CallDriver& driver, std::size_t slots) {
  for (;;) {
    std::unique_ptr<detail::DrivenCall> next;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (queue.empty() || driver.active() >= slots) return;
      next = std::move(queue.front());
      queue.pop_front();
    }
    driver.add(std::move(next));  // makes the call (key, adapter checks) outside the lock
  }
}

void AsyncClient::Impl::deliver(std::vector<std::unique_ptr<detail::DrivenCall>> ended) const {
  for (auto& call : ended) {
    try {
      call->deliver();
    } catch (...) {
      // A callback's failure is its own: the loop must go on for every other call.
      const LogHook& hook = client.options().log.hook;
      if (hook) {
        LogEvent event;
        event.level = LogLevel::error;
        event.event = "callback_threw";
        event.fields = {{"provider", std::string(client.provider_name())}};
        hook(event);
      }
    }
    call.reset();  // its arguments and cancel registration go now, on the loop thread, outside the lock
  }
}

void AsyncClient::Impl::wait_idle(detail::CallDriver& driver, std::size_t slots,
                                  std::optional<detail::SteadyTime> next_wake) {
  std::unique_lock<std::mutex> lock(mutex);
  const auto interrupted = [&] {
    return (!queue.empty() && driver.active() < slots) || cancel_seen || (stopping && !queue.empty()) ||
           (stopping && driver.active() == 0);
  };
  if (!next_wake) {
    wake.wait(lock, interrupted);
    return;
  }
  const detail::SteadyTime t = client.options().steady_clock();
  const milliseconds wait = detail::CallDriver::until(*next_wake, t);
  // The wait is real time; by the client's clock it covers up to t + wait (a test clock may not move).
  if (!wake.wait_for(lock, wait, interrupted)) driver.end_waits_through(t + wait);
}

void AsyncClient::Impl::run() {
  detail::CallDriver driver(client.options(), *session);
  const bool valid = valid_max_in_flight(options.max_in_flight);
  const std::size_t slots = valid ? options.max_in_flight : 1;
  if (!valid) {
    driver.abort_all(Error::validation("max_in_flight", fmt::format("AsyncClientOptions::max_in_flight must be 1 "
                                                                    "to {}, not {}; nothing was sent",
                                                                    kMaxInFlightLimit, options.max_in_flight)));
  }
  for (;;) {
    auto dropped = drop_unstartable();
    if (!dropped.empty()) deliver(std::move(dropped));
    admit(driver, slots);
    std::optional<detail::SteadyTime> next_wake = driver.start_ready();
    auto ended = driver.take_ended();
    if (!ended.empty()) {
      deliver(std::move(ended));
      continue;  // their slots are free: refill them before waiting for anything
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (cancel_seen) continue;  // canceled during this turn: act on it before waiting
      if (!driver.transfers_in_flight() && stopping && queue.empty() && driver.active() == 0) return;
      if (earliest_queued_deadline != detail::SteadyTime::max()) {  // a queued call runs out of time then
        next_wake = next_wake ? std::min(*next_wake, earliest_queued_deadline) : earliest_queued_deadline;
      }
    }
    if (driver.transfers_in_flight()) {
      const milliseconds wait =
          next_wake ? detail::CallDriver::until(*next_wake, client.options().steady_clock()) : kLongestPoll;
      driver.poll(wait);
      continue;
    }
    wait_idle(driver, slots, next_wake);
  }
}

AsyncClient::AsyncClient(Client client, AsyncClientOptions options)
    : impl_(std::make_unique<Impl>(std::move(client), options)) {
  impl_->loop = std::thread([impl = impl_.get()] { impl->run(); });
}

AsyncClient::~AsyncClient() {
  impl_->stop();
  impl_->loop.join();
}

const Client& AsyncClient::client() const noexcept { return impl_->client; }

// --- the operations: each names its arguments and how its call is made from them -----------------

void AsyncClient::create(CreateLinkRequest request, AsyncCallback<PaymentLink> on_done, const CallOptions& call) {
  impl_->submit<PaymentLink>(
      std::move(request),
      [impl = impl_.get()](const CreateLinkRequest& r) -> std::variant<Error, detail::Call<PaymentLink>> {
        return impl->calls.create(r);
      },
      std::move(on_done), call);
}

void AsyncClient::get(std::string id, AsyncCallback<PaymentLink> on_done, const CallOptions& call) {
  impl_->submit<PaymentLink>(
      std::move(id),
      [impl = impl_.get()](const std::string& link_id) {
        return impl->for_id<PaymentLink>(Operation::get, link_id, [&] { return impl->calls.get(link_id); });
      },
      std::move(on_done), call);
}

void AsyncClient::list(ListQuery query, AsyncCallback<Page<PaymentLink>> on_done, const CallOptions& call) {
  impl_->submit<Page<PaymentLink>>(
      std::move(query),
      [impl = impl_.get()](const ListQuery& q) -> std::variant<Error, detail::Call<Page<PaymentLink>>> {
        return impl->calls.list(q);
      },
      std::move(on_done), call);
}

void AsyncClient::expire(std::string id, AsyncCallback<PaymentLink> on_done, const CallOptions& call) {
  impl_->submit<PaymentLink>(
      std::move(id),
      [impl = impl_.get()](const std::string& link_id) {
        return impl->for_id<PaymentLink>(Operation::expire, link_id, [&] { return impl->calls.expire(link_id); });
      },
      std::move(on_done), call);
}

void AsyncClient::update(std::string id, UpdateLinkRequest update, AsyncCallback<PaymentLink> on_done,
                         const CallOptions& call) {
  impl_->submit<PaymentLink>(
      std::make_pair(std::move(id), std::move(update)),
      [impl = impl_.get()](const std::pair<std::string, UpdateLinkRequest>& args) {
        return impl->for_id<PaymentLink>(Operation::update, args.first,
                                         [&] { return impl->calls.update(args.first, args.second); });
      },
      std::move(on_done), call);
}

void AsyncClient::list_payments(std::string link_id, ListQuery query, AsyncCallback<Page<LinkPayment>> on_done,
                                const CallOptions& call) {
  impl_->submit<Page<LinkPayment>>(
      std::make_pair(std::move(link_id), std::move(query)),
      [impl = impl_.get()](const std::pair<std::string, ListQuery>& args) {
        return impl->for_id<Page<LinkPayment>>(Operation::list_payments, args.first,
                                               [&] { return impl->calls.list_payments(args.first, args.second); });
      },
      std::move(on_done), call);
}

void AsyncClient::list_payment_methods(AsyncCallback<std::vector<PaymentMethod>> on_done, const CallOptions& call) {
  impl_->submit<std::vector<PaymentMethod>>(
      std::monostate{},
      [impl = impl_.get()](std::monostate) -> std::variant<Error, detail::Call<std::vector<PaymentMethod>>> {
        return impl->calls.list_payment_methods();
      },
      std::move(on_done), call);
}

void AsyncClient::reconcile_create(CreateLinkRequest request, const Error& ambiguous,
                                   AsyncCallback<PaymentLink> on_done, const CallOptions& call) {
  impl_->submit<PaymentLink>(
      std::make_pair(std::move(request), ambiguous.reconcile_key),
      [impl = impl_.get()](const std::pair<CreateLinkRequest, std::string>& args) {
        return detail::reconcile_create_call(impl->calls, *impl->client.provider(), args.first, args.second);
      },
      std::move(on_done), call);
}

// --- the future forms ------------------------------------------------------------------------------

std::future<Result<PaymentLink>> AsyncClient::create(CreateLinkRequest request, const CallOptions& call) {
  return via_future<PaymentLink>(
      [&](AsyncCallback<PaymentLink> done) { create(std::move(request), std::move(done), call); });
}

std::future<Result<PaymentLink>> AsyncClient::get(std::string id, const CallOptions& call) {
  return via_future<PaymentLink>([&](AsyncCallback<PaymentLink> done) { get(std::move(id), std::move(done), call); });
}

std::future<Result<Page<PaymentLink>>> AsyncClient::list(ListQuery query, const CallOptions& call) {
  return via_future<Page<PaymentLink>>(
      [&](AsyncCallback<Page<PaymentLink>> done) { list(std::move(query), std::move(done), call); });
}

std::future<Result<PaymentLink>> AsyncClient::expire(std::string id, const CallOptions& call) {
  return via_future<PaymentLink>(
      [&](AsyncCallback<PaymentLink> done) { expire(std::move(id), std::move(done), call); });
}

std::future<Result<PaymentLink>> AsyncClient::update(std::string id, UpdateLinkRequest update,
                                                     const CallOptions& call) {
  return via_future<PaymentLink>(
      [&](AsyncCallback<PaymentLink> done) { this->update(std::move(id), std::move(update), std::move(done), call); });
}

std::future<Result<Page<LinkPayment>>> AsyncClient::list_payments(std::string link_id, ListQuery query,
                                                                  const CallOptions& call) {
  return via_future<Page<LinkPayment>>([&](AsyncCallback<Page<LinkPayment>> done) {
    list_payments(std::move(link_id), std::move(query), std::move(done), call);
  });
}

std::future<Result<std::vector<PaymentMethod>>> AsyncClient::list_payment_methods(const CallOptions& call) {
  return via_future<std::vector<PaymentMethod>>(
      [&](AsyncCallback<std::vector<PaymentMethod>> done) { list_payment_methods(std::move(done), call); });
}

std::future<Result<PaymentLink>> AsyncClient::reconcile_create(CreateLinkRequest request, const Error& ambiguous,
                                                               const CallOptions& call) {
  return via_future<PaymentLink>(
      [&](AsyncCallback<PaymentLink> done) { reconcile_create(std::move(request), ambiguous, std::move(done), call); });
}

}  // namespace paylink
