#pragma once
// paylink-sandbox as a child process of a test: started on a free loopback port, stopped at the end.

#include <sys/types.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "paylink/client_options.hpp"

namespace paylink::test_support {

/// A sandbox child process, started with `--port 0 --quiet` and `extra_args`. The constructor returns
/// once the sandbox printed "listening on URL" (throws std::runtime_error, the child stopped, when it
/// does not within 20 s); the destructor sends SIGTERM, waits up to 10 s, then sends SIGKILL.
class SandboxProcess {
 public:
  explicit SandboxProcess(const std::vector<std::string>& extra_args = {});
  ~SandboxProcess();
  SandboxProcess(const SandboxProcess&) = delete;
  SandboxProcess& operator=(const SandboxProcess&) = delete;

  const std::string& base_url() const { return base_url_; }

  /// Control API: arm a fault (JSON as documented in tools/sandbox), clear state, read counters.
  void add_fault(const nlohmann::json& fault) const;
  void reset() const;
  /// Requests received for "METHOD /path" (faults included).
  int requests(const std::string& method_and_path) const;
  /// All links the sandbox holds: [{vendor, id, status}, …].
  nlohmann::json links() const;
  /// How many of those links belong to `vendor`.
  int link_count(const std::string& vendor) const;
  /// Simulates the payer pressing Pay (or Cancel) on the link's payment page.
  void pay(const std::string& payment_page_url, bool cancel = false) const;

 private:
  void stop();
  nlohmann::json call(const std::string& method, const std::string& path, const std::string& body = {}) const;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string base_url_;
};

/// Client options for tests: a real CurlTransport (5 s total timeout) and short backoffs.
ClientOptions test_options();

}  // namespace paylink::test_support
