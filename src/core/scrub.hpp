#pragma once
// Secret scrubbing, one rule for every vendor: the call loop passes every `Error` it returns through
// `scrub_secrets` with the adapter's credentials (`Provider::secrets`), so a vendor that echoes a
// credential back, or a message built from a request, can never carry it to the caller. Adapters do no
// scrubbing of their own.

#include <string>
#include <string_view>
#include <vector>

#include "paylink/error.hpp"

namespace paylink::detail {

inline constexpr std::string_view kScrubbed = "***";

/// `text` with every occurrence of every non-empty secret, and of its percent-encoded form, replaced by
/// "***". The rule has no minimum length: a short secret that blanks a few letters of a message is a
/// lesser harm than a message that carries part of a credential. Longer secrets are replaced first, so
/// that a secret containing another is replaced whole.
std::string scrub_text(std::string text, const std::vector<std::string_view>& secrets);

/// `error` with `scrub_text` applied to every string field.
Error scrub_secrets(Error error, const std::vector<std::string_view>& secrets);

}  // namespace paylink::detail
