// The one request loop every vendor shares: validate → encode → send → decode → retry-or-return.
// Adapters translate; this file decides retries, idempotency keys, logging and pagination.
#include "paylink/client.hpp"

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>
#include <variant>

#include "core/call.hpp"
#include "core/call_checks.hpp"
#include "core/call_factory.hpp"
#include "paylink/curl_transport.hpp"

namespace paylink {

struct Client::State {
  std::shared_ptr<const Provider> provider;
  ClientOptions options;
  std::mutex random_mutex;
  std::mt19937_64 engine{std::random_device{}()};
  bool real_sleeper = false;  // options.sleeper is this_thread::sleep_for: a canceled token may cut it short

  std::uint64_t random() {
    if (options.random) return options.random();
    std::lock_guard<std::mutex> lock(random_mutex);
    return engine();
  }

  // The calls of this client, made as BatchRunner makes its own.
  detail::CallFactory calls() {
    return detail::CallFactory({*provider, options, [this] { return random(); }});
  }
};

namespace {

using std::chrono::milliseconds;

// Drives one call to its end with the blocking transport: the loop itself lives in detail::Call.
template <typename T>
Result<T> run(Client::State& state, detail::Call<T> call, const CallOptions& limits) {
  call.limit(limits);
  // The real sleeper waits on the token instead, so that canceling ends a wait at once; an injected
  // sleeper (a test's) is called as it is.
  const auto sleep = [&state, &limits](milliseconds wait) {
    if (limits.cancel && state.real_sleeper)
      (void)limits.cancel->wait_for(wait);
    else
      state.options.sleeper(wait);
  };
  for (;;) {
    const milliseconds quota_wait = call.acquire_quota();
    if (quota_wait.count() > 0) sleep(quota_wait);
    Result<HttpRequest> request = call.next_request();
    if (!request) return std::move(request).error();  // refused or stopped before it was sent
    auto outcome = call.on_answer(state.options.transport->send(*request));
    if (auto* done = std::get_if<Result<T>>(&outcome)) return std::move(*done);
    sleep(std::get<detail::WaitThenRetry>(outcome).wait);
  }
}

}  // namespace

Client::Client(std::shared_ptr<const Provider> provider, ClientOptions options) : state_(std::make_shared<State>()) {
  state_->provider = std::move(provider);
  if (!options.transport) options.transport = make_curl_transport();
  if (!options.clock) options.clock = [] { return std::chrono::system_clock::now(); };
  if (!options.steady_clock) options.steady_clock = [] { return std::chrono::steady_clock::now(); };
  state_->real_sleeper = !options.sleeper;
  if (!options.sleeper) options.sleeper = [](milliseconds d) { std::this_thread::sleep_for(d); };
  options.retry.max_attempts = std::max(1, options.retry.max_attempts);
  if (!options.rate_limiter) {
    options.rate_limiter = std::make_shared<RateLimiter>(state_->provider->capabilities().rate_limits());
  }
  state_->options = std::move(options);
}

Result<PaymentLink> Client::create(const CreateLinkRequest& request, const CallOptions& call) const {
  return run(*state_, state_->calls().create(request), call);
}

Result<PaymentLink> Client::get(std::string_view id, const CallOptions& call) const {
  if (auto refused = detail::refuse_unroutable_id(*state_->provider, Operation::get, id)) return std::move(*refused);
  return run(*state_, state_->calls().get(id), call);
}

Result<Page<PaymentLink>> Client::list(const ListQuery& query, const CallOptions& call) const {
  return run(*state_, state_->calls().list(query), call);
}

LinkRange Client::list_all(ListQuery query, CallOptions call) const {
  return LinkRange(*this, std::move(query), std::move(call));
}

Result<PaymentLink> Client::expire(std::string_view id, const CallOptions& call) const {
  if (auto refused = detail::refuse_unroutable_id(*state_->provider, Operation::expire, id)) return std::move(*refused);
  return run(*state_, state_->calls().expire(id), call);
}

Result<PaymentLink> Client::update(std::string_view id, const UpdateLinkRequest& update,
                                   const CallOptions& call) const {
  if (auto refused = detail::refuse_unroutable_id(*state_->provider, Operation::update, id)) return std::move(*refused);
  return run(*state_, state_->calls().update(id, update), call);
}

Result<Page<LinkPayment>> Client::list_payments(std::string_view link_id, const ListQuery& query,
                                                const CallOptions& call) const {
  if (auto refused = detail::refuse_unroutable_id(*state_->provider, Operation::list_payments, link_id))
    return std::move(*refused);
  return run(*state_, state_->calls().list_payments(link_id, query), call);
}

Result<std::vector<PaymentMethod>> Client::list_payment_methods(const CallOptions& call) const {
  return run(*state_, state_->calls().list_payment_methods(), call);
}

Result<PaymentLink> Client::reconcile_create(const CreateLinkRequest& request, const Error& ambiguous,
                                             const CallOptions& call) const {
  auto reconcile = detail::reconcile_create_call(state_->calls(), *state_->provider, request, ambiguous.reconcile_key);
  if (auto* refused = std::get_if<Error>(&reconcile)) return std::move(*refused);
  return run(*state_, std::move(std::get<detail::Call<PaymentLink>>(reconcile)), call);
}

Capabilities Client::capabilities() const noexcept { return state_->provider->capabilities(); }
std::string_view Client::provider_name() const noexcept { return state_->provider->name(); }
const std::shared_ptr<const Provider>& Client::provider() const noexcept { return state_->provider; }
const ClientOptions& Client::options() const noexcept { return state_->options; }
std::uint64_t Client::random() const { return state_->random(); }

// --- LinkRange ---------------------------------------------------------------------------------------

LinkRange::LinkRange(Client client, ListQuery query, CallOptions call)
    : client_(std::move(client)), query_(std::move(query)), call_(std::move(call)) {}

LinkRange::iterator LinkRange::begin() {
  if (!started_) {
    started_ = true;
    if (!advance()) return end();
  }
  return done_ && !current_ ? end() : iterator(this);
}

bool LinkRange::advance() {
  if (done_) {
    current_.reset();
    return false;
  }
  while (index_ >= page_.size()) {
    if (last_page_) {
      done_ = true;
      current_.reset();
      return false;
    }
    // The walk's timeout is shared by its pages: each page gets what is left of it.
    const auto t = client_.options().steady_clock();
    if (!walk_started_) walk_started_ = t;
    CallOptions page_call = call_;
    if (call_.timeout) {
      const auto spent = std::chrono::duration_cast<milliseconds>(t - *walk_started_);
      page_call.timeout = std::max(milliseconds(0), *call_.timeout - spent);
    }
    auto page = client_.list(query_, page_call);
    if (!page) {
      current_.emplace(std::move(page).error());
      done_ = true;  // the error is yielded, then the range ends
      return true;
    }
    page_ = std::move(page->items);
    index_ = 0;
    // A vendor that repeats the cursor would loop for ever: treat it as the last page.
    if (page->next_cursor.empty() || page->next_cursor == query_.cursor)
      last_page_ = true;
    else
      query_.cursor = page->next_cursor;
  }
  current_.emplace(std::move(page_[index_++]));
  return true;
}

LinkRange::iterator::reference LinkRange::iterator::operator*() const { return *range_->current_; }

LinkRange::iterator& LinkRange::iterator::operator++() {
  if (!range_->advance()) range_ = nullptr;
  return *this;
}

}  // namespace paylink
