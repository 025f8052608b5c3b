#pragma once
// SmarterPay Cloud adapter: URLs, authentication, capabilities and error mapping. The JSON mapping
// lives in smarterpay_wire. Pure: no I/O, no clock, no globals.

#include <string>
#include <string_view>

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
  /// A request with the URL and the headers every call carries; validates the configuration.
  Result<HttpRequest> base_request(HttpMethod method, std::string_view path) const;
  /// A write (`POST`/`PUT`) carrying `body`, `Content-Type` and `Idempotency-Key`.
  Result<HttpRequest> write_request(HttpMethod method, std::string_view path, std::string body,
                                    const CallContext& ctx) const;
  /// `paymentlink/{id}` with the id escaped, or a validation error for an empty id.
  Result<std::string> link_path(std::string_view id) const;
  /// Decodes a single-record response, or maps a failure status to an `Error`.
  Result<PaymentLink> decode_link_response(const HttpResponse& response) const;
  /// The `Error` for a non-2xx response.
  Error error_for(const HttpResponse& response) const;
  /// `response`, or a copy in `storage` with the bearer token blanked out of its body should the server
  /// ever echo it (so that no error message can quote it).
  const HttpResponse& scrubbed(const HttpResponse& response, HttpResponse& storage) const;

  SmarterPayConfig config_;
};

}  // namespace paylink::detail
