#pragma once
// Many detail::Call state machines driven over one TransferSession by one thread: the part every
// non-blocking driver shares (AsyncClient's event loop and BatchRunner's run). The driver owns
// the calls it was given, asks each for its place at the rate limiter, starts the ones whose wait is
// over, feeds the session's answers back and collects the calls that ended. Where calls come from,
// how the owner waits when nothing is in flight, and who receives the results stay with the owner.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "core/call.hpp"
#include "paylink/client_options.hpp"
#include "paylink/transport.hpp"

namespace paylink::detail {

using SteadyTime = std::chrono::steady_clock::time_point;

/// One call of any result type, as the driver sees it.
class DrivenCall {
 public:
  virtual ~DrivenCall() = default;
  /// Makes the call (on the driving thread, at `now`, when it gets its slot). False when it ended
  /// already: refused before anything was sent.
  virtual bool begin(SteadyTime now) = 0;
  /// `Call::acquire_quota`.
  virtual std::chrono::milliseconds acquire_quota() = 0;
  /// `Call::next_request`; an error ends the call with it.
  virtual Result<HttpRequest> next_request() = 0;
  /// `Call::on_answer`: nullopt when the call ended, else the wait before its next attempt.
  virtual std::optional<std::chrono::milliseconds> on_answer(Result<HttpResponse> answer) = 0;
  /// Ends the call with `error` (refused before sending, or given up by the owner) between attempts;
  /// a rate-limiter slot it holds for an attempt not sent is given back.
  virtual void end(Error error) = 0;
  /// `Call::end_by`: the call ends at `when` at the latest, as `code` with `reason`. Only for a begun call.
  virtual void end_by(SteadyTime when, ErrorCode code, std::string reason) = 0;
  /// True once an attempt of the call was handed to the transport.
  virtual bool sent() const = 0;
  /// Hands the call's result to whoever waits for it. Called once, after the call ended.
  virtual void deliver() = 0;

  /// True once the caller's `CallOptions::cancel` is canceled.
  virtual bool canceled() const = 0;
  /// When the call must have ended (`CallOptions::timeout`), if ever.
  virtual std::optional<SteadyTime> deadline() const = 0;
  /// Why a transfer in progress is aborted: canceled, or out of time. Only for a begun call.
  virtual Error abort_reason() const = 0;
};

/// A `DrivenCall` over a `Call<T>` with the caller's `CallOptions`: what is left to say is how to
/// make the call and where its result goes.
template <typename T>
class TypedDrivenCall : public DrivenCall {
 public:
  /// `limits.timeout` counts from `submitted`, so that time spent queued is part of the call's time.
  TypedDrivenCall(CallOptions limits, SteadyTime submitted) : limits_(std::move(limits)) {
    if (limits_.timeout) deadline_ = submitted + *limits_.timeout;
  }

  bool begin(SteadyTime now) override {
    auto made = make();
    if (auto* error = std::get_if<Error>(&made)) {
      outcome_.emplace(std::move(*error));
      return false;
    }
    call_.emplace(std::move(std::get<Call<T>>(made)));
    CallOptions left = limits_;
    if (deadline_) left.timeout = std::max(std::chrono::milliseconds(0), until(*deadline_, now));
    call_->limit(left);
    return true;
  }
  std::chrono::milliseconds acquire_quota() override { return call_->acquire_quota(); }
  Result<HttpRequest> next_request() override { return call_->next_request(); }
  std::optional<std::chrono::milliseconds> on_answer(Result<HttpResponse> answer) override {
    auto next = call_->on_answer(std::move(answer));
    if (auto* wait = std::get_if<WaitThenRetry>(&next)) return wait->wait;
    outcome_.emplace(std::move(std::get<Result<T>>(next)));
    return std::nullopt;
  }
  void end(Error error) override {
    if (call_) call_->give_back_quota();
    outcome_.emplace(std::move(error));
  }
  void end_by(SteadyTime when, ErrorCode code, std::string reason) override {
    call_->end_by(when, code, std::move(reason));
  }
  bool sent() const override { return call_ && call_->context().attempt > 0; }
  void deliver() override { deliver(std::move(*outcome_)); }

  bool canceled() const override { return limits_.cancel && limits_.cancel->canceled(); }
  std::optional<SteadyTime> deadline() const override { return call_ ? call_->deadline() : deadline_; }
  Error abort_reason() const override {
    if (!canceled()) return call_->deadline_error();
    Error e = Error::make(ErrorCode::canceled, "the call was canceled while the request was in progress");
    e.retryable = false;
    return e;
  }

 protected:
  /// The call, or the error that refuses it before anything is sent.
  virtual std::variant<Error, Call<T>> make() = 0;
  /// Receives the call's result.
  virtual void deliver(Result<T> result) = 0;

 private:
  static std::chrono::milliseconds until(SteadyTime then, SteadyTime now) {
    return std::chrono::ceil<std::chrono::milliseconds>(then - now);
  }

  CallOptions limits_;
  std::optional<SteadyTime> deadline_;  // from the submission; the call keeps its own once made
  std::optional<Call<T>> call_;
  std::optional<Result<T>> outcome_;
};

/// Drives calls over one session. Not thread-safe: one driving thread.
class CallDriver {
 public:
  /// `options` gives the monotonic clock; `session` carries the transfers. Both outlive the driver.
  CallDriver(const ClientOptions& options, TransferSession& session) : options_(options), session_(session) {}
  ~CallDriver();
  CallDriver(const CallDriver&) = delete;
  CallDriver& operator=(const CallDriver&) = delete;

  /// Takes `call` and begins it; one refused at once is ended (see `take_ended`).
  void add(std::unique_ptr<DrivenCall> call);
  /// Calls given and not yet taken back by `take_ended`: in flight, waiting, or ended.
  std::size_t active() const noexcept { return calls_.size(); }
  /// True while a transfer is in progress on the session.
  bool transfers_in_flight() const noexcept { return !in_flight_.empty(); }

  /// Starts every call whose wait is over (a call refused by its adapter ends here; a canceled one
  /// ends instead of waiting), and aborts the transfers of calls canceled or out of time. Returns the
  /// earliest time something is due: the end of a wait, or a transfer's deadline.
  std::optional<SteadyTime> start_ready();
  /// Waits in the session's poll at most `max_wait` for transfers to end, and feeds their answers to
  /// their calls.
  void poll(std::chrono::milliseconds max_wait);
  /// Ends every wait that ends at or before `t`: the owner waited until then by its own means (a
  /// test's clock may stand still meanwhile).
  void end_waits_through(SteadyTime t);
  /// Ends every call: those with a transfer in progress through `TransferSession::abort` (their
  /// call then decides: `reason`, or `ambiguous` for a create that may have been sent), the others
  /// with `reason` at once.
  void abort_all(const Error& reason);
  /// Winds the calls down (a batch's stop): one never sent ends at once with `never_sent`; the others
  /// may go on, retries included, until `drain_end`, when a transfer still in progress is aborted and
  /// a wait ends; they then end as `code` with `reason` (`Call::end_by`).
  void drain(SteadyTime drain_end, const Error& never_sent, ErrorCode code, const std::string& reason);
  /// The calls that ended since the last take, in the order they ended; their slots are free.
  std::vector<std::unique_ptr<DrivenCall>> take_ended();

  /// Whole milliseconds from `now` to `then`, rounded up so that a wait never ends before `then`.
  static std::chrono::milliseconds until(SteadyTime then, SteadyTime now);

 private:
  struct Slot {
    std::unique_ptr<DrivenCall> call;
    SteadyTime wait_until = SteadyTime::min();  // the end of a backoff, then of the rate limiter's wait
    bool needs_quota = true;                    // the next attempt has no place at the rate limiter yet
    std::optional<std::uint64_t> transfer;      // the tag of its transfer in progress
    bool aborting = false;                      // its transfer was aborted; the session reports it
    bool ended = false;
  };
  using SlotRef = std::list<Slot>::iterator;  // stays valid while other slots come and go
  void finish(SlotRef slot);

  const ClientOptions& options_;
  TransferSession& session_;
  std::list<Slot> calls_;
  std::unordered_map<std::uint64_t, SlotRef> in_flight_;  // by transfer tag
  std::vector<SlotRef> ended_;
  std::optional<Error> abort_reason_;  // set by abort_all: nothing starts or waits any more
  std::uint64_t next_tag_ = 1;
};

}  // namespace paylink::detail
