#pragma once
/// @file curl_transport.hpp
/// @brief The libcurl transport: keep-alive, HTTP/2, TLS verification on, bounded everything.

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "paylink/export.hpp"
#include "paylink/transport.hpp"

namespace paylink {

/// Options of `make_curl_transport`. Every field states its default.
struct CurlTransportOptions {
  /// Time allowed to establish a connection (TCP + TLS). Default 10 s.
  std::chrono::milliseconds connect_timeout{10'000};
  /// Time allowed for the whole exchange, connect to last byte. Default 30 s. Never unlimited: a server
  /// that accepts and never answers is cut off here.
  std::chrono::milliseconds total_timeout{30'000};
  /// Verify the server's certificate and host name. Default true. Setting it false is honoured only for
  /// loopback hosts (127.0.0.0/8, ::1, localhost), i.e. a local sandbox; anything else is refused.
  bool verify_tls = true;
  /// Path of a CA bundle file; empty = the system's default.
  std::string ca_bundle;
  /// Proxy URL (e.g. "http://proxy:3128"); empty = none (libcurl's environment variables still apply).
  std::string proxy;
  /// Largest response body accepted; a larger one fails with `invalid_response`. Default 8 MiB.
  std::size_t max_response_bytes = 8u << 20;
  /// Text appended to the User-Agent (see `user_agent`); empty = nothing.
  std::string user_agent_suffix;
  /// Easy handles (each with its own connection cache) kept for reuse. Default 16.
  std::size_t max_idle_handles = 16;
};

/// The User-Agent a transport made with `options` sends, e.g.
/// "paylink/0.2.0 (linux x86_64; libcurl/7.88.1 OpenSSL/3.0.11) cli": the platform and the libcurl
/// and TLS library versions this process runs with, which vendors' support teams ask for, then
/// `options.user_agent_suffix`.
PAYLINK_EXPORT std::string user_agent(const CurlTransportOptions& options = {});

/// A transport over libcurl. Thread-safe: concurrent `send` calls each take a pooled handle, so
/// connections are reused across calls. Each `open_session` (what `BatchRunner` uses) is a libcurl
/// multi handle of its own: its transfers run concurrently over connections it keeps for its lifetime,
/// multiplexed as HTTP/2 streams where the server offers HTTP/2 (over TLS): one connection carries up to
/// `max_in_flight` streams, within the server's own stream limit. Otherwise (HTTP/1.1) at most
/// `max_in_flight` connections per host. Plain `http://` is accepted for loopback hosts only.
PAYLINK_EXPORT std::shared_ptr<Transport> make_curl_transport(const CurlTransportOptions& options = {});

}  // namespace paylink
