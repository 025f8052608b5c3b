// paylink payments and paylink payment-methods: what was paid through a link, and what the account can
// offer on its links (Qonto).
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// `paylink payments --provider P LINK_ID [--status S] [--limit N] [--all]`: one line per payment.
int payments(const Arguments& args, const Console& console);

/// `paylink payment-methods --provider P`: one line per method, enabled or not.
int payment_methods(const Arguments& args, const Console& console);

}  // namespace paylink_cli
