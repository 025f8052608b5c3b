#pragma once
// MultiSafepay adapter: URLs, authentication, capabilities and error mapping. The JSON of orders lives in
// multisafepay_wire.{hpp,cpp}; notification verification in multisafepay_webhook.cpp.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/providers/multisafepay.hpp"

namespace paylink::detail {

class MultiSafepayProvider final : public Provider {
 public:
  explicit MultiSafepayProvider(MultiSafepayConfig config);

  std::string_view name() const noexcept override;
  Capabilities capabilities() const noexcept override;
  /// The website API key.
  std::vector<std::string_view> secrets() const override;
  /// `MultiSafepayConfig::credentials`, or null.
  CredentialSource* credential_source() const override;

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
  /// The order if it exists (`conflict` if it exists with another amount: the order_id was taken
  /// before), `not_found` if the create did not happen.
  Result<PaymentLink> decode_reconcile(const HttpResponse& response, const CreateLinkRequest& request,
                                       const CallContext& ctx) const override;
  /// The order_id: MultiSafepay knows an attempted create by it.
  std::string reconcile_key(const CreateLinkRequest& request, const CallContext& ctx) const override;

 private:
  /// What a failure means depends on the call: 1006 is a duplicate order_id on create, an unknown one
  /// on get and cancel (GET orders/{id} answers 404 with error 1006, OpenAPI orders@{psp_id}.yaml).
  enum class Call { create, read, cancel };

  /// The one place that joins the base URL, the path and the authentication header.
  /// The API key of this attempt: the source's "api_key" when there is a source, else the configuration's.
  const Secret& api_key(const CallContext& ctx) const;
  Result<HttpRequest> make_request(const CallContext& ctx, HttpMethod method, std::string_view path, std::string body,
                                   bool idempotent) const;
  /// The one place that turns an answer into an `Error`; nullopt when it is a success for the wire to read.
  std::optional<Error> failure(const HttpResponse& response, Call call) const;
  /// The path of order `id`, checked as an order_id (errors name `field`).
  Result<std::string> link_path(std::string_view id, std::string_view field) const;

  MultiSafepayConfig config_;
  Result<std::string> base_url_;  ///< Checked once, reported on every call.
};

}  // namespace paylink::detail
