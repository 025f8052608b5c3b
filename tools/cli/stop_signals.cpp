#include "stop_signals.hpp"

#include <ctime>

namespace paylink_cli {

StopSignals::StopSignals(paylink::CancellationToken token) : token_(std::move(token)) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals_, nullptr);
  waiter_ = std::thread([this] {
    // Wakes every 100 ms to see whether the command is done, as listen's loop does.
    const timespec tick{0, 100'000'000};
    while (!done_.load()) {
      const int signal = sigtimedwait(&signals_, nullptr, &tick);
      if (signal != SIGINT && signal != SIGTERM) continue;
      int none = 0;
      received_.compare_exchange_strong(none, signal);
      token_.cancel();
    }
  });
}

StopSignals::~StopSignals() {
  done_ = true;
  waiter_.join();
}

const char* signal_name(int signal) noexcept {
  switch (signal) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "a signal";
  }
}

}  // namespace paylink_cli
