#include "core/call_driver.hpp"

#include <algorithm>

namespace paylink::detail {

using std::chrono::milliseconds;

CallDriver::~CallDriver() {
  // A call dropped while it waits (its owner threw) gives back the rate-limiter slot it holds.
  for (Slot& slot : calls_) {
    if (!slot.ended && !slot.transfer) slot.call->end(Error::make(ErrorCode::canceled, "driver ended"));
  }
  // Transfers still in progress must not answer a later driver of the same session under a reused tag.
  if (in_flight_.empty()) return;
  for (const auto& [tag, slot] : in_flight_) session_.abort(tag, Error::make(ErrorCode::network, "driver ended"));
  (void)session_.poll(milliseconds(0));
}

milliseconds CallDriver::until(SteadyTime then, SteadyTime now) {
  return then <= now ? milliseconds(0) : std::chrono::ceil<milliseconds>(then - now);
}

void CallDriver::add(std::unique_ptr<DrivenCall> call) {
  Slot& slot = calls_.emplace_back();
  slot.call = std::move(call);
  if (abort_reason_) {
    slot.call->end(*abort_reason_);
    finish(std::prev(calls_.end()));
  } else if (!slot.call->begin(options_.steady_clock())) {
    finish(std::prev(calls_.end()));
  }
}

void CallDriver::finish(SlotRef slot) {
  slot->ended = true;
  ended_.push_back(slot);
}

std::optional<SteadyTime> CallDriver::start_ready() {
  std::optional<SteadyTime> next_wake;
  const auto wake_at = [&next_wake](SteadyTime t) { next_wake = next_wake ? std::min(*next_wake, t) : t; };
  const SteadyTime now = options_.steady_clock();
  for (auto slot = calls_.begin(); slot != calls_.end(); ++slot) {
    if (slot->ended) continue;
    if (slot->transfer) {
      // The caller's limits end a transfer in progress: the session reports it at its next poll.
      if (slot->aborting) continue;
      const std::optional<SteadyTime> deadline = slot->call->deadline();
      if (slot->call->canceled() || (deadline && *deadline <= now)) {
        slot->aborting = session_.abort(*slot->transfer, slot->call->abort_reason());
      } else if (deadline) {
        wake_at(*deadline);
      }
      continue;
    }
    // A canceled call waits no longer: its next_request ends it.
    if (slot->call->canceled()) slot->wait_until = SteadyTime::min();
    if (slot->needs_quota && slot->wait_until <= now) {  // a backoff is over before the limiter is asked
      slot->needs_quota = false;
      slot->wait_until = now + slot->call->acquire_quota();
    }
    if (slot->wait_until > now) {
      wake_at(slot->wait_until);
      continue;
    }
    Result<HttpRequest> request = slot->call->next_request();
    if (!request) {
      slot->call->end(std::move(request).error());  // refused (or out of time) before sending
      finish(slot);
      continue;
    }
    const std::uint64_t tag = next_tag_++;
    slot->transfer = tag;
    slot->aborting = false;
    in_flight_.emplace(tag, slot);
    session_.start(std::move(*request), tag);
  }
  return next_wake;
}

void CallDriver::poll(milliseconds max_wait) {
  for (TransferCompletion& completion : session_.poll(max_wait)) {
    const auto found = in_flight_.find(completion.tag);
    if (found == in_flight_.end()) continue;  // not a transfer of this driver
    const SlotRef slot = found->second;
    in_flight_.erase(found);
    slot->transfer.reset();
    const std::optional<milliseconds> wait = slot->call->on_answer(std::move(completion.result));
    if (!wait) {
      finish(slot);
    } else if (abort_reason_) {
      slot->call->end(*abort_reason_);  // no further attempt once the owner gave up
      finish(slot);
    } else {
      slot->wait_until = options_.steady_clock() + *wait;
      slot->needs_quota = true;
    }
  }
}

void CallDriver::end_waits_through(SteadyTime t) {
  for (Slot& slot : calls_) {
    if (!slot.ended && !slot.transfer && slot.wait_until <= t) slot.wait_until = SteadyTime::min();
  }
}

void CallDriver::abort_all(const Error& reason) {
  abort_reason_ = reason;
  for (auto slot = calls_.begin(); slot != calls_.end(); ++slot) {
    if (slot->ended) continue;
    // A transfer in progress is reported by the session's next poll, with `reason` if the abort took
    // effect, or with its own answer if it had ended already.
    if (slot->transfer) {
      (void)session_.abort(*slot->transfer, reason);
      continue;
    }
    slot->call->end(reason);
    finish(slot);
  }
}

void CallDriver::drain(SteadyTime drain_end, const Error& never_sent, ErrorCode code, const std::string& reason) {
  for (auto slot = calls_.begin(); slot != calls_.end(); ++slot) {
    if (slot->ended) continue;
    if (!slot->transfer && !slot->call->sent()) {
      slot->call->end(never_sent);
      finish(slot);
      continue;
    }
    slot->call->end_by(drain_end, code, reason);
    // A wait past the drain ends with it; the call then ends as it starts its next attempt.
    if (!slot->transfer) slot->wait_until = std::min(slot->wait_until, drain_end);
  }
}

std::vector<std::unique_ptr<DrivenCall>> CallDriver::take_ended() {
  std::vector<std::unique_ptr<DrivenCall>> ended;
  ended.reserve(ended_.size());
  for (const SlotRef slot : ended_) {
    ended.push_back(std::move(slot->call));
    calls_.erase(slot);
  }
  ended_.clear();
  return ended;
}

}  // namespace paylink::detail
