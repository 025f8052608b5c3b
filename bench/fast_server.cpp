#include "fast_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <optional>
#include <string_view>
#include <system_error>
#include <unordered_map>

namespace paylink::bench {
namespace {

[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), std::string("fast_server: ") + what);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = (a[i] >= 'A' && a[i] <= 'Z') ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    const char y = (b[i] >= 'A' && b[i] <= 'Z') ? static_cast<char>(b[i] - 'A' + 'a') : b[i];
    if (x != y) return false;
  }
  return true;
}

// The body length announced by a request head (the text before the blank line); nullopt when the
// request cannot be served by this server (chunked body, malformed length).
std::optional<std::size_t> body_length(std::string_view head) {
  std::size_t length = 0;
  std::size_t line_start = head.find("\r\n");
  while (line_start != std::string_view::npos && line_start + 2 < head.size()) {
    line_start += 2;
    std::size_t line_end = head.find("\r\n", line_start);
    if (line_end == std::string_view::npos) line_end = head.size();
    const std::string_view line = head.substr(line_start, line_end - line_start);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view name = line.substr(0, colon);
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
      if (iequals(name, "content-length")) {
        if (value.empty()) return std::nullopt;
        length = 0;
        for (char c : value) {
          if (c == ' ' || c == '\t') break;
          if (c < '0' || c > '9') return std::nullopt;
          length = length * 10 + static_cast<std::size_t>(c - '0');
        }
      } else if (iequals(name, "transfer-encoding")) {
        return std::nullopt;
      }
    }
    line_start = line_end;
  }
  return length;
}

struct Connection {
  int fd = -1;
  std::string in;           // bytes received and not yet consumed by a complete request
  std::size_t scanned = 0;  // offset in `in` before which no request head ends
  std::string out;          // responses not yet written
  std::size_t written = 0;
  bool watching_writes = false;
};

}  // namespace

FastServer::FastServer(int status, const std::string& reason, const std::string& content_type,
                       const std::string& body) {
  response_ = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\nContent-Type: " + content_type +
              "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: keep-alive\r\n\r\n" + body;
  try {
    open_sockets();
  } catch (...) {
    stop();  // closes what was opened; the destructor does not run after a throwing constructor
    throw;
  }
  thread_ = std::thread([this] { run(); });
  native_ = thread_.native_handle();
}

void FastServer::open_sockets() {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) fail("socket");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fail("bind");
  if (::listen(listen_fd_, 1024) != 0) fail("listen");
  socklen_t len = sizeof addr;
  if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) fail("getsockname");
  port_ = ntohs(addr.sin_port);

  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) fail("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) fail("eventfd");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = nullptr;  // the listening socket
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) fail("epoll_ctl listen");
  ev.data.ptr = &wake_fd_;  // the stop signal
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) fail("epoll_ctl eventfd");
}

FastServer::~FastServer() { stop(); }

std::string FastServer::base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

ServerStats FastServer::stats() const noexcept {
  ServerStats s;
  s.requests = requests_.load(std::memory_order_relaxed);
  s.bytes_received = bytes_received_.load(std::memory_order_relaxed);
  s.connections_accepted = connections_.load(std::memory_order_relaxed);
  return s;
}

double FastServer::cpu_seconds() const noexcept {
  clockid_t clock{};
  if (!thread_.joinable() || ::pthread_getcpuclockid(native_, &clock) != 0) return 0.0;
  timespec ts{};
  if (::clock_gettime(clock, &ts) != 0) return 0.0;
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void FastServer::stop() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
    thread_.join();
  }
  for (int* fd : {&listen_fd_, &epoll_fd_, &wake_fd_}) {
    if (*fd >= 0) ::close(*fd);
    *fd = -1;
  }
}

void FastServer::run() {
  std::unordered_map<int, std::unique_ptr<Connection>> connections;
  constexpr int kMaxEvents = 256;
  epoll_event events[kMaxEvents];
  static thread_local char buffer[64 * 1024];

  auto close_connection = [&](Connection* c) {
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, c->fd, nullptr);
    ::close(c->fd);
    connections.erase(c->fd);
  };

  // Writes what is pending; watches for writability only while something is left. False when the
  // connection failed.
  auto flush = [&](Connection* c) {
    while (c->written < c->out.size()) {
      const ssize_t n = ::send(c->fd, c->out.data() + c->written, c->out.size() - c->written, MSG_NOSIGNAL);
      if (n > 0) {
        c->written += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
      return false;
    }
    const bool pending = c->written < c->out.size();
    if (!pending) {
      c->out.clear();
      c->written = 0;
    }
    if (pending != c->watching_writes) {
      epoll_event ev{};
      ev.events = EPOLLIN | (pending ? EPOLLOUT : 0u);
      ev.data.ptr = c;
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev);
      c->watching_writes = pending;
    }
    return true;
  };

  // Answers every complete request in `in`. False when a request cannot be served.
  auto serve = [&](Connection* c) {
    std::size_t consumed = 0;
    std::uint64_t answered = 0;
    while (true) {
      const std::string_view pending(c->in.data() + consumed, c->in.size() - consumed);
      const std::size_t from = c->scanned > consumed ? c->scanned - consumed : 0;
      const std::size_t blank = pending.find("\r\n\r\n", from);
      if (blank == std::string_view::npos) {
        // A blank line may straddle this read and the next: search its last 3 bytes again.
        c->scanned = c->in.size() >= consumed + 3 ? c->in.size() - 3 : consumed;
        break;
      }
      const auto length = body_length(pending.substr(0, blank));
      if (!length) return false;
      const std::size_t total = blank + 4 + *length;
      if (pending.size() < total) {
        c->scanned = consumed + blank;  // the head is complete; wait for the body
        break;
      }
      consumed += total;
      c->scanned = consumed;
      c->out += response_;
      ++answered;
    }
    if (consumed > 0) {
      c->in.erase(0, consumed);
      c->scanned -= consumed;
    }
    if (answered > 0) requests_.fetch_add(answered, std::memory_order_relaxed);
    return true;
  };

  bool running = true;
  while (running) {
    const int ready = ::epoll_wait(epoll_fd_, events, kMaxEvents, -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < ready; ++i) {
      void* tag = events[i].data.ptr;
      if (tag == &wake_fd_) {
        running = false;
        continue;
      }
      if (tag == nullptr) {
        while (true) {
          const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
          if (fd < 0) break;
          const int one = 1;
          ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
          auto connection = std::make_unique<Connection>();
          connection->fd = fd;
          epoll_event ev{};
          ev.events = EPOLLIN;
          ev.data.ptr = connection.get();
          if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
            ::close(fd);
            continue;
          }
          connections.emplace(fd, std::move(connection));
          connections_.fetch_add(1, std::memory_order_relaxed);
        }
        continue;
      }
      auto* c = static_cast<Connection*>(tag);
      if (events[i].events & (EPOLLERR | EPOLLHUP)) {
        close_connection(c);
        continue;
      }
      bool alive = true;
      if (events[i].events & EPOLLIN) {
        std::uint64_t received = 0;
        while (true) {
          const ssize_t n = ::recv(c->fd, buffer, sizeof buffer, 0);
          if (n > 0) {
            c->in.append(buffer, static_cast<std::size_t>(n));
            received += static_cast<std::uint64_t>(n);
            if (static_cast<std::size_t>(n) < sizeof buffer) break;
            continue;
          }
          if (n < 0 && errno == EINTR) continue;
          if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
          alive = false;  // closed by the peer, or failed
          break;
        }
        bytes_received_.fetch_add(received, std::memory_order_relaxed);
        if (alive) alive = serve(c);
      }
      if (alive && (!c->out.empty())) alive = flush(c);
      if (!alive) close_connection(c);
    }
  }
  for (auto& [fd, connection] : connections) ::close(fd);
}

}  // namespace paylink::bench
