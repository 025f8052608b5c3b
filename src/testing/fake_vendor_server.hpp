#pragma once
// The fake vendor's server: an in-memory Transport that answers the fake's wire (fake_vendor_wire.hpp)
// from the store (fake_vendor_store.hpp), checking the fake's rules again on arrival, and that delivers
// the failures scripted for the next requests instead of, or after, acting on them.

#include <memory>

#include "paylink/testing/fake_vendor.hpp"
#include "paylink/transport.hpp"

namespace paylink::testing::fake_vendor {

/// A transport answering from `store`; every client of a FakeVendor gets one.
std::shared_ptr<Transport> make_server(std::shared_ptr<FakeVendor::State> store);

}  // namespace paylink::testing::fake_vendor
