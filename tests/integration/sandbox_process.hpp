#pragma once
// Starts paylink-sandbox on a free loopback port for a test and stops it afterwards.

#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "paylink/client_options.hpp"
#include "paylink/transport.hpp"

namespace paylink::integration {

/// A sandbox child process. The constructor waits for "listening on http://127.0.0.1:PORT".
class SandboxProcess {
 public:
  SandboxProcess();
  ~SandboxProcess();
  SandboxProcess(const SandboxProcess&) = delete;
  SandboxProcess& operator=(const SandboxProcess&) = delete;

  const std::string& base_url() const { return base_url_; }
  bool running() const { return pid_ > 0; }

  /// Control API: arm a fault (JSON as documented in tools/sandbox), clear state, read counters.
  void add_fault(const nlohmann::json& fault) const;
  void reset() const;
  /// Requests received for "METHOD /path" (faults included).
  int requests(const std::string& method_and_path) const;
  /// All links the sandbox holds: [{vendor, id, status}, …].
  nlohmann::json links() const;
  /// Simulates the payer pressing Pay (or Cancel) on the link's payment page.
  void pay(const std::string& payment_page_url, bool cancel = false) const;

 private:
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body = {}) const;
  int pid_ = -1;
  std::FILE* stdout_ = nullptr;
  std::string base_url_;
};

/// Client options for tests: a real CurlTransport (5 s total timeout) and short backoffs.
ClientOptions test_options();

}  // namespace paylink::integration
