#include "faults.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace paylink_sandbox {

const char* fault_kind_name(FaultKind k) {
  switch (k) {
    case FaultKind::status:
      return "status";
    case FaultKind::drop:
      return "drop";
    case FaultKind::slow:
      return "slow";
    case FaultKind::malformed:
      return "malformed";
    case FaultKind::truncated:
      return "truncated";
  }
  return "unknown";
}

bool Fault::matches(const std::string& method, const std::string& path) const {
  // "*" means every vendor API route; the payment page (/pay/...) is what tests use to move a
  // link's state, so only an explicit prefix ("POST /pay") reaches it.
  if (route == "*" || route.empty()) return !starts_with(path, "/pay/");
  const auto space = route.find(' ');
  const std::string want_method = space == std::string::npos ? route : route.substr(0, space);
  const std::string prefix = space == std::string::npos ? "" : trim(route.substr(space + 1));
  if (want_method != "*" && want_method != method) return false;
  return prefix.empty() || starts_with(path, prefix);
}

json Fault::to_json() const {
  json j = {{"id", id},       {"route", route},   {"kind", fault_kind_name(kind)},
            {"count", count}, {"status", status}, {"delay_ms", delay_ms}};
  j["retry_after"] = retry_after.empty() ? json(nullptr) : json(retry_after);
  return j;
}

namespace {

std::optional<FaultKind> kind_from(const std::string& s) {
  if (s == "status") return FaultKind::status;
  if (s == "drop") return FaultKind::drop;
  if (s == "slow") return FaultKind::slow;
  if (s == "malformed") return FaultKind::malformed;
  if (s == "truncated") return FaultKind::truncated;
  return std::nullopt;
}

bool validate(Fault& f, std::string& error) {
  if (f.kind == FaultKind::status && (f.status < 100 || f.status > 599)) {
    error = "status must be between 100 and 599";
    return false;
  }
  if (f.count < 1) {
    error = "count must be at least 1";
    return false;
  }
  if (f.delay_ms < 0 || f.delay_ms > 600000) {
    error = "delay_ms must be between 0 and 600000";
    return false;
  }
  if (f.route != "*") {
    const auto space = f.route.find(' ');
    const std::string prefix = space == std::string::npos ? "" : trim(f.route.substr(space + 1));
    if (space == std::string::npos || prefix.empty() || prefix.front() != '/') {
      error = "route must be \"*\" or \"METHOD /path-prefix\" (METHOD may be *)";
      return false;
    }
  }
  return true;
}

// Accepts an integer or a string of digits (Retry-After is a header value; both are natural).
std::optional<int> int_value(const json& v) {
  if (v.is_number_integer()) {
    const auto n = v.get<std::int64_t>();
    if (n < -1'000'000'000 || n > 1'000'000'000) return std::nullopt;
    return static_cast<int>(n);
  }
  if (v.is_string()) {
    auto n = parse_int(v.get<std::string>());
    if (n && *n >= -1'000'000'000 && *n <= 1'000'000'000) return static_cast<int>(*n);
  }
  return std::nullopt;
}

}  // namespace

std::optional<Fault> parse_fault(const json& body, std::string& error) {
  if (!body.is_object()) {
    error = "body must be a JSON object";
    return std::nullopt;
  }
  Fault f;
  if (auto route = string_field(body, "route")) f.route = trim(*route);
  const auto kind = string_field(body, "kind");
  if (!kind || !kind_from(*kind)) {
    error = "kind must be one of status, drop, slow, malformed, truncated";
    return std::nullopt;
  }
  f.kind = *kind_from(*kind);
  if (body.contains("status")) {
    auto v = int_value(body["status"]);
    if (!v) {
      error = "status must be an integer";
      return std::nullopt;
    }
    f.status = *v;
  }
  if (body.contains("count")) {
    auto v = int_value(body["count"]);
    if (!v) {
      error = "count must be an integer";
      return std::nullopt;
    }
    f.count = *v;
  }
  if (body.contains("delay_ms")) {
    auto v = int_value(body["delay_ms"]);
    if (!v) {
      error = "delay_ms must be an integer";
      return std::nullopt;
    }
    f.delay_ms = *v;
  }
  if (body.contains("retry_after") && !body["retry_after"].is_null()) {
    const auto& ra = body["retry_after"];
    if (ra.is_string()) {
      f.retry_after = ra.get<std::string>();
    } else if (ra.is_number_integer()) {
      f.retry_after = std::to_string(ra.get<std::int64_t>());
    } else {
      error = "retry_after must be a string or an integer";
      return std::nullopt;
    }
  }
  if (!validate(f, error)) return std::nullopt;
  return f;
}

std::optional<Fault> parse_fault_header(const std::string& header, std::string& error) {
  json body = json::object();
  std::size_t pos = 0;
  while (pos <= header.size()) {
    const auto end = header.find_first_of(";,", pos);
    const std::string part = trim(header.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (!part.empty()) {
      const auto eq = part.find('=');
      if (eq == std::string::npos) {
        body["kind"] = part;  // "X-Sandbox-Fault: drop" is allowed
      } else {
        body[trim(part.substr(0, eq))] = trim(part.substr(eq + 1));
      }
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  body.erase("route");  // the header applies to the request carrying it
  body.erase("count");
  return parse_fault(body, error);
}

std::uint64_t FaultRegistry::add(Fault fault) {
  std::lock_guard<std::mutex> lock(mutex_);
  fault.id = next_id_++;
  faults_.push_back(std::move(fault));
  return faults_.back().id;
}

std::optional<Fault> FaultRegistry::take(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = faults_.begin(); it != faults_.end(); ++it) {
    if (!it->matches(method, path)) continue;
    Fault used = *it;
    if (--it->count <= 0) faults_.erase(it);
    used.count = 1;
    return used;
  }
  return std::nullopt;
}

json FaultRegistry::pending() const {
  std::lock_guard<std::mutex> lock(mutex_);
  json out = json::array();
  for (const auto& f : faults_) out.push_back(f.to_json());
  return out;
}

void FaultRegistry::clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  faults_.clear();
}

void FaultRegistry::count_request(const std::string& method, const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++counts_[method + " " + path];
}

json FaultRegistry::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  json out = json::object();
  for (const auto& [key, n] : counts_) out[key] = n;
  return out;
}

void FaultRegistry::clear_counts() {
  std::lock_guard<std::mutex> lock(mutex_);
  counts_.clear();
}

// ---- dropping a connection ----

namespace {

// Address and port of a sockaddr, in the textual form httplib puts into Request.
bool address_of(const sockaddr_storage& ss, std::string& ip, int& port) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (ss.ss_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(&ss);
    if (inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf) == nullptr) return false;
    port = ntohs(in->sin_port);
  } else if (ss.ss_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(&ss);
    if (inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf) == nullptr) return false;
    port = ntohs(in6->sin6_port);
  } else {
    return false;
  }
  ip = buf;
  return true;
}

bool is_connection_of(int fd, const httplib::Request& req) {
  sockaddr_storage local{};
  sockaddr_storage peer{};
  socklen_t local_len = sizeof local;
  socklen_t peer_len = sizeof peer;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_len) != 0) return false;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) return false;
  std::string local_ip;
  std::string peer_ip;
  int local_port = -1;
  int peer_port = -1;
  if (!address_of(local, local_ip, local_port) || !address_of(peer, peer_ip, peer_port)) return false;
  return local_port == req.local_port && peer_port == req.remote_port && peer_ip == req.remote_addr &&
         (req.local_addr.empty() || local_ip == req.local_addr);
}

}  // namespace

bool drop_connection(const httplib::Request& req) {
  if (req.remote_port <= 0 || req.local_port <= 0) return false;
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return false;
  bool dropped = false;
  // The stream is private to this call; glibc's readdir is safe on distinct streams.
  while (dirent* entry = readdir(dir)) {  // NOLINT(concurrency-mt-unsafe)
    char* end = nullptr;
    const long fd = std::strtol(entry->d_name, &end, 10);
    if (end == entry->d_name || *end != '\0' || fd < 0 || fd == dirfd(dir)) continue;
    if (is_connection_of(static_cast<int>(fd), req)) {
      ::shutdown(static_cast<int>(fd), SHUT_RDWR);
      dropped = true;
      break;
    }
  }
  closedir(dir);
  return dropped;
}

}  // namespace paylink_sandbox
