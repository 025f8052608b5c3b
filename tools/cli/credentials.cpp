#include "credentials.hpp"

#include <cstdlib>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "paylink/providers/multisafepay.hpp"
#include "paylink/providers/onoffice.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/providers/smarterpay.hpp"

namespace paylink_cli {
namespace {

constexpr const char* kOnOfficeToken = "PAYLINK_ONOFFICE_TOKEN";
constexpr const char* kOnOfficeSecret = "PAYLINK_ONOFFICE_SECRET";
constexpr const char* kMultiSafepayApiKey = "PAYLINK_MULTISAFEPAY_API_KEY";
constexpr const char* kSmarterPayToken = "PAYLINK_SMARTERPAY_TOKEN";
constexpr const char* kQontoToken = "PAYLINK_QONTO_TOKEN";
constexpr const char* kQontoLogin = "PAYLINK_QONTO_LOGIN";
constexpr const char* kQontoSecretKey = "PAYLINK_QONTO_SECRET_KEY";
constexpr const char* kQontoStagingToken = "PAYLINK_QONTO_STAGING_TOKEN";
constexpr const char* kQontoWebhookSecret = "PAYLINK_QONTO_WEBHOOK_SECRET";
constexpr const char* kSmarterPayWebhookKey = "PAYLINK_SMARTERPAY_WEBHOOK_KEY";

// The variable's value; nullopt when unset or empty.
std::optional<std::string> env(const char* name) {
  // The CLI reads its environment on the main thread before any other thread exists.
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe)
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::string required(const char* name) {
  auto value = env(name);
  if (!value) throw usage_error(fmt::format("{} is not set", name));
  return *value;
}

std::string base_url(Vendor vendor, const std::optional<std::string>& flag) {
  if (flag) {
    if (flag->empty()) throw usage_error("--base-url is empty");
    return *flag;
  }
  return env(base_url_variable(vendor).c_str()).value_or("");
}

}  // namespace

std::string_view vendor_name(Vendor vendor) noexcept {
  switch (vendor) {
    case Vendor::onoffice:
      return "onoffice";
    case Vendor::multisafepay:
      return "multisafepay";
    case Vendor::smarterpay:
      return "smarterpay";
    case Vendor::qonto:
      return "qonto";
  }
  return "";
}

Vendor parse_vendor(std::string_view word) {
  for (Vendor v : {Vendor::onoffice, Vendor::multisafepay, Vendor::smarterpay, Vendor::qonto}) {
    if (word == vendor_name(v)) return v;
  }
  throw usage_error(fmt::format("--provider \"{}\" is not a provider; use onoffice, multisafepay, smarterpay or qonto",
                                one_line(word)));
}

std::string base_url_variable(Vendor vendor) {
  switch (vendor) {
    case Vendor::onoffice:
      return "PAYLINK_ONOFFICE_BASE_URL";
    case Vendor::multisafepay:
      return "PAYLINK_MULTISAFEPAY_BASE_URL";
    case Vendor::smarterpay:
      return "PAYLINK_SMARTERPAY_BASE_URL";
    case Vendor::qonto:
      return "PAYLINK_QONTO_BASE_URL";
  }
  return "";
}

paylink::Client make_client(Vendor vendor, const std::optional<std::string>& base_url_flag,
                            paylink::ClientOptions options) {
  const std::string base = base_url(vendor, base_url_flag);

  switch (vendor) {
    case Vendor::onoffice: {
      const bool has_token = env(kOnOfficeToken).has_value();
      const bool has_secret = env(kOnOfficeSecret).has_value();
      if (!has_token && !has_secret) {
        throw usage_error(fmt::format("{} and {} are not set", kOnOfficeToken, kOnOfficeSecret));
      }
      paylink::OnOfficeConfig config;
      config.token = required(kOnOfficeToken);
      config.secret = required(kOnOfficeSecret);
      if (!base.empty()) config.endpoint = base;
      return paylink::make_onoffice_client(std::move(config), std::move(options));
    }
    case Vendor::multisafepay: {
      paylink::MultiSafepayConfig config;
      config.api_key = required(kMultiSafepayApiKey);
      config.base_url = base;  // empty = the test environment's documented base
      return paylink::make_multisafepay_client(std::move(config), std::move(options));
    }
    case Vendor::smarterpay: {
      paylink::SmarterPayConfig config;
      config.bearer_token = required(kSmarterPayToken);
      if (!base.empty()) config.base_url = base;
      return paylink::make_smarterpay_client(std::move(config), std::move(options));
    }
    case Vendor::qonto: {
      paylink::QontoConfig config;
      if (auto token = env(kQontoToken)) {
        config.access_token = *token;
      } else {
        auto login = env(kQontoLogin);
        auto secret_key = env(kQontoSecretKey);
        if (!login || !secret_key) {
          throw usage_error(fmt::format("{} (or {} + {}) is not set", kQontoToken, kQontoLogin, kQontoSecretKey));
        }
        config.login = *login;
        config.secret_key = *secret_key;
      }
      // A staging token means Qonto's sandbox: it is sent on every request (also to a --base-url).
      if (auto staging = env(kQontoStagingToken)) {
        config.staging_token = *staging;
        config.environment = paylink::QontoEnvironment::sandbox;
      }
      config.base_url = base;
      return paylink::make_qonto_client(std::move(config), std::move(options));
    }
  }
  throw usage_error("unknown provider");
}

paylink::Secret webhook_secret(Vendor vendor) {
  switch (vendor) {
    case Vendor::qonto:
      return paylink::Secret(required(kQontoWebhookSecret));
    case Vendor::multisafepay:
      return paylink::Secret(required(kMultiSafepayApiKey));
    case Vendor::smarterpay:
      return paylink::Secret(required(kSmarterPayWebhookKey));
    case Vendor::onoffice:
      break;
  }
  throw usage_error("onoffice signs no webhooks");
}

std::vector<std::string> credential_values() {
  std::vector<std::string> values;
  for (const char* name : {kOnOfficeToken, kOnOfficeSecret, kMultiSafepayApiKey, kSmarterPayToken, kQontoToken,
                           kQontoSecretKey, kQontoStagingToken, kQontoWebhookSecret, kSmarterPayWebhookKey}) {
    if (auto value = env(name)) values.push_back(*value);
  }
  return values;
}

}  // namespace paylink_cli
