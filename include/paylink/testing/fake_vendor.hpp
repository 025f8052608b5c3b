#pragma once
/// @file fake_vendor.hpp
/// @brief An in-memory payment-link vendor, so applications test their own code without a network.
///
/// A `FakeVendor` is a small vendor of its own: it keeps links in memory and hands out real
/// `paylink::Client`s that talk to it through an in-memory transport. The real client loop runs
/// (validation, retries, idempotency, pagination, logging); only the vendor is pretend. Your code
/// needs no vendor's wire format and no network:
///
/// @code
///   paylink::testing::FakeVendor vendor;
///   paylink::Client client = vendor.client();
///   my_app::Checkout checkout(client);              // your code, unchanged
///   checkout.start_order(/*…*/);
///   ASSERT_EQ(vendor.links().size(), 1u);
///   ASSERT_TRUE(vendor.set_status(vendor.links()[0].id, paylink::LinkStatus::paid).ok());  // the payer pays
///   vendor.fail_next(network_error);                 // and the next call fails
/// @endcode
///
/// The vendor's rules, which the client's adapter checks before sending (so a refused create sends
/// nothing) and the vendor checks again on arrival, each refusal a `validation` error naming the field:
/// - `amount` or `items` is required ("amount"); an amount is positive and has a currency ("amount").
/// - each item has a title of at most 255 characters ("items[i].title"), a quantity of at least 1
///   ("items[i].quantity") and a non-negative unit price in the link's one currency
///   ("items[i].unit_price"); with both `amount` and `items`, the amount equals the items' sum ("amount").
/// - `description` and `reference` are at most 255 characters (UTF-8 code points).
/// - `return_url` is empty or an http(s) URL; `lifetime` is from 1 second to 365 days.
/// - `metadata`: at most 20 entries, keys of 1 to 40 bytes, values of at most 500 bytes.
/// - `customer.email` is empty or contains '@'.
/// These limits are the fake's own and follow no real vendor's (a few coincide with one); a vendor's own
/// limits are checked by its adapter, and paylink-sandbox answers as the vendors do.
///
/// Idempotency, as at the real vendors that take a key: a create that carries your own
/// `CreateLinkRequest::idempotency_key` is idempotent — the vendor answers a repeated key with the link
/// it already made, so the client retries such a create after a lost answer. A create without your key
/// is not: once it may have reached the vendor it is never resent, and a lost answer makes the client
/// return `ambiguous`; `Client::reconcile_create` then asks the vendor, by the `reconcile_key` the
/// client made, whether the link exists. Reads, `expire` and `update` are idempotent and retried.

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/client.hpp"
#include "paylink/client_options.hpp"
#include "paylink/error.hpp"
#include "paylink/link_status.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/testing/export.hpp"
#include "paylink/timestamp.hpp"

namespace paylink::testing {

/// How a `FakeVendor` behaves. Every field states its default.
struct FakeVendorOptions {
  /// The vendor's clock: creation, expiry and payment times (kept to whole seconds). A link whose
  /// lifetime has passed by this clock reads as `expired`. Empty = `std::chrono::system_clock::now`.
  /// Called while the vendor's lock is held: it must not call back into the vendor.
  std::function<Timestamp()> clock;
  /// Links (or payments) per page when `ListQuery::page_size` is 0. Default 10.
  int default_page_size = 10;
  /// The largest `ListQuery::page_size` accepted; a larger one is refused with `validation`
  /// ("page_size"). Default 100.
  int max_page_size = 100;
  /// What `Client::list_payment_methods` answers. Default: "credit_card" and "bank_transfer" enabled,
  /// "paypal" disabled.
  std::vector<PaymentMethod> payment_methods = {{"credit_card", true}, {"bank_transfer", true}, {"paypal", false}};
};

/// An in-memory payment-link vendor and the `Client`s that talk to it. The provider name is "fake".
///
/// Link ids are deterministic, in the order creates reach the vendor: "fake_1", "fake_2", …; a link's
/// url is "https://pay.fake.invalid/<id>". Every `Client` operation is supported: create, get, list
/// (pages chained by `Page::next_cursor`, filter "reference", sort field "created_at"), expire (an
/// open link becomes expired; expiring a paid or canceled link is a `conflict`), update (metadata is
/// merged; an empty value removes the key), list_payments, list_payment_methods and reconcile_create.
///
/// What a client sent that has no field in `PaymentLink` is reported in `PaymentLink::vendor_fields`:
/// "return_url", "notify_customer" ("true"), "customer.reference", "customer.email",
/// "customer.first_name", "customer.last_name", "customer.locale" (each only when given).
///
/// Cheap to copy: copies share one store, as clients made from it do (a client may outlive the
/// `FakeVendor` it came from). Every member is safe to call from several threads at once.
class PAYLINK_TESTING_EXPORT FakeVendor {
 public:
  /// The name the fake's adapter reports (`Client::provider_name`, `PaymentLink::provider`).
  static constexpr std::string_view provider_name = "fake";

  /// An empty vendor.
  explicit FakeVendor(FakeVendorOptions options = {});

  /// A real client of this vendor. `options.transport` is replaced by the vendor's in-memory
  /// transport; an empty `options.sleeper` becomes one that returns at once, so scripted retries cost
  /// no time (pass your own to observe the waits). Everything else is used as given.
  Client client(ClientOptions options = {}) const;

  /// Makes each of the next `count` requests (of any operation, from any client of this vendor) fail
  /// with `error`, without the vendor acting on it. Scripts queue up in call order; `count` < 1 adds
  /// nothing.
  /// - `network`, `timeout` and `canceled` errors come from the transport as given, `request_sent`
  ///   included (with `request_sent` true, a create without your idempotency key becomes `ambiguous`
  ///   at the client).
  ///   `ambiguous` is sent as a `network` failure with `request_sent` true.
  /// - Any other code comes back as an HTTP error response that the client decodes into an `Error` of
  ///   the same code, message, `http_status`, `field`, `vendor_code`, `vendor_message`, `request_id`,
  ///   `retryable` and `retry_after` (also sent as a Retry-After header). An `http_status` of 0 (or
  ///   any below 400) picks the usual one: auth 401, validation 422, not_found 404, conflict 409,
  ///   rate_limited 429, provider 500, invalid_response 502, unsupported 501. Whether the client then
  ///   retries is its own rule: a `retryable` error of an idempotent request (a read, expire, update,
  ///   or a create with your idempotency key).
  void fail_next(Error error, int count = 1);

  /// Makes each of the next `count` requests reach the vendor and take effect, after which the answer
  /// is lost: the client gets a `timeout` with `request_sent` true. This is the case
  /// `Client::reconcile_create` is for (the link exists although the create looked failed);
  /// `fail_next` with a sent network error is the opposite case (nothing happened).
  void lose_next_response(int count = 1);

  /// Moves a link to `status` as a payer or the vendor would: `paid` records a payment of the link's
  /// amount (see `Client::list_payments`) and sets `completed_at`; `canceled` and `expired` end it;
  /// `open` reopens it. Returns the link as a client would now read it, or `not_found`.
  Result<PaymentLink> set_status(std::string_view id, LinkStatus status);

  /// Every stored link in creation order, exactly as `Client::get` would return each one now.
  std::vector<PaymentLink> links() const;
  /// One stored link, as `Client::get` would return it; `nullopt` when there is none with that id.
  std::optional<PaymentLink> link(std::string_view id) const;

  /// Requests received by the vendor's transport so far, scripted failures included. A call refused
  /// by the client before sending (validation, unsupported) adds nothing.
  std::size_t request_count() const;

  struct State;  ///< Shared by copies and clients; defined in the implementation.

 private:
  std::shared_ptr<State> state_;
};

}  // namespace paylink::testing
