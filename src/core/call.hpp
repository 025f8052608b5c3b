#pragma once
// One logical call as a state machine: the single place that decides idempotency keys, rate-limit
// waits, retries, ambiguity and logging. The blocking Client drives it with a Transport and a sleeper;
// the batch client drives many at once over libcurl's multi interface. Both therefore behave the same.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "paylink/client_options.hpp"
#include "paylink/provider.hpp"
#include "paylink/result.hpp"

namespace paylink::detail {

/// What a call shares with its client: the adapter, the options (with defaults filled), and the
/// random numbers for backoff jitter (idempotency keys come from `ClientOptions::idempotency_key_source`
/// or a cryptographic source, never from these).
struct CallEnvironment {
  const Provider& provider;
  const ClientOptions& options;
  std::function<std::uint64_t()> random;
};

/// The answer was not final: back off, then start the next attempt.
struct WaitThenRetry {
  std::chrono::milliseconds wait{0};  ///< Back off this long, then ask for the next request.
};

template <typename T>
class Call {
 public:
  using Encode = std::function<Result<HttpRequest>(const CallContext&)>;
  using Decode = std::function<Result<T>(const HttpResponse&, const CallContext&)>;
  /// For creates: the key the vendor knows the attempt by (`Provider::reconcile_key`).
  using ReconcileKey = std::function<std::string(const CallContext&)>;

  Call(CallEnvironment env, Operation op, std::string idempotency_key, Encode encode, Decode decode,
       ReconcileKey reconcile_key = {});

  /// Reserves the next attempt's place at the rate limiter; the driver waits this long, then calls
  /// `next_request` (so a signature's timestamp is taken after the wait, not before it).
  std::chrono::milliseconds acquire_quota();
  /// Encodes the next attempt. An error here is final (refused before sending; nothing was sent).
  Result<HttpRequest> next_request();
  /// Feeds the transport's answer. Returns the final result, or how long to wait before the next attempt.
  std::variant<Result<T>, WaitThenRetry> on_answer(Result<HttpResponse> answer);

  const CallContext& context() const noexcept { return ctx_; }

 private:
  bool logging() const noexcept;  ///< True when a log hook is set; log fields are built only then.
  void log(LogLevel level, std::string_view event, std::vector<std::pair<std::string, std::string>> fields) const;
  std::variant<Result<T>, WaitThenRetry> fail_or_retry(Error error, bool may_retry);
  /// `error` without the adapter's fixed secrets, this attempt's credentials and its source's secrets.
  Error scrubbed(Error error) const;

  CallEnvironment env_;
  Operation op_;
  Encode encode_;
  Decode decode_;
  ReconcileKey reconcile_key_;
  CallContext ctx_;
  std::optional<Error> key_error_;  // no key could be made: the call fails before sending anything
  bool idempotent_ = false;
  bool renewed_after_401_ = false;                           // credentials are renewed at most once per call
  std::vector<std::pair<std::string, std::string>> fields_;  // log fields: empty when nothing logs
  std::chrono::steady_clock::time_point started_{};
  std::chrono::steady_clock::time_point sent_at_{};  // for the log's duration_ms only
};

}  // namespace paylink::detail
