#pragma once
// The fake vendor's adapter: translates the domain to the fake's wire (fake_vendor_wire.hpp) and back,
// after checking the fake's rules (fake_vendor_rules.hpp), so that a refused call sends nothing. Pure, as
// every adapter is: no I/O, no clock.

#include <memory>

#include "paylink/provider.hpp"

namespace paylink::testing::fake_vendor {

/// The adapter of a vendor whose pages hold at most `max_page_size` items.
std::shared_ptr<const Provider> make_adapter(int max_page_size);

}  // namespace paylink::testing::fake_vendor
