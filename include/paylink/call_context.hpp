#pragma once
/// @file call_context.hpp
/// @brief What the client hands an adapter for one attempt: time and randomness come in, never go out.

#include <memory>
#include <string>

#include "paylink/timestamp.hpp"

namespace paylink {

class Credentials;

/// Per-attempt input to an adapter's encode functions. Adapters never read a clock or a random source
/// themselves, so they are pure and testable byte for byte.
struct CallContext {
  /// Now, from the client's clock; fresh for every attempt (onOffice signs it).
  Timestamp now{};
  /// Made once per logical call before the first attempt (or taken from the request) and the same on
  /// every attempt: the vendor idempotency key, or MultiSafepay's generated order_id.
  std::string idempotency_key;
  /// 1 for the first attempt.
  int attempt = 1;
  /// This attempt's credentials, read by the call loop from `Provider::credential_source()` just before
  /// encoding. Null when the adapter has no source (or is called directly, as in fixture tests): the
  /// adapter then uses the fixed credentials of its configuration.
  std::shared_ptr<const Credentials> credentials;
};

}  // namespace paylink
