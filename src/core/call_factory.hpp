#pragma once
// Which adapter functions encode and decode each operation, and which key its call starts with: the
// one place every driver (the blocking Client, BatchRunner, and any later driver) gets its
// detail::Call from, so the drivers cannot drift apart.

#include <string>
#include <string_view>
#include <vector>

#include "core/call.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/update_link_request.hpp"

namespace paylink::detail {

/// Makes the calls of one client. A call refers to its arguments (request, id, query) until it has
/// ended, so the caller keeps them alive that long.
class CallFactory {
 public:
  explicit CallFactory(CallEnvironment env) : env_(std::move(env)) {}

  /// The adapter every call of this factory goes to.
  const Provider& provider() const noexcept { return env_.provider; }

  /// With the request's own idempotency key, or a new one.
  Call<PaymentLink> create(const CreateLinkRequest& request) const;
  Call<PaymentLink> get(std::string_view id) const;
  Call<Page<PaymentLink>> list(const ListQuery& query) const;
  Call<PaymentLink> expire(std::string_view id) const;
  Call<PaymentLink> update(std::string_view id, const UpdateLinkRequest& update) const;
  Call<Page<LinkPayment>> list_payments(std::string_view link_id, const ListQuery& query) const;
  Call<std::vector<PaymentMethod>> list_payment_methods() const;
  /// `Client::reconcile_create` at a vendor that takes idempotency keys: the create again, with the
  /// lost attempt's key, so that the vendor answers the first result or creates the link once.
  Call<PaymentLink> replay_create(const CreateLinkRequest& request, std::string reconcile_key) const;
  /// `Client::reconcile_create` at a vendor that can be asked whether the create happened (a read).
  Call<PaymentLink> reconcile(const CreateLinkRequest& request, std::string reconcile_key) const;

 private:
  CallEnvironment env_;
};

}  // namespace paylink::detail
