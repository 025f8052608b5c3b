#pragma once
// The checks a call passes before it is made, and the choice of call behind reconcile_create: shared
// by every driver, so that AsyncClient refuses and reconciles exactly as Client does.

#include <optional>
#include <string_view>
#include <variant>

#include "core/call.hpp"
#include "core/call_factory.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/error.hpp"
#include "paylink/provider.hpp"

namespace paylink::detail {

/// An id becomes one URL path segment at every vendor: "", "." and ".." would change the route
/// (libcurl removes dot segments), so they are refused before any adapter is asked. Nothing when the
/// vendor lacks `op`: the call then answers `unsupported`.
std::optional<Error> refuse_unroutable_id(const Provider& provider, Operation op, std::string_view id,
                                          std::string_view field = "id");

/// The call behind `Client::reconcile_create`, or the error that refuses it before anything is sent.
/// The call refers to `request` until it ends.
std::variant<Error, Call<PaymentLink>> reconcile_create_call(const CallFactory& calls, const Provider& provider,
                                                             const CreateLinkRequest& request,
                                                             const std::string& reconcile_key);

}  // namespace paylink::detail
