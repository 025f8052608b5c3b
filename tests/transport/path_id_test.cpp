// An id never changes the route: for every vendor and every operation that puts an id in the URL path,
// ids that look like path syntax go through the real CurlTransport to a loopback server, which must see
// either nothing or the operation's own route with the id as exactly one (percent-encoded) segment.
// libcurl removes dot segments, so an id ".." sent raw would reach the parent resource instead.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/curl_transport.hpp"
#include "paylink/providers/multisafepay.hpp"
#include "paylink/providers/onoffice.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/providers/smarterpay.hpp"
#include "recording_server.hpp"

namespace paylink {
namespace {

const std::vector<std::string> kHostileIds = {"..", ".", "a/b", "x?y=1", "a#b", "%2e%2e"};

// One operation of one vendor that takes an id: how to call it, and the route it must reach.
struct IdOperation {
  std::string name;                                                 // "qonto expire"
  std::string method;                                               // the request line's method
  std::string prefix;                                               // path before the id segment
  std::string suffix;                                               // path after it
  std::function<Error(const Client&, const std::string& id)> call;  // the call's error (or a dummy)
};

// The error of a result, or a placeholder when the call (unexpectedly, against a "{}" answer) worked.
template <typename T>
Error error_of(const Result<T>& result) {
  return result.ok() ? Error::make(ErrorCode::provider, "(succeeded)") : result.error();
}

Error call_get(const Client& c, const std::string& id) { return error_of(c.get(id)); }
Error call_expire(const Client& c, const std::string& id) { return error_of(c.expire(id)); }
Error call_update(const Client& c, const std::string& id) {
  UpdateLinkRequest update;
  update.metadata = {{"metadata", "x"}};
  return error_of(c.update(id, update));
}
Error call_list_payments(const Client& c, const std::string& id) { return error_of(c.list_payments(id)); }
// MultiSafepay asks for the order by the reconcile key, in the path.
Error call_reconcile(const Client& c, const std::string& id) {
  CreateLinkRequest request;
  request.amount = *Money::parse("10.00", "EUR");
  Error ambiguous = Error::make(ErrorCode::ambiguous, "lost");
  ambiguous.reconcile_key = id;
  return error_of(c.reconcile_create(request, ambiguous));
}

struct Vendor {
  std::string name;
  Client client;
  std::vector<IdOperation> operations;  // empty for a vendor without id operations
};

std::vector<Vendor> vendors(const test::RecordingServer& server, const std::shared_ptr<Transport>& transport) {
  ClientOptions options;
  options.transport = transport;
  options.retry = RetryPolicy::none();
  std::vector<Vendor> out;

  MultiSafepayConfig msp;
  msp.api_key = "msp-test-key";
  msp.base_url = server.url("/v1/json/");
  out.push_back({"multisafepay",
                 make_multisafepay_client(msp, options),
                 {{"multisafepay get", "GET", "/v1/json/orders/", "", call_get},
                  {"multisafepay expire", "PATCH", "/v1/json/orders/", "", call_expire},
                  {"multisafepay reconcile", "GET", "/v1/json/orders/", "", call_reconcile}}});

  SmarterPayConfig smarterpay;
  smarterpay.bearer_token = "smarterpay-test-token";
  smarterpay.base_url = server.url("/service.svc/");
  out.push_back({"smarterpay",
                 make_smarterpay_client(smarterpay, options),
                 {{"smarterpay get", "GET", "/service.svc/paymentlink/", "", call_get},
                  {"smarterpay expire", "PUT", "/service.svc/paymentlink/", "", call_expire},
                  {"smarterpay update", "PUT", "/service.svc/paymentlink/", "", call_update}}});

  QontoConfig qonto;
  qonto.access_token = "qonto-test-token";
  qonto.base_url = server.url("");
  out.push_back({"qonto",
                 make_qonto_client(qonto, options),
                 {{"qonto get", "GET", "/v2/payment_links/", "", call_get},
                  {"qonto expire", "PATCH", "/v2/payment_links/", "/deactivate", call_expire},
                  {"qonto list_payments", "GET", "/v2/payment_links/", "/payments", call_list_payments}}});

  OnOfficeConfig onoffice;
  onoffice.token = "onoffice-test-token";
  onoffice.secret = "onoffice-test-secret";
  onoffice.endpoint = server.url("/api/stable/api.php");
  out.push_back({"onoffice", make_onoffice_client(onoffice, options), {}});
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// The bytes a percent-encoded segment stands for; nothing for a malformed escape.
std::optional<std::string> percent_decode(const std::string& segment) {
  std::string out;
  for (std::size_t i = 0; i < segment.size(); ++i) {
    if (segment[i] != '%') {
      out += segment[i];
      continue;
    }
    if (i + 2 >= segment.size()) return std::nullopt;
    const int hi = hex_value(segment[i + 1]);
    const int lo = hex_value(segment[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// "" when `request` is `op`'s route with `id` as one segment, else what is wrong with it.
std::string route_problem(const test::RecordedRequest& request, const IdOperation& op, const std::string& id) {
  const std::string line = request.head.substr(0, request.head.find("\r\n"));
  const std::size_t first = line.find(' ');
  const std::size_t second = line.find(' ', first + 1);
  const std::string target = line.substr(first + 1, second - first - 1);
  const std::string path = target.substr(0, target.find('?'));
  if (request.method != op.method) return "method " + request.method + " in \"" + line + "\"";
  const bool framed = path.size() >= op.prefix.size() + op.suffix.size() && path.rfind(op.prefix, 0) == 0 &&
                      path.compare(path.size() - op.suffix.size(), op.suffix.size(), op.suffix) == 0;
  if (!framed) return "another route: \"" + line + "\"";
  const std::string segment = path.substr(op.prefix.size(), path.size() - op.prefix.size() - op.suffix.size());
  if (segment.find_first_of("/?#") != std::string::npos) return "the id is not one segment: \"" + line + "\"";
  const auto decoded = percent_decode(segment);
  if (!decoded || *decoded != id) return "the segment \"" + segment + "\" does not stand for the id: \"" + line + "\"";
  return "";
}

TEST(PathId, EveryIdStaysOneSegmentOfItsOwnRouteForEveryVendor) {
  test::RecordingServer server;
  const auto transport = make_curl_transport();
  std::size_t seen = 0;
  int checked = 0;
  for (const Vendor& vendor : vendors(server, transport)) {
    for (const IdOperation& op : vendor.operations) {
      for (const std::string& id : kHostileIds) {
        SCOPED_TRACE(op.name + " \"" + id + "\"");
        const Error error = op.call(vendor.client, id);
        const auto requests = server.requests();
        ASSERT_LE(requests.size(), seen + 1) << "one call, no retries: at most one request";
        if (requests.size() == seen + 1) {
          EXPECT_EQ(route_problem(requests.back(), op, id), "");
          ++seen;
        } else {
          EXPECT_FALSE(error.request_sent) << error.to_string();
        }
        if (id == "." || id == "..") {
          EXPECT_EQ(error.code, ErrorCode::validation) << error.to_string();
          EXPECT_EQ(error.field, op.name == "multisafepay reconcile" ? "reconcile_key" : "id") << error.to_string();
        }
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 9 * static_cast<int>(kHostileIds.size()));
  EXPECT_GT(seen, 0u) << "the server saw no request at all: the test would prove nothing";
}

TEST(PathId, EmptyIdIsRefusedBeforeSendingForEveryVendor) {
  test::RecordingServer server;
  const auto transport = make_curl_transport();
  for (const Vendor& vendor : vendors(server, transport)) {
    for (const IdOperation& op : vendor.operations) {
      if (op.name == "multisafepay reconcile") continue;  // an empty reconcile_key has its own message
      SCOPED_TRACE(op.name);
      const Error error = op.call(vendor.client, "");
      EXPECT_EQ(error.code, ErrorCode::validation) << error.to_string();
      EXPECT_EQ(error.field, "id") << error.to_string();
    }
  }
  EXPECT_TRUE(server.requests().empty());
}

TEST(PathId, VendorWithoutIdOperationsSendsNothing) {
  test::RecordingServer server;
  const auto transport = make_curl_transport();
  const Vendor onoffice = vendors(server, transport).back();
  ASSERT_EQ(onoffice.name, "onoffice");
  for (const std::string& id : kHostileIds) {
    for (const auto& call : {call_get, call_expire, call_update, call_list_payments}) {
      EXPECT_EQ(call(onoffice.client, id).code, ErrorCode::unsupported) << '"' << id << '"';
    }
  }
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace paylink
