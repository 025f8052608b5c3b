#pragma once
// MultiSafepay adapter: URLs, authentication, capabilities and error mapping. The JSON of orders lives in
// multisafepay_wire.{hpp,cpp}; notification verification in multisafepay_webhook.cpp.

#include <string>
#include <string_view>

#include "core/json_document.hpp"
#include "paylink/providers/multisafepay.hpp"

namespace paylink::detail {

class MultiSafepayProvider final : public Provider {
 public:
  // --- The vendor -----------------------------------------------------------------------------------
  // Base URLs (php-sdk src/Client/Client.php). Authentication: the website API key in the `api_key`
  // header (the vendor also takes ?api_key=, which we never use: URLs get logged).
  static constexpr std::string_view kTestBaseUrl = "https://testapi.multisafepay.com/v1/json/";
  static constexpr std::string_view kLiveBaseUrl = "https://api.multisafepay.com/v1/json/";
  // Create, get, cancel (as expire) and reconcile-by-get. Creates carry no idempotency key: a duplicate
  // order_id is refused (error 1006), so after an ambiguous create the client asks with a get instead.
  static constexpr Capabilities kCapabilities = [] {
    Capabilities c;
    c.create = true;
    c.get = true;
    c.expire = true;
    c.idempotent_create = false;
    c.reconcile_create = true;
    return c;
  }();

  explicit MultiSafepayProvider(MultiSafepayConfig config);

  std::string_view name() const noexcept override;
  Capabilities capabilities() const noexcept override;

  // --- Verbs ----------------------------------------------------------------------------------------
  /// POST orders. Never marked idempotent: the vendor has no idempotency key.
  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override;
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                    const CallContext& ctx) const override;
  /// GET orders/{order_id}.
  Result<HttpRequest> encode_get(std::string_view id, const CallContext& ctx) const override;
  Result<PaymentLink> decode_get(const HttpResponse& response) const override;
  /// PATCH orders/{order_id} {"status":"cancelled","exclude_order":true}. Marked idempotent: setting the
  /// same status twice has the effect of setting it once.
  Result<HttpRequest> encode_expire(std::string_view id, const CallContext& ctx) const override;
  /// The documented answer is {"success":true,"data":{}}: the link is reported canceled with raw status
  /// "cancelled" [I]; when the vendor does send an order, it is read instead.
  Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view id) const override;
  /// GET orders/{order_id} with the order_id the lost create used.
  Result<HttpRequest> encode_reconcile(const CreateLinkRequest& request, const CallContext& ctx) const override;
  /// The order_id: MultiSafepay knows an attempted create by it.
  std::string reconcile_key(const CreateLinkRequest& request, const CallContext& ctx) const override;
  /// The order if it exists (`conflict` if it exists with another amount: the order_id was taken
  /// before), `not_found` if the create did not happen.
  Result<PaymentLink> decode_reconcile(const HttpResponse& response, const CreateLinkRequest& request,
                                       const CallContext& ctx) const override;

 private:
  // --- Builders -------------------------------------------------------------------------------------
  /// What a failure means depends on the call: 1006 is a duplicate order_id on create, an unknown one
  /// on get and cancel (GET orders/{id} answers 404 with error 1006, OpenAPI orders@{psp_id}.yaml).
  enum class Call { create, read, cancel };

  std::string base_url() const;
  Result<HttpRequest> request(HttpMethod method, std::string_view path, std::string body, bool idempotent) const;
  /// A {"success":true,"data":{…}} answer (its `data` object: success_data(document)), or the error
  /// the answer means.
  Result<JsonDocument> success_document(const HttpResponse& response, Call call) const;
  /// The error of a {"success":false,"error_code":…,"error_info":…} answer.
  Error vendor_error(const HttpResponse& response, JsonNode body, Call call) const;
  /// Replaces any echo of the API key in vendor text, so that no error can carry it.
  Error scrubbed(Error error) const;

  MultiSafepayConfig config_;
};

}  // namespace paylink::detail
