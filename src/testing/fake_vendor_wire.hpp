#pragma once
// The fake vendor's wire: a small made-up JSON API under fake://paylink/, which its adapter
// (fake_vendor_adapter) speaks and its server (fake_vendor_server) answers. Each shape is written here in
// both directions, so that the two sides cannot drift apart.
//
//   POST  /links                      create; {"link": …} 201, or 200 replaying an Idempotency-Key
//   GET   /links?limit&starting_after&status&reference&sort_field&sort_order    {"links": […], "next_cursor"}
//   GET   /links/{id}                 {"link": …}
//   PATCH /links/{id}                 {"metadata": {…}} merged; "" removes a key
//   POST  /links/{id}/expire          open → expired; paid/canceled → 409
//   GET   /links/{id}/payments?limit&starting_after                             {"payments": […], "next_cursor"}
//   GET   /payment_methods            {"payment_methods": […]}
//   GET   /creates/{request_key}      the link a create with that request_key made, or 404
//   errors: {"error": {"type", "message", "code", "detail", "field", "request_id", "retryable",
//   "retry_after_ms"}} with the HTTP status, and an X-Request-Id header on every answer.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "paylink/create_link_request.hpp"
#include "paylink/error.hpp"
#include "paylink/http_response.hpp"
#include "paylink/link_status.hpp"
#include "paylink/payment.hpp"
#include "paylink/payment_link.hpp"
#include "paylink/result.hpp"
#include "paylink/testing/fake_vendor.hpp"
#include "paylink/timestamp.hpp"

namespace paylink::testing::fake_vendor {

using Json = nlohmann::json;

inline constexpr std::string_view kName = FakeVendor::provider_name;
inline constexpr std::string_view kBaseUrl = "fake://paylink";
inline constexpr std::string_view kIdempotencyKeyHeader = "Idempotency-Key";
inline constexpr std::string_view kRequestIdHeader = "X-Request-Id";
/// The only list filter and the only sort field.
inline constexpr std::string_view kReferenceFilter = "reference";
inline constexpr std::string_view kSortByCreation = "created_at";

/// A link as the vendor keeps it: what was asked, and what has happened to it since.
struct LinkRecord {
  std::string id;
  LinkStatus status = LinkStatus::open;
  Money amount;
  CreateLinkRequest request;  // what was asked, metadata kept current by updates
  Timestamp created_at{};
  std::optional<Timestamp> expires_at;
  std::optional<Timestamp> completed_at;
  std::vector<LinkPayment> payments;
};

// --- POST /links -----------------------------------------------------------------------------------

/// A create carries the request and `request_key`, the key that names this create for reconcile.
Json create_body_json(const CreateLinkRequest& request, std::string_view request_key);
struct CreateBody {
  CreateLinkRequest request;
  std::string request_key;
};
/// The server's reading: a `validation` error naming the field whose shape is wrong.
Result<CreateBody> create_body_from(std::string_view text);

// --- PATCH /links/{id} -----------------------------------------------------------------------------

Json update_body_json(const std::map<std::string, std::string>& metadata);
/// The metadata patch; nullopt when the body is no object with a "metadata" object of strings.
std::optional<std::map<std::string, std::string>> update_body_from(std::string_view text);

// --- Answers ---------------------------------------------------------------------------------------

/// A link as every answer carries it; `link_from` is what a client reads from it (raw_json included).
Json link_json(const LinkRecord& link);
Result<PaymentLink> link_from(const Json& j, int http_status);

Json payment_json(const LinkPayment& payment);
std::optional<LinkPayment> payment_from(const Json& j);

Json payment_method_json(const PaymentMethod& method);
std::optional<PaymentMethod> payment_method_from(const Json& j);

/// {"<key>": items, "next_cursor": next}: a page of links or payments.
Json page_json(std::string_view key, Json items, std::string next_cursor);

/// {"error": {…}} carrying `error` (its message as given) and the answer's request id.
Json error_json(const Error& error, std::string_view request_id);
/// The client's reading of a failed answer: the envelope's fields, or what the status says when the
/// body is no envelope.
Error error_from(const HttpResponse& response);

}  // namespace paylink::testing::fake_vendor
