// onOffice adapter: endpoint, signing, capabilities, error mapping; see onoffice_adapter.hpp.
#include "providers/onoffice/onoffice_adapter.hpp"

#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "core/crypto.hpp"
#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "core/url.hpp"

namespace paylink::detail {

namespace onoffice {

// --- The vendor, declared -----------------------------------------------------------------------------

/// [C] Creates are not idempotent at onOffice (no idempotency key): the client must never repeat one
/// that may have reached the server.
constexpr bool kCreateIsIdempotent = false;

/// [C] Top-level `status.errorcode` 97, "Error in action": the cause is in the action's own status.
constexpr std::int64_t kErrorInAction = 97;
/// [3P] Action errorcode 136, "timestamp too old / server time wrong": its message names the signed time.
constexpr std::int64_t kTimestampRefused = 136;
/// [C] Top-level `status.code` values: 400 "not authenticated" (token, user, rights), 500 server error.
constexpr std::int64_t kStatusNotAuthenticated = 400;
constexpr std::int64_t kStatusServerError = 500;

/// onOffice error codes we map. There is no official catalogue: the codes come from the community
/// adapter innobraingmbh/laravel-onoffice-adapter [3P] (vendors/onoffice.md §5). Which ones this call
/// returns for a bad transaction or price is [I]. Every other code maps to `provider` (or `auth` under a
/// top-level status 400) with the vendor's code and message kept. None is retryable: a create is not
/// idempotent, and none of these would succeed by sending the same thing again.
///
/// [I] 189 and 205 are `not_found`: the transaction does not exist, or not for this customer; APIs
/// conventionally answer "not found" for another account's resource. 190 (the time to make this call
/// for the transaction has passed) is `validation` of the transaction id: it exists but no longer takes
/// a subsequent payment.
constexpr ErrorMapping kErrorTable[] = {
    {13, ErrorCode::auth, "", "the API token is missing or invalid: check OnOfficeConfig::token"},
    {22, ErrorCode::auth, "", "not authenticated: check OnOfficeConfig::token and the API user's rights"},
    {kTimestampRefused, ErrorCode::auth, "",
     "the request timestamp was refused: check this machine's clock (onOffice accepts +/-120 s)"},
    {137, ErrorCode::auth, "",
     "the HMAC was refused: check OnOfficeConfig::secret and token (documented lengths 64 and 32 characters)"},
    {189, ErrorCode::not_found, "onoffice.transaction_id", "the transaction could not be found"},
    {190, ErrorCode::validation, "onoffice.transaction_id", "the time to call this transaction has expired"},
    {205, ErrorCode::not_found, "onoffice.transaction_id",
     "the transaction does not belong to this customer: call with the provider's own API user"},
    {214, ErrorCode::validation, "amount", "the price format was refused"},
    {240, ErrorCode::auth, "",
     "this call is not allowed for marketplace API users: use the API user of the provider's own customer"},
};

const ErrorMapping* find_error_mapping(std::int64_t vendor_code) noexcept {
  for (const auto& m : kErrorTable) {
    if (m.vendor_code == vendor_code) return &m;
  }
  return nullptr;
}

std::string hmac_v2(const HmacSigner& signer, long long timestamp, std::string_view token,
                    std::string_view resourcetype, std::string_view actionid) {
  std::string message = std::to_string(timestamp);
  message += token;
  message += resourcetype;
  message += actionid;
  const std::string digest = signer.sign(message);
  return digest.empty() ? std::string() : base64_encode(digest);
}

}  // namespace onoffice

namespace {
// Private builders, defined at the end of the file.
bool endpoint_is_acceptable(std::string_view endpoint);
std::string replace_all(std::string text, std::string_view needle, std::string_view replacement);
}  // namespace

// --- Public verbs -------------------------------------------------------------------------------------

OnOfficeProvider::OnOfficeProvider(OnOfficeConfig config)
    : config_(std::move(config)), signer_(HmacDigest::sha256, config_.secret.reveal()) {}

std::string_view OnOfficeProvider::name() const noexcept { return onoffice::kProviderName; }

Capabilities OnOfficeProvider::capabilities() const noexcept { return onoffice::kCapabilities; }

Result<HttpRequest> OnOfficeProvider::encode_create(const CreateLinkRequest& request, const CallContext& ctx) const {
  if (auto ok = check_config(); !ok) return ok.error();
  auto parameters = onoffice::to_parameters(request);
  if (!parameters) return std::move(parameters).error();

  // Signed per attempt: the client hands every attempt a fresh `now`, so a retry carries a new
  // timestamp and a new HMAC (onOffice refuses timestamps older than 120 s).
  onoffice::SignedAction action;
  action.identifier = request.onoffice.identifier;
  action.timestamp = to_unix_seconds(ctx.now);
  action.hmac = onoffice::hmac_v2(signer_, action.timestamp, config_.token.reveal(), onoffice::kResourceType,
                                  onoffice::kActionIdDo);
  if (action.hmac.empty()) {
    // Nothing is sent unsigned: the vendor would only answer "HMAC refused".
    return Error::make(ErrorCode::auth, "onoffice: the request could not be signed (OpenSSL HMAC-SHA256 failed)");
  }
  action.parameters = std::move(*parameters);

  HttpRequest http;
  http.method = HttpMethod::post;
  http.url = config_.endpoint;
  http.headers = {{"Content-Type", "application/json"}};
  http.body = onoffice::build_envelope(config_.token.reveal(), action);
  http.idempotent = onoffice::kCreateIsIdempotent;
  return http;
}

Result<PaymentLink> OnOfficeProvider::decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                                    const CallContext& ctx) const {
  auto answer = onoffice::parse_answer(response.body);
  if (!answer) {
    // Not onOffice's envelope. On an HTTP error the status says more than the body; on a 2xx the
    // body is simply unreadable.
    if (!is_success(response.status)) return scrub(error_from_status(onoffice::kProviderName, response));
    Error e = std::move(answer).error();
    if (looks_like_html(response.body)) {
      e.message =
          fmt::format("{}: answered with an HTML page instead of the API's JSON; check OnOfficeConfig::endpoint",
                      onoffice::kProviderName);
    }
    e.http_status = response.status;
    return scrub(std::move(e));
  }
  // onOffice reports its errors in the envelope (the SDK ignores the HTTP status), so an envelope that
  // names an error wins over the HTTP status.
  if (answer->failed()) return scrub(vendor_error(*answer, response.status, ctx));
  if (!is_success(response.status)) return scrub(error_from_status(onoffice::kProviderName, response));
  return onoffice::to_payment_link(*answer->link, request);
}

}  // namespace paylink::detail

// --- Factories ---------------------------------------------------------------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_onoffice_provider(OnOfficeConfig config) {
  return std::make_shared<detail::OnOfficeProvider>(std::move(config));
}

Client make_onoffice_client(OnOfficeConfig config, ClientOptions options) {
  return Client(make_onoffice_provider(std::move(config)), std::move(options));
}

}  // namespace paylink

namespace paylink::detail {

// --- Private builders ---------------------------------------------------------------------------------

Result<void> OnOfficeProvider::check_config() const {
  // Only presence: onOffice documents 32-character tokens and 64-character secrets, but sandbox and
  // demo credentials differ, so other lengths are left for onOffice to judge (error 137 then says so).
  if (config_.token.empty()) {
    return Error::validation("token", fmt::format("{}: OnOfficeConfig::token is empty", onoffice::kProviderName));
  }
  if (config_.secret.empty()) {
    return Error::validation("secret", fmt::format("{}: OnOfficeConfig::secret is empty", onoffice::kProviderName));
  }
  if (!endpoint_is_acceptable(config_.endpoint)) {
    return Error::validation(
        "endpoint", fmt::format("{}: OnOfficeConfig::endpoint must be an https URL (the token travels in the body), "
                                "or http on a loopback host",
                                onoffice::kProviderName));
  }
  return {};
}

Error OnOfficeProvider::vendor_error(const onoffice::WireAnswer& answer, int http_status,
                                     const CallContext& ctx) const {
  // Which status names the cause: the action's when it failed (a top-level 97 only says "see the
  // action"), else the top level's error code, else the top level's status code.
  const bool action_failed = answer.action_status && !answer.action_status->ok();
  const onoffice::WireStatus& status = action_failed ? *answer.action_status : answer.status;
  const bool has_error_code = action_failed || (status.errorcode != 0 && status.errorcode != onoffice::kErrorInAction);

  Error e;
  e.http_status = http_status;
  e.retryable = false;
  e.vendor_message = bounded_text(status.message);
  std::string hint;
  if (has_error_code) {
    e.vendor_code = std::to_string(status.errorcode);
    if (const auto* m = onoffice::find_error_mapping(status.errorcode)) {
      e.code = m->code;
      e.field = std::string(m->field);
      hint = std::string(m->hint);
      if (status.errorcode == onoffice::kTimestampRefused)
        hint += fmt::format("; the request was signed at {}", format_timestamp(ctx.now));
    } else if (answer.status.code == onoffice::kStatusNotAuthenticated) {
      e.code = ErrorCode::auth;
      hint = "onOffice refused the authentication";
    } else {
      e.code = ErrorCode::provider;
      hint = fmt::format("onOffice refused the call with error {}", status.errorcode);
    }
  } else if (status.errorcode == onoffice::kErrorInAction) {
    e.code = ErrorCode::provider;
    e.vendor_code = std::to_string(status.errorcode);
    hint = "onOffice reported an error in the action but not its cause";
  } else if (status.code == onoffice::kStatusNotAuthenticated) {
    e.code = ErrorCode::auth;
    e.vendor_code = std::to_string(status.code);
    hint = "not authenticated: check OnOfficeConfig::token and the API user's rights";
  } else if (status.code == onoffice::kStatusServerError) {
    e.code = ErrorCode::provider;
    e.vendor_code = std::to_string(status.code);
    hint = "onOffice reported a server error";
  } else {
    e.code = ErrorCode::provider;
    e.vendor_code = std::to_string(status.code);
    hint = fmt::format("onOffice answered status {}", status.code);
  }
  e.message = fmt::format("{}: {}", onoffice::kProviderName, hint);
  return e;
}

Error OnOfficeProvider::scrub(Error error) const {
  for (const std::string* credential : {&config_.token.reveal(), &config_.secret.reveal()}) {
    if (credential->empty()) continue;
    for (std::string* text : {&error.message, &error.vendor_message, &error.vendor_code, &error.field,
                              &error.request_id, &error.reconcile_key}) {
      *text = replace_all(std::move(*text), *credential, "***");
    }
  }
  return error;
}

namespace {

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

bool endpoint_is_acceptable(std::string_view endpoint) {
  const std::string_view host = url_host(endpoint);
  if (host.empty()) return false;
  if (starts_with_ci(endpoint, "https://")) return true;
  return starts_with_ci(endpoint, "http://") && is_loopback_host(host);
}

std::string replace_all(std::string text, std::string_view needle, std::string_view replacement) {
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + replacement.size())) {
    text.replace(at, needle.size(), replacement);
  }
  return text;
}

}  // namespace

}  // namespace paylink::detail
