#include "sandbox_tls.hpp"

#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <system_error>
#include <vector>

namespace paylink_sandbox {

namespace fs = std::filesystem;

namespace {

// Long enough for a working day's session; each start makes a new CA anyway.
constexpr std::chrono::hours kValidity{24 * 7};

// A new directory only this user can enter, under $TMPDIR (else /tmp).
std::string make_private_temp_dir(std::string& error) {
  std::error_code ec;
  const fs::path base = fs::temp_directory_path(ec);
  std::string pattern = ((ec ? fs::path("/tmp") : base) / "paylink-sandbox-tls.XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (::mkdtemp(buffer.data()) == nullptr) {  // mkdtemp creates it with mode 0700
    error = "cannot create a temporary directory under " + pattern.substr(0, pattern.rfind('/'));
    return {};
  }
  return buffer.data();
}

}  // namespace

std::unique_ptr<SandboxTls> SandboxTls::create(const std::string& dir, std::string& error) {
  std::unique_ptr<SandboxTls> tls(new SandboxTls());
  std::string target = dir;
  if (target.empty()) {
    target = make_private_temp_dir(error);
    if (target.empty()) return nullptr;
    tls->temporary_dir_ = target;  // removed by the destructor, also when a later step fails
  } else {
    std::error_code ec;
    fs::create_directories(target, ec);
    if (ec || !fs::is_directory(target)) {
      error = "--tls-dir " + dir + ": cannot create the directory";
      return nullptr;
    }
  }

  const KeyPtr ca_key = make_key();
  tls->key_ = make_key();
  const CertificatePtr ca =
      ca_key ? make_ca_certificate({"paylink-sandbox local CA", {}, std::chrono::seconds(-60), kValidity}, ca_key.get())
             : nullptr;
  if (ca && tls->key_) {
    tls->certificate_ = issue_server_certificate(
        {"paylink-sandbox", "IP:127.0.0.1,DNS:localhost", std::chrono::seconds(-60), kValidity}, tls->key_.get(),
        ca.get(), ca_key.get());
  }
  if (!tls->certificate_) {
    error = "OpenSSL could not make the TLS certificates";
    return nullptr;
  }

  const fs::path out(target);
  tls->ca_file_ = (out / "ca.pem").string();
  const std::string certificate_file = (out / "server.pem").string();
  const std::string key_file = (out / "server.key").string();
  if (!write_pem(tls->ca_file_, ca.get()) || !write_pem(certificate_file, tls->certificate_.get()) ||
      !write_pem(key_file, tls->key_.get())) {
    error = "cannot write the TLS files into " + target;
    return nullptr;
  }
  return tls;
}

SandboxTls::~SandboxTls() {
  if (temporary_dir_.empty()) return;
  std::error_code ignored;
  fs::remove_all(temporary_dir_, ignored);
}

std::unique_ptr<httplib::Server> make_http_server(const SandboxTls* tls) {
  if (tls == nullptr) return std::make_unique<httplib::Server>();
  // SSLServer takes its own references to the certificate and the key.
  return std::make_unique<httplib::SSLServer>(tls->certificate(), tls->key());
}

}  // namespace paylink_sandbox
