#pragma once
// The fake vendor's store: the links it keeps in memory, the failures scripted for the next requests,
// and its clock. One store is shared by a FakeVendor, its copies and the server behind every client made
// from them; whoever touches it holds `mutex`.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/error.hpp"
#include "paylink/provider.hpp"
#include "paylink/testing/fake_vendor.hpp"
#include "testing/fake_vendor_wire.hpp"

namespace paylink::testing {

namespace fake_vendor {

/// A failure scripted for one coming request.
struct Scripted {
  Error error;
  bool act_then_lose = false;  // lose_next_response: the vendor acts, then the answer is lost
};

}  // namespace fake_vendor

struct FakeVendor::State {
  using LinkRecord = fake_vendor::LinkRecord;

  FakeVendorOptions options;
  std::shared_ptr<const Provider> adapter;

  mutable std::mutex mutex;
  std::vector<LinkRecord> links;  // creation order; an index into it never changes
  std::map<std::string, std::size_t, std::less<>> by_id;
  std::map<std::string, std::size_t, std::less<>> by_request_key;
  /// A create with the caller's Idempotency-Key: its link, and its body, to refuse the key's reuse for
  /// another request.
  struct KeyedCreate {
    std::size_t index = 0;
    std::string request_body;
  };
  std::map<std::string, KeyedCreate, std::less<>> by_idempotency_key;
  std::deque<fake_vendor::Scripted> script;
  std::size_t requests = 0;
  std::uint64_t payments_made = 0;

  /// The vendor's clock, to whole seconds as the wire carries them.
  Timestamp now() const;

  /// The link with `id`, or nullptr.
  LinkRecord* find(std::string_view id);
  /// Keeps `link` under a new id ("fake_<n>"), with its keys when they are not empty.
  LinkRecord& add(LinkRecord link, const std::string& idempotency_key, const std::string& request_body,
                  const std::string& request_key);
  /// A link whose lifetime has passed by `at` reads as expired from then on.
  void refresh(LinkRecord& link, Timestamp at) const;
  /// Moves `link` to `status` as a payer or the vendor would (see FakeVendor::set_status).
  void set_status(LinkRecord& link, LinkStatus status, Timestamp at);

  /// Queues `scripted` for each of the next `count` requests.
  void add_script(const fake_vendor::Scripted& scripted, int count);
  /// Counts a request and takes the failure scripted for it, if any.
  std::optional<fake_vendor::Scripted> take_script();
};

}  // namespace paylink::testing
