#include "paylink/cancellation.hpp"

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

namespace paylink {

struct CancellationToken::State {
  std::atomic<bool> canceled{false};
  std::mutex mutex;  // guards callbacks and next_id; held while callbacks run (see on_cancel)
  std::condition_variable changed;
  std::map<std::uint64_t, std::function<void()>> callbacks;
  std::uint64_t next_id = 1;
};

CancellationToken::CancellationToken() : state_(std::make_shared<State>()) {}

void CancellationToken::cancel() const noexcept {
  // The flag is read without the lock first, so that a callback that cancels again returns at once.
  if (state_->canceled.load(std::memory_order_acquire)) return;
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->canceled.exchange(true, std::memory_order_acq_rel)) return;
  for (auto& [id, callback] : state_->callbacks) {
    try {
      callback();
    } catch (...) {  // a callback must not throw; one that does must not stop the others
    }
  }
  state_->callbacks.clear();
  state_->changed.notify_all();
}

bool CancellationToken::canceled() const noexcept { return state_->canceled.load(std::memory_order_acquire); }

bool CancellationToken::wait_for(std::chrono::milliseconds duration) const {
  std::unique_lock<std::mutex> lock(state_->mutex);
  return state_->changed.wait_for(lock, duration, [this] { return state_->canceled.load(); });
}

CancellationRegistration CancellationToken::on_cancel(std::function<void()> callback) const {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->canceled.load()) {
    lock.unlock();
    callback();
    return {};
  }
  const std::uint64_t id = state_->next_id++;
  state_->callbacks.emplace(id, std::move(callback));
  return CancellationRegistration(state_, id);
}

CancellationRegistration::~CancellationRegistration() { reset(); }

CancellationRegistration::CancellationRegistration(CancellationRegistration&& other) noexcept
    : state_(std::move(other.state_)), id_(other.id_) {
  other.state_.reset();
}

CancellationRegistration& CancellationRegistration::operator=(CancellationRegistration&& other) noexcept {
  if (this != &other) {
    reset();
    state_ = std::move(other.state_);
    id_ = other.id_;
    other.state_.reset();
  }
  return *this;
}

void CancellationRegistration::reset() noexcept {
  if (!state_) return;
  {
    // Taking the lock waits for a cancel that is running the callbacks, so none runs after this.
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->callbacks.erase(id_);
  }
  state_.reset();
}

}  // namespace paylink
