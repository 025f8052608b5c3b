#include "sandbox_child.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere else

namespace paylink_sandbox::testing {
namespace {

// The first stdout line, within 20 s (a loaded CI machine starts slowly); empty on failure.
std::string read_first_line(int fd) {
  std::string line;
  char c = 0;
  while (line.size() < 200) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 20000) <= 0) return {};
    if (read(fd, &c, 1) != 1) return {};
    if (c == '\n') return line;
    line.push_back(c);
  }
  return {};
}

}  // namespace

SandboxChild::SandboxChild(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
  char log_template[] = "/tmp/paylink-sandbox-log.XXXXXX";
  const int log_fd = mkstemp(log_template);
  if (log_fd < 0) return;
  close(log_fd);
  log_path_ = log_template;

  std::vector<std::string> argv_text = {PAYLINK_SANDBOX_PATH, "--port", "0"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<std::string> env_text;
  for (char** e = environ; *e != nullptr; ++e) {
    if (std::strncmp(*e, "PAYLINK_SANDBOX_", 16) != 0) env_text.emplace_back(*e);
  }
  for (const auto& [key, value] : env) env_text.emplace_back(key).append("=").append(value);
  std::vector<char*> argv;
  argv.reserve(argv_text.size() + 1);
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  envp.reserve(env_text.size() + 1);
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);

  int out[2];
  if (pipe(out) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, log_path_.c_str(), O_WRONLY | O_TRUNC, 0600);
  const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  stdout_fd_ = out[0];
  if (rc != 0) {
    pid_ = -1;
    return;
  }
  const std::string line = read_first_line(stdout_fd_);
  std::smatch m;
  static const std::regex kListening(R"(listening on http://127\.0\.0\.1:(\d+))");
  if (std::regex_match(line, m, kListening)) port_ = std::atoi(m[1].str().c_str());
}

SandboxChild::~SandboxChild() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  if (!log_path_.empty()) unlink(log_path_.c_str());
}

httplib::Client SandboxChild::client() const {
  httplib::Client c("127.0.0.1", port_);
  c.set_keep_alive(true);
  c.set_connection_timeout(10);
  c.set_read_timeout(10);
  return c;
}

std::string SandboxChild::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace paylink_sandbox::testing
