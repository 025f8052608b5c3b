// Built when paylink is configured without Redis (PAYLINK_WITH_REDIS=OFF): the API stays the same and
// says why it cannot serve.
#include "paylink/redis_rate_limiter.hpp"

namespace paylink {

Result<std::shared_ptr<QuotaLimiter>> make_redis_rate_limiter(RedisRateLimiterOptions) {
  return Error::unsupported("paylink", "a shared Redis quota (this paylink was built without PAYLINK_WITH_REDIS)");
}

bool redis_rate_limiter_available() noexcept { return false; }

}  // namespace paylink
