#include "create_request.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "paylink/currency.hpp"
#include "paylink/money.hpp"

namespace paylink_cli {
namespace {

// MultiSafepay's days_active range (vendor docs: 1 to 365, default 30).
constexpr long long kMaxDaysActive = 365;
// --idempotency-key: SmarterPay's documented limit [C], the strictest of the vendors that send the key in a
// header. MultiSafepay uses the key as the order_id when there is no --reference, and the SDK holds it to
// the order_id's own limit.
constexpr std::size_t kMaxIdempotencyKey = 255;

std::string join(const std::vector<std::string_view>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ", ";
    out += w;
  }
  return out;
}

bool parse_bool(std::string_view key, std::string_view value) {
  if (value == "true") return true;
  if (value == "false") return false;
  throw usage_error(fmt::format("--set {}=\"{}\": use true or false", key, one_line(value)));
}

long long parse_positive(std::string_view what, std::string_view value, long long max) {
  long long n = 0;
  if (value.empty() || value.size() > 18) n = -1;
  for (const char c : value) {
    if (n < 0) break;
    if (c < '0' || c > '9') {
      n = -1;
      break;
    }
    n = n * 10 + (c - '0');
  }
  if (n < 1 || n > max) {
    throw usage_error(fmt::format("{} \"{}\" must be a whole number from 1 to {}", what, one_line(value), max));
  }
  return n;
}

template <typename Enum>
Enum parse_word(std::string_view key, std::string_view value,
                std::initializer_list<std::pair<std::string_view, Enum>> words) {
  std::vector<std::string_view> names;
  for (const auto& [word, e] : words) {
    if (value == word) return e;
    names.push_back(word);
  }
  throw usage_error(fmt::format("--set {}=\"{}\": use one of {}", key, one_line(value), join(names)));
}

std::vector<std::string> split_list(std::string_view key, std::string_view value) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= value.size()) {
    auto comma = value.find(',', start);
    if (comma == std::string_view::npos) comma = value.size();
    std::string_view item = value.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) throw usage_error(fmt::format("--set {}: empty entry in \"{}\"", key, one_line(value)));
    out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

void apply_set(Vendor vendor, std::string_view key, const std::string& value, paylink::CreateLinkRequest& r) {
  switch (vendor) {
    case Vendor::onoffice:
      if (key == "transaction_id") r.onoffice.transaction_id = value;
      if (key == "send_mail") r.notify_customer = parse_bool(key, value);
      return;
    case Vendor::multisafepay:
      if (key == "type") {
        using T = paylink::MultiSafepayOrderType;
        r.multisafepay.type = parse_word<T>(
            key, value, {{"paymentlink", T::paymentlink}, {"redirect", T::redirect}, {"direct", T::direct}});
      }
      if (key == "recurring_id") r.multisafepay.recurring_id = value;
      if (key == "recurring_model") {
        using M = paylink::MultiSafepayRecurringModel;
        r.multisafepay.recurring_model = parse_word<M>(
            key, value,
            {{"cardOnFile", M::card_on_file}, {"subscription", M::subscription}, {"unscheduled", M::unscheduled}});
      }
      if (key == "customer_reference") r.customer.reference = value;
      if (key == "days_active") {
        r.lifetime = std::chrono::hours(24) * parse_positive("--set days_active", value, kMaxDaysActive);
      }
      if (key == "notification_url") r.multisafepay.notification_url = value;
      return;
    case Vendor::smarterpay:
      if (key == "ecommerce_page") r.smarterpay.ecommerce_page = value;
      if (key == "customer_account") r.smarterpay.customer_account = value;
      if (key == "bank_account") r.smarterpay.bank_account = value;
      if (key == "mandate") r.smarterpay.mandate = value;
      if (key == "metadata") r.metadata["metadata"] = value;
      return;
    case Vendor::qonto:
      if (key == "vat_rate") r.qonto.default_vat_rate = value;
      if (key == "payment_methods") r.qonto.payment_methods = split_list(key, value);
      if (key == "reusable") r.reusable = parse_bool(key, value);
      return;
  }
}

std::string checked_idempotency_key(Vendor vendor, const std::string& key) {
  if (vendor == Vendor::onoffice) {
    throw usage_error("--idempotency-key: onoffice takes no idempotency key (its creates are never repeated)");
  }
  bool visible = true;
  for (const char c : key) visible = visible && c > 0x20 && c < 0x7f;
  if (key.empty() || key.size() > kMaxIdempotencyKey || !visible) {
    throw usage_error(
        fmt::format("--idempotency-key must be 1 to {} visible ASCII characters (no spaces); got {} "
                    "characters{}",
                    kMaxIdempotencyKey, key.size(), visible ? "" : " with a space or a non-ASCII one"));
  }
  return key;
}

}  // namespace

std::vector<std::string_view> set_keys(Vendor vendor) {
  switch (vendor) {
    case Vendor::onoffice:
      return {"transaction_id", "send_mail"};
    case Vendor::multisafepay:
      return {"type", "recurring_id", "recurring_model", "customer_reference", "days_active", "notification_url"};
    case Vendor::smarterpay:
      return {"ecommerce_page", "customer_account", "bank_account", "mandate", "metadata"};
    case Vendor::qonto:
      return {"vat_rate", "payment_methods", "reusable"};
  }
  return {};
}

paylink::CreateLinkRequest build_create_request(Vendor vendor, const Arguments& args) {
  paylink::CreateLinkRequest request;

  const auto amount = args.value("--amount");
  auto currency = args.value("--currency");
  if (amount && !currency) throw usage_error("--amount needs --currency (an ISO-4217 code such as EUR)");
  if (currency && !amount) throw usage_error("--currency needs --amount (a decimal such as 10.50)");
  if (amount && currency) {
    // Codes are upper case; accept "eur" as a convenience.
    std::transform(currency->begin(), currency->end(), currency->begin(),
                   [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
    auto code = paylink::Currency::from_code(*currency);
    if (!code) throw usage_error(fmt::format("--currency: {}", code.error().message));
    auto money = paylink::Money::parse(*amount, *currency);
    if (!money) throw usage_error(fmt::format("--amount: {}", money.error().message));
    request.amount = *money;
  }
  if (auto description = args.value("--description")) request.description = *description;
  if (auto reference = args.value("--reference")) request.reference = *reference;

  const auto allowed = set_keys(vendor);
  std::set<std::string, std::less<>> seen;
  for (const std::string& set : args.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw usage_error(fmt::format("--set \"{}\" is not KEY=VALUE", one_line(set)));
    }
    const std::string key = set.substr(0, eq);
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw usage_error(fmt::format("--set {} is not a {} field; {} takes: {}", one_line(key), vendor_name(vendor),
                                    vendor_name(vendor), join(allowed)));
    }
    if (!seen.insert(key).second) throw usage_error(fmt::format("--set {} is given more than once", key));
    apply_set(vendor, key, set.substr(eq + 1), request);
  }
  if (auto key = args.value("--idempotency-key")) request.idempotency_key = checked_idempotency_key(vendor, *key);
  return request;
}

}  // namespace paylink_cli
