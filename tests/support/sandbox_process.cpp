#include "sandbox_process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "paylink/curl_transport.hpp"

extern char** environ;  // NOLINT(readability-redundant-declaration): POSIX declares it nowhere else

namespace paylink::test_support {
namespace {

// The first line on `fd`, without its newline; empty when none came within 20 s (a loaded CI machine
// starts slowly) or the child closed its output first.
std::string read_first_line(int fd) {
  std::string line;
  char c = 0;
  while (line.size() < 256) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20000) <= 0) return {};
    if (::read(fd, &c, 1) != 1) return {};
    if (c == '\n') return line;
    if (c != '\r') line.push_back(c);
  }
  return {};
}

}  // namespace

SandboxProcess::SandboxProcess(const std::vector<std::string>& extra_args) {
  std::vector<std::string> argv_text = {PAYLINK_SANDBOX_PATH, "--port", "0", "--quiet"};
  argv_text.insert(argv_text.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv;
  argv.reserve(argv_text.size() + 1);
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);

  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const int rc = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  // Kept open until the child is gone, so that a late write of the sandbox never hits a closed pipe.
  stdout_fd_ = out[0];
  if (rc != 0) {
    pid_ = -1;
    stop();
    throw std::runtime_error("cannot start " + argv_text[0]);
  }
  const std::string first = read_first_line(stdout_fd_);
  const std::string prefix = "listening on ";
  if (first.rfind(prefix, 0) != 0) {
    stop();
    throw std::runtime_error("paylink-sandbox did not start; its first line: \"" + first + "\"");
  }
  base_url_ = first.substr(prefix.size());
}

SandboxProcess::~SandboxProcess() { stop(); }

void SandboxProcess::stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    // A sandbox that ignores SIGTERM must not hang the test program: at most 10 s, then SIGKILL.
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 200 && done == 0; ++i) {
      done = ::waitpid(pid_, &status, WNOHANG);
      if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (done == 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
  }
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
}

nlohmann::json SandboxProcess::call(const std::string& method, const std::string& path, const std::string& body) const {
  static const auto transport = make_curl_transport();
  HttpRequest r;
  r.method = method == "POST" ? HttpMethod::post : method == "DELETE" ? HttpMethod::delete_ : HttpMethod::get;
  r.url = base_url_ + path;
  r.body = body;
  r.headers = {{"Content-Type", "application/json"}};
  const auto response = transport->send(r);
  if (!response.ok()) throw std::runtime_error("sandbox control call failed: " + response.error().to_string());
  if (response->status >= 400) throw std::runtime_error("sandbox control call refused: " + response->body);
  if (response->body.empty()) return nlohmann::json::object();
  return nlohmann::json::parse(response->body, nullptr, false);
}

void SandboxProcess::add_fault(const nlohmann::json& fault) const { call("POST", "/__sandbox/faults", fault.dump()); }
void SandboxProcess::reset() const { call("POST", "/__sandbox/reset"); }

int SandboxProcess::requests(const std::string& method_and_path) const {
  const auto counts = call("GET", "/__sandbox/requests");
  const auto& c = counts["counts"];
  return c.contains(method_and_path) ? c[method_and_path].get<int>() : 0;
}

nlohmann::json SandboxProcess::links() const { return call("GET", "/__sandbox/links"); }

int SandboxProcess::link_count(const std::string& vendor) const {
  const nlohmann::json all = links();  // kept: a range over a temporary's member would dangle
  int n = 0;
  for (const auto& l : all["links"]) n += l["vendor"] == vendor;
  return n;
}

void SandboxProcess::pay(const std::string& payment_page_url, bool cancel) const {
  static const auto transport = make_curl_transport();
  HttpRequest r;
  r.method = HttpMethod::post;
  r.url = payment_page_url + (cancel ? "/cancel" : "/pay");
  const auto response = transport->send(r);
  if (!response.ok() || response->status >= 400) throw std::runtime_error("pressing the button failed");
}

ClientOptions test_options() {
  ClientOptions options;
  CurlTransportOptions transport;
  transport.total_timeout = std::chrono::milliseconds(5000);
  options.transport = make_curl_transport(transport);
  options.retry.initial_backoff = std::chrono::milliseconds(10);
  options.retry.max_backoff = std::chrono::milliseconds(50);
  return options;
}

}  // namespace paylink::test_support
