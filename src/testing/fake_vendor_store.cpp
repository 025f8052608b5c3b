#include "testing/fake_vendor_store.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include <fmt/format.h>

namespace paylink::testing {

using LinkRecord = FakeVendor::State::LinkRecord;

Timestamp FakeVendor::State::now() const {
  const Timestamp t = options.clock ? options.clock() : std::chrono::system_clock::now();
  return std::chrono::floor<std::chrono::seconds>(t);
}

LinkRecord* FakeVendor::State::find(std::string_view id) {
  const auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : &links[it->second];
}

LinkRecord& FakeVendor::State::add(LinkRecord link, const std::string& idempotency_key, const std::string& request_body,
                                   const std::string& request_key) {
  const std::size_t index = links.size();
  link.id = fmt::format("fake_{}", index + 1);
  by_id.emplace(link.id, index);
  if (!idempotency_key.empty()) by_idempotency_key.emplace(idempotency_key, KeyedCreate{index, request_body});
  if (!request_key.empty()) by_request_key.emplace(request_key, index);
  links.push_back(std::move(link));
  return links.back();
}

void FakeVendor::State::refresh(LinkRecord& link, Timestamp at) const {
  if (link.status == LinkStatus::open && link.expires_at && at >= *link.expires_at) link.status = LinkStatus::expired;
}

void FakeVendor::State::set_status(LinkRecord& link, LinkStatus status, Timestamp at) {
  link.status = status;
  if (status != LinkStatus::paid) return;
  link.completed_at = at;
  LinkPayment payment;
  payment.id = fmt::format("pay_{}", ++payments_made);
  payment.amount = link.amount;
  payment.status = "paid";
  const auto& methods = options.payment_methods;
  const auto enabled = std::find_if(methods.begin(), methods.end(), [](const PaymentMethod& m) { return m.enabled; });
  payment.payment_method = enabled == methods.end() ? "credit_card" : enabled->name;
  payment.debitor_email = link.request.customer.email;
  payment.created_at = at;
  payment.paid_at = at;
  link.payments.push_back(std::move(payment));
}

void FakeVendor::State::add_script(const fake_vendor::Scripted& scripted, int count) {
  for (int i = 0; i < count; ++i) script.push_back(scripted);
}

std::optional<fake_vendor::Scripted> FakeVendor::State::take_script() {
  ++requests;
  if (script.empty()) return std::nullopt;
  auto scripted = std::move(script.front());
  script.pop_front();
  return scripted;
}

}  // namespace paylink::testing
