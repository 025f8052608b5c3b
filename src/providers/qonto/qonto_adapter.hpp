#pragma once
// Qonto Business API v2 payment links: URLs, authentication, capabilities and error mapping. The JSON
// bodies and list queries are qonto_wire.*'s. A pure translator: no I/O, no clock, no globals.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/provider.hpp"
#include "paylink/providers/qonto.hpp"
#include "providers/qonto/qonto_oauth.hpp"

namespace paylink::detail {

/// Qonto's adapter. Creates carry `X-Qonto-Idempotency-Key` (the client's key, the same on every
/// attempt), so they are retried safely; reads are idempotent; deactivate is treated as idempotent.
class QontoProvider final : public Provider {
 public:
  explicit QontoProvider(QontoConfig config);

  std::string_view name() const noexcept override;
  Capabilities capabilities() const noexcept override;
  /// The access token, login, secret key and staging token, and the OAuth secrets as configured.
  std::vector<std::string_view> secrets() const override;
  /// The OAuth refresher (`QontoConfig::oauth`), else `QontoConfig::credentials`, else null.
  CredentialSource* credential_source() const override;

  Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const override;
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                    const CallContext& ctx) const override;

  Result<HttpRequest> encode_get(std::string_view id, const CallContext& ctx) const override;
  Result<PaymentLink> decode_get(const HttpResponse& response) const override;

  Result<HttpRequest> encode_list(const ListQuery& query, const CallContext& ctx) const override;
  Result<Page<PaymentLink>> decode_list(const HttpResponse& response, const ListQuery& query) const override;

  /// Deactivate: `PATCH /v2/payment_links/{id}/deactivate`, no body.
  Result<HttpRequest> encode_expire(std::string_view id, const CallContext& ctx) const override;
  Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view id) const override;

  Result<HttpRequest> encode_list_payments(std::string_view link_id, const ListQuery& query,
                                           const CallContext& ctx) const override;
  Result<Page<LinkPayment>> decode_list_payments(const HttpResponse& response, const ListQuery& query) const override;

  Result<HttpRequest> encode_list_payment_methods(const CallContext& ctx) const override;
  Result<std::vector<PaymentMethod>> decode_list_payment_methods(const HttpResponse& response) const override;

 private:
  /// What every request starts from, checked and built once from the configuration (which cannot
  /// change): the base URL and the sandbox and Accept headers, and the Authorization header when the
  /// credentials are fixed (no `oauth`, no `credentials` source).
  struct RequestBase {
    std::string base_url;
    HttpHeaders headers;
  };
  static Result<RequestBase> request_base(const QontoConfig& config);

  /// A request to `path` + `query` with the base's headers; the configuration's `validation` error
  /// otherwise (every call reports it, as the first check).
  /// "Bearer <access_token>" or "<login>:<secret_key>" from `credentials`; `validation` naming the part.
  static Result<std::string> authorization(const Credentials& credentials);
  /// With a credential source, the Authorization header is built from `ctx.credentials`.
  Result<HttpRequest> make_request(const CallContext& ctx, HttpMethod method, std::string_view path,
                                   std::string_view query = {}) const;
  /// The error a response stands for (non-2xx, the sandbox's login wall, a 2xx that is not JSON);
  /// nullopt for a 2xx that the wire should decode.
  std::optional<Error> failure(const HttpResponse& response) const;
  /// "/v2/payment_links/{id}{suffix}": the one place an id goes into a path.
  static Result<std::string> link_path(std::string_view id, std::string_view suffix = {});

  QontoConfig config_;
  std::unique_ptr<QontoOAuthSource> oauth_;  // with QontoConfig::oauth
  Result<RequestBase> request_base_;         // after config_, from which it is built
};

}  // namespace paylink::detail
