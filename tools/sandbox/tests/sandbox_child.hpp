// Starts paylink-sandbox as a child process on a free loopback port for one test suite, and stops
// it (SIGTERM) at the end. Its stderr (the request log) goes to a file the test can read.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include <httplib.h>

namespace paylink_sandbox::testing {

class SandboxChild {
 public:
  // `args` follow `--port 0`; `env` is added to the environment, from which every
  // PAYLINK_SANDBOX_* variable is removed first (so the demo OAuth client applies unless set here).
  explicit SandboxChild(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});
  ~SandboxChild();
  SandboxChild(const SandboxChild&) = delete;
  SandboxChild& operator=(const SandboxChild&) = delete;

  bool started() const { return port_ > 0; }
  int port() const { return port_; }
  httplib::Client client() const;  // keep-alive client with 10 s timeouts
  std::string log() const;         // everything the sandbox wrote to stderr so far

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = -1;
  std::string log_path_;
};

}  // namespace paylink_sandbox::testing
