#include "testing/fake_vendor_rules.hpp"

#include <chrono>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "core/json.hpp"
#include "paylink/testing/fake_vendor.hpp"

namespace paylink::testing::fake_vendor {
namespace {

// The fake's own limits. None is taken from a real vendor; where one agrees with a vendor's documented
// limit by design or by chance, the comment says so (docs/vendors/).

/// Text (description, reference, item titles) in UTF-8 code points, and link ids in bytes. SmarterPay's
/// `description` is also at most 255 characters; MultiSafepay's is 200, Qonto documents none.
constexpr std::size_t kMaxTextChars = 255;
/// Metadata: no vendor of ours takes a free map (MultiSafepay has var1..var3 of 100 characters,
/// SmarterPay seven fixed strings of 1,000); these bounds are the fake's own.
constexpr std::size_t kMaxMetadataEntries = 20;
constexpr std::size_t kMaxMetadataKeyBytes = 40;
constexpr std::size_t kMaxMetadataValueBytes = 500;
/// Lifetime: MultiSafepay also allows 1 s to 365 days (`seconds_active`); the others set no bound here.
constexpr std::chrono::seconds kMaxLifetime{365LL * 24 * 3600};

std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0u) != 0x80u ? 1 : 0;
  return n;
}

std::optional<Error> check_text(const std::string& field, const std::string& text) {
  const std::size_t length = utf8_length(text);
  if (length <= kMaxTextChars) return std::nullopt;
  return refused(field, fmt::format("{} is {} characters; the limit is {}", field, length, kMaxTextChars));
}

// Checks the items and returns their sum in `currency` (set from the first item when the request gave no
// amount).
Result<std::int64_t> check_items(const std::vector<LineItem>& items, std::optional<Currency>& currency) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const LineItem& item = items[i];
    const std::string at = fmt::format("items[{}]", i);
    if (item.title.empty()) return refused(at + ".title", at + ".title is required");
    if (auto e = check_text(at + ".title", item.title)) return *e;
    if (item.quantity < 1) {
      return refused(at + ".quantity", fmt::format("{}.quantity must be at least 1, got {}", at, item.quantity));
    }
    const Money& price = item.unit_price;
    if (!price.currency().is_set()) return refused(at + ".unit_price", at + ".unit_price has no currency");
    if (price.minor_units() < 0) return refused(at + ".unit_price", at + ".unit_price must not be negative");
    if (!currency) currency = price.currency();
    if (price.currency() != *currency) {
      return refused(at + ".unit_price", fmt::format("{}.unit_price is in {}, the link in {}", at,
                                                     price.currency().code(), currency->code()));
    }
    if (price.minor_units() != 0 && item.quantity > kMax / price.minor_units()) {
      return refused(at + ".quantity", at + " is too large");
    }
    const std::int64_t line = item.quantity * price.minor_units();
    if (sum > kMax - line) return refused("items", "the items' sum is too large");
    sum += line;
  }
  return sum;
}

}  // namespace

Error refused(std::string field, std::string_view what) {
  return Error::validation(std::move(field), fmt::format("{}: {}", FakeVendor::provider_name, what));
}

Result<Money> validate_create(const CreateLinkRequest& r) {
  if (!r.amount && r.items.empty()) return refused("amount", "amount or items is required");
  std::optional<Currency> currency;
  if (r.amount) {
    if (!r.amount->currency().is_set()) return refused("amount", "amount has no currency");
    if (!r.amount->is_positive()) {
      return refused("amount", fmt::format("amount must be positive, got {}", r.amount->to_string()));
    }
    currency = r.amount->currency();
  }
  const auto sum = check_items(r.items, currency);
  if (!sum) return sum.error();
  if (!r.items.empty()) {
    if (r.amount && *sum != r.amount->minor_units()) {
      return refused("amount", fmt::format("amount {} does not equal the items' sum {}", r.amount->to_string(),
                                           Money::of(*sum, *currency).to_string()));
    }
    if (!r.amount && *sum <= 0) return refused("items", "the items' sum must be positive");
  }
  if (auto e = check_text("description", r.description)) return *e;
  if (auto e = check_text("reference", r.reference)) return *e;
  if (!r.return_url.empty() && r.return_url.rfind("https://", 0) != 0 && r.return_url.rfind("http://", 0) != 0) {
    return refused("return_url", "return_url must be an http(s) URL");
  }
  if (r.lifetime && (r.lifetime->count() < 1 || *r.lifetime > kMaxLifetime)) {
    return refused("lifetime",
                   fmt::format("lifetime must be 1 s to {} s, got {} s", kMaxLifetime.count(), r.lifetime->count()));
  }
  if (auto e = check_metadata(r.metadata)) return *e;
  // Only a plausibility check, as no vendor of ours says more about the e-mail's form.
  if (!r.customer.email.empty() && r.customer.email.find('@') == std::string::npos) {
    return refused("customer.email", "customer.email is not an e-mail address");
  }
  return r.amount ? *r.amount : Money::of(*sum, *currency);
}

std::optional<Error> check_metadata(const std::map<std::string, std::string>& metadata) {
  if (metadata.size() > kMaxMetadataEntries) {
    return refused("metadata",
                   fmt::format("metadata has {} entries; the limit is {}", metadata.size(), kMaxMetadataEntries));
  }
  for (const auto& [key, value] : metadata) {
    if (key.empty() || key.size() > kMaxMetadataKeyBytes) {
      return refused("metadata", fmt::format("metadata key \"{}\" must be 1 to {} bytes", detail::bounded_text(key, 60),
                                             kMaxMetadataKeyBytes));
    }
    if (value.size() > kMaxMetadataValueBytes) {
      return refused("metadata", fmt::format("metadata value of \"{}\" is {} bytes; the limit is {}", key, value.size(),
                                             kMaxMetadataValueBytes));
    }
  }
  return std::nullopt;
}

std::optional<Error> check_link_id(std::string_view id) {
  if (id.empty()) return refused("id", "a link id is required");
  if (id.size() > kMaxTextChars) return refused("id", "a link id is at most 255 characters");
  return std::nullopt;
}

std::optional<Error> check_page_size(int page_size, int max_page_size) {
  if (page_size >= 0 && page_size <= max_page_size) return std::nullopt;
  return refused("page_size", fmt::format("page_size must be 0 (default) to {}, got {}", max_page_size, page_size));
}

}  // namespace paylink::testing::fake_vendor
