#include "providers/onoffice/onoffice_adapter.hpp"

#include <memory>
#include <utility>

#include <fmt/format.h>

#include "core/answer_kind.hpp"
#include "core/base_url.hpp"
#include "core/http_status.hpp"
#include "core/json.hpp"
#include "core/time_format.hpp"
#include "providers/onoffice/onoffice_wire.hpp"

namespace paylink::detail {
namespace {

// --- The vendor ------------------------------------------------------------------------------------
// Sources: ../shared/seeds/000_d2e0043d8a09f623.txt, 001_71ee95d0020bd386.txt and
// ../shared/vendors/onoffice.md. The endpoint is OnOfficeConfig::endpoint: one api.php URL for every
// call (default the stable API); the operation is chosen by actionid + resourcetype inside the body.

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

/// [C] Create only: onOffice has no call to read, list or end a subsequent payment link. [?] No rate
/// limit is published.
constexpr Capabilities kCapabilities = [] {
  Capabilities c;
  c.create = true;
  c.idempotent_create = kCreateIsIdempotent;
  c.reconcile_create = false;  // nothing can be asked afterwards whether a lost create happened
  c.documented_rate_limits =
      {};  // [?] onOffice publishes no request-rate limit (vendors/onoffice.md §6): no window to pace
  return c;
}();

}  // namespace

namespace onoffice {

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

std::string hmac_v2(const HmacSigner& signer, std::int64_t timestamp, std::string_view token,
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
Error envelope_error(const onoffice::WireError& wire, int http_status, Timestamp signed_at);
}  // namespace

}  // namespace paylink::detail

// --- Factories ------------------------------------------------------------------------------------

namespace paylink {

std::shared_ptr<const Provider> make_onoffice_provider(OnOfficeConfig config) {
  return std::make_shared<const detail::OnOfficeProvider>(std::move(config));
}

Client make_onoffice_client(OnOfficeConfig config, ClientOptions options) {
  return Client(make_onoffice_provider(std::move(config)), std::move(options));
}

}  // namespace paylink

namespace paylink::detail {

// --- Public verbs ----------------------------------------------------------------------------------

OnOfficeProvider::OnOfficeProvider(OnOfficeConfig config)
    : config_(std::move(config)),
      endpoint_(checked_endpoint(config_)),
      signer_(HmacDigest::sha256, config_.secret.reveal()) {}

std::string_view OnOfficeProvider::name() const noexcept { return onoffice::kProvider; }

Capabilities OnOfficeProvider::capabilities() const noexcept { return kCapabilities; }

std::vector<std::string_view> OnOfficeProvider::secrets() const {
  return {config_.token.reveal(), config_.secret.reveal()};
}

Result<HttpRequest> OnOfficeProvider::encode_create(const CreateLinkRequest& request, const CallContext& ctx) const {
  auto http = make_request();
  if (!http) return http;
  // Signed per attempt: the client hands every attempt a fresh `now`, so a retry carries a new
  // timestamp and a new HMAC (onOffice refuses timestamps older than 120 s).
  const std::int64_t timestamp = to_unix_seconds(ctx.now);
  const std::string hmac =
      onoffice::hmac_v2(signer_, timestamp, config_.token.reveal(), onoffice::kResourceType, onoffice::kActionIdDo);
  if (hmac.empty()) {
    // Nothing is sent unsigned: the vendor would only answer "HMAC refused".
    return Error::make(ErrorCode::auth, "onoffice: the request could not be signed (OpenSSL HMAC-SHA256 failed)");
  }
  auto body = onoffice::encode_create_body(request, config_.token.reveal(), timestamp, hmac);
  if (!body) return std::move(body).error();
  http->body = std::move(*body);
  return http;
}

Result<PaymentLink> OnOfficeProvider::decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                                    const CallContext& ctx) const {
  if (auto e = failure(response, ctx)) return *e;
  return onoffice::decode_created_link(response.body, response.status, request);
}

// --- Private builders ------------------------------------------------------------------------------

Result<std::string> OnOfficeProvider::checked_endpoint(const OnOfficeConfig& config) {
  // Only presence: onOffice documents 32-character tokens and 64-character secrets, but sandbox and
  // demo credentials differ, so other lengths are left for onOffice to judge (error 137 then says so).
  // Neither goes into a header: the token is a JSON string of the body, the secret is never sent.
  if (config.token.empty()) return Error::validation("token", "onoffice: OnOfficeConfig::token is empty");
  if (config.secret.empty()) return Error::validation("secret", "onoffice: OnOfficeConfig::secret is empty");
  return checked_base_url(config.endpoint, "endpoint");
}

Result<HttpRequest> OnOfficeProvider::make_request() const {
  if (!endpoint_) return endpoint_.error();
  HttpRequest http;
  http.method = HttpMethod::post;
  http.url = *endpoint_;
  http.headers = {{"Content-Type", "application/json"}};
  http.idempotent = kCreateIsIdempotent;
  return http;
}

std::optional<Error> OnOfficeProvider::failure(const HttpResponse& response, const CallContext& ctx) const {
  // [?] The HTTP status of onOffice's error answers is undocumented and the official SDK ignores it, so
  // an envelope that names an error wins over the HTTP status.
  if (const auto wire = onoffice::decode_error_body(response.body)) {
    return envelope_error(*wire, response.status, ctx.now);
  }
  const AnswerKind kind = classify_answer(response.body);
  if (is_success(response.status) && kind == AnswerKind::json) return std::nullopt;
  // Not onOffice's error envelope: a failed status is classified by the status (a success envelope on
  // an HTTP error is not trusted); a 2xx that is not JSON is unreadable.
  Error e = unreadable_answer(onoffice::kProvider, response);
  if (is_success(response.status) && kind == AnswerKind::html) e.message += "; check OnOfficeConfig::endpoint";
  return e;
}

namespace {

Error envelope_error(const onoffice::WireError& wire, int http_status, Timestamp signed_at) {
  // Which status names the cause: the action's when it failed (a top-level 97 only says "see the
  // action"), else the top level's error code, else the top level's status code.
  const bool action_failed = wire.action_status && !wire.action_status->ok();
  const std::int64_t errorcode = action_failed ? wire.action_status->errorcode : wire.status.errorcode;
  const std::string& message = action_failed ? wire.action_status->message : wire.status.message;
  const bool has_cause = action_failed || (errorcode != 0 && errorcode != kErrorInAction);

  Error e;
  e.http_status = http_status;
  e.retryable = false;
  e.vendor_message = bounded_text(message);
  std::string hint;
  if (has_cause) {
    e.vendor_code = std::to_string(errorcode);
    if (const auto* m = onoffice::find_error_mapping(errorcode)) {
      e.code = m->code;
      e.field = std::string(m->field);
      hint = std::string(m->hint);
      if (errorcode == kTimestampRefused)
        hint += fmt::format("; the request was signed at {}", format_timestamp(signed_at));
    } else if (wire.status.code == kStatusNotAuthenticated) {
      e.code = ErrorCode::auth;
      hint = "onOffice refused the authentication";
    } else {
      e.code = ErrorCode::provider;
      hint = fmt::format("onOffice refused the call with error {}", errorcode);
    }
  } else if (errorcode == kErrorInAction) {
    e.code = ErrorCode::provider;
    e.vendor_code = std::to_string(errorcode);
    hint = "onOffice reported an error in the action but not its cause";
  } else if (wire.status.code == kStatusNotAuthenticated) {
    e.code = ErrorCode::auth;
    e.vendor_code = std::to_string(wire.status.code);
    hint = "not authenticated: check OnOfficeConfig::token and the API user's rights";
  } else if (wire.status.code == kStatusServerError) {
    e.code = ErrorCode::provider;
    e.vendor_code = std::to_string(wire.status.code);
    hint = "onOffice reported a server error";
  } else {
    e.code = ErrorCode::provider;
    e.vendor_code = std::to_string(wire.status.code);
    hint = fmt::format("onOffice answered status {}", wire.status.code);
  }
  e.message = fmt::format("{}: {}", onoffice::kProvider, hint);
  return e;
}

}  // namespace
}  // namespace paylink::detail
