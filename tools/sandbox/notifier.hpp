// MultiSafepay-style notifications (webhooks): when an order changes state the sandbox calls the
// order's notification_url, signed the way MultiSafepay signs them:
//   POST <notification_url>?transactionid=<order_id>&timestamp=<ts>
//   Auth: base64("<ts>:" + hex(HMAC-SHA512(api_key, "<ts>:" + body)))
// Only loopback hosts are ever contacted (127.0.0.0/8, localhost, ::1); any other URL is
// recorded as refused and nothing is sent. Every attempt is kept for GET /__sandbox/notifications.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "util.hpp"

namespace paylink_sandbox {

struct NotificationRecord {
  std::string order_id;
  std::string status;  // the order status the notification reports
  std::string url;     // full URL with the query the sandbox appended
  std::string method;  // POST or GET
  std::string timestamp;
  std::string auth;  // the Auth header value (a signature, not a credential)
  std::string body;
  bool delivered = false;
  int http_status = 0;  // 0 when no HTTP answer
  std::string error;
  std::int64_t at = 0;
  json to_json() const;
};

class Notifier {
 public:
  // Blocks while sending (connect timeout 2 s, read timeout 5 s): the state change that caused
  // the notification is answered after it was delivered, which keeps tests deterministic.
  void notify_multisafepay(const std::string& api_key, const std::string& notification_url, const std::string& method,
                           const std::string& order_id, const std::string& status, const std::string& body);
  json log() const;

  // The sandbox's own webhook receiver (/__sandbox/inbox): tests may point a notification_url
  // at it and read back exactly what arrived (target with query, Auth header, raw body).
  void record_received(json delivery);
  json inbox() const;

  void clear();  // both lists

 private:
  mutable std::mutex mutex_;
  std::vector<NotificationRecord> log_;
  std::vector<json> inbox_;
};

// Signature helper, exposed for reuse and tests: base64("<ts>:" + hex(HMAC-SHA512(key, ts:body))).
std::string multisafepay_auth_header(const std::string& api_key, const std::string& timestamp, const std::string& body);

}  // namespace paylink_sandbox
