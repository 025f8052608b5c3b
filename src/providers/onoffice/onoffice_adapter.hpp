#pragma once
// onOffice adapter: endpoint, HMAC v2 signing, capabilities and error mapping of the marketplace call
// `Do subsequentPaymentLink`. The JSON itself is onoffice_wire's business. Pure: the timestamp it signs
// is CallContext::now.

#include <cstdint>
#include <string>
#include <string_view>

#include "core/crypto.hpp"
#include "paylink/providers/onoffice.hpp"
#include "providers/onoffice/onoffice_wire.hpp"

namespace paylink::detail {

namespace onoffice {

// --- The vendor, declared -----------------------------------------------------------------------------
// Endpoint: OnOfficeConfig::endpoint, one api.php URL for every call (default the stable API); the
// operation is chosen by actionid + resourcetype inside the POSTed JSON. Action ids and inferred wire
// facts: onoffice_wire.hpp.

/// [C] Create only: onOffice has no call to read, list or end a subsequent payment link.
inline constexpr Capabilities kCapabilities = [] {
  Capabilities c;
  c.create = true;
  c.idempotent_create = false;  // no idempotency key: a create is never repeated once it may have arrived
  c.reconcile_create = false;   // and nothing can be asked afterwards whether a lost create happened
  return c;
}();

/// [C] HMAC version 2: base64(HMAC-SHA256(key = secret, timestamp + token + resourcetype + actionid)),
/// plain concatenation, the timestamp in decimal unix seconds, standard base64 with padding.
/// Neither resourceid, identifier nor the parameters are signed.
/// `signer` is keyed with the secret (OnOfficeProvider keeps one); "" when OpenSSL cannot sign.
std::string hmac_v2(const HmacSigner& signer, long long timestamp, std::string_view token,
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

/// The onOffice provider: translates creates into signed `Do subsequentPaymentLink` envelopes and
/// onOffice's answers into links or errors. Never includes the token or the secret in an error.
class OnOfficeProvider final : public Provider {
 public:
  explicit OnOfficeProvider(OnOfficeConfig config);

  std::string_view name() const noexcept override;
  Capabilities capabilities() const noexcept override;

  /// POST to the endpoint, `Content-Type: application/json`, not idempotent, signed at `ctx.now`.
  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override;
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                    const CallContext& ctx) const override;

 private:
  Result<void> check_config() const;
  Error vendor_error(const onoffice::WireAnswer& answer, int http_status, const CallContext& ctx) const;
  /// Replaces any occurrence of the token or the secret by "***" (a vendor may echo what it got).
  Error scrub(Error error) const;

  OnOfficeConfig config_;
  HmacSigner signer_;  // HMAC-SHA256 keyed with config_.secret, prepared once
};

}  // namespace paylink::detail
