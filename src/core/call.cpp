#include "core/call.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/http_status.hpp"
#include "core/idempotency_key.hpp"
#include "core/redaction.hpp"
#include "core/scrub.hpp"

namespace paylink::detail {

using std::chrono::milliseconds;

namespace {
// The caller's key, else one from the injected source, else a cryptographically random one.
Result<std::string> idempotency_key_for(std::string given, const ClientOptions& options) {
  if (!given.empty()) return given;
  if (!options.idempotency_key_source) return make_idempotency_key();
  std::string key = options.idempotency_key_source();
  if (key.empty()) {
    return Error::validation("idempotency_key",
                             "ClientOptions::idempotency_key_source returned an empty key; nothing was sent");
  }
  return key;
}

// Full jitter: a uniform wait in [0, min(cap, initial * 2^(attempt-1))].
milliseconds backoff(const RetryPolicy& policy, int attempt, const std::function<std::uint64_t()>& random) {
  long long ceiling = policy.initial_backoff.count();
  for (int i = 1; i < attempt && ceiling < policy.max_backoff.count(); ++i) ceiling *= 2;
  ceiling = std::min<long long>(ceiling, policy.max_backoff.count());
  if (ceiling <= 0) return milliseconds(0);
  return milliseconds(static_cast<long long>(random() % static_cast<std::uint64_t>(ceiling + 1)));
}
}  // namespace

template <typename T>
Call<T>::Call(CallEnvironment env, Operation op, std::string idempotency_key, Encode encode, Decode decode,
              ReconcileKey reconcile_key)
    : env_(std::move(env)),
      op_(op),
      encode_(std::move(encode)),
      decode_(std::move(decode)),
      reconcile_key_(std::move(reconcile_key)) {
  // Made once, before the first attempt, so that every attempt carries the same key.
  Result<std::string> key = idempotency_key_for(std::move(idempotency_key), env_.options);
  if (key)
    ctx_.idempotency_key = std::move(*key);
  else
    key_error_ = std::move(key).error();
  ctx_.attempt = 0;
  started_ = env_.options.steady_clock();
}

template <typename T>
bool Call<T>::logging() const noexcept {
  return static_cast<bool>(env_.options.log.hook);
}

template <typename T>
void Call<T>::log(LogLevel level, std::string_view event,
                  std::vector<std::pair<std::string, std::string>> fields) const {
  if (!env_.options.log.hook) return;
  LogEvent e;
  e.level = level;
  e.event = event;
  e.fields = std::move(fields);
  env_.options.log.hook(e);
}

template <typename T>
milliseconds Call<T>::acquire_quota() {
  if (!env_.provider.capabilities().supports(op_) || key_error_) return milliseconds(0);  // nothing will be sent
  if (cancel_ && cancel_->canceled()) return milliseconds(0);                             // next_request ends the call
  // The attempt after a backoff starts when the backoff ends, even for a sleeper that does not move the
  // clock (a test's): so a 429's Retry-After, already waited by the backoff, is not waited again here.
  const auto now = std::max(env_.options.steady_clock(), backoff_ends_);
  Result<QuotaSlot> slot = env_.options.rate_limiter->acquire(now);
  if (!slot) {
    quota_error_ = scrubbed(std::move(slot).error());
    return milliseconds(0);
  }
  quota_error_.reset();
  quota_slot_ = slot->id;
  const milliseconds wait = slot->wait;
  if (deadline_ && now + wait > *deadline_) {
    quota_past_deadline_ = true;  // no use waiting: next_request ends the call at once
    return milliseconds(0);
  }
  if (wait.count() > 0 && logging()) {
    log(LogLevel::debug, "throttle",
        {{"provider", std::string(env_.provider.name())}, {"wait_ms", std::to_string(wait.count())}});
  }
  return wait;
}

// Tells the limiter what became of the attempt it gave a slot to: it refunds what the vendor did not
// count, slows down on a 429 and learns the round trip.
template <typename T>
void Call<T>::report_quota(AttemptOutcome outcome, std::optional<milliseconds> retry_after) {
  if (!quota_slot_) return;
  env_.options.rate_limiter->report(*quota_slot_, AttemptReport{outcome, retry_after}, env_.options.steady_clock());
  quota_slot_.reset();
}

template <typename T>
Result<HttpRequest> Call<T>::next_request() {
  if (!env_.provider.capabilities().supports(op_)) return Error::unsupported(env_.provider.name(), to_string(op_));
  if (key_error_) return *key_error_;
  if (quota_error_) return *quota_error_;
  if (cancel_ && cancel_->canceled()) {
    report_quota(AttemptOutcome::not_sent);  // the slot it held was never used
    return stop(ErrorCode::canceled, "before the attempt was sent").error();
  }
  auto left = deadline_ ? *deadline_ - env_.options.steady_clock() : std::chrono::steady_clock::duration{};
  if (quota_past_deadline_ || (deadline_ && left <= left.zero())) {
    report_quota(AttemptOutcome::not_sent);
    return stop(deadline_code_, quota_past_deadline_ ? "before the rate limiter's wait could end" : "").error();
  }
  ++ctx_.attempt;
  ctx_.now = env_.options.clock();  // fresh for every attempt: onOffice signs it
  if (CredentialSource* source = env_.provider.credential_source()) {
    // Read per attempt, so a rotated key or refreshed token is used at once. A refresh blocks this
    // thread (a batch's loop too): once an hour at Qonto, and never past the call's limits.
    auto credentials = source->current_within(env_.options, credential_limits());
    if (!credentials) {
      report_quota(AttemptOutcome::not_sent);
      if (auto ended = ended_by_limits()) return ended->error();
      return scrubbed(std::move(credentials).error());
    }
    ctx_.credentials = std::move(*credentials);
    if (deadline_) left = *deadline_ - env_.options.steady_clock();  // a refresh took some of it
    if (deadline_ && left <= left.zero()) {
      report_quota(AttemptOutcome::not_sent);
      return stop(deadline_code_, "once its credentials were renewed").error();
    }
  }
  Result<HttpRequest> request = encode_(ctx_);
  if (!request) {
    report_quota(AttemptOutcome::not_sent);
    return scrubbed(std::move(request).error());
  }
  idempotent_ = request->idempotent;
  if (deadline_) request->time_left = std::chrono::ceil<milliseconds>(left);
  request->cancel = cancel_;
  if (logging()) {  // the fields (redaction, formatting) are built only for a hook that reads them
    fields_ = {
        {"provider", std::string(env_.provider.name())},     {"operation", std::string(to_string(op_))},
        {"method", std::string(to_string(request->method))}, {"path", redact_url(request->url)},
        {"attempt", std::to_string(ctx_.attempt)},           {"headers", redact_headers(request->headers)},
    };
    if (env_.options.log.log_bodies && !request->body.empty()) fields_.emplace_back("body", mask_body(request->body));
    log(LogLevel::debug, "request", fields_);
    sent_at_ = env_.options.steady_clock();
  }
  return request;
}

template <typename T>
std::variant<Result<T>, WaitThenRetry> Call<T>::on_answer(Result<HttpResponse> answer) {
  if (!answer) {
    report_quota(answer.error().request_sent ? AttemptOutcome::counted : AttemptOutcome::not_sent);
  } else if (answer->status == 429) {
    report_quota(AttemptOutcome::throttled, parse_retry_after(*answer, ctx_.now));
  } else {
    report_quota(AttemptOutcome::counted);
  }
  if (logging()) {
    const auto took = std::chrono::duration_cast<milliseconds>(env_.options.steady_clock() - sent_at_);
    fields_.emplace_back("duration_ms", std::to_string(took.count()));
  }

  if (!answer) {
    Error error = std::move(answer).error();
    unanswered_send_ = unanswered_send_ || error.request_sent;
    if (error.request_sent && !idempotent_) {
      // The server may have acted on a write that cannot be repeated safely: report, never resend.
      if (op_ == Operation::create) {
        const std::string key = reconcile_key_ ? reconcile_key_(ctx_) : ctx_.idempotency_key;
        const Capabilities caps = env_.provider.capabilities();
        const std::string how = caps.reconcile_create || caps.idempotent_create
                                    ? fmt::format("check with Client::reconcile_create (reconcile_key \"{}\")", key)
                                    : std::string("check at the vendor (it cannot be asked through its API)");
        Error ambiguous =
            Error::make(ErrorCode::ambiguous,
                        fmt::format("{}: the create was sent but no answer came ({}); the link may or may not exist: "
                                    "{} before creating it again",
                                    env_.provider.name(), error.message, how));
        ambiguous.request_sent = true;
        ambiguous.reconcile_key = key;
        error = std::move(ambiguous);
      }
      return fail_or_retry(std::move(error), false);
    }
    // The transport says whether sending again can help: not for a certificate that failed to verify,
    // nor for a URL it refused before sending.
    const bool may_retry = error.retryable;
    return fail_or_retry(std::move(error), may_retry);
  }

  const HttpResponse& response = *answer;
  if (logging()) {
    fields_.emplace_back("status", std::to_string(response.status));
    if (env_.options.log.log_bodies && !response.body.empty()) {
      fields_.emplace_back("response_body", mask_body(response.body));
    }
    log(LogLevel::info, "response", fields_);
  }
  Result<T> decoded = decode_(response, ctx_);
  if (decoded) return decoded;
  Error error = std::move(decoded).error();
  if (response.status == 401 && ctx_.credentials && !renewed_after_401_) {
    renewed_after_401_ = true;
    Result<bool> renewed =
        env_.provider.credential_source()->renew_rejected_within(*ctx_.credentials, env_.options, credential_limits());
    if (!renewed) {
      last_error_ = scrubbed(error);  // the 401, named if the call's limits ended the renewal
      if (auto ended = ended_by_limits()) return std::move(*ended);
      return fail_or_retry(std::move(renewed).error(), false);
    }
    // A 401 is the vendor's word that it refused the request unprocessed: resending it once with the
    // renewed credentials is safe for every request, writes without a key included.
    if (*renewed) return WaitThenRetry{milliseconds(0)};
  }
  if (error.http_status == 0 && !is_success(response.status)) error.http_status = response.status;
  if (!error.retry_after && (response.status == 429 || response.status == 503)) {
    error.retry_after = parse_retry_after(response, ctx_.now);
  }
  const bool may_retry = error.retryable && idempotent_;
  return fail_or_retry(std::move(error), may_retry);
}

template <typename T>
std::variant<Result<T>, WaitThenRetry> Call<T>::fail_or_retry(Error error, bool may_retry) {
  // Every error the call returns or logs passes here: the one place secrets are scrubbed.
  error = scrubbed(std::move(error));
  const RetryPolicy& policy = env_.options.retry;
  // A create that may have reached the server keeps its key, so the caller can reconcile or resume
  // it (a keyed vendor replays the first result for the same key) instead of creating again.
  if (op_ == Operation::create && error.request_sent && error.reconcile_key.empty()) {
    error.reconcile_key = reconcile_key_ ? reconcile_key_(ctx_) : ctx_.idempotency_key;
  }
  if (logging()) fields_.emplace_back("error", error.to_string());
  if (!may_retry || ctx_.attempt >= policy.max_attempts) {
    log(LogLevel::error, "failure", fields_);
    return Result<T>(std::move(error));
  }
  milliseconds wait = backoff(policy, ctx_.attempt, env_.random);
  if (policy.honour_retry_after && error.retry_after) wait = *error.retry_after;
  if ((cancel_ && cancel_->canceled()) || (deadline_ && env_.options.steady_clock() + wait > *deadline_)) {
    last_error_ = std::move(error);
    const bool canceled = cancel_ && cancel_->canceled();
    const bool passed = !canceled && env_.options.steady_clock() >= *deadline_;
    return stop(canceled ? ErrorCode::canceled : deadline_code_,
                passed ? std::string() : fmt::format("before the retry wait of {} ms could end", wait.count()));
  }
  const auto elapsed = std::chrono::duration_cast<milliseconds>(env_.options.steady_clock() - started_);
  if (elapsed + wait > policy.total_budget) {
    if (logging()) fields_.emplace_back("gave_up", "retry budget exhausted");
    log(LogLevel::error, "failure", fields_);
    return Result<T>(std::move(error));
  }
  if (logging()) fields_.emplace_back("retry_in_ms", std::to_string(wait.count()));
  log(LogLevel::warning, "retry", fields_);
  backoff_ends_ = env_.options.steady_clock() + wait;
  return WaitThenRetry{wait};
}

template <typename T>
void Call<T>::limit(const CallOptions& options) {
  if (options.timeout) {
    deadline_ = started_ + *options.timeout;
    deadline_reason_ = fmt::format("the call's timeout of {} ms passed", options.timeout->count());
  }
  cancel_ = options.cancel;
}

template <typename T>
void Call<T>::end_by(std::chrono::steady_clock::time_point when, ErrorCode code, std::string reason) {
  if (deadline_ && *deadline_ <= when) return;  // the earlier limit stands
  deadline_ = when;
  deadline_code_ = code;
  deadline_reason_ = std::move(reason);
}

template <typename T>
Error Call<T>::deadline_error() const {
  Error e = Error::make(
      deadline_code_, fmt::format("{}: {} while the request was in progress", env_.provider.name(), deadline_reason_));
  e.retryable = false;
  return e;
}

// Ends the call because the caller's limit was reached `when`: `timeout` (or the code of `end_by`), or
// `canceled`. It says what the last failed attempt was, and it goes through fail_or_retry like every
// final error, so that a create that may have been sent keeps its reconcile key.
template <typename T>
Result<T> Call<T>::stop(ErrorCode code, std::string_view when) {
  const std::string why = code == ErrorCode::canceled && deadline_code_ != ErrorCode::canceled
                              ? std::string("the call was canceled")
                              : deadline_reason_;
  std::string text = fmt::format("{}: {}{}{}", env_.provider.name(), why, when.empty() ? "" : " ", when);
  if (last_error_) text += fmt::format("; the last attempt failed: {}", last_error_->to_string());
  Error e = Error::make(code, std::move(text));
  e.retryable = false;
  e.request_sent = unanswered_send_;
  if (last_error_) e.http_status = last_error_->http_status;
  return std::get<Result<T>>(fail_or_retry(std::move(e), false));
}

template <typename T>
CredentialLimits Call<T>::credential_limits() const {
  CredentialLimits limits;
  if (deadline_) {
    const auto left = std::chrono::ceil<milliseconds>(*deadline_ - env_.options.steady_clock());
    limits.time_left = std::max(milliseconds(0), left);
  }
  limits.cancel = cancel_;
  return limits;
}

// After the credential source failed: when the call's limits stopped it (a token refresh out of time
// or canceled), the call ends as it does when they end any other step.
template <typename T>
std::optional<Result<T>> Call<T>::ended_by_limits() {
  constexpr std::string_view kWhen = "while its credentials were being renewed";
  if (cancel_ && cancel_->canceled()) return stop(ErrorCode::canceled, kWhen);
  if (deadline_ && env_.options.steady_clock() >= *deadline_) return stop(deadline_code_, kWhen);
  return std::nullopt;
}

template <typename T>
Error Call<T>::scrubbed(Error error) const {
  std::vector<std::string_view> secrets = env_.provider.secrets();
  if (ctx_.credentials) {
    for (std::string_view value : ctx_.credentials->values()) secrets.push_back(value);
  }
  std::vector<Secret> held;  // a refresh token, a client secret: rotated values only the source knows
  if (const CredentialSource* source = env_.provider.credential_source()) held = source->secrets();
  for (const Secret& secret : held) secrets.push_back(secret.reveal());
  return scrub_secrets(std::move(error), secrets);
}

template class Call<PaymentLink>;
template class Call<Page<PaymentLink>>;
template class Call<Page<LinkPayment>>;
template class Call<std::vector<PaymentMethod>>;

}  // namespace paylink::detail
