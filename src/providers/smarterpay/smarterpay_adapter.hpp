#pragma once
// SmarterPay Cloud adapter: URLs, authentication, capabilities and error mapping. The JSON mapping
// lives in smarterpay_wire. Pure: no I/O, no clock, no globals.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/provider.hpp"
#include "paylink/providers/smarterpay.hpp"

namespace paylink::detail {

/// `POST paymentlink`, `PUT paymentlink/{id}` (update, expire), `GET paymentlink/{id}`,
/// `GET paymentlinks` (paged by `page_no`). Bearer-token auth; creates and updates carry
/// `Idempotency-Key`, so every request it builds is safe to repeat.
class SmarterPayProvider final : public Provider {
 public:
  explicit SmarterPayProvider(SmarterPayConfig config);

  std::string_view name() const noexcept override;
  Capabilities capabilities() const noexcept override;
  std::vector<std::string_view> secrets() const override;
  /// `SmarterPayConfig::credentials`, or null.
  CredentialSource* credential_source() const override;

  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override;
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                    const CallContext& ctx) const override;

  Result<HttpRequest> encode_get(std::string_view id, const CallContext& ctx) const override;
  Result<PaymentLink> decode_get(const HttpResponse& response) const override;

  Result<HttpRequest> encode_list(const ListQuery& query, const CallContext& ctx) const override;
  Result<Page<PaymentLink>> decode_list(const HttpResponse& response, const ListQuery& query) const override;

  /// `PUT paymentlink/{id}` with `{"payment_link": {"status": "expired"}}`.
  Result<HttpRequest> encode_expire(std::string_view id, const CallContext& ctx) const override;
  Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view id) const override;

  /// `PUT paymentlink/{id}` with the metadata strings.
  Result<HttpRequest> encode_update(std::string_view id, const UpdateLinkRequest& update,
                                    const CallContext& ctx) const override;
  Result<PaymentLink> decode_update(const HttpResponse& response, std::string_view id) const override;

 private:
  /// The one place that joins the base URL, the path and the authentication headers; checks the
  /// configuration. A write (`body` set) also carries Content-Type and, when `ctx` has one,
  /// Idempotency-Key.
  /// The token of this attempt: the source's "bearer_token" when there is a source, else the configuration's.
  const Secret& bearer_token(const CallContext& ctx) const;
  Result<HttpRequest> make_request(HttpMethod method, std::string_view path, const CallContext& ctx,
                                   std::optional<std::string> body = std::nullopt) const;
  /// The one place that turns a failed answer into an `Error`.
  Error failure(const HttpResponse& response) const;
  /// `paymentlink/{id}`: the one place an id enters a URL path.
  Result<std::string> link_path(std::string_view id) const;

  SmarterPayConfig config_;
};

}  // namespace paylink::detail
