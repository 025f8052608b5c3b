// The one request loop every vendor shares: validate → encode → send → decode → retry-or-return.
// Adapters translate; this file decides retries, idempotency keys, logging and pagination.
#include "paylink/client.hpp"

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/redaction.hpp"
#include "core/url.hpp"
#include "paylink/curl_transport.hpp"

namespace paylink {

struct Client::State {
  std::shared_ptr<const Provider> provider;
  ClientOptions options;
  std::mutex random_mutex;
  std::mt19937_64 engine{std::random_device{}()};

  std::uint64_t random() {
    if (options.random) return options.random();
    std::lock_guard<std::mutex> lock(random_mutex);
    return engine();
  }
};

namespace {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// A random (version 4) UUID, the form vendors recommend for idempotency keys.
std::string make_uuid(Client::State& state) {
  const std::uint64_t hi = (state.random() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const std::uint64_t lo = (state.random() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff, lo >> 48,
                     lo & 0xffffffffffffULL);
}

// Full jitter: a uniform wait in [0, min(cap, initial * 2^(attempt-1))].
milliseconds backoff(Client::State& state, int attempt) {
  const auto& policy = state.options.retry;
  long long ceiling = policy.initial_backoff.count();
  for (int i = 1; i < attempt && ceiling < policy.max_backoff.count(); ++i) ceiling *= 2;
  ceiling = std::min<long long>(ceiling, policy.max_backoff.count());
  if (ceiling <= 0) return milliseconds(0);
  return milliseconds(static_cast<long long>(state.random() % static_cast<std::uint64_t>(ceiling + 1)));
}

void log(const Client::State& state, LogLevel level, std::string_view event,
         std::vector<std::pair<std::string, std::string>> fields) {
  if (!state.options.log.hook) return;
  LogEvent e;
  e.level = level;
  e.event = event;
  e.fields = std::move(fields);
  state.options.log.hook(e);
}

std::vector<std::pair<std::string, std::string>> request_fields(const Client::State& state, Operation op,
                                                                const HttpRequest& request, int attempt) {
  std::vector<std::pair<std::string, std::string>> f{
      {"provider", std::string(state.provider->name())},
      {"operation", std::string(to_string(op))},
      {"method", std::string(to_string(request.method))},
      {"path", detail::redact_url(request.url)},
      {"attempt", std::to_string(attempt)},
      {"headers", detail::redact_headers(request.headers)},
  };
  if (state.options.log.log_bodies && !request.body.empty()) f.emplace_back("body", detail::mask_body(request.body));
  return f;
}

// Runs one logical call. `encode` builds the request for an attempt; `decode` reads its response.
template <typename T, typename Encode, typename Decode>
Result<T> run(Client::State& state, Operation op, std::string idempotency_key, Encode encode, Decode decode) {
  if (!state.provider->capabilities().supports(op)) return Error::unsupported(state.provider->name(), to_string(op));

  const auto& policy = state.options.retry;
  const auto started = state.options.steady_clock();
  CallContext ctx;
  ctx.idempotency_key = idempotency_key.empty() ? make_uuid(state) : std::move(idempotency_key);

  for (int attempt = 1;; ++attempt) {
    ctx.attempt = attempt;
    const auto wait_for_quota = state.options.rate_limiter->reserve(state.options.steady_clock());
    if (wait_for_quota.count() > 0) {
      log(state, LogLevel::debug, "throttle",
          {{"provider", std::string(state.provider->name())}, {"wait_ms", std::to_string(wait_for_quota.count())}});
      state.options.sleeper(wait_for_quota);
    }
    ctx.now = state.options.clock();
    Result<HttpRequest> request = encode(ctx);
    if (!request) return std::move(request).error();  // refused before anything was sent

    auto fields = request_fields(state, op, *request, attempt);
    log(state, LogLevel::debug, "request", fields);
    const auto sent_at = state.options.steady_clock();
    Result<HttpResponse> response = state.options.transport->send(*request);
    const auto took = std::chrono::duration_cast<milliseconds>(state.options.steady_clock() - sent_at);
    fields.emplace_back("duration_ms", std::to_string(took.count()));

    Error error;
    bool may_retry = false;
    if (!response) {
      error = std::move(response).error();
      if (error.request_sent && !request->idempotent) {
        // The server may have acted on a write that cannot be repeated safely: report, never resend.
        if (op == Operation::create) {
          Error ambiguous = Error::make(
              ErrorCode::ambiguous,
              fmt::format("{}: the create was sent but no answer came ({}); the link may or may not exist. "
                          "Check with Client::reconcile_create using reconcile_key \"{}\" before creating again",
                          state.provider->name(), error.message, ctx.idempotency_key));
          ambiguous.request_sent = true;
          ambiguous.reconcile_key = ctx.idempotency_key;
          error = std::move(ambiguous);
        }
        fields.emplace_back("error", error.to_string());
        log(state, LogLevel::error, "failure", std::move(fields));
        return error;
      }
      error.retryable = true;
      may_retry = true;
    } else {
      fields.emplace_back("status", std::to_string(response->status));
      if (state.options.log.log_bodies && !response->body.empty()) {
        fields.emplace_back("response_body", detail::mask_body(response->body));
      }
      log(state, LogLevel::info, "response", fields);
      Result<T> decoded = decode(*response, ctx);
      if (decoded) return decoded;
      error = std::move(decoded).error();
      if (error.http_status == 0 && !detail::is_success(response->status)) error.http_status = response->status;
      if (!error.retry_after && (response->status == 429 || response->status == 503)) {
        error.retry_after = detail::parse_retry_after(*response, ctx.now);
      }
      may_retry = error.retryable && request->idempotent;
    }

    if (!may_retry || attempt >= policy.max_attempts) {
      fields.emplace_back("error", error.to_string());
      log(state, LogLevel::error, "failure", std::move(fields));
      return error;
    }
    milliseconds wait = backoff(state, attempt);
    if (policy.honour_retry_after && error.retry_after) wait = *error.retry_after;
    const auto elapsed = std::chrono::duration_cast<milliseconds>(state.options.steady_clock() - started);
    if (elapsed + wait > policy.total_budget) {
      fields.emplace_back("error", error.to_string());
      fields.emplace_back("gave_up", "retry budget exhausted");
      log(state, LogLevel::error, "failure", std::move(fields));
      return error;
    }
    fields.emplace_back("error", error.to_string());
    fields.emplace_back("retry_in_ms", std::to_string(wait.count()));
    log(state, LogLevel::warning, "retry", std::move(fields));
    state.options.sleeper(wait);
  }
}

}  // namespace

Client::Client(std::shared_ptr<const Provider> provider, ClientOptions options) : state_(std::make_shared<State>()) {
  state_->provider = std::move(provider);
  if (!options.transport) options.transport = make_curl_transport();
  if (!options.clock) options.clock = [] { return std::chrono::system_clock::now(); };
  if (!options.steady_clock) options.steady_clock = [] { return Steady::now(); };
  if (!options.sleeper) options.sleeper = [](milliseconds d) { std::this_thread::sleep_for(d); };
  options.retry.max_attempts = std::max(1, options.retry.max_attempts);
  if (!options.rate_limiter) {
    options.rate_limiter = std::make_shared<RateLimiter>(state_->provider->capabilities().documented_rate_limit);
  }
  state_->options = std::move(options);
}

Result<PaymentLink> Client::create(const CreateLinkRequest& request) const {
  const Provider& p = *state_->provider;
  return run<PaymentLink>(
      *state_, Operation::create, request.idempotency_key,
      [&](const CallContext& ctx) { return p.encode_create(request, ctx); },
      [&](const HttpResponse& r, const CallContext& ctx) { return p.decode_create(r, request, ctx); });
}

Result<PaymentLink> Client::get(std::string_view id) const {
  const Provider& p = *state_->provider;
  return run<PaymentLink>(
      *state_, Operation::get, {}, [&](const CallContext& ctx) { return p.encode_get(id, ctx); },
      [&](const HttpResponse& r, const CallContext&) { return p.decode_get(r); });
}

Result<Page<PaymentLink>> Client::list(const ListQuery& query) const {
  const Provider& p = *state_->provider;
  return run<Page<PaymentLink>>(
      *state_, Operation::list, {}, [&](const CallContext& ctx) { return p.encode_list(query, ctx); },
      [&](const HttpResponse& r, const CallContext&) { return p.decode_list(r, query); });
}

LinkRange Client::list_all(ListQuery query) const { return LinkRange(*this, std::move(query)); }

Result<PaymentLink> Client::expire(std::string_view id) const {
  const Provider& p = *state_->provider;
  return run<PaymentLink>(
      *state_, Operation::expire, {}, [&](const CallContext& ctx) { return p.encode_expire(id, ctx); },
      [&](const HttpResponse& r, const CallContext&) { return p.decode_expire(r, id); });
}

Result<PaymentLink> Client::update(std::string_view id, const UpdateLinkRequest& update) const {
  const Provider& p = *state_->provider;
  return run<PaymentLink>(
      *state_, Operation::update, update.idempotency_key,
      [&](const CallContext& ctx) { return p.encode_update(id, update, ctx); },
      [&](const HttpResponse& r, const CallContext&) { return p.decode_update(r, id); });
}

Result<Page<LinkPayment>> Client::list_payments(std::string_view link_id, const ListQuery& query) const {
  const Provider& p = *state_->provider;
  return run<Page<LinkPayment>>(
      *state_, Operation::list_payments, {},
      [&](const CallContext& ctx) { return p.encode_list_payments(link_id, query, ctx); },
      [&](const HttpResponse& r, const CallContext&) { return p.decode_list_payments(r, query); });
}

Result<std::vector<PaymentMethod>> Client::list_payment_methods() const {
  const Provider& p = *state_->provider;
  return run<std::vector<PaymentMethod>>(
      *state_, Operation::list_payment_methods, {},
      [&](const CallContext& ctx) { return p.encode_list_payment_methods(ctx); },
      [&](const HttpResponse& r, const CallContext&) { return p.decode_list_payment_methods(r); });
}

Result<PaymentLink> Client::reconcile_create(const CreateLinkRequest& request, const Error& ambiguous) const {
  const Provider& p = *state_->provider;
  if (!p.capabilities().reconcile_create) return Error::unsupported(p.name(), "reconcile_create");
  if (ambiguous.reconcile_key.empty()) {
    return Error::validation("reconcile_key", "reconcile_create needs the reconcile_key of an ambiguous create");
  }
  // Reconciling asks with the same key as the lost attempt; it is a read (or an idempotent replay).
  return run<PaymentLink>(
      *state_, Operation::create, ambiguous.reconcile_key,
      [&](const CallContext& ctx) { return p.encode_reconcile(request, ctx); },
      [&](const HttpResponse& r, const CallContext& ctx) { return p.decode_reconcile(r, request, ctx); });
}

Capabilities Client::capabilities() const noexcept { return state_->provider->capabilities(); }
std::string_view Client::provider_name() const noexcept { return state_->provider->name(); }
const std::shared_ptr<const Provider>& Client::provider() const noexcept { return state_->provider; }

// --- LinkRange ---------------------------------------------------------------------------------------

LinkRange::LinkRange(Client client, ListQuery query) : client_(std::move(client)), query_(std::move(query)) {}

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
    auto page = client_.list(query_);
    if (!page) {
      current_.emplace(std::move(page).error());
      done_ = true;  // the error is yielded, then the range ends
      return true;
    }
    page_ = std::move(page->items);
    index_ = 0;
    // A vendor that repeats the cursor would loop for ever: treat it as the last page.
    if (page->next_cursor.empty() || page->next_cursor == query_.cursor) last_page_ = true;
    else query_.cursor = page->next_cursor;
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
