#include "credentials.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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
constexpr const char* kQontoClientId = "PAYLINK_QONTO_CLIENT_ID";
constexpr const char* kQontoClientSecret = "PAYLINK_QONTO_CLIENT_SECRET";
constexpr const char* kQontoTokenFile = "PAYLINK_QONTO_TOKEN_FILE";
constexpr const char* kQontoOAuthUrl = "PAYLINK_QONTO_OAUTH_URL";
// The bearer a --dry-run sends in place of an OAuth access token that may need a refresh.
constexpr const char* kDryRunBearer = "dry-run-placeholder-token";

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

// --- The Qonto token file: {"access_token": "…", "refresh_token": "…", "expires_at": "<RFC 3339>"} ---

// "2026-12-06T15:00:00Z", "…00.250Z", "…00+01:00"; nullopt for anything else.
std::optional<paylink::Timestamp> parse_rfc3339(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,  // NOLINT
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed) != 6 ||
      consumed != 19 || (text[10] != 'T' && text[10] != 't')) {
    return std::nullopt;
  }
  if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
      tm.tm_sec > 60) {
    return std::nullopt;
  }
  std::size_t at = 19;
  if (at < text.size() && text[at] == '.') {
    ++at;
    const std::size_t digits = at;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9') ++at;
    if (at == digits) return std::nullopt;  // a fraction below a second is dropped: the expiry only gets earlier
  }
  long offset_seconds = 0;
  if (at < text.size() && (text[at] == 'Z' || text[at] == 'z')) {
    ++at;
  } else if (at + 6 == text.size() && (text[at] == '+' || text[at] == '-') && text[at + 3] == ':') {
    int hours = 0;
    int minutes = 0;
    if (std::sscanf(text.c_str() + at + 1, "%2d:%2d", &hours, &minutes) != 2 || hours > 23 || minutes > 59) {  // NOLINT
      return std::nullopt;
    }
    offset_seconds = (text[at] == '+' ? 1 : -1) * (hours * 3600L + minutes * 60L);
    at += 6;
  } else {
    return std::nullopt;
  }
  if (at != text.size()) return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t utc = timegm(&tm);
  return std::chrono::system_clock::from_time_t(utc - offset_seconds);
}

paylink::QontoTokens read_token_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw usage_error(fmt::format("{}: the file cannot be read", kQontoTokenFile));
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    throw usage_error(fmt::format(
        "{}: the file is not a JSON object {{\"access_token\", \"refresh_token\", \"expires_at\"}}", kQontoTokenFile));
  }
  const auto text_of = [&](const char* key, bool required) -> std::string {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) {
      if (required) throw usage_error(fmt::format("{}: the file has no \"{}\"", kQontoTokenFile, key));
      return {};
    }
    if (!it->is_string()) throw usage_error(fmt::format("{}: \"{}\" is not a string", kQontoTokenFile, key));
    return it->get<std::string>();
  };
  paylink::QontoTokens tokens;
  tokens.refresh_token = text_of("refresh_token", true);
  if (tokens.refresh_token.empty()) throw usage_error(fmt::format("{}: \"refresh_token\" is empty", kQontoTokenFile));
  tokens.access_token = text_of("access_token", false);
  const std::string expires_at = text_of("expires_at", !tokens.access_token.empty());
  if (!expires_at.empty()) {
    auto when = parse_rfc3339(expires_at);
    if (!when) {
      throw usage_error(
          fmt::format("{}: \"expires_at\" is not an RFC 3339 time (2026-12-06T15:00:00Z)", kQontoTokenFile));
    }
    tokens.expires_at = *when;
  }
  return tokens;
}

// Rewrites the token file atomically: a private temporary file in the same folder (mode 0600), written
// and flushed to disk, then renamed over the old one, so that a crash leaves the old pair or the new
// one, never half a file. Errors name the variable and the system's reason, never a token.
paylink::Result<void> write_token_file(const std::string& path, const paylink::QontoTokens& tokens) {
  const auto fail = [](std::string_view what) -> paylink::Result<void> {
    const int saved = errno;
    return paylink::Error::make(paylink::ErrorCode::provider,
                                fmt::format("{}: {} ({})", kQontoTokenFile, what, std::strerror(saved)));  // NOLINT
  };
  const nlohmann::json json = {{"access_token", tokens.access_token.reveal()},
                               {"refresh_token", tokens.refresh_token.reveal()},
                               {"expires_at", paylink::format_timestamp(tokens.expires_at)}};
  const std::string text = json.dump(2) + "\n";
  const std::size_t slash = path.rfind('/');
  const std::string folder = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  std::string temp = folder + "/.paylink-qonto-tokens.XXXXXX";
  const int fd = mkstemp(temp.data());  // created 0600
  if (fd < 0) return fail("cannot create a temporary file in its folder");
  bool ok = fchmod(fd, S_IRUSR | S_IWUSR) == 0;
  for (std::size_t written = 0; ok && written < text.size();) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<std::size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    auto error = fail("cannot write the rotated tokens");
    ::unlink(temp.c_str());
    return error;
  }
  // The rename itself reaches the disk with the folder's entry.
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);  // NOLINT(cppcoreguidelines-pro-type-vararg)
  if (dir >= 0) {
    (void)fsync(dir);
    ::close(dir);
  }
  return {};
}

// Qonto OAuth2 with refresh from the environment, when PAYLINK_QONTO_TOKEN_FILE is set.
std::optional<paylink::QontoOAuth> qonto_oauth_from_env() {
  const auto file = env(kQontoTokenFile);
  const auto client_id = env(kQontoClientId);
  const auto client_secret = env(kQontoClientSecret);
  if (!file) {
    if (client_id || client_secret) {
      throw usage_error(fmt::format("{} is not set (OAuth with refresh needs {}, {} and {})", kQontoTokenFile,
                                    kQontoClientId, kQontoClientSecret, kQontoTokenFile));
    }
    return std::nullopt;
  }
  if (!client_id || !client_secret) {
    throw usage_error(fmt::format("{} is not set (OAuth with refresh needs {}, {} and {})",
                                  !client_id ? kQontoClientId : kQontoClientSecret, kQontoClientId, kQontoClientSecret,
                                  kQontoTokenFile));
  }
  if (env(kQontoToken)) {
    throw usage_error(fmt::format("set either {} (a fixed token) or {} (OAuth with refresh), not both", kQontoToken,
                                  kQontoTokenFile));
  }
  const paylink::QontoTokens tokens = read_token_file(*file);
  paylink::QontoOAuth oauth;
  oauth.client_id = *client_id;
  oauth.client_secret = *client_secret;
  oauth.refresh_token = tokens.refresh_token;
  oauth.access_token = tokens.access_token;
  oauth.access_token_expires_at = tokens.expires_at;
  oauth.base_url = env(kQontoOAuthUrl).value_or("");  // empty = the environment's OAuth host
  oauth.store = [path = *file](const paylink::QontoTokens& rotated) { return write_token_file(path, rotated); };
  return oauth;
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
                            paylink::ClientOptions options, CredentialUse use) {
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
      if (auto oauth = qonto_oauth_from_env()) {
        // A refresh is a real request (and rotates the refresh token): a dry run makes none. Its
        // Authorization header is printed REDACTED, so a placeholder shows the same request.
        if (use == CredentialUse::dry_run)
          config.access_token = kDryRunBearer;
        else
          config.oauth = std::move(oauth);
      } else if (auto token = env(kQontoToken)) {
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
  for (const char* name :
       {kOnOfficeToken, kOnOfficeSecret, kMultiSafepayApiKey, kSmarterPayToken, kQontoToken, kQontoSecretKey,
        kQontoStagingToken, kQontoWebhookSecret, kSmarterPayWebhookKey, kQontoClientSecret}) {
    if (auto value = env(name)) values.push_back(*value);
  }
  // The tokens of the token file as it is at start (rotated ones are never printed by the SDK).
  if (auto file = env(kQontoTokenFile)) {
    try {
      const paylink::QontoTokens tokens = read_token_file(*file);
      for (const paylink::Secret* s : {&tokens.access_token, &tokens.refresh_token}) {
        if (!s->empty()) values.push_back(s->reveal());
      }
    } catch (const Failure&) {  // reported with its exit code when a command builds its client
    }
  }
  return values;
}

}  // namespace paylink_cli
