// The default TransferSession: a transport that only knows the blocking `send` still serves a batch
// run (and so do the fakes of paylink/testing/), one request at a time, each sent as it is started.
#include <utility>

#include "paylink/transport.hpp"

namespace paylink {
namespace {

class InlineTransferSession final : public TransferSession {
 public:
  explicit InlineTransferSession(Transport& transport) : transport_(transport) {}

  void start(HttpRequest request, std::uint64_t tag) override {
    ended_.push_back(TransferCompletion{tag, transport_.send(request)});
  }

  // Every transfer ended inside `start`: there is never anything to wait for.
  std::vector<TransferCompletion> poll(std::chrono::milliseconds) override { return std::exchange(ended_, {}); }

  bool abort(std::uint64_t, Error) override { return false; }

 private:
  Transport& transport_;
  std::vector<TransferCompletion> ended_;
};

}  // namespace

std::unique_ptr<TransferSession> Transport::open_session(std::size_t /*max_in_flight*/) {
  return std::make_unique<InlineTransferSession>(*this);
}

}  // namespace paylink
