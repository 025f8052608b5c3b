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

#include "paylink/call_options.hpp"
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
  /// `next_request` (so a signature's timestamp is taken after the wait, not before it). A limiter that
  /// fails makes `next_request` return its error (nothing is sent).
  std::chrono::milliseconds acquire_quota();
  /// Gives back the slot `acquire_quota` reserved when the attempt will not be sent after all (the
  /// call ends while waiting for it), so that the limiter counts it no more. Only between attempts.
  void give_back_quota() { report_quota(AttemptOutcome::not_sent); }
  /// Encodes the next attempt. An error here is final (refused before sending; nothing was sent).
  Result<HttpRequest> next_request();
  /// Feeds the transport's answer. Returns the final result, or how long to wait before the next attempt.
  std::variant<Result<T>, WaitThenRetry> on_answer(Result<HttpResponse> answer);

  const CallContext& context() const noexcept { return ctx_; }

  /// The caller's limits (`CallOptions`): a deadline `timeout` after the call's start, and a token.
  void limit(const CallOptions& options);
  /// Ends the call at `when` at the latest (a batch's drain), as `code` with `reason` in its message.
  void end_by(std::chrono::steady_clock::time_point when, ErrorCode code, std::string reason);
  /// When the call must have ended, if it has a deadline: a driver aborts a transfer still in
  /// progress then (`TransferSession::abort` with `deadline_error`) and wakes up for it.
  std::optional<std::chrono::steady_clock::time_point> deadline() const noexcept { return deadline_; }
  /// The reason a driver gives `TransferSession::abort` when the deadline passed in a transfer.
  Error deadline_error() const;

 private:
  bool logging() const noexcept;  ///< True when a log hook is set; log fields are built only then.
  void log(LogLevel level, std::string_view event, std::vector<std::pair<std::string, std::string>> fields) const;
  std::variant<Result<T>, WaitThenRetry> fail_or_retry(Error error, bool may_retry);
  void report_quota(AttemptOutcome outcome, std::optional<std::chrono::milliseconds> retry_after = std::nullopt);
  /// The call's limits as the credential source is told them: the time left now, and the token.
  CredentialLimits credential_limits() const;
  /// After the credential source failed: the call's end when its limits stopped the source, else nullopt.
  std::optional<Result<T>> ended_by_limits();
  /// `error` without the adapter's fixed secrets, this attempt's credentials and its source's secrets.
  Error scrubbed(Error error) const;

  CallEnvironment env_;
  Operation op_;
  Encode encode_;
  Decode decode_;
  ReconcileKey reconcile_key_;
  CallContext ctx_;
  std::optional<Error> key_error_;           // no key could be made: the call fails before sending anything
  std::optional<Error> quota_error_;         // the limiter refused (e.g. Redis unreachable): nothing is sent
  std::optional<std::uint64_t> quota_slot_;  // the current attempt's slot, reported once to the limiter
  bool idempotent_ = false;
  bool renewed_after_401_ = false;                           // credentials are renewed at most once per call
  std::vector<std::pair<std::string, std::string>> fields_;  // log fields: empty when nothing logs
  std::chrono::steady_clock::time_point started_{};
  std::chrono::steady_clock::time_point sent_at_{};       // for the log's duration_ms only
  std::chrono::steady_clock::time_point backoff_ends_{};  // the earliest start of the next attempt

  // The caller's limits (limit, end_by), and what the call knows when they end it.
  Result<T> stop(ErrorCode code, std::string_view when);
  std::optional<std::chrono::steady_clock::time_point> deadline_;
  ErrorCode deadline_code_ = ErrorCode::timeout;
  std::string deadline_reason_;
  std::optional<CancellationToken> cancel_;
  bool quota_past_deadline_ = false;  // the rate limiter's wait would end past the deadline
  bool unanswered_send_ = false;      // an attempt may have reached the server and got no answer
  std::optional<Error> last_error_;   // of the attempt before a retry wait
};

}  // namespace paylink::detail
