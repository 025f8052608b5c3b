#pragma once
// onOffice marketplace `Do subsequentPaymentLink`: the endpoint, HMAC v2 signing, capabilities and error
// mapping. The JSON bodies are onoffice_wire.*'s. A pure translator: the timestamp it signs is
// CallContext::now.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "paylink/provider.hpp"
#include "paylink/providers/onoffice.hpp"

namespace paylink::detail {

namespace onoffice {

/// [C] HMAC version 2: base64(HMAC-SHA256(key = secret, timestamp + token + resourcetype + actionid)),
/// plain concatenation, the timestamp in decimal Unix seconds, standard base64 with padding. Neither
/// resourceid, identifier nor the parameters are signed (vendors/onoffice.md §3; the official SDK's
/// known answer is checked in tests/unit/onoffice/onoffice_adapter_test.cpp).
/// `signer` is keyed with the secret (OnOfficeProvider keeps one); "" when OpenSSL cannot sign.
std::string hmac_v2(const HmacSigner& signer, std::int64_t timestamp, std::string_view token,
                    std::string_view resourcetype, std::string_view actionid);

/// How one onOffice error code maps to an `ErrorCode` (the table is in onoffice_adapter.cpp).
struct ErrorMapping {
  std::int64_t vendor_code;
  ErrorCode code;
  std::string_view field;  ///< The request field at fault, or empty.
  std::string_view hint;   ///< What it means for the caller; the vendor's message is kept beside it.
};
/// The mapping of a known error code, or nullptr.
const ErrorMapping* find_error_mapping(std::int64_t vendor_code) noexcept;

}  // namespace onoffice

/// onOffice's adapter: creates become one signed action POSTed to the configured endpoint; onOffice's
/// envelope becomes a link or an error. Create only, never idempotent.
class OnOfficeProvider final : public Provider {
 public:
  explicit OnOfficeProvider(OnOfficeConfig config);

  std::string_view name() const noexcept override;
  Capabilities capabilities() const noexcept override;
  /// The token and the secret.
  std::vector<std::string_view> secrets() const override;
  /// `OnOfficeConfig::credentials` ("token" and "secret"), or null.
  CredentialSource* credential_source() const override;

  /// POST to the endpoint, `Content-Type: application/json`, not idempotent, signed at `ctx.now` with
  /// the configured token and secret, or those of `ctx.credentials` when there is a source.
  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override;
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                    const CallContext& ctx) const override;

 private:
  /// The configuration checked once: token and secret present, the endpoint allowed by core's base-URL
  /// rule. The checked endpoint, or the `validation` error every create reports first.
  static Result<std::string> checked_endpoint(const OnOfficeConfig& config);

  /// The POST to the endpoint without its body; the configuration's error otherwise. (The credentials
  /// travel in the body: the token, and the signature made with the secret.)
  Result<HttpRequest> make_request() const;
  /// The error an answer stands for: the envelope's error whatever the HTTP status, else a failed
  /// status or a 2xx that is not JSON (`unreadable_answer`); nullopt for a 2xx for the wire to decode.
  /// `ctx.now` is the time the request was signed at, named when onOffice refuses the timestamp.
  std::optional<Error> failure(const HttpResponse& response, const CallContext& ctx) const;

  OnOfficeConfig config_;
  Result<std::string> endpoint_;  // after config_, from which it is checked
  HmacSigner signer_;             // HMAC-SHA256 keyed with config_.secret, prepared once
};

}  // namespace paylink::detail
