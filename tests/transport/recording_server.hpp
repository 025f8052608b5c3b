#pragma once
// A keep-alive HTTP/1.1 server on 127.0.0.1 that records every request exactly as it arrived (method,
// header block, body) and answers each with 200 "{}". Raw sockets, so that what a reused libcurl
// handle puts on the wire is seen as is: a stray body, Content-Length or header from the handle's
// previous request would show here.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace paylink::test {

struct RecordedRequest {
  std::string method;  ///< From the request line.
  std::string head;    ///< Request line and headers, without the blank line.
  std::string body;    ///< As many bytes as Content-Length announced (none without it).

  /// The value of header `name` (case-insensitive), or nothing when the request did not carry it.
  std::optional<std::string> header(const std::string& name) const {
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos) {
      const std::size_t start = pos + 2;
      pos = head.find("\r\n", start);
      const std::string line = head.substr(start, pos == std::string::npos ? std::string::npos : pos - start);
      const std::size_t colon = line.find(':');
      const auto same = [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
      };
      if (colon == name.size() && std::equal(name.begin(), name.end(), line.begin(), same)) {
        std::size_t value = colon + 1;
        while (value < line.size() && line[value] == ' ') ++value;
        return line.substr(value);
      }
    }
    return std::nullopt;
  }
};

class RecordingServer {
 public:
  RecordingServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::listen(fd_, 16);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~RecordingServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  RecordingServer(const RecordingServer&) = delete;
  RecordingServer& operator=(const RecordingServer&) = delete;

  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  std::vector<RecordedRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  int connections() const { return connections_; }

 private:
  // One connection at a time, served until the client closes it.
  void accept_loop() {
    while (!stop_) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      ++connections_;
      serve(client);
      ::close(client);
    }
  }

  void serve(int client) {
    std::string buffer;
    char chunk[4096];
    for (;;) {
      std::size_t head_end;
      while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      RecordedRequest request;
      request.head = buffer.substr(0, head_end);
      request.method = request.head.substr(0, request.head.find(' '));
      const auto length = request.header("Content-Length");
      const std::size_t body_size = length ? std::strtoul(length->c_str(), nullptr, 10) : 0;
      while (buffer.size() < head_end + 4 + body_size) {
        const ssize_t n = ::recv(client, chunk, sizeof chunk, 0);
        if (n <= 0) return;
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      request.body = buffer.substr(head_end + 4, body_size);
      buffer.erase(0, head_end + 4 + body_size);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        requests_.push_back(std::move(request));
      }
      static const std::string kAnswer =
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";
      if (::send(client, kAnswer.data(), kAnswer.size(), MSG_NOSIGNAL) < 0) return;
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

}  // namespace paylink::test
