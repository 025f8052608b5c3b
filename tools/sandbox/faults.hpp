// Fault injection for tests, and the per-route request counters.
//
// A fault is queued with POST /__sandbox/faults (or carried by one request in the X-Sandbox-Fault
// header) and applies to the next `count` requests whose "METHOD path" matches its route:
//   status     answer `status` (with Retry-After when given) and a vendor-shaped error body; the
//              request is NOT processed
//   drop       process the request normally (state changes, idempotency cache), then close the
//              connection without writing a single response byte
//   slow       process, then wait delay_ms before answering
//   malformed  process, then answer 200 with a body that is not JSON
//   truncated  process, then answer with the real JSON cut in half (valid HTTP framing)
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>

#include "util.hpp"

namespace paylink_sandbox {

enum class FaultKind { status, drop, slow, malformed, truncated };
const char* fault_kind_name(FaultKind k);

struct Fault {
  std::string route = "*";  // "*", "METHOD /path-prefix" or "* /path-prefix"
  FaultKind kind = FaultKind::status;
  int status = 500;
  std::string retry_after;  // empty = no Retry-After header
  int count = 1;            // remaining matching requests
  int delay_ms = 1000;      // for slow
  std::uint64_t id = 0;

  bool matches(const std::string& method, const std::string& path) const;
  json to_json() const;
};

// Parses the control body {"route","kind","status","retry_after","count","delay_ms"}.
// On error returns nullopt and sets `error`.
std::optional<Fault> parse_fault(const json& body, std::string& error);
// Parses the one-request header form: "kind=status; status=503; retry_after=2; delay_ms=1500".
std::optional<Fault> parse_fault_header(const std::string& header, std::string& error);

class FaultRegistry {
 public:
  std::uint64_t add(Fault fault);
  // The first queued fault matching the request, with one use consumed; nullopt when none.
  std::optional<Fault> take(const std::string& method, const std::string& path);
  json pending() const;
  void clear();

  void count_request(const std::string& method, const std::string& path);
  json counts() const;
  void clear_counts();

 private:
  mutable std::mutex mutex_;
  std::vector<Fault> faults_;
  std::uint64_t next_id_ = 1;
  std::map<std::string, std::uint64_t> counts_;
};

// Closes the client connection of `req` so that nothing httplib writes afterwards reaches the
// peer. cpp-httplib 0.11 gives a handler no access to its socket and always writes a response
// after the handler returns, so the socket is found by its address pair (the request's local and
// remote address and port, unique among open sockets) and shut down for both directions. httplib
// then fails to write (the process ignores SIGPIPE), closes the descriptor itself and the peer
// sees the connection closed with zero response bytes. Returns false when the socket was not found.
bool drop_connection(const httplib::Request& req);

}  // namespace paylink_sandbox
