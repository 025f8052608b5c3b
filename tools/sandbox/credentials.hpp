// The credentials the sandbox accepts, read once at start-up from the same PAYLINK_* environment
// variables as the `paylink` command-line tool (demo values from demo_credentials.hpp when unset).
#pragma once

#include <optional>
#include <string>

namespace paylink_sandbox {

struct Credentials {
  std::string onoffice_token;
  std::string onoffice_secret;
  std::string multisafepay_api_key;
  std::string smarterpay_token;
  std::string qonto_token;
  std::string qonto_login;
  std::string qonto_secret_key;
  std::optional<std::string> qonto_staging_token;  // set only when the env var is set
  std::string smarterpay_webhook_key;              // the default key of SmarterPay webhook subscriptions
  std::string qonto_client_id;                     // the OAuth client of POST /oauth2/token
  std::string qonto_client_secret;
};

// Reads the environment. An empty variable counts as unset.
Credentials load_credentials_from_env();

}  // namespace paylink_sandbox
