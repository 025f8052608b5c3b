#include "notifier.hpp"

#include <arpa/inet.h>

#include <httplib.h>

namespace paylink_sandbox {

json NotificationRecord::to_json() const {
  return json{{"order_id", order_id}, {"status", status},        {"url", url},
              {"method", method},     {"timestamp", timestamp},  {"auth", auth},
              {"body", body},         {"delivered", delivered},  {"http_status", http_status},
              {"error", error},       {"at", format_iso_utc(at)}};
}

std::string multisafepay_auth_header(const std::string& api_key, const std::string& timestamp,
                                     const std::string& body) {
  const std::string signed_text = timestamp + ":" + body;
  const std::string signature = hex_encode(hmac_sha512(trim(api_key), signed_text));
  return base64_encode(timestamp + ":" + signature);
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

}  // namespace

void Notifier::notify_multisafepay(const std::string& api_key, const std::string& notification_url,
                                   const std::string& method, const std::string& order_id, const std::string& status,
                                   const std::string& body) {
  NotificationRecord rec;
  rec.order_id = order_id;
  rec.status = status;
  rec.method = method == "GET" ? "GET" : "POST";
  rec.at = unix_now();
  rec.timestamp = std::to_string(rec.at);
  rec.url = notification_url;

  Target target;
  std::string error;
  if (parse_loopback_url(notification_url, target, error)) {
    const char sep = target.path_and_query.find('?') == std::string::npos ? '?' : '&';
    const std::string query =
        std::string(1, sep) + "transactionid=" + url_encode(order_id) + "&timestamp=" + rec.timestamp;
    target.path_and_query += query;
    rec.url += query;

    httplib::Client client(target.connect_host, target.port);
    client.set_connection_timeout(2, 0);
    client.set_read_timeout(5, 0);
    client.set_write_timeout(5, 0);
    client.set_url_encode(false);  // the path is already percent-encoded as the merchant gave it
    httplib::Headers headers = {{"User-Agent", "paylink-sandbox (MultiSafepay notification)"}};
    httplib::Result result{nullptr, httplib::Error::Unknown};
    if (rec.method == "POST") {
      // The body is hashed byte for byte as sent; it is never re-serialized in between.
      rec.body = body;
      rec.auth = multisafepay_auth_header(api_key, rec.timestamp, rec.body);
      headers.emplace("Auth", rec.auth);
      result = client.Post(target.path_and_query, headers, rec.body, "application/json");
    } else {
      // notification_method GET: MultiSafepay only announces the order id; the merchant then
      // fetches the order. No body, so no signature [I].
      result = client.Get(target.path_and_query, headers);
    }
    if (result) {
      rec.http_status = result->status;
      rec.delivered = result->status >= 200 && result->status < 300;
      if (!rec.delivered) rec.error = "receiver answered HTTP " + std::to_string(result->status);
    } else {
      rec.error = "delivery failed: " + httplib::to_string(result.error());
    }
  } else {
    rec.error = error;
    if (rec.method == "POST") rec.body = body;
  }

  std::lock_guard<std::mutex> lock(mutex_);
  log_.push_back(std::move(rec));
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
}

}  // namespace paylink_sandbox
