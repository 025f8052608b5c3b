#pragma once
/// @file client.hpp
/// @brief The one entry point: validate → encode → send → decode → retry-or-return, for every vendor.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/call_options.hpp"
#include "paylink/capabilities.hpp"
#include "paylink/client_options.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/export.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/provider.hpp"
#include "paylink/result.hpp"
#include "paylink/update_link_request.hpp"
#include "paylink/watch.hpp"

namespace paylink {

class LinkRange;

/// A client of one vendor. Cheap to copy (copies share state) and safe to share between threads.
/// No member throws for an expected failure; each returns a `Result`.
///
/// Every call can return: `validation` (refused before sending, or by the vendor), `unsupported`
/// (the vendor lacks the operation; nothing sent), `auth`, `not_found`, `conflict`, `rate_limited`,
/// `provider`, `network`, `timeout`, `invalid_response`. `create` can also return `ambiguous`.
///
/// Every call takes an optional last `CallOptions`: a `timeout` for the whole call (retries and
/// waits included; past it the call returns `timeout`) and a `CancellationToken` (the call returns
/// `canceled`). A create without an idempotency key that may have been sent when either ends it
/// returns `ambiguous` instead; a keyed create that may have been sent keeps `Error::request_sent` and
/// `Error::reconcile_key`, for `reconcile_create`.
class PAYLINK_EXPORT Client {
 public:
  /// A client of the vendor `provider` adapts (usually made by a vendor's `make_*_client`). Empty
  /// options are filled in: a `make_curl_transport()` transport, the system clocks, a real sleeper, a
  /// seeded random source and a rate limiter of `Capabilities::documented_rate_limit`. Does not fail
  /// and does not send anything; configuration errors surface on the first call.
  Client(std::shared_ptr<const Provider> provider, ClientOptions options = {});

  /// Creates a link. Retried only when the vendor takes an idempotency key (the same key on every
  /// attempt); otherwise a create that may have reached the server and got no answer is `ambiguous`
  /// with `Error::reconcile_key` set — see `reconcile_create`.
  /// Errors: every code listed for the class, including `ambiguous`; `validation` names the request
  /// field (e.g. "amount", "items[0].unit_price", "qonto.invoice_number") and the limit.
  Result<PaymentLink> create(const CreateLinkRequest& request, const CallOptions& call = {}) const;
  /// Reads one link by the vendor's id (MultiSafepay: the order_id). Retried as any read.
  /// Errors: `not_found` for an unknown id, `validation` for an empty or malformed id, `unsupported`
  /// (onOffice), and the transport and vendor errors listed for the class.
  Result<PaymentLink> get(std::string_view id, const CallOptions& call = {}) const;
  /// One page. `Page::next_cursor` feeds the next call's `ListQuery::cursor`.
  /// Errors: `validation` for a filter, sort field, page size or cursor the vendor does not take
  /// (nothing sent), `unsupported` (onOffice, MultiSafepay), and the errors listed for the class.
  Result<Page<PaymentLink>> list(const ListQuery& query = {}, const CallOptions& call = {}) const;
  /// Every link matching `query`, walking pages lazily; iteration stops after yielding an error.
  /// Sends nothing until the range is iterated; the errors are those of `list`, as range elements.
  /// `call` bounds the whole walk: its timeout counts from the first page's request.
  LinkRange list_all(ListQuery query = {}, CallOptions call = {}) const;
  /// Ends a link (SmarterPay expire, Qonto deactivate, MultiSafepay cancel). Returns the link as it
  /// is afterwards. Errors: `not_found`, `unsupported` (onOffice), a vendor's refusal for a link that
  /// can no longer be ended (`validation`, `conflict` or `provider`, as the vendor answers), and the
  /// errors listed for the class.
  Result<PaymentLink> expire(std::string_view id, const CallOptions& call = {}) const;
  /// Changes an existing link (SmarterPay: its metadata strings). Returns the link as it is
  /// afterwards. Errors: `validation` (an unknown metadata key, or nothing to send), `not_found`,
  /// `unsupported` (every vendor but SmarterPay), and the errors listed for the class.
  Result<PaymentLink> update(std::string_view id, const UpdateLinkRequest& update, const CallOptions& call = {}) const;
  /// One page of the payments made through a link (Qonto). Errors: `validation` (a status filter,
  /// sort field or filter, a bad page size or cursor), `not_found`, `unsupported` (every vendor but
  /// Qonto), and the errors listed for the class.
  Result<Page<LinkPayment>> list_payments(std::string_view link_id, const ListQuery& query = {},
                                          const CallOptions& call = {}) const;
  /// The payment methods the account can offer on its links (Qonto). Errors: `unsupported` (every
  /// vendor but Qonto) and the errors listed for the class.
  Result<std::vector<PaymentMethod>> list_payment_methods(const CallOptions& call = {}) const;
  /// Reads each of `ids` with `get` until it reaches `until` or `options.timeout` passes, calling
  /// `options.on_change` with a `LinkEvent` for each change (docs/watching.md). Blocks; reads one link
  /// per tick, never one link more often than `options.min_interval`, each read a normal `get` (rate
  /// limiter, retries, backoff). Time and waits are the client's (`steady_clock`, `sleeper`).
  /// A link stops being read when it reaches the wanted status, when it ends in one that can no longer
  /// become it (expired or canceled while waiting for paid), or when a read fails for good
  /// (`not_found`, `auth`, `validation`); transient failures are read again until the timeout.
  /// Errors (nothing sent): `unsupported` (a vendor without `get`, e.g. onOffice, which offers no
  /// status read); `validation` for no ids, more than 1000, an empty, dot or repeated id ("ids[i]"),
  /// a `min_interval` outside 100 ms..1 h or a `timeout` outside 1 ms..31 days.
  Result<WatchResult> watch(const std::vector<std::string>& ids, WatchUntil until,
                            const WatchOptions& options = {}) const;

  /// After a create that may have reached the vendor failed (`ambiguous`, or a keyed create whose
  /// retries ran out): finds out with the same request and `error.reconcile_key`. MultiSafepay is asked
  /// by order_id and answers the link or `not_found` (the create did not happen). Qonto and SmarterPay
  /// replay the create with the same idempotency key, which returns the first result, or creates the
  /// link exactly once if it was never made. `unsupported` where the vendor cannot be asked (onOffice).
  /// Errors: `unsupported`; `validation` (field "reconcile_key") when `ambiguous.reconcile_key` is
  /// empty; `not_found` (MultiSafepay: the order does not exist, so the create did not happen);
  /// `conflict` (MultiSafepay: the order_id exists with another amount); and the errors of `create`
  /// (Qonto, SmarterPay: the create is replayed) or of `get` (MultiSafepay).
  Result<PaymentLink> reconcile_create(const CreateLinkRequest& request, const Error& ambiguous,
                                       const CallOptions& call = {}) const;

  /// What the vendor supports (`Provider::capabilities`). An operation it lacks returns `unsupported`.
  Capabilities capabilities() const noexcept;
  /// "onoffice", "multisafepay", "smarterpay" or "qonto" (the adapter's `Provider::name`).
  std::string_view provider_name() const noexcept;
  /// The adapter, for batch runs and tests.
  const std::shared_ptr<const Provider>& provider() const noexcept;
  /// The options in force, defaults filled in (shared with `BatchRunner`).
  const ClientOptions& options() const noexcept;
  /// A random number from the client's source, for backoff jitter (never for idempotency keys). Thread-safe.
  std::uint64_t random() const;

  struct State;  ///< Shared by copies; defined in the implementation.

 private:
  std::shared_ptr<State> state_;
};

/// An input range over every link of a list, fetched page by page as it is iterated.
/// Each element is a `Result<PaymentLink>`; after an error element the range ends.
class PAYLINK_EXPORT LinkRange {
 public:
  /// A single-pass input iterator; incrementing it may fetch the next page (a blocking `Client::list`).
  class iterator {
   public:
    using value_type = Result<PaymentLink>;             ///< A link, or the error that ended the walk.
    using reference = const Result<PaymentLink>&;       ///< What `operator*` returns.
    using difference_type = std::ptrdiff_t;             ///< As required of iterators.
    using iterator_category = std::input_iterator_tag;  ///< Single pass.
    /// The current element. Precondition: not the end iterator.
    reference operator*() const;
    /// Moves to the next link, fetching the next page when this one is used up; becomes the end
    /// iterator after the last link or after an error element.
    iterator& operator++();
    /// True when both are the end, or both iterate the same range.
    bool operator==(const iterator& other) const noexcept { return range_ == other.range_; }
    /// `!(*this == other)`.
    bool operator!=(const iterator& other) const noexcept { return !(*this == other); }

   private:
    friend class LinkRange;
    explicit iterator(LinkRange* range) : range_(range) {}
    LinkRange* range_;
  };

  /// The links of `client.list(query)` and the pages after it. Sends nothing until `begin()`. `call`
  /// bounds the whole walk (its timeout counts from the first page's request).
  LinkRange(Client client, ListQuery query, CallOptions call = {});
  /// Fetches the first page (on the first call only) and points at its first element: a link, or the
  /// error of the list call. `end()` when the list is empty.
  iterator begin();
  /// The end of the walk.
  iterator end() noexcept { return iterator(nullptr); }

 private:
  bool advance();  // false at the end
  Client client_;
  ListQuery query_;
  CallOptions call_;
  std::optional<std::chrono::steady_clock::time_point> walk_started_;
  std::vector<PaymentLink> page_;
  std::size_t index_ = 0;
  bool last_page_ = false;
  bool done_ = false;
  bool started_ = false;
  std::optional<Result<PaymentLink>> current_;
};

}  // namespace paylink
