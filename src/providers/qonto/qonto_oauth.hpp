#pragma once
// Qonto OAuth2 with refresh: a CredentialSource that keeps the access token fresh through the client's
// own transport and clocks, single-flight, storing every rotated pair before using it. Its vendor facts
// and the inferences it rests on are the named constants at the top of qonto_oauth.cpp.

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "paylink/credential_source.hpp"
#include "paylink/providers/qonto.hpp"

namespace paylink::detail {

class QontoOAuthSource final : public CredentialSource {
 public:
  /// `oauth` as configured; `environment` picks the OAuth host unless `oauth.base_url` is set;
  /// `staging_token` (given in the sandbox only) is sent with every token request.
  QontoOAuthSource(QontoOAuth oauth, QontoEnvironment environment, Secret staging_token);

  /// The access token, refreshed first when less than min(60 s, lifetime / 10) remains.
  Result<std::shared_ptr<const Credentials>> current(const ClientOptions& client) override;
  /// Refreshes unless the rejected token is no longer the current one (another call renewed it).
  Result<bool> renew_rejected(const Credentials& rejected, const ClientOptions& client) override;
  /// `current` within the call's limits: the token request carries them, and a wait for another
  /// call's refresh ends with them (`timeout` or `canceled`).
  Result<std::shared_ptr<const Credentials>> current_within(const ClientOptions& client,
                                                            const CredentialLimits& limits) override;
  /// `renew_rejected` within the call's limits, as `current_within`.
  Result<bool> renew_rejected_within(const Credentials& rejected, const ClientOptions& client,
                                     const CredentialLimits& limits) override;

  /// The client secret, every refresh token and access token it holds, and a pair `store` refused.
  std::vector<Secret> secrets() const override;

  /// Configuration error of the OAuth settings (field and limit), checked once; nullopt when usable.
  const std::optional<Error>& config_error() const noexcept { return config_error_; }

 private:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Refreshed {
    QontoTokens tokens;
    SteadyTime expires;
    std::chrono::milliseconds lifetime;
  };

  bool fresh(SteadyTime now) const;  // under mutex_
  /// Until `done` (asked under mutex_) holds: waits for the refresh in flight, or runs one, so that
  /// exactly one is in flight; within `limits`. Returns the credentials then in force.
  Result<std::shared_ptr<const Credentials>> refresh_unless(const std::function<bool()>& done,
                                                            const ClientOptions& client,
                                                            const CredentialLimits& limits);
  /// Runs the one refresh in flight and publishes its outcome to the waiters. Under `lock`.
  Result<void> lead_refresh(std::unique_lock<std::mutex>& lock, const ClientOptions& client,
                            const CredentialLimits& limits);
  /// One token request and the store callback; no lock held.
  Result<Refreshed> refresh(const Secret& refresh_token, const ClientOptions& client, const CredentialLimits& limits);
  Error refused(const HttpResponse& response) const;

  const QontoOAuth oauth_;
  const Secret staging_token_;
  std::string token_url_;
  std::optional<Error> config_error_;

  mutable std::mutex mutex_;
  std::condition_variable refreshed_;
  std::shared_ptr<const Credentials> current_;  // {"access_token": …}; null until the first token
  Secret refresh_token_;
  std::optional<SteadyTime> expires_;      // by the steady clock; nullopt until first seen
  std::chrono::milliseconds lifetime_{0};  // of the current token
  bool refreshing_ = false;
  std::uint64_t generation_ = 0;         // refreshes ended so far
  std::optional<Error> last_failure_;    // of refresh number `generation_`
  bool last_cut_short_ = false;          // refresh number `generation_` was ended by its caller's limits
  std::optional<QontoTokens> unstored_;  // the last pair `store` refused (never used, still secret)
};

}  // namespace paylink::detail
