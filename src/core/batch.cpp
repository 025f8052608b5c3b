// The batch runner: an event loop over libcurl's multi interface that drives one detail::Call per item,
// the same state machine the blocking Client uses, so retries, idempotency and logging are identical.
#include "paylink/batch.hpp"

#include <algorithm>
#include <list>
#include <thread>
#include <variant>

#include <fmt/format.h>

#include "core/call.hpp"
#include "transport/curl_multi.hpp"

namespace paylink {

using std::chrono::milliseconds;
using Steady = std::chrono::steady_clock;

struct BatchRunner::Impl {
  Client client;
  BatchOptions options;
};

namespace {

constexpr std::size_t kMaxInFlightLimit = 1024;

// One item in progress. Lives in a std::list so that callbacks may hold its address.
struct Item {
  std::size_t index = 0;
  std::string tag;
  CreateLinkRequest request;  // for creates; the call's encoder refers to it
  std::string id;             // for gets
  std::optional<detail::Call<PaymentLink>> call;
  Steady::time_point ready_at{};
  bool needs_quota = true;
  bool in_flight = false;
  std::optional<Result<PaymentLink>> outcome;
};

// Runs items from `pull` (which fills an Item or returns false) through `make_call`.
template <typename Pull, typename MakeCall>
BatchSummary run(const Client& client, const BatchOptions& options, Pull pull, MakeCall make_call,
                 const std::function<void(BatchResult)>& on_result) {
  const auto started = Steady::now();
  BatchProgress progress;
  BatchSummary summary;
  const bool valid = options.max_in_flight >= 1 && options.max_in_flight <= kMaxInFlightLimit;
  detail::CurlMulti multi(options.transport,
                          static_cast<long>(std::clamp<std::size_t>(options.max_in_flight, 1, kMaxInFlightLimit)));
  std::list<Item> active;
  bool exhausted = false;

  auto finish = [&](Item& item) {
    const bool ok = item.outcome->ok();
    ++progress.completed;
    ok ? ++progress.succeeded : ++progress.failed;
    ok ? ++summary.succeeded : ++summary.failed;
    on_result(BatchResult{item.index, std::move(item.tag), std::move(*item.outcome)});
  };

  while (true) {
    // Top up from the source: memory holds at most max_in_flight items.
    while (!exhausted && active.size() < std::max<std::size_t>(options.max_in_flight, 1)) {
      Item& item = active.emplace_back();
      item.index = progress.submitted;
      if (!pull(item)) {
        active.pop_back();
        exhausted = true;
        break;
      }
      ++progress.submitted;
      if (!valid) {
        item.outcome = Error::validation("max_in_flight", fmt::format("max_in_flight must be 1 to {}, not {}",
                                                                      kMaxInFlightLimit, options.max_in_flight));
      } else {
        item.call.emplace(make_call(item));
      }
    }
    if (active.empty()) break;

    // Start every item whose wait (backoff, rate limit) is over.
    auto now = Steady::now();
    Steady::time_point next_timer = now + milliseconds(100);
    for (Item& item : active) {
      if (item.outcome || item.in_flight) continue;
      if (item.needs_quota) {
        item.ready_at = std::max(item.ready_at, now) + item.call->acquire_quota();
        item.needs_quota = false;
      }
      if (item.ready_at > now) {
        next_timer = std::min(next_timer, item.ready_at);
        continue;
      }
      Result<HttpRequest> request = item.call->next_request();
      if (!request) {
        item.outcome = std::move(request).error();  // refused before sending
        continue;
      }
      item.in_flight = true;
      multi.start(std::move(*request), [&item](Result<HttpResponse> answer) {
        item.in_flight = false;
        auto next = item.call->on_answer(std::move(answer));
        if (auto* done = std::get_if<Result<PaymentLink>>(&next)) {
          item.outcome = std::move(*done);
        } else {
          item.ready_at = Steady::now() + std::get<detail::WaitThenRetry>(next).wait;
          item.needs_quota = true;
        }
      });
    }

    // Deliver what has ended, before waiting.
    for (auto it = active.begin(); it != active.end();) {
      if (it->outcome) {
        finish(*it);
        it = active.erase(it);
        progress.in_flight = active.size();
        progress.elapsed = std::chrono::duration_cast<milliseconds>(Steady::now() - started);
        if (options.on_progress) options.on_progress(progress);
      } else {
        ++it;
      }
    }
    if (active.empty() && exhausted) break;

    now = Steady::now();
    const auto wait = std::chrono::duration_cast<milliseconds>(std::max(next_timer - now, Steady::duration::zero()));
    if (multi.in_flight() > 0) {
      multi.poll(wait);
    } else if (wait.count() > 0 && !active.empty()) {
      bool ready = false;
      for (const Item& item : active) ready = ready || item.outcome || (!item.needs_quota && item.ready_at <= now);
      if (!ready) std::this_thread::sleep_for(wait);  // only timers pending: nothing to poll
    } else {
      multi.poll(milliseconds(0));
    }
  }
  summary.elapsed = std::chrono::duration_cast<milliseconds>(Steady::now() - started);
  (void)client;
  return summary;
}

// What every call of a batch shares with the client: its adapter, options and random source.
detail::CallEnvironment call_environment(const Client& client) {
  return {*client.provider(), client.options(), [&client] { return client.random(); }};
}

}  // namespace

BatchRunner::BatchRunner(Client client, BatchOptions options)
    : impl_(std::make_unique<Impl>(Impl{std::move(client), std::move(options)})) {}

BatchRunner::~BatchRunner() = default;

BatchSummary BatchRunner::create_all(const std::function<std::optional<BatchCreate>()>& next,
                                     const std::function<void(BatchResult)>& on_result) {
  const Client& client = impl_->client;
  const Provider& provider = *client.provider();
  return run(
      client, impl_->options,
      [&](Item& item) {
        auto create = next();
        if (!create) return false;
        item.tag = std::move(create->tag);
        item.request = std::move(create->request);
        return true;
      },
      [&](Item& item) {
        const CreateLinkRequest& request = item.request;
        return detail::Call<PaymentLink>(
            call_environment(client), Operation::create, request.idempotency_key,
            [&provider, &request](const CallContext& ctx) { return provider.encode_create(request, ctx); },
            [&provider, &request](const HttpResponse& r, const CallContext& ctx) {
              return provider.decode_create(r, request, ctx);
            },
            [&provider, &request](const CallContext& ctx) { return provider.reconcile_key(request, ctx); });
      },
      on_result);
}

BatchSummary BatchRunner::get_all(const std::function<std::optional<BatchGet>()>& next,
                                  const std::function<void(BatchResult)>& on_result) {
  const Client& client = impl_->client;
  const Provider& provider = *client.provider();
  return run(
      client, impl_->options,
      [&](Item& item) {
        auto get = next();
        if (!get) return false;
        item.tag = std::move(get->tag);
        item.id = std::move(get->id);
        return true;
      },
      [&](Item& item) {
        const std::string& id = item.id;
        return detail::Call<PaymentLink>(
            call_environment(client), Operation::get, {},
            [&provider, &id](const CallContext& ctx) { return provider.encode_get(id, ctx); },
            [&provider](const HttpResponse& r, const CallContext&) { return provider.decode_get(r); });
      },
      on_result);
}

}  // namespace paylink
