#include "core/call_factory.hpp"

namespace paylink::detail {

Call<PaymentLink> CallFactory::create(const CreateLinkRequest& request) const {
  const Provider& p = env_.provider;
  return Call<PaymentLink>(
      env_, Operation::create, request.idempotency_key,
      [&p, &request](const CallContext& ctx) { return p.encode_create(request, ctx); },
      [&p, &request](const HttpResponse& r, const CallContext& ctx) { return p.decode_create(r, request, ctx); },
      [&p, &request](const CallContext& ctx) { return p.reconcile_key(request, ctx); });
}

Call<PaymentLink> CallFactory::get(std::string_view id) const {
  const Provider& p = env_.provider;
  return Call<PaymentLink>(
      env_, Operation::get, {}, [&p, id](const CallContext& ctx) { return p.encode_get(id, ctx); },
      [&p](const HttpResponse& r, const CallContext&) { return p.decode_get(r); });
}

Call<Page<PaymentLink>> CallFactory::list(const ListQuery& query) const {
  const Provider& p = env_.provider;
  return Call<Page<PaymentLink>>(
      env_, Operation::list, {}, [&p, &query](const CallContext& ctx) { return p.encode_list(query, ctx); },
      [&p, &query](const HttpResponse& r, const CallContext&) { return p.decode_list(r, query); });
}

Call<PaymentLink> CallFactory::expire(std::string_view id) const {
  const Provider& p = env_.provider;
  return Call<PaymentLink>(
      env_, Operation::expire, {}, [&p, id](const CallContext& ctx) { return p.encode_expire(id, ctx); },
      [&p, id](const HttpResponse& r, const CallContext&) { return p.decode_expire(r, id); });
}

Call<PaymentLink> CallFactory::update(std::string_view id, const UpdateLinkRequest& update) const {
  const Provider& p = env_.provider;
  return Call<PaymentLink>(
      env_, Operation::update, update.idempotency_key,
      [&p, id, &update](const CallContext& ctx) { return p.encode_update(id, update, ctx); },
      [&p, id](const HttpResponse& r, const CallContext&) { return p.decode_update(r, id); });
}

Call<Page<LinkPayment>> CallFactory::list_payments(std::string_view link_id, const ListQuery& query) const {
  const Provider& p = env_.provider;
  return Call<Page<LinkPayment>>(
      env_, Operation::list_payments, {},
      [&p, link_id, &query](const CallContext& ctx) { return p.encode_list_payments(link_id, query, ctx); },
      [&p, &query](const HttpResponse& r, const CallContext&) { return p.decode_list_payments(r, query); });
}

Call<std::vector<PaymentMethod>> CallFactory::list_payment_methods() const {
  const Provider& p = env_.provider;
  return Call<std::vector<PaymentMethod>>(
      env_, Operation::list_payment_methods, {},
      [&p](const CallContext& ctx) { return p.encode_list_payment_methods(ctx); },
      [&p](const HttpResponse& r, const CallContext&) { return p.decode_list_payment_methods(r); });
}

Call<PaymentLink> CallFactory::replay_create(const CreateLinkRequest& request, std::string reconcile_key) const {
  const Provider& p = env_.provider;
  return Call<PaymentLink>(
      env_, Operation::create, std::move(reconcile_key),
      [&p, &request](const CallContext& ctx) { return p.encode_create(request, ctx); },
      [&p, &request](const HttpResponse& r, const CallContext& ctx) { return p.decode_create(r, request, ctx); });
}

Call<PaymentLink> CallFactory::reconcile(const CreateLinkRequest& request, std::string reconcile_key) const {
  const Provider& p = env_.provider;
  return Call<PaymentLink>(
      env_, Operation::create, std::move(reconcile_key),
      [&p, &request](const CallContext& ctx) { return p.encode_reconcile(request, ctx); },
      [&p, &request](const HttpResponse& r, const CallContext& ctx) { return p.decode_reconcile(r, request, ctx); });
}

}  // namespace paylink::detail
