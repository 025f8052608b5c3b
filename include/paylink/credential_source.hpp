#pragma once
/// @file credential_source.hpp
/// @brief The credential seam: what an adapter authenticates one attempt with, read before every
/// attempt from a source that may rotate or refresh it (docs/credentials.md).

#include <chrono>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paylink/cancellation.hpp"
#include "paylink/client_options.hpp"
#include "paylink/result.hpp"
#include "paylink/secret.hpp"

namespace paylink {

/// The credentials of one attempt: a few named secrets. The names are those of the vendor's
/// configuration fields: Qonto "access_token", or "login" and "secret_key"; MultiSafepay "api_key";
/// SmarterPay "bearer_token"; onOffice "token" and "secret". A name the adapter needs and does not
/// find fails the call with `validation` naming it, before anything is sent.
class Credentials {
 public:
  /// No credentials.
  Credentials() = default;
  /// `{{"api_key", key}}`, `{{"token", token}, {"secret", secret}}`, …
  Credentials(std::initializer_list<std::pair<std::string, Secret>> parts) : parts_(parts) {}

  /// Sets (or replaces) the part `name`.
  void set(std::string name, Secret value) {
    for (auto& [key, secret] : parts_) {
      if (key == name) {
        secret = std::move(value);
        return;
      }
    }
    parts_.emplace_back(std::move(name), std::move(value));
  }
  /// The part `name`; an empty `Secret` when there is none.
  const Secret& get(std::string_view name) const {
    static const Secret kNone;
    for (const auto& [key, secret] : parts_) {
      if (key == name) return secret;
    }
    return kNone;
  }
  /// Every value, as views valid while this object lives (the call loop scrubs them from errors).
  std::vector<std::string_view> values() const {
    std::vector<std::string_view> out;
    out.reserve(parts_.size());
    for (const auto& part : parts_) out.emplace_back(part.second.reveal());
    return out;
  }

 private:
  std::vector<std::pair<std::string, Secret>> parts_;
};

/// What the call that asks for credentials still allows (its `CallOptions`, or a batch's drain). A
/// source that blocks, e.g. for a token refresh, gives up by then: it puts both on any request it sends
/// (`HttpRequest::time_left`, `HttpRequest::cancel`) and bounds any wait by them.
struct CredentialLimits {
  /// The time the call has left, by `ClientOptions::steady_clock`. Default none: no deadline.
  std::optional<std::chrono::milliseconds> time_left;
  /// The call's cancellation token. Default none.
  std::optional<CancellationToken> cancel;
};

/// Where an adapter's credentials come from when they may change while a client lives: a key the
/// service rotates, a token refreshed by OAuth. Set it in the vendor's configuration (`credentials`);
/// without one, the adapter uses the fixed fields of its configuration, as before.
///
/// The call loop asks `current_within` before every attempt, after the rate limiter's wait and before
/// the request is encoded, and scrubs the values it gets from every error. Implementations must be
/// safe to call from several threads at once (a client is shared, a batch drives many calls). A source
/// that may block overrides the `_within` verbs too, which are told the call's limits; by default they
/// ignore them and ask `current` and `renew_rejected`, so a source written before them is unchanged.
class CredentialSource {
 public:
  virtual ~CredentialSource() = default;

  /// The credentials for the attempt about to be encoded. May block, e.g. for a token refresh, which
  /// goes through `client.transport` and reads `client.clock` / `client.steady_clock`. An error fails
  /// the call before anything is sent to the vendor's API; it must not contain any secret.
  virtual Result<std::shared_ptr<const Credentials>> current(const ClientOptions& client) = 0;

  /// The vendor refused `rejected` with HTTP 401. True when newer credentials are now ready: the call
  /// is then sent once more with them (at most once per call). False, the default, when nothing can
  /// change: the 401 is the call's result. An error (a refresh that failed) replaces the 401.
  virtual Result<bool> renew_rejected(const Credentials& rejected, const ClientOptions& client) {
    (void)rejected;
    (void)client;
    return false;
  }

  /// `current`, for a call with `limits`: a source that blocks returns an error by then (`timeout`
  /// when the time is up, `canceled` when the token is). The call then ends as it does when its
  /// limits end any other step. Default: `current(client)`.
  virtual Result<std::shared_ptr<const Credentials>> current_within(const ClientOptions& client,
                                                                    const CredentialLimits& limits) {
    (void)limits;
    return current(client);
  }

  /// `renew_rejected`, for a call with `limits` (see `current_within`). Default:
  /// `renew_rejected(rejected, client)`.
  virtual Result<bool> renew_rejected_within(const Credentials& rejected, const ClientOptions& client,
                                             const CredentialLimits& limits) {
    (void)limits;
    return renew_rejected(rejected, client);
  }

  /// Every secret the source holds besides the credentials it hands out (a refresh token, a client
  /// secret, a token pair it could not store): the call loop removes these from every error too.
  /// Default none.
  virtual std::vector<Secret> secrets() const { return {}; }
};

/// Credentials your code replaces while clients use them: `replace` is thread-safe, and every attempt
/// that starts afterwards uses the new ones (attempts already sent keep the old). For an API key that
/// is rotated without building a new client.
class RotatingCredentials final : public CredentialSource {
 public:
  /// Starts with `initial`.
  explicit RotatingCredentials(Credentials initial)
      : current_(std::make_shared<const Credentials>(std::move(initial))) {}

  /// Makes `next` the credentials of every attempt from now on.
  void replace(Credentials next) {
    auto fresh = std::make_shared<const Credentials>(std::move(next));
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = std::move(fresh);
  }

  /// The credentials last given.
  Result<std::shared_ptr<const Credentials>> current(const ClientOptions&) override {
    std::lock_guard<std::mutex> lock(mutex_);
    return current_;
  }

 private:
  std::mutex mutex_;
  std::shared_ptr<const Credentials> current_;
};

}  // namespace paylink
