#pragma once
/// @file provider.hpp
/// @brief The adapter interface: a pure translator between the domain model and one vendor's wire.

#include <string>
#include <string_view>
#include <vector>

#include "paylink/call_context.hpp"
#include "paylink/capabilities.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/update_link_request.hpp"

namespace paylink {

/// Turns calls into `HttpRequest`s and `HttpResponse`s back into results. No I/O, no clock, no globals:
/// everything varying comes in through `CallContext`. `encode_*` validates its input and returns a
/// `validation` error naming the field and limit before anything can be sent. `decode_*` maps every
/// response, success or failure, and answers `invalid_response` for anything it cannot read.
///
/// Every function has a default that returns `unsupported`; an adapter overrides what its
/// `capabilities()` declare.
class Provider {
 public:
  virtual ~Provider() = default;

  /// "onoffice", "multisafepay", "smarterpay", "qonto".
  virtual std::string_view name() const noexcept = 0;
  virtual Capabilities capabilities() const noexcept = 0;

  virtual Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const;
  virtual Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                            const CallContext& ctx) const;

  virtual Result<HttpRequest> encode_get(std::string_view id, const CallContext& ctx) const;
  virtual Result<PaymentLink> decode_get(const HttpResponse& response) const;

  virtual Result<HttpRequest> encode_list(const ListQuery& query, const CallContext& ctx) const;
  virtual Result<Page<PaymentLink>> decode_list(const HttpResponse& response, const ListQuery& query) const;

  virtual Result<HttpRequest> encode_expire(std::string_view id, const CallContext& ctx) const;
  virtual Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view id) const;

  virtual Result<HttpRequest> encode_update(std::string_view id, const UpdateLinkRequest& update,
                                            const CallContext& ctx) const;
  virtual Result<PaymentLink> decode_update(const HttpResponse& response, std::string_view id) const;

  virtual Result<HttpRequest> encode_list_payments(std::string_view link_id, const ListQuery& query,
                                                   const CallContext& ctx) const;
  virtual Result<Page<LinkPayment>> decode_list_payments(const HttpResponse& response,
                                                         const ListQuery& query) const;

  virtual Result<HttpRequest> encode_list_payment_methods(const CallContext& ctx) const;
  virtual Result<std::vector<PaymentMethod>> decode_list_payment_methods(const HttpResponse& response) const;

  /// After an `ambiguous` create: a request that finds out whether the link was created, given the
  /// same request and the context of the lost attempt (same idempotency key). Its response is decoded
  /// with `decode_reconcile`; `not_found` there means the create did not happen.
  virtual Result<HttpRequest> encode_reconcile(const CreateLinkRequest& request, const CallContext& ctx) const;
  virtual Result<PaymentLink> decode_reconcile(const HttpResponse& response, const CreateLinkRequest& request,
                                               const CallContext& ctx) const;
};

}  // namespace paylink
