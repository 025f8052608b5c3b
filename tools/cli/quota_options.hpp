// --quota-redis URL (or PAYLINK_QUOTA_REDIS_URL) and --quota-name NAME: one vendor quota shared with
// every other paylink process that names the same Redis, vendor and quota name.
#pragma once

#include "arguments.hpp"
#include "paylink/client.hpp"

namespace paylink_cli {

/// `client` again, paced by the shared Redis quota when --quota-redis or PAYLINK_QUOTA_REDIS_URL names
/// one (the flag wins), else unchanged. The quota's windows are the vendor's documented ones, its name
/// --quota-name (default: the vendor's name). Throws `Failure` (exit 2) for a URL or name it cannot use,
/// for --quota-name without a Redis URL, and for a paylink built without Redis. Redis is reached at the
/// first request: if it cannot be, each call fails closed (exit 4) and nothing is sent.
paylink::Client with_shared_quota(const Arguments& args, paylink::Client client);

}  // namespace paylink_cli
