// paylink reconcile: after a create whose outcome is unknown (exit 5), finds out whether the link exists.
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// `paylink reconcile --provider P --reconcile-key KEY <the create's flags>` (Client::reconcile_create).
int reconcile(const Arguments& args, const Console& console);

}  // namespace paylink_cli
