#pragma once
/// @file provider.hpp
/// @brief The adapter interface: a pure translator between the domain model and one vendor's wire.

#include <string>
#include <string_view>
#include <vector>

#include "paylink/call_context.hpp"
#include "paylink/capabilities.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/credential_source.hpp"
#include "paylink/export.hpp"
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
class PAYLINK_EXPORT Provider {
 public:
  virtual ~Provider() = default;

  /// "onoffice", "multisafepay", "smarterpay", "qonto".
  virtual std::string_view name() const noexcept = 0;
  /// What the vendor supports, its idempotency and reconcile abilities and its documented rate limit.
  /// Must agree with the overrides: the client refuses an operation not declared here (`unsupported`,
  /// nothing sent) without calling its `encode_*`.
  virtual Capabilities capabilities() const noexcept = 0;
  /// The credentials this adapter holds (tokens, keys, secrets), as views valid while it lives. The
  /// client replaces each of them by "***" in every error it returns, so adapters scrub nothing
  /// themselves. Default: none.
  virtual std::vector<std::string_view> secrets() const { return {}; }
  /// Where the credentials of each attempt come from (`CallContext::credentials`), or null, the
  /// default, when the adapter uses only the fixed credentials of its configuration. The call loop
  /// reads it before every attempt, scrubs what it gives from every error, and after a 401 asks it
  /// once to renew them (`CredentialSource::renew_rejected`). It lives as long as the adapter.
  virtual CredentialSource* credential_source() const { return nullptr; }

  /// The request that creates `request`'s link, with `ctx.idempotency_key` where the vendor takes
  /// one (then `HttpRequest::idempotent` is true). Errors: `validation` naming the field and limit,
  /// nothing sent; `unsupported` by default.
  virtual Result<HttpRequest> encode_create(const CreateLinkRequest& request, const CallContext& ctx) const;
  /// The created link, or the error the response stands for (`auth`, `validation`, `conflict`,
  /// `rate_limited`, `provider`, … with the vendor's code and message; `invalid_response` when
  /// unreadable). `unsupported` by default.
  virtual Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest& request,
                                            const CallContext& ctx) const;

  /// The request that reads link `id`. Errors: `validation` (empty or malformed id); `unsupported`
  /// by default.
  virtual Result<HttpRequest> encode_get(std::string_view id, const CallContext& ctx) const;
  /// The link, or the error the response stands for (`not_found`, …, `invalid_response`).
  /// `unsupported` by default.
  virtual Result<PaymentLink> decode_get(const HttpResponse& response) const;

  /// The request for one page of links. Errors: `validation` for a status, sort field, filter, page
  /// size or cursor the vendor does not take; `unsupported` by default.
  virtual Result<HttpRequest> encode_list(const ListQuery& query, const CallContext& ctx) const;
  /// The page with `Page::next_cursor` set when another may follow, or the error the response stands
  /// for. `unsupported` by default.
  virtual Result<Page<PaymentLink>> decode_list(const HttpResponse& response, const ListQuery& query) const;

  /// The request that ends link `id` (expire, deactivate, cancel). Errors: `validation` (empty or
  /// malformed id); `unsupported` by default.
  virtual Result<HttpRequest> encode_expire(std::string_view id, const CallContext& ctx) const;
  /// The link as it is after ending, or the error the response stands for. `unsupported` by default.
  virtual Result<PaymentLink> decode_expire(const HttpResponse& response, std::string_view id) const;

  /// The request that applies `update` to link `id`. Errors: `validation` (a field the vendor does
  /// not take, nothing to send, an empty id); `unsupported` by default.
  virtual Result<HttpRequest> encode_update(std::string_view id, const UpdateLinkRequest& update,
                                            const CallContext& ctx) const;
  /// The updated link, or the error the response stands for. `unsupported` by default.
  virtual Result<PaymentLink> decode_update(const HttpResponse& response, std::string_view id) const;

  /// The request for one page of the payments of link `link_id`. Errors: `validation` (a filter the
  /// vendor does not take, a bad page size or cursor, an empty id); `unsupported` by default.
  virtual Result<HttpRequest> encode_list_payments(std::string_view link_id, const ListQuery& query,
                                                   const CallContext& ctx) const;
  /// The page of payments, or the error the response stands for. `unsupported` by default.
  virtual Result<Page<LinkPayment>> decode_list_payments(const HttpResponse& response, const ListQuery& query) const;

  /// The request for the account's payment methods. `unsupported` by default.
  virtual Result<HttpRequest> encode_list_payment_methods(const CallContext& ctx) const;
  /// The payment methods, or the error the response stands for. `unsupported` by default.
  virtual Result<std::vector<PaymentMethod>> decode_list_payment_methods(const HttpResponse& response) const;

  /// After an `ambiguous` create: a request that finds out whether the link was created, given the
  /// same request and the context of the lost attempt (same idempotency key). Its response is decoded
  /// with `decode_reconcile`; `not_found` there means the create did not happen.
  /// Errors: those of `encode_create`'s validation; `unsupported` by default.
  virtual Result<HttpRequest> encode_reconcile(const CreateLinkRequest& request, const CallContext& ctx) const;
  /// The link if the lost create happened; `not_found` if it did not; `conflict` if the key is taken
  /// by something else. `unsupported` by default.
  virtual Result<PaymentLink> decode_reconcile(const HttpResponse& response, const CreateLinkRequest& request,
                                               const CallContext& ctx) const;
  /// The key under which the vendor knows an attempted create, reported as `Error::reconcile_key`
  /// when its outcome is unknown: by default the idempotency key; MultiSafepay's order_id.
  virtual std::string reconcile_key(const CreateLinkRequest& request, const CallContext& ctx) const;
};

}  // namespace paylink
