// FakeVendor: a vendor of our own, kept in memory, so applications test their code without a network.
// It is built as a real vendor and its client are: an adapter (fake_vendor_adapter) that translates the
// domain to a small made-up wire (fake_vendor_wire), and a server (fake_vendor_server) that answers that
// wire from a store of links and scripted failures (fake_vendor_store), both held to the same rules
// (fake_vendor_rules). A client talks to the vendor only through the wire, so the real client loop —
// validation, retries, idempotency, pagination, logging — is exercised. This file joins the parts.
#include "paylink/testing/fake_vendor.hpp"

#include <algorithm>
#include <chrono>
#include <mutex>
#include <utility>

#include <fmt/format.h>

#include "core/json.hpp"
#include "testing/fake_vendor_adapter.hpp"
#include "testing/fake_vendor_server.hpp"
#include "testing/fake_vendor_store.hpp"
#include "testing/fake_vendor_wire.hpp"

namespace paylink::testing {
namespace {

using fake_vendor::LinkRecord;

// The link as a client reads it: through the wire and the adapter's reading of it, raw_json included.
PaymentLink client_view(const LinkRecord& link) {
  return fake_vendor::link_from(fake_vendor::link_json(link), 200).value();
}

}  // namespace

FakeVendor::FakeVendor(FakeVendorOptions options) : state_(std::make_shared<State>()) {
  options.default_page_size = std::max(1, options.default_page_size);
  options.max_page_size = std::max(options.default_page_size, options.max_page_size);
  state_->adapter = fake_vendor::make_adapter(options.max_page_size);
  state_->options = std::move(options);
}

Client FakeVendor::client(ClientOptions options) const {
  options.transport = fake_vendor::make_server(state_);
  if (!options.sleeper) options.sleeper = [](std::chrono::milliseconds) {};
  return Client(state_->adapter, std::move(options));
}

void FakeVendor::fail_next(Error error, int count) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->add_script({std::move(error), false}, count);
}

void FakeVendor::lose_next_response(int count) {
  Error lost = Error::make(ErrorCode::timeout, fmt::format("{}: the vendor acted on the request but its answer "
                                                           "was lost (scripted)",
                                                           provider_name));
  lost.request_sent = true;
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->add_script({std::move(lost), true}, count);
}

Result<PaymentLink> FakeVendor::set_status(std::string_view id, LinkStatus status) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  LinkRecord* link = state_->find(id);
  if (!link) {
    return Error::make(ErrorCode::not_found,
                       fmt::format("{}: no link \"{}\"", provider_name, detail::bounded_text(id, 80)));
  }
  state_->set_status(*link, status, state_->now());
  return client_view(*link);
}

std::vector<PaymentLink> FakeVendor::links() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  const Timestamp now = state_->now();
  std::vector<PaymentLink> out;
  out.reserve(state_->links.size());
  for (LinkRecord& link : state_->links) {
    state_->refresh(link, now);
    out.push_back(client_view(link));
  }
  return out;
}

std::optional<PaymentLink> FakeVendor::link(std::string_view id) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  LinkRecord* link = state_->find(id);
  if (!link) return std::nullopt;
  state_->refresh(*link, state_->now());
  return client_view(*link);
}

std::size_t FakeVendor::request_count() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->requests;
}

}  // namespace paylink::testing
