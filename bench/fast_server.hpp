#pragma once
// A minimal HTTP/1.1 keep-alive server on 127.0.0.1 for the loopback benchmarks: one thread, one epoll
// loop, every request answered with the same canned response. It does just enough HTTP (request line and
// headers up to the blank line, then Content-Length bytes of body; pipelined requests are answered in
// order) to stay far cheaper per request than the client under test, so the client is what is measured.
// Not a general server: no chunked request bodies, no Expect: 100-continue, no TLS.

#include <pthread.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace paylink::bench {

/// What the server has seen since it started (read after the client's work is done, or approximately
/// while it runs).
struct ServerStats {
  std::uint64_t requests = 0;
  std::uint64_t bytes_received = 0;
  std::uint64_t connections_accepted = 0;
};

class FastServer {
 public:
  /// Answers every request with `status` `reason` and `body` (Content-Type `content_type`,
  /// Content-Length, Connection: keep-alive). Listens on 127.0.0.1 on a free port and serves from a
  /// background thread until `stop` or destruction. Throws std::system_error when the socket cannot
  /// be set up.
  FastServer(int status, const std::string& reason, const std::string& content_type, const std::string& body);
  ~FastServer();
  FastServer(const FastServer&) = delete;
  FastServer& operator=(const FastServer&) = delete;

  std::uint16_t port() const noexcept { return port_; }
  /// "http://127.0.0.1:<port>".
  std::string base_url() const;
  ServerStats stats() const noexcept;
  /// CPU time (user + system) the server thread has used so far, in seconds; 0 when unknown or
  /// after `stop`.
  double cpu_seconds() const noexcept;
  /// Stops the loop, joins the thread and closes every socket. Idempotent.
  void stop();

 private:
  void open_sockets();
  void run();

  std::string response_;
  int listen_fd_ = -1;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<std::uint64_t> requests_{0};
  std::atomic<std::uint64_t> bytes_received_{0};
  std::atomic<std::uint64_t> connections_{0};
  std::thread thread_;
  pthread_t native_{};  // thread_'s handle, read by cpu_seconds while the thread runs
};

}  // namespace paylink::bench
