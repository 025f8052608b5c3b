// Webhook deliveries: when a link changes, the sandbox POSTs a signed event to the receivers its
// vendor knows about, each signed the vendor's way, and redelivers until the receiver acknowledges
// or the vendor's schedule runs out. One mechanism for the three vendors that push:
//
//   MultiSafepay  the order's notification_url:  POST <url>?transactionid=<order_id>&timestamp=<ts>
//                 Auth: base64("<ts>:" + hex(HMAC-SHA512(api_key, "<ts>:" + body)))
//                 acknowledged by HTTP 200 with "OK" in the first 100 characters of the answer [C];
//                 3 resends at 15-minute intervals [C]
//   Qonto         subscriptions (POST /v2/webhook_subscriptions), type v1/payment-links:
//                 X-Qonto-Signature: t=<ts>,v1=hex(HMAC-SHA256(secret, "<ts>.<body>"))
//                 acknowledged by any 2xx within 1 s [C]; retried "for a few days" [C], here with
//                 waits doubling from 1 minute, capped at 12 hours, for 3 days [I]
//   SmarterPay    subscriptions (sandbox control endpoint; the portal in real life):
//                 Webhook-Signature: hex(HMAC-SHA256(webhook key, body))
//                 acknowledged by any 2xx (204 = "unknown event", also final) [C]; up to 10 retries at
//                 increasing intervals [C], here 1, 2, 4 … minutes capped at 1 hour [I]; a 498 ("invalid
//                 signature") stops the retries: the same key would sign the same way again [I]
//
// Every attempt is signed afresh (new timestamp, so a receiver's replay window accepts redeliveries);
// the body and the event id stay the same, so a receiver can tell a redelivery by its event id.
// The first attempt is sent before the state change that caused it is answered (deterministic tests);
// redeliveries run on the notifier's own thread. Options::redelivery_interval replaces every wait by one
// fixed interval (the number of attempts stays the vendor's), so tests see redeliveries at once.
//
// Only loopback hosts are ever contacted (127.0.0.0/8, localhost, ::1); any other URL is recorded as
// refused and nothing is sent. Every attempt is kept for GET /__sandbox/notifications.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "util.hpp"

namespace paylink_sandbox {

enum class WebhookVendor { multisafepay, qonto, smarterpay };
const char* webhook_vendor_name(WebhookVendor v);

// One event to deliver (all its attempts).
struct Delivery {
  WebhookVendor vendor = WebhookVendor::multisafepay;
  std::string link_id;          // the id the vendor's API uses for the link
  std::string status;           // the status word the event reports
  std::string event_id;         // the vendor's event id (Qonto "id", SmarterPay "idempotency_key"); may be empty
  std::string url;              // the receiver, as registered
  std::string method = "POST";  // MultiSafepay may use GET (no body, no signature)
  std::string body;             // sent byte for byte on every attempt
  std::string signing_key;      // API key, subscription secret or webhook key: never logged
};

struct NotificationRecord {
  std::string vendor;
  std::string order_id;  // the link id (the name predates Qonto and SmarterPay deliveries)
  std::string status;
  std::string event_id;
  int attempt = 1;     // 1 = first delivery, 2.. = redeliveries
  std::string url;     // full URL with any query the sandbox appended
  std::string method;  // POST or GET
  std::string timestamp;
  std::string signature_header;  // the header that carries the signature (Auth, X-Qonto-Signature, …)
  std::string signature;         // its value (a signature, not a credential)
  std::string auth;              // the same value for MultiSafepay (kept for existing readers)
  std::string body;
  bool delivered = false;  // acknowledged by the receiver's vendor rule
  int http_status = 0;     // 0 when no HTTP answer
  std::string error;
  std::string next;  // "redelivery scheduled", "gave up", "" when acknowledged
  std::int64_t at = 0;
  json to_json() const;
};

struct Subscription {
  WebhookVendor vendor = WebhookVendor::qonto;
  std::string id;
  std::string url;
  std::vector<std::string> types;  // Qonto event types / SmarterPay event names (empty = all)
  std::string secret;              // signing key; shown only in the creation answer
  std::string description;
  std::int64_t created_at = 0;
};

class Notifier {
 public:
  struct Options {
    // When set, every wait between attempts is this long instead of the vendor's schedule.
    std::optional<std::chrono::milliseconds> redelivery_interval;
  };

  Notifier();
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void configure(Options options);

  // Sends the first attempt now (blocking: connect timeout 2 s, read timeout 5 s, Qonto 1 s) and
  // schedules redeliveries when it is not acknowledged.
  void deliver(Delivery delivery);
  // MultiSafepay's notification for an order (a Delivery with the order's notification_url).
  void notify_multisafepay(const std::string& api_key, const std::string& notification_url, const std::string& method,
                           const std::string& order_id, const std::string& status, const std::string& body);

  // Loopback http URLs only; the reason otherwise.
  static std::optional<std::string> refuse_url(const std::string& url);

  std::string add_subscription(Subscription subscription);  // returns its id
  std::vector<Subscription> subscriptions(WebhookVendor vendor) const;
  std::optional<Subscription> subscription(WebhookVendor vendor, const std::string& id) const;
  bool remove_subscription(WebhookVendor vendor, const std::string& id);

  json log() const;

  // The sandbox's own webhook receiver (/__sandbox/inbox): tests may point a notification_url
  // at it and read back exactly what arrived (target with query, Auth header, raw body).
  void record_received(json delivery);
  json inbox() const;

  void clear();  // log, inbox, subscriptions and pending redeliveries

 private:
  struct Pending {
    Delivery delivery;
    int attempt = 2;
    std::uint64_t generation = 0;
  };

  // One attempt; true when the receiver acknowledged it or retrying is pointless.
  bool attempt(const Delivery& delivery, int number, bool& final);  // final: no redelivery
  void schedule(Pending pending);
  void run_redeliveries();

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  Options options_;
  std::vector<NotificationRecord> log_;
  std::vector<json> inbox_;
  std::vector<Subscription> subscriptions_;
  std::multimap<std::chrono::steady_clock::time_point, Pending> pending_;
  std::uint64_t generation_ = 0;  // bumped by clear(): redeliveries of older events are dropped
  bool stopping_ = false;
  std::thread worker_;  // started with the first redelivery, joined by the destructor
};

// Signature helpers, exposed for reuse and tests.
// MultiSafepay: base64("<ts>:" + hex(HMAC-SHA512(key, ts:body))).
std::string multisafepay_auth_header(const std::string& api_key, const std::string& timestamp, const std::string& body);
// Qonto: "t=<ts>,v1=" + hex(HMAC-SHA256(secret, "<ts>.<body>")).
std::string qonto_signature_header(const std::string& secret, const std::string& timestamp, const std::string& body);
// SmarterPay: hex(HMAC-SHA256(key, body)).
std::string smarterpay_signature_header(const std::string& key, const std::string& body);

// The vendor's wait before redelivery number `attempt` (2 = the first redelivery); nullopt when
// the vendor gives up before that attempt.
std::optional<std::chrono::seconds> redelivery_wait(WebhookVendor vendor, int attempt);

}  // namespace paylink_sandbox
