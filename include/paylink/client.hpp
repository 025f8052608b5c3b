#pragma once
/// @file client.hpp
/// @brief The one entry point: validate → encode → send → decode → retry-or-return, for every vendor.

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "paylink/capabilities.hpp"
#include "paylink/client_options.hpp"
#include "paylink/create_link_request.hpp"
#include "paylink/list_query.hpp"
#include "paylink/page.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/provider.hpp"
#include "paylink/result.hpp"
#include "paylink/update_link_request.hpp"

namespace paylink {

class LinkRange;

/// A client of one vendor. Cheap to copy (copies share state) and safe to share between threads.
/// No member throws for an expected failure; each returns a `Result`.
///
/// Every call can return: `validation` (refused before sending, or by the vendor), `unsupported`
/// (the vendor lacks the operation; nothing sent), `auth`, `not_found`, `conflict`, `rate_limited`,
/// `provider`, `network`, `timeout`, `invalid_response`. `create` can also return `ambiguous`.
class Client {
 public:
  Client(std::shared_ptr<const Provider> provider, ClientOptions options = {});

  /// Creates a link. Retried only when the vendor takes an idempotency key (the same key on every
  /// attempt); otherwise a create that may have reached the server and got no answer is `ambiguous`
  /// with `Error::reconcile_key` set — see `reconcile_create`.
  Result<PaymentLink> create(const CreateLinkRequest& request) const;
  Result<PaymentLink> get(std::string_view id) const;
  /// One page. `Page::next_cursor` feeds the next call's `ListQuery::cursor`.
  Result<Page<PaymentLink>> list(const ListQuery& query = {}) const;
  /// Every link matching `query`, walking pages lazily; iteration stops after yielding an error.
  LinkRange list_all(ListQuery query = {}) const;
  /// Ends a link (SmarterPay expire, Qonto deactivate, MultiSafepay cancel).
  Result<PaymentLink> expire(std::string_view id) const;
  Result<PaymentLink> update(std::string_view id, const UpdateLinkRequest& update) const;
  Result<Page<LinkPayment>> list_payments(std::string_view link_id, const ListQuery& query = {}) const;
  Result<std::vector<PaymentMethod>> list_payment_methods() const;

  /// After a create that may have reached the vendor failed (`ambiguous`, or a keyed create whose
  /// retries ran out): finds out with the same request and `error.reconcile_key`. MultiSafepay is asked
  /// by order_id and answers the link or `not_found` (the create did not happen). Qonto and SmarterPay
  /// replay the create with the same idempotency key, which returns the first result, or creates the
  /// link exactly once if it was never made. `unsupported` where the vendor cannot be asked (onOffice).
  Result<PaymentLink> reconcile_create(const CreateLinkRequest& request, const Error& ambiguous) const;

  Capabilities capabilities() const noexcept;
  std::string_view provider_name() const noexcept;
  /// The adapter, for batch runs and tests.
  const std::shared_ptr<const Provider>& provider() const noexcept;
  /// The options in force, defaults filled in (shared with `BatchRunner`).
  const ClientOptions& options() const noexcept;
  /// A random number from the client's source (jitter, idempotency keys). Thread-safe.
  std::uint64_t random() const;

  struct State;  ///< Shared by copies; defined in the implementation.

 private:
  std::shared_ptr<State> state_;
};

/// An input range over every link of a list, fetched page by page as it is iterated.
/// Each element is a `Result<PaymentLink>`; after an error element the range ends.
class LinkRange {
 public:
  class iterator {
   public:
    using value_type = Result<PaymentLink>;
    using reference = const Result<PaymentLink>&;
    using difference_type = std::ptrdiff_t;
    using iterator_category = std::input_iterator_tag;
    reference operator*() const;
    iterator& operator++();
    bool operator==(const iterator& other) const noexcept { return range_ == other.range_; }
    bool operator!=(const iterator& other) const noexcept { return !(*this == other); }

   private:
    friend class LinkRange;
    explicit iterator(LinkRange* range) : range_(range) {}
    LinkRange* range_;
  };

  LinkRange(Client client, ListQuery query);
  iterator begin();
  iterator end() noexcept { return iterator(nullptr); }

 private:
  bool advance();  // false at the end
  Client client_;
  ListQuery query_;
  std::vector<PaymentLink> page_;
  std::size_t index_ = 0;
  bool last_page_ = false;
  bool done_ = false;
  bool started_ = false;
  std::optional<Result<PaymentLink>> current_;
};

}  // namespace paylink
