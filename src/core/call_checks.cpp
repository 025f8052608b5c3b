#include "core/call_checks.hpp"

#include "core/url.hpp"

namespace paylink::detail {

std::optional<Error> refuse_unroutable_id(const Provider& provider, Operation op, std::string_view id,
                                          std::string_view field) {
  if (!provider.capabilities().supports(op)) return std::nullopt;
  auto segment = path_segment(id, field);
  if (segment) return std::nullopt;
  return std::move(segment).error();
}

std::variant<Error, Call<PaymentLink>> reconcile_create_call(const CallFactory& calls, const Provider& provider,
                                                             const CreateLinkRequest& request,
                                                             const std::string& reconcile_key) {
  const Capabilities caps = provider.capabilities();
  if (!caps.reconcile_create && !caps.idempotent_create) return Error::unsupported(provider.name(), "reconcile_create");
  if (reconcile_key.empty()) {
    return Error::validation("reconcile_key", "reconcile_create needs the reconcile_key of an ambiguous create");
  }
  // A keyed vendor answers a repeated create with the first one's result: replaying it with the same
  // key finds the link if it was made, and makes it (once) if it was not.
  if (!caps.reconcile_create) return calls.replay_create(request, reconcile_key);
  // Otherwise the vendor is asked with the same key as the lost attempt (a read; MultiSafepay puts it
  // in the path).
  if (auto refused = refuse_unroutable_id(provider, Operation::create, reconcile_key, "reconcile_key")) {
    return std::move(*refused);
  }
  return calls.reconcile(request, reconcile_key);
}

}  // namespace paylink::detail
