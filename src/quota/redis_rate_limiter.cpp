// The Redis limiter: the windows of one quota live in a sorted set of scores, the latest moment each send
// can have been counted (in the Redis server's microseconds): its slot while in flight, the moment its
// answer came once answered, as in the local limiter (src/core/rate_limiter.cpp). Lua scripts update it
// atomically and read the server's clock (TIME), so that processes on different machines never compare
// clocks; only durations (waits) cross the wire.
// What a process learns from its own attempts (margin for time in flight, adaptive cut after a 429)
// stays in that process and is sent as arguments; a Retry-After is shared through Redis.
#include <hiredis.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "core/adaptive_rate.hpp"
#include "paylink/redis_rate_limiter.hpp"
#include "quota/redis_url.hpp"

namespace paylink {

namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using SteadyTime = std::chrono::steady_clock::time_point;

// KEYS: sent (sorted set id → slot µs), paused_until (µs), seq (slot ids).
// ARGV: margin µs, longest window µs, then (allowed, window µs) per window.
// Returns {slot id, wait µs}. Slots are handed out in order (each ≥ every score so far); the
// `allowed`-th latest score must have left the (widened) window before the new slot.
constexpr const char* kReserveScript = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local margin = tonumber(ARGV[1])
local longest = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - longest - margin))
local slot = now
local paused = redis.call('GET', KEYS[2])
if paused and tonumber(paused) > slot then slot = tonumber(paused) end
local n = redis.call('ZCARD', KEYS[1])
if n > 0 then
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  if tonumber(last[2]) > slot then slot = tonumber(last[2]) end
end
for i = 3, #ARGV, 2 do
  local allowed = tonumber(ARGV[i])
  if n >= allowed then
    local e = redis.call('ZRANGE', KEYS[1], n - allowed, n - allowed, 'WITHSCORES')
    local s = tonumber(e[2]) + tonumber(ARGV[i + 1]) + margin
    if s > slot then slot = s end
  end
end
local id = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], string.format('%.0f', slot), id)
local ttl = math.ceil((slot - now + longest + margin) / 1000) + 60000
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[3], ttl)
return {id, math.floor(slot - now)}
)lua";

// KEYS: sent, paused_until. ARGV: slot id, Retry-After µs (0 = none). Gives the slot back (the vendor did
// not count it) and, for a Retry-After, holds every process's next slot until it has passed.
constexpr const char* kRefundScript = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
redis.call('ZREM', KEYS[1], ARGV[1])
local wait = tonumber(ARGV[2])
if wait > 0 then
  local t = redis.call('TIME')
  local pause_end = tonumber(t[1]) * 1000000 + tonumber(t[2]) + wait
  local paused = redis.call('GET', KEYS[2])
  if (not paused) or tonumber(paused) < pause_end then
    redis.call('SET', KEYS[2], string.format('%.0f', pause_end), 'PX', math.ceil(wait / 1000) + 1000)
  end
end
return 1
)lua";

// KEYS: sent. ARGV: slot id. A counted send's score moves to now, when its answer is in hand.
constexpr const char* kSettleScript = R"lua(
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) < now then
  redis.call('ZADD', KEYS[1], 'XX', string.format('%.0f', now), ARGV[1])
end
return 1
)lua";

// Slots handed out by the fallback limiter carry this bit, so their reports go back to it.
constexpr std::uint64_t kLocalSlot = std::uint64_t{1} << 63;
// While Redis is unreachable, connecting is tried at most this often.
constexpr milliseconds kReconnectInterval{1000};

struct ContextDeleter {
  void operator()(redisContext* c) const noexcept { redisFree(c); }
};
struct ReplyDeleter {
  void operator()(redisReply* r) const noexcept { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

timeval to_timeval(milliseconds d) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(d.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((d.count() % 1000) * 1000);
  return tv;
}

class RedisRateLimiter final : public QuotaLimiter {
 public:
  RedisRateLimiter(RedisRateLimiterOptions options, detail::RedisAddress address)
      : options_(std::move(options)),
        address_(std::move(address)),
        prefix_(fmt::format("paylink:quota:{}:{}:", options_.vendor, options_.quota_name)),
        adaptive_(shortest_window(options_.limits)),
        local_(options_.limits) {
    for (const RateLimit& l : options_.limits) longest_ = std::max(longest_, l.window);
  }

  Result<QuotaSlot> acquire(SteadyTime now) override {
    std::lock_guard<std::mutex> lock(mutex_);
    forget_old_slots(now);
    std::vector<std::string> args = {"EVALSHA",
                                     reserve_sha_,
                                     "3",
                                     prefix_ + "sent",
                                     prefix_ + "paused_until",
                                     prefix_ + "seq",
                                     std::to_string(micros(adaptive_.margin())),
                                     std::to_string(micros(longest_))};
    for (const RateLimit& l : options_.limits) {
      args.push_back(std::to_string(adaptive_.allowed(l.requests, now)));
      args.push_back(std::to_string(micros(l.window)));
    }
    Result<Reply> reply = run_script(args, kReserveScript, now);
    if (!reply) return unreachable(std::move(reply).error(), now);
    const redisReply* r = reply->get();
    if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[0]->type != REDIS_REPLY_INTEGER ||
        r->element[1]->type != REDIS_REPLY_INTEGER) {
      return unreachable(Error::make(ErrorCode::network, "an unexpected answer to the quota script"), now);
    }
    const auto id = static_cast<std::uint64_t>(r->element[0]->integer) & ~kLocalSlot;
    const auto wait = std::chrono::ceil<milliseconds>(microseconds(r->element[1]->integer));
    slots_[id] = now + wait;
    return QuotaSlot{wait, id};
  }

  void report(std::uint64_t slot_id, const AttemptReport& report, SteadyTime now) override {
    if ((slot_id & kLocalSlot) != 0) {
      local_.report(slot_id & ~kLocalSlot, report, now);
      return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const auto slot = slots_.find(slot_id);
    // Reports are best effort and never reconnect: only `acquire` waits on a connection attempt, so a
    // Redis that went away does not stall the caller's loop at every answer.
    const bool connected = context_ != nullptr;
    if (report.outcome == AttemptOutcome::counted) {
      if (slot != slots_.end() && now >= slot->second) {
        adaptive_.add_round_trip(std::chrono::duration_cast<milliseconds>(now - slot->second));
      }
      // A settle that cannot reach Redis leaves the slot as the score, which the margin covers.
      if (connected)
        (void)run_script({"EVALSHA", settle_sha_, "1", prefix_ + "sent", std::to_string(slot_id)}, kSettleScript, now);
    } else {
      if (report.outcome == AttemptOutcome::throttled) adaptive_.throttled(slot_id, next_local_id(), now);
      const long long retry_after =
          report.outcome == AttemptOutcome::throttled && report.retry_after ? micros(*report.retry_after) : 0;
      // A refund that cannot reach Redis leaves the slot counted, which errs on the safe side.
      if (connected)
        (void)run_script({"EVALSHA", refund_sha_, "2", prefix_ + "sent", prefix_ + "paused_until",
                          std::to_string(slot_id), std::to_string(retry_after)},
                         kRefundScript, now);
    }
    if (slot != slots_.end()) slots_.erase(slot);
  }

 private:
  static milliseconds shortest_window(const std::vector<RateLimit>& limits) {
    milliseconds s{0};
    for (const RateLimit& l : limits) {
      if (l.limited() && (s.count() == 0 || l.window < s)) s = l.window;
    }
    return s;
  }
  static long long micros(milliseconds d) { return std::chrono::duration_cast<microseconds>(d).count(); }

  // The adaptive cut skips 429s of slots given before it; Redis ids are shared by every process, so the
  // newest id this process has seen stands for "the next one".
  std::uint64_t next_local_id() const { return slots_.empty() ? 0 : slots_.rbegin()->first + 1; }

  // Slots never reported (their call stopped early) are dropped once no window can still hold them.
  void forget_old_slots(SteadyTime now) {
    if (slots_.size() < 4096) return;
    for (auto it = slots_.begin(); it != slots_.end();) {
      it = it->second + longest_ < now ? slots_.erase(it) : std::next(it);
    }
  }

  Error redis_error(std::string_view what) const {
    Error e = Error::make(ErrorCode::network,
                          fmt::format("the shared quota's Redis at {} {}; nothing was sent", address_.display, what));
    e.retryable = false;
    return e;
  }

  // Connects, authenticates, selects the database and loads the scripts.
  std::optional<Error> connect(SteadyTime now) {
    if (context_) return std::nullopt;
    if (failed_at_ && now - *failed_at_ < kReconnectInterval && last_error_) return last_error_;
    std::unique_ptr<redisContext, ContextDeleter> c(
        redisConnectWithTimeout(address_.host.c_str(), address_.port, to_timeval(options_.timeout)));
    const auto fail = [&](std::string_view what) {
      failed_at_ = now;
      last_error_ = redis_error(what);
      return last_error_;
    };
    if (!c) return fail("cannot be reached (out of memory)");
    if (c->err != 0) return fail(fmt::format("cannot be reached ({})", c->errstr));
    redisSetTimeout(c.get(), to_timeval(options_.timeout));
    const auto command = [&](const std::vector<std::string>& args) -> Result<Reply> {
      Reply r = command_argv(c.get(), args);
      if (!r) return redis_error(fmt::format("cannot be reached ({})", c->errstr));
      if (r->type == REDIS_REPLY_ERROR) return redis_error(fmt::format("refused: {}", std::string(r->str, r->len)));
      return Result<Reply>(std::move(r));
    };
    if (!address_.password.empty()) {
      std::vector<std::string> auth = {"AUTH"};
      if (!address_.user.empty()) auth.push_back(address_.user);
      auth.push_back(address_.password);
      if (auto r = command(auth); !r) return fail_with(std::move(r).error(), now);
    }
    if (address_.db != 0) {
      if (auto r = command({"SELECT", std::to_string(address_.db)}); !r) return fail_with(std::move(r).error(), now);
    }
    for (auto [script, sha] : {std::pair{kReserveScript, &reserve_sha_}, std::pair{kSettleScript, &settle_sha_},
                               std::pair{kRefundScript, &refund_sha_}}) {
      auto r = command({"SCRIPT", "LOAD", script});
      if (!r) return fail_with(std::move(r).error(), now);
      if ((*r)->type != REDIS_REPLY_STRING) return fail("answered SCRIPT LOAD without a hash");
      *sha = std::string((*r)->str, (*r)->len);
    }
    context_ = std::move(c);
    failed_at_.reset();
    last_error_.reset();
    return std::nullopt;
  }

  std::optional<Error> fail_with(Error e, SteadyTime now) {
    failed_at_ = now;
    last_error_ = std::move(e);
    return last_error_;
  }

  static Reply command_argv(redisContext* c, const std::vector<std::string>& args) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const std::string& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
    return Reply(
        static_cast<redisReply*>(redisCommandArgv(c, static_cast<int>(argv.size()), argv.data(), lengths.data())));
  }

  // EVALSHA `args` (whose [1] is the script's hash); a server that lost its scripts gets the text (EVAL).
  Result<Reply> run_script(std::vector<std::string> args, const char* script, SteadyTime now) {
    if (auto error = connect(now)) return *error;
    Reply r = command_argv(context_.get(), args);
    if (r && r->type == REDIS_REPLY_ERROR && std::string_view(r->str, r->len).rfind("NOSCRIPT", 0) == 0) {
      args[0] = "EVAL";
      args[1] = script;
      r = command_argv(context_.get(), args);
    }
    if (!r) {
      Error e = redis_error(fmt::format("cannot be reached ({})", context_->errstr));
      context_.reset();  // a broken connection is made anew at the next attempt
      return *fail_with(std::move(e), now);
    }
    if (r->type == REDIS_REPLY_ERROR) return redis_error(fmt::format("refused: {}", std::string(r->str, r->len)));
    return Result<Reply>(std::move(r));
  }

  Result<QuotaSlot> unreachable(Error error, SteadyTime now) {
    if (options_.when_unreachable == WhenRedisUnreachable::fail) return error;
    Result<QuotaSlot> slot = local_.acquire(now);
    if (slot) slot->id |= kLocalSlot;
    return slot;
  }

  RedisRateLimiterOptions options_;
  detail::RedisAddress address_;
  std::string prefix_;
  milliseconds longest_{0};
  std::mutex mutex_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
  std::string reserve_sha_, settle_sha_, refund_sha_;
  std::optional<SteadyTime> failed_at_;
  std::optional<Error> last_error_;
  detail::AdaptiveRate adaptive_;
  std::map<std::uint64_t, SteadyTime> slots_;  // this process's slots: id → when it was to be sent
  RateLimiter local_;                          // paces while Redis cannot be reached, if the user chose so
};

}  // namespace

Result<std::shared_ptr<QuotaLimiter>> make_redis_rate_limiter(RedisRateLimiterOptions options) {
  Result<detail::RedisAddress> address = detail::parse_redis_url(options.url);
  if (!address) return std::move(address).error();
  if (options.vendor.empty()) return Error::validation("vendor", "the shared quota needs the vendor's name");
  if (options.quota_name.empty()) options.quota_name = options.vendor;
  for (const std::string* name : {&options.vendor, &options.quota_name}) {
    if (name->find_first_of(" \t\r\n") != std::string::npos || name->size() > 200) {
      return Error::validation("quota_name", "a quota name is 1 to 200 characters without spaces");
    }
  }
  options.limits.erase(
      std::remove_if(options.limits.begin(), options.limits.end(), [](const RateLimit& l) { return !l.limited(); }),
      options.limits.end());
  if (options.limits.empty()) {
    return Error::validation("limits", "a shared quota needs at least one limited window (requests and window > 0)");
  }
  return std::shared_ptr<QuotaLimiter>(std::make_shared<RedisRateLimiter>(std::move(options), std::move(*address)));
}

bool redis_rate_limiter_available() noexcept { return true; }

}  // namespace paylink
