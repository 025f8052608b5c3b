// The documented demo credentials of paylink-sandbox: the values it accepts when the matching
// PAYLINK_* environment variable is unset. This is the one place they are written; the `paylink`
// command-line tool documents the same values, so `paylink --base-url http://127.0.0.1:8787 ...`
// works against a fresh sandbox with no configuration at all.
//
// They are not secrets: they open nothing but a local, in-memory emulation.
#pragma once

#include <string_view>

namespace paylink_sandbox::demo {

// onOffice: the API token is 32 characters and the secret 64, as the vendor issues them.
inline constexpr std::string_view kOnOfficeTokenEnv = "PAYLINK_ONOFFICE_TOKEN";
inline constexpr std::string_view kOnOfficeToken = "demo0onoffice0token0000000000000";
inline constexpr std::string_view kOnOfficeSecretEnv = "PAYLINK_ONOFFICE_SECRET";
inline constexpr std::string_view kOnOfficeSecret = "demo0onoffice0secret00000000000000000000000000000000000000000000";
static_assert(kOnOfficeToken.size() == 32, "onOffice tokens are 32 characters");
static_assert(kOnOfficeSecret.size() == 64, "onOffice secrets are 64 characters");

// MultiSafepay: the website API key (header `api_key` or query `?api_key=`).
inline constexpr std::string_view kMultiSafepayApiKeyEnv = "PAYLINK_MULTISAFEPAY_API_KEY";
inline constexpr std::string_view kMultiSafepayApiKey = "demo-multisafepay-api-key";

// SmarterPay Cloud: the bearer token.
inline constexpr std::string_view kSmarterPayTokenEnv = "PAYLINK_SMARTERPAY_TOKEN";
inline constexpr std::string_view kSmarterPayToken = "demo-smarterpay-token";
inline constexpr std::string_view kSmarterPayWebhookKeyEnv = "PAYLINK_SMARTERPAY_WEBHOOK_KEY";
inline constexpr std::string_view kSmarterPayWebhookKey = "demo-smarterpay-webhook-key";

// Qonto: an OAuth access token (`Bearer`), or the static API key `<login>:<secret-key>`.
inline constexpr std::string_view kQontoTokenEnv = "PAYLINK_QONTO_TOKEN";
inline constexpr std::string_view kQontoToken = "demo-qonto-token";
inline constexpr std::string_view kQontoLoginEnv = "PAYLINK_QONTO_LOGIN";
inline constexpr std::string_view kQontoLogin = "demo-org";
inline constexpr std::string_view kQontoSecretKeyEnv = "PAYLINK_QONTO_SECRET_KEY";
inline constexpr std::string_view kQontoSecretKey = "demo-qonto-secret-key";
// No demo value: when this variable is set, every Qonto request must carry the header
// X-Qonto-Staging-Token with its value (like Qonto's own sandbox); when unset, none is required.
inline constexpr std::string_view kQontoStagingTokenEnv = "PAYLINK_QONTO_STAGING_TOKEN";
// The OAuth client that POST /oauth2/token accepts. Named PAYLINK_SANDBOX_* because they configure
// the sandbox's side; the `paylink` tool reads its own PAYLINK_QONTO_CLIENT_ID/_SECRET.
inline constexpr std::string_view kQontoClientIdEnv = "PAYLINK_SANDBOX_QONTO_CLIENT_ID";
inline constexpr std::string_view kQontoClientId = "paylink-demo-client";
inline constexpr std::string_view kQontoClientSecretEnv = "PAYLINK_SANDBOX_QONTO_CLIENT_SECRET";
inline constexpr std::string_view kQontoClientSecret = "paylink-demo-client-secret";

}  // namespace paylink_sandbox::demo
