#include "sandbox_process.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "paylink/curl_transport.hpp"

namespace paylink::integration {

SandboxProcess::SandboxProcess() {
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    ::execl(PAYLINK_SANDBOX_PATH, PAYLINK_SANDBOX_PATH, "--port", "0", "--quiet", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  FILE* in = ::fdopen(out[0], "r");
  char line[256] = {};
  if (!in || !std::fgets(line, sizeof line, in)) throw std::runtime_error("sandbox printed nothing");
  std::string first(line);
  while (!first.empty() && (first.back() == '\n' || first.back() == '\r')) first.pop_back();
  const std::string prefix = "listening on ";
  if (first.rfind(prefix, 0) != 0) throw std::runtime_error("unexpected first line: " + first);
  base_url_ = first.substr(prefix.size());
  stdout_ = in;  // kept open (and closed after the child exits) so a late write never hits a closed pipe
}

SandboxProcess::~SandboxProcess() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (stdout_) std::fclose(stdout_);
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

}  // namespace paylink::integration
