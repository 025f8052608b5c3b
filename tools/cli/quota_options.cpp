#include "quota_options.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "paylink/redis_rate_limiter.hpp"

namespace paylink_cli {

paylink::Client with_shared_quota(const Arguments& args, paylink::Client client) {
  std::string source = "--quota-redis";
  std::optional<std::string> url = args.value("--quota-redis");
  if (!url) {
    const char* env = std::getenv("PAYLINK_QUOTA_REDIS_URL");  // NOLINT(concurrency-mt-unsafe): read before any thread
    if (env != nullptr && *env != '\0') {
      url = env;
      source = "PAYLINK_QUOTA_REDIS_URL";
    }
  }
  const std::optional<std::string> name = args.value("--quota-name");
  if (!url) {
    if (name) throw usage_error("--quota-name needs --quota-redis URL (or PAYLINK_QUOTA_REDIS_URL)");
    return client;
  }
  if (args.flag("--dry-run")) return client;  // nothing is sent, so no quota is spent
  paylink::RedisRateLimiterOptions options;
  options.url = *url;
  options.vendor = std::string(client.provider_name());
  options.quota_name = name.value_or("");
  options.limits = client.capabilities().rate_limits();
  if (options.limits.empty()) {
    throw usage_error(fmt::format("{}: {} documents no request limit, so there is no quota to share", source,
                                  client.provider_name()));
  }
  auto limiter = paylink::make_redis_rate_limiter(std::move(options));
  if (!limiter) {
    const paylink::Error& e = limiter.error();
    // The error names the field and the rule, never the URL's password.
    const std::string_view flag = e.field == "quota_name" ? std::string_view("--quota-name") : std::string_view(source);
    throw usage_error(fmt::format("{}: {}", flag, e.message));
  }
  paylink::ClientOptions client_options = client.options();
  client_options.rate_limiter = std::move(*limiter);
  return paylink::Client(client.provider(), std::move(client_options));
}

}  // namespace paylink_cli
