// The sandbox's in-memory state: every link of every vendor, the idempotency caches and the clock.
//
// Thread safety: httplib serves requests on a thread pool. All state sits behind one mutex and is
// reached only through Store::with_lock, so a vendor handler's check-then-act (idempotency lookup,
// duplicate order id, create) is atomic. Handlers hold the lock only while computing, never during
// I/O: notifications are sent after it is released.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "util.hpp"

namespace paylink_sandbox {

enum class Vendor { onoffice, multisafepay, smarterpay, qonto };
const char* vendor_name(Vendor v);

// The sandbox's own, vendor-neutral life cycle of a link. Each vendor module maps it to its words.
enum class LinkState { open, paid, canceled, expired };
const char* state_name(LinkState s);

struct QontoPayment {
  std::string id;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::int64_t created_at = 0;
  std::int64_t paid_at = 0;
  std::string payment_method;
  std::string debitor_email;
};

struct Link {
  Vendor vendor = Vendor::onoffice;
  std::string id;         // the payment-page id (/pay/<id>); unique across vendors
  std::string vendor_id;  // the id the vendor API uses: MultiSafepay's order_id, else == id
  LinkState state = LinkState::open;
  std::optional<std::int64_t> amount_minor;  // exact, in the currency's minor units
  std::string currency;                      // ISO 4217; may be empty (SmarterPay)
  std::string description;
  std::int64_t created_at = 0;
  std::int64_t modified_at = 0;
  std::optional<std::int64_t> expires_at;
  std::optional<std::int64_t> visited_at;
  std::optional<std::int64_t> completed_at;  // paid
  std::optional<std::int64_t> closed_at;     // canceled or expired
  std::uint64_t seq = 0;                     // creation order, a stable tie-breaker for sorting
  json fields = json::object();              // vendor-specific data as the vendor module stored it
  std::vector<QontoPayment> payments;
  std::string return_url;  // shown on the payment page after a state change, when set
};

struct CachedResponse {
  int status = 200;
  std::string body;
  std::string content_type;
  std::int64_t expires_at = 0;
};

// The data behind the mutex. Only reachable inside Store::with_lock.
class StoreData {
 public:
  // The sandbox clock: the wall clock plus an offset tests may advance (POST /__sandbox/clock).
  // It drives creation times and expiries; onOffice's timestamp window uses the real clock.
  std::int64_t now() const;
  std::int64_t clock_offset() const { return clock_offset_; }
  void advance_clock(std::int64_t seconds) { clock_offset_ += seconds; }

  // A fresh page id, unique across vendors: prefix + make() retried until unused.
  std::string unique_id(const std::function<std::string()>& make) const;

  Link& insert(Link link);  // assigns seq, indexes it, schedules its expiry
  Link* find(const std::string& id);
  Link* find_by_vendor_id(Vendor v, const std::string& vendor_id);
  std::vector<const Link*> links_of(Vendor v) const;  // in creation order
  std::vector<const Link*> all_links() const;         // in creation order

  // Moves an open link to `to`; false when the link is not open (the move is refused).
  bool transition(Link& link, LinkState to);

  // Expires every open link whose expiry has passed and returns copies of them.
  std::vector<Link> expire_due();

  // Idempotency: namespace is the vendor ("qonto", "smarterpay"); entries expire.
  std::optional<CachedResponse> idempotent_get(const std::string& ns, const std::string& key);
  void idempotent_put(const std::string& ns, const std::string& key, CachedResponse response);

  void reset();

 private:
  std::map<std::string, Link> links_;                  // by page id
  std::map<std::string, std::string> vendor_index_;    // "<vendor>|<vendor_id>" -> page id
  std::multimap<std::int64_t, std::string> expiries_;  // expires_at -> page id
  std::map<std::string, CachedResponse> idempotency_;  // "<ns>|<key>"
  std::int64_t clock_offset_ = 0;
  std::uint64_t next_seq_ = 1;
};

class Store {
 public:
  template <class F>
  auto with_lock(F&& f) {
    std::lock_guard<std::mutex> lock(mutex_);
    return f(data_);
  }

 private:
  std::mutex mutex_;
  StoreData data_;
};

}  // namespace paylink_sandbox
