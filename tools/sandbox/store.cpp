#include "store.hpp"

#include <algorithm>

namespace paylink_sandbox {

const char* vendor_name(Vendor v) {
  switch (v) {
    case Vendor::onoffice:
      return "onoffice";
    case Vendor::multisafepay:
      return "multisafepay";
    case Vendor::smarterpay:
      return "smarterpay";
    case Vendor::qonto:
      return "qonto";
  }
  return "unknown";
}

const char* state_name(LinkState s) {
  switch (s) {
    case LinkState::open:
      return "open";
    case LinkState::paid:
      return "paid";
    case LinkState::canceled:
      return "canceled";
    case LinkState::expired:
      return "expired";
  }
  return "unknown";
}

std::int64_t StoreData::now() const { return unix_now() + clock_offset_; }

std::string StoreData::unique_id(const std::function<std::string()>& make) const {
  for (;;) {
    std::string id = make();
    if (links_.find(id) == links_.end()) return id;
  }
}

Link& StoreData::insert(Link link) {
  link.seq = next_seq_++;
  const std::string id = link.id;
  vendor_index_[std::string(vendor_name(link.vendor)) + "|" + link.vendor_id] = id;
  if (link.expires_at) expiries_.emplace(*link.expires_at, id);
  auto [it, inserted] = links_.insert_or_assign(id, std::move(link));
  (void)inserted;
  return it->second;
}

Link* StoreData::find(const std::string& id) {
  auto it = links_.find(id);
  return it == links_.end() ? nullptr : &it->second;
}

Link* StoreData::find_by_vendor_id(Vendor v, const std::string& vendor_id) {
  auto it = vendor_index_.find(std::string(vendor_name(v)) + "|" + vendor_id);
  return it == vendor_index_.end() ? nullptr : find(it->second);
}

namespace {

std::vector<const Link*> sorted_by_seq(std::vector<const Link*> out) {
  std::sort(out.begin(), out.end(), [](const Link* a, const Link* b) { return a->seq < b->seq; });
  return out;
}

}  // namespace

std::vector<const Link*> StoreData::links_of(Vendor v) const {
  std::vector<const Link*> out;
  for (const auto& [id, link] : links_) {
    if (link.vendor == v) out.push_back(&link);
  }
  return sorted_by_seq(std::move(out));
}

std::vector<const Link*> StoreData::all_links() const {
  std::vector<const Link*> out;
  for (const auto& [id, link] : links_) out.push_back(&link);
  return sorted_by_seq(std::move(out));
}

bool StoreData::transition(Link& link, LinkState to) {
  if (link.state != LinkState::open || to == LinkState::open) return false;
  const std::int64_t t = now();
  link.state = to;
  link.modified_at = t;
  if (to == LinkState::paid) {
    link.completed_at = t;
  } else {
    link.closed_at = t;
  }
  return true;
}

std::vector<Link> StoreData::expire_due() {
  std::vector<Link> changed;
  const std::int64_t t = now();
  while (!expiries_.empty() && expiries_.begin()->first <= t) {
    const std::string id = expiries_.begin()->second;
    expiries_.erase(expiries_.begin());
    Link* link = find(id);
    if (link != nullptr && link->expires_at && *link->expires_at <= t && transition(*link, LinkState::expired)) {
      changed.push_back(*link);
    }
  }
  return changed;
}

std::optional<CachedResponse> StoreData::idempotent_get(const std::string& ns, const std::string& key) {
  const auto it = idempotency_.find(ns + "|" + key);
  if (it == idempotency_.end()) return std::nullopt;
  if (it->second.expires_at <= now()) {
    idempotency_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void StoreData::idempotent_put(const std::string& ns, const std::string& key, CachedResponse response) {
  idempotency_[ns + "|" + key] = std::move(response);
}

void StoreData::reset() {
  links_.clear();
  vendor_index_.clear();
  expiries_.clear();
  idempotency_.clear();
  clock_offset_ = 0;
  // next_seq_ keeps counting: it only orders links.
}

}  // namespace paylink_sandbox
