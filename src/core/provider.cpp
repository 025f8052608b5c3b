// Defaults of the adapter interface: every operation is unsupported until an adapter overrides it.
#include "paylink/provider.hpp"

namespace paylink {

Result<HttpRequest> Provider::encode_create(const CreateLinkRequest&, const CallContext&) const {
  return Error::unsupported(name(), "create");
}
Result<PaymentLink> Provider::decode_create(const HttpResponse&, const CreateLinkRequest&, const CallContext&) const {
  return Error::unsupported(name(), "create");
}
Result<HttpRequest> Provider::encode_get(std::string_view, const CallContext&) const {
  return Error::unsupported(name(), "get");
}
Result<PaymentLink> Provider::decode_get(const HttpResponse&) const { return Error::unsupported(name(), "get"); }
Result<HttpRequest> Provider::encode_list(const ListQuery&, const CallContext&) const {
  return Error::unsupported(name(), "list");
}
Result<Page<PaymentLink>> Provider::decode_list(const HttpResponse&, const ListQuery&) const {
  return Error::unsupported(name(), "list");
}
Result<HttpRequest> Provider::encode_expire(std::string_view, const CallContext&) const {
  return Error::unsupported(name(), "expire");
}
Result<PaymentLink> Provider::decode_expire(const HttpResponse&, std::string_view) const {
  return Error::unsupported(name(), "expire");
}
Result<HttpRequest> Provider::encode_update(std::string_view, const UpdateLinkRequest&, const CallContext&) const {
  return Error::unsupported(name(), "update");
}
Result<PaymentLink> Provider::decode_update(const HttpResponse&, std::string_view) const {
  return Error::unsupported(name(), "update");
}
Result<HttpRequest> Provider::encode_list_payments(std::string_view, const ListQuery&, const CallContext&) const {
  return Error::unsupported(name(), "list_payments");
}
Result<Page<LinkPayment>> Provider::decode_list_payments(const HttpResponse&, const ListQuery&) const {
  return Error::unsupported(name(), "list_payments");
}
Result<HttpRequest> Provider::encode_list_payment_methods(const CallContext&) const {
  return Error::unsupported(name(), "list_payment_methods");
}
Result<std::vector<PaymentMethod>> Provider::decode_list_payment_methods(const HttpResponse&) const {
  return Error::unsupported(name(), "list_payment_methods");
}
Result<HttpRequest> Provider::encode_reconcile(const CreateLinkRequest&, const CallContext&) const {
  return Error::unsupported(name(), "reconcile_create");
}
Result<PaymentLink> Provider::decode_reconcile(const HttpResponse&, const CreateLinkRequest&,
                                               const CallContext&) const {
  return Error::unsupported(name(), "reconcile_create");
}

std::string Provider::reconcile_key(const CreateLinkRequest&, const CallContext& ctx) const {
  return ctx.idempotency_key;
}

}  // namespace paylink
