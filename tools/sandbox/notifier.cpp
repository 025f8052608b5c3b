#include "notifier.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <utility>

#include <httplib.h>

namespace paylink_sandbox {

const char* webhook_vendor_name(WebhookVendor v) {
  switch (v) {
    case WebhookVendor::multisafepay:
      return "multisafepay";
    case WebhookVendor::qonto:
      return "qonto";
    case WebhookVendor::smarterpay:
      return "smarterpay";
  }
  return "multisafepay";
}

json NotificationRecord::to_json() const {
  return json{{"vendor", vendor},
              {"order_id", order_id},
              {"status", status},
              {"event_id", event_id},
              {"attempt", attempt},
              {"url", url},
              {"method", method},
              {"timestamp", timestamp},
              {"signature_header", signature_header},
              {"signature", signature},
              {"auth", auth},
              {"body", body},
              {"delivered", delivered},
              {"http_status", http_status},
              {"error", error},
              {"next", next},
              {"at", format_iso_utc(at)}};
}

std::string multisafepay_auth_header(const std::string& api_key, const std::string& timestamp,
                                     const std::string& body) {
  const std::string signed_text = timestamp + ":" + body;
  const std::string signature = hex_encode(hmac_sha512(trim(api_key), signed_text));
  return base64_encode(timestamp + ":" + signature);
}

std::string qonto_signature_header(const std::string& secret, const std::string& timestamp, const std::string& body) {
  return "t=" + timestamp + ",v1=" + hex_encode(hmac_sha256(secret, timestamp + "." + body));
}

std::string smarterpay_signature_header(const std::string& key, const std::string& body) {
  return hex_encode(hmac_sha256(key, body));
}

std::optional<std::chrono::seconds> redelivery_wait(WebhookVendor vendor, int attempt) {
  using std::chrono::minutes;
  using std::chrono::seconds;
  if (attempt < 2) return std::nullopt;
  const int retry = attempt - 1;  // 1 = the first redelivery
  switch (vendor) {
    case WebhookVendor::multisafepay:
      // "3 resends at 15-minute intervals" [C].
      if (retry > 3) return std::nullopt;
      return minutes(15);
    case WebhookVendor::smarterpay: {
      // "up to 10 retries at increasing intervals" [C]; the intervals are not published [I].
      if (retry > 10) return std::nullopt;
      return std::min<seconds>(minutes(1) * (1 << std::min(retry - 1, 10)), minutes(60));
    }
    case WebhookVendor::qonto: {
      // "retried for a few days" [C]; doubling from 1 minute, capped at 12 hours, while the waits
      // so far stay within 3 days [I].
      seconds elapsed(0);
      seconds wait(0);
      for (int i = 1; i <= retry; ++i) {
        wait = std::min<seconds>(minutes(1) * (1 << std::min(i - 1, 20)), std::chrono::hours(12));
        elapsed += wait;
      }
      if (elapsed > std::chrono::hours(72)) return std::nullopt;
      return wait;
    }
  }
  return std::nullopt;
}

namespace {

struct Target {
  std::string connect_host;  // what the socket connects to
  int port = 80;
  std::string path_and_query;
};

bool is_loopback_ipv4(const std::string& host) {
  in_addr addr{};
  if (inet_pton(AF_INET, host.c_str(), &addr) != 1) return false;
  return (ntohl(addr.s_addr) >> 24) == 127;
}

// Parses http://host[:port][/path][?query]; only loopback hosts are accepted.
bool parse_loopback_url(const std::string& url, Target& out, std::string& error) {
  const std::string scheme = "http://";
  if (!starts_with(to_lower(url.substr(0, scheme.size())), scheme)) {
    error = "only http:// notification URLs are supported by the sandbox";
    return false;
  }
  const std::string rest = url.substr(scheme.size());
  const auto path_start = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "/" : rest.substr(path_start);
  if (const auto hash = path.find('#'); hash != std::string::npos) path.erase(hash);
  if (path.empty() || path.front() == '?') path.insert(0, "/");
  if (authority.find('@') != std::string::npos) {
    error = "user information in the notification URL is not supported";
    return false;
  }
  std::string host;
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) {
      error = "malformed IPv6 host";
      return false;
    }
    host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') {
        error = "malformed host";
        return false;
      }
      port_text = authority.substr(close + 2);
    }
  } else {
    const auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string::npos) port_text = authority.substr(colon + 1);
  }
  if (!port_text.empty()) {
    auto port = parse_int(port_text);
    if (!port || *port < 1 || *port > 65535) {
      error = "invalid port in notification URL";
      return false;
    }
    out.port = static_cast<int>(*port);
  }
  const std::string lower = to_lower(host);
  if (lower == "localhost") {
    out.connect_host = "127.0.0.1";  // never ask a resolver
  } else if (lower == "::1") {
    out.connect_host = "::1";
  } else if (is_loopback_ipv4(host)) {
    out.connect_host = host;
  } else {
    error = "refused: the sandbox only notifies loopback hosts (127.0.0.0/8, localhost, ::1)";
    return false;
  }
  out.path_and_query = path;
  return true;
}

std::string url_encode(const std::string& s) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
        c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0F]);
    }
  }
  return out;
}

// The acknowledgement rules of each vendor.
bool acknowledged(WebhookVendor vendor, int status, const std::string& body) {
  switch (vendor) {
    case WebhookVendor::multisafepay:
      // HTTP 200 with "OK" somewhere in the first 100 characters [C].
      return status == 200 && body.substr(0, 100).find("OK") != std::string::npos;
    case WebhookVendor::qonto:
    case WebhookVendor::smarterpay:
      return status >= 200 && status < 300;
  }
  return false;
}

// SmarterPay's receiver answers 498 to a signature it cannot verify [C]; the sandbox would sign the
// same way again, so it stops [I].
constexpr int kSmarterPayBadSignature = 498;

}  // namespace

Notifier::Notifier() = default;

Notifier::~Notifier() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    pending_.clear();
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void Notifier::configure(Options options) {
  std::lock_guard<std::mutex> lock(mutex_);
  options_ = options;
}

std::optional<std::string> Notifier::refuse_url(const std::string& url) {
  Target target;
  std::string error;
  if (parse_loopback_url(url, target, error)) return std::nullopt;
  return error;
}

void Notifier::notify_multisafepay(const std::string& api_key, const std::string& notification_url,
                                   const std::string& method, const std::string& order_id, const std::string& status,
                                   const std::string& body) {
  Delivery d;
  d.vendor = WebhookVendor::multisafepay;
  d.link_id = order_id;
  d.status = status;
  d.url = notification_url;
  d.method = method == "GET" ? "GET" : "POST";
  // notification_method GET: MultiSafepay only announces the order id; the merchant then fetches the
  // order. No body, so no signature [I].
  if (d.method == "POST") d.body = body;
  d.signing_key = api_key;
  deliver(std::move(d));
}

void Notifier::deliver(Delivery delivery) {
  std::uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    generation = generation_;
  }
  bool final = false;
  if (!attempt(delivery, 1, final) && !final) schedule(Pending{std::move(delivery), 2, generation});
}

bool Notifier::attempt(const Delivery& delivery, int number, bool& final) {
  NotificationRecord rec;
  rec.vendor = webhook_vendor_name(delivery.vendor);
  rec.order_id = delivery.link_id;
  rec.status = delivery.status;
  rec.event_id = delivery.event_id;
  rec.attempt = number;
  rec.method = delivery.method;
  rec.at = unix_now();
  rec.timestamp = std::to_string(rec.at);
  rec.url = delivery.url;
  rec.body = delivery.body;

  Target target;
  std::string error;
  if (!parse_loopback_url(delivery.url, target, error)) {
    rec.error = error;
    rec.next = "gave up";
    final = true;
    std::lock_guard<std::mutex> lock(mutex_);
    log_.push_back(std::move(rec));
    return false;
  }

  httplib::Headers headers;
  switch (delivery.vendor) {
    case WebhookVendor::multisafepay: {
      const char sep = target.path_and_query.find('?') == std::string::npos ? '?' : '&';
      const std::string query =
          std::string(1, sep) + "transactionid=" + url_encode(delivery.link_id) + "&timestamp=" + rec.timestamp;
      target.path_and_query += query;
      rec.url += query;
      headers.emplace("User-Agent", "paylink-sandbox (MultiSafepay notification)");
      if (delivery.method == "POST") {
        rec.signature_header = "Auth";
        rec.signature = multisafepay_auth_header(delivery.signing_key, rec.timestamp, delivery.body);
        rec.auth = rec.signature;
      }
      break;
    }
    case WebhookVendor::qonto:
      headers.emplace("User-Agent", "paylink-sandbox (Qonto webhook)");
      rec.signature_header = "X-Qonto-Signature";
      rec.signature = qonto_signature_header(delivery.signing_key, rec.timestamp, delivery.body);
      break;
    case WebhookVendor::smarterpay:
      headers.emplace("User-Agent", "paylink-sandbox (SmarterPay webhook)");
      rec.signature_header = "Webhook-Signature";
      rec.signature = smarterpay_signature_header(delivery.signing_key, delivery.body);
      break;
  }
  if (!rec.signature_header.empty()) headers.emplace(rec.signature_header, rec.signature);

  httplib::Client client(target.connect_host, target.port);
  client.set_connection_timeout(2, 0);
  // Qonto waits at most 1 second for the acknowledgement [C].
  if (delivery.vendor == WebhookVendor::qonto) {
    client.set_read_timeout(1, 0);
  } else {
    client.set_read_timeout(5, 0);
  }
  client.set_write_timeout(5, 0);
  client.set_url_encode(false);  // the path is already percent-encoded as the merchant gave it
  // The body is hashed byte for byte as sent; it is never re-serialized in between.
  auto result = delivery.method == "POST"
                    ? client.Post(target.path_and_query, headers, delivery.body, "application/json")
                    : client.Get(target.path_and_query, headers);
  if (result) {
    rec.http_status = result->status;
    rec.delivered = acknowledged(delivery.vendor, result->status, result->body);
    if (!rec.delivered) rec.error = "receiver answered HTTP " + std::to_string(result->status);
    if (delivery.vendor == WebhookVendor::smarterpay && result->status == kSmarterPayBadSignature) final = true;
  } else {
    rec.error = "delivery failed: " + httplib::to_string(result.error());
  }
  const bool done = rec.delivered;
  if (!done) {
    final = final || !redelivery_wait(delivery.vendor, number + 1);
    rec.next = final ? "gave up" : "redelivery scheduled";
  }
  std::lock_guard<std::mutex> lock(mutex_);
  log_.push_back(std::move(rec));
  return done;
}

void Notifier::schedule(Pending pending) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_ || pending.generation != generation_) return;
  const auto wait =
      options_.redelivery_interval
          ? *options_.redelivery_interval
          : std::chrono::duration_cast<std::chrono::milliseconds>(
                redelivery_wait(pending.delivery.vendor, pending.attempt).value_or(std::chrono::seconds(0)));
  pending_.emplace(std::chrono::steady_clock::now() + wait, std::move(pending));
  if (!worker_.joinable()) worker_ = std::thread([this] { run_redeliveries(); });
  wake_.notify_all();
}

void Notifier::run_redeliveries() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (pending_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto due = pending_.begin()->first;
    if (std::chrono::steady_clock::now() < due) {
      wake_.wait_until(lock, due);
      continue;
    }
    Pending next = std::move(pending_.begin()->second);
    pending_.erase(pending_.begin());
    lock.unlock();
    bool final = false;
    if (!attempt(next.delivery, next.attempt, final) && !final) {
      ++next.attempt;
      schedule(std::move(next));
    }
    lock.lock();
  }
}

std::string Notifier::add_subscription(Subscription subscription) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (subscription.id.empty()) subscription.id = uuid_v4();
  subscriptions_.push_back(subscription);
  return subscription.id;
}

std::vector<Subscription> Notifier::subscriptions(WebhookVendor vendor) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Subscription> out;
  for (const auto& s : subscriptions_) {
    if (s.vendor == vendor) out.push_back(s);
  }
  return out;
}

std::optional<Subscription> Notifier::subscription(WebhookVendor vendor, const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& s : subscriptions_) {
    if (s.vendor == vendor && s.id == id) return s;
  }
  return std::nullopt;
}

bool Notifier::remove_subscription(WebhookVendor vendor, const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = std::find_if(subscriptions_.begin(), subscriptions_.end(),
                               [&](const Subscription& s) { return s.vendor == vendor && s.id == id; });
  if (it == subscriptions_.end()) return false;
  subscriptions_.erase(it);
  return true;
}

json Notifier::log() const {
  std::lock_guard<std::mutex> lock(mutex_);
  json out = json::array();
  for (const auto& r : log_) out.push_back(r.to_json());
  return out;
}

void Notifier::record_received(json delivery) {
  std::lock_guard<std::mutex> lock(mutex_);
  inbox_.push_back(std::move(delivery));
}

json Notifier::inbox() const {
  std::lock_guard<std::mutex> lock(mutex_);
  json out = json::array();
  for (const auto& d : inbox_) out.push_back(d);
  return out;
}

void Notifier::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  log_.clear();
  inbox_.clear();
  subscriptions_.clear();
  pending_.clear();
  ++generation_;
}

}  // namespace paylink_sandbox
