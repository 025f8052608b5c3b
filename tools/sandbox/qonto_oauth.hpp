// Qonto's OAuth2 token endpoint, POST /oauth2/token, as the sandbox emulates it: the token pairs it
// issued, the rotation of refresh tokens with a grace period, and the counters tests read.
//
// Wire facts (../../../shared/vendors/qonto.md, 9b) [C]: form-encoded body with client_id and
// client_secret; grants authorization_code and refresh_token only; access token 1 h; refresh token
// 90 days; every refresh rotates the refresh token and the old one keeps working about 60 s. The
// error body is the standard OAuth JSON {"error","error_description"} [I].
//
// The sandbox has no consent screen: any non-empty authorization code is accepted, once.
// Times are on the server's steady clock (not moved by /__sandbox/clock).
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <httplib.h>

#include "util.hpp"

namespace paylink_sandbox {

struct OAuthClientCredentials {
  std::string id;
  std::string secret;
};

class QontoOAuth {
 public:
  using Clock = std::chrono::steady_clock;

  struct Answer {
    int status = 200;
    json body;
  };
  enum class AccessCheck { valid, expired, unknown };

  // `access_ttl`: the lifetime of every access token issued (Qonto: 3600 s). The superseded refresh
  // token's grace period is min(60 s, access_ttl), so a short-lived test sees it end quickly.
  QontoOAuth(OAuthClientCredentials client, std::chrono::seconds access_ttl);

  // One token request; `form` holds the decoded form body. Never echoes a token or secret.
  Answer token(const httplib::Params& form, Clock::time_point now);
  // Whether `access_token` is one this endpoint issued and that has not expired yet. A refusal of
  // an expired one is counted (expired_token_rejections).
  AccessCheck check_access(const std::string& access_token, Clock::time_point now);

  // {"issued","refreshes","refreshes_in_grace","refreshes_before_expiry","expired_token_rejections",
  //  "last_refresh_token"}
  json stats() const;
  // Zeroes the counters and last_refresh_token; the tokens already issued stay valid, so a test may
  // obtain a pair first and then measure from zero.
  void reset_counters();

  std::chrono::seconds access_ttl() const { return access_ttl_; }
  std::chrono::seconds grace() const { return grace_; }

  // The error answer {"error":code,"error_description":description} with `status`.
  static Answer error(int status, const std::string& code, const std::string& description);

 private:
  struct RefreshToken {
    Clock::time_point expires_at;
    // Set once the token was presented: it keeps working until then, and is dead afterwards.
    std::optional<Clock::time_point> superseded_until;
    Clock::time_point access_expires_at;  // when the access token issued with it expires
  };

  Answer issue_pair(Clock::time_point now);  // under mutex_
  void forget_old(Clock::time_point now);    // under mutex_

  const OAuthClientCredentials client_;
  const std::chrono::seconds access_ttl_;
  const std::chrono::seconds grace_;

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> access_tokens_;  // token -> expiry
  std::unordered_map<std::string, RefreshToken> refresh_tokens_;
  std::unordered_set<std::string> used_codes_;
  std::uint64_t issues_since_forget_ = 0;

  std::uint64_t issued_ = 0;                   // token pairs issued, by either grant
  std::uint64_t refreshes_ = 0;                // of which by grant_type=refresh_token
  std::uint64_t refreshes_in_grace_ = 0;       // refreshes that presented an already superseded token
  std::uint64_t refreshes_before_expiry_ = 0;  // refreshes made while the pair's access token was valid
  std::uint64_t expired_token_rejections_ = 0;
  std::string last_refresh_token_;
};

}  // namespace paylink_sandbox
