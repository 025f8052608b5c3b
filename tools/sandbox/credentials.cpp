#include "credentials.hpp"

#include <cstdlib>

#include "demo_credentials.hpp"

namespace paylink_sandbox {
namespace {

std::optional<std::string> env(std::string_view name) {
  const std::string key(name);
  // Read on the main thread at start-up, before the server starts any thread.
  const char* value = std::getenv(key.c_str());  // NOLINT(concurrency-mt-unsafe)
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string env_or(std::string_view name, std::string_view fallback) {
  auto value = env(name);
  return value ? *value : std::string(fallback);
}

}  // namespace

Credentials load_credentials_from_env() {
  Credentials c;
  c.onoffice_token = env_or(demo::kOnOfficeTokenEnv, demo::kOnOfficeToken);
  c.onoffice_secret = env_or(demo::kOnOfficeSecretEnv, demo::kOnOfficeSecret);
  c.multisafepay_api_key = env_or(demo::kMultiSafepayApiKeyEnv, demo::kMultiSafepayApiKey);
  c.smarterpay_token = env_or(demo::kSmarterPayTokenEnv, demo::kSmarterPayToken);
  c.qonto_token = env_or(demo::kQontoTokenEnv, demo::kQontoToken);
  c.qonto_login = env_or(demo::kQontoLoginEnv, demo::kQontoLogin);
  c.qonto_secret_key = env_or(demo::kQontoSecretKeyEnv, demo::kQontoSecretKey);
  c.qonto_staging_token = env(demo::kQontoStagingTokenEnv);
  c.smarterpay_webhook_key = env_or(demo::kSmarterPayWebhookKeyEnv, demo::kSmarterPayWebhookKey);
  c.qonto_client_id = env_or(demo::kQontoClientIdEnv, demo::kQontoClientId);
  c.qonto_client_secret = env_or(demo::kQontoClientSecretEnv, demo::kQontoClientSecret);
  return c;
}

}  // namespace paylink_sandbox
