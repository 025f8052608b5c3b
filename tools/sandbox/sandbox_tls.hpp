// `paylink-sandbox --tls`: the HTTPS identity the sandbox makes at start-up, and the server that
// serves it. A new private CA is made on every start and signs one server certificate for 127.0.0.1
// and localhost; the CA's key is dropped at once, so that CA can never sign anything else. Clients
// trust the CA file (`paylink --ca-bundle`, `curl --cacert`).
#pragma once

#include <memory>
#include <string>

#include <httplib.h>

#include "tls_certificates.hpp"

namespace paylink_sandbox {

class SandboxTls {
 public:
  // Makes the identity and writes ca.pem (for clients), server.pem and server.key (for a front proxy
  // such as nginx that serves the same identity over HTTP/2) into `dir`, created if missing, or into a
  // new private temporary directory when `dir` is empty. Null, with `error` set, on failure.
  static std::unique_ptr<SandboxTls> create(const std::string& dir, std::string& error);
  ~SandboxTls();  // removes the directory if it made a temporary one
  SandboxTls(const SandboxTls&) = delete;
  SandboxTls& operator=(const SandboxTls&) = delete;

  const std::string& ca_file() const { return ca_file_; }
  X509* certificate() const { return certificate_.get(); }
  EVP_PKEY* key() const { return key_.get(); }

 private:
  SandboxTls() = default;

  CertificatePtr certificate_;
  KeyPtr key_;
  std::string ca_file_;
  std::string temporary_dir_;  // empty when the user named the directory
};

// An httplib::SSLServer serving `tls`'s certificate, or a plain httplib::Server when `tls` is null.
std::unique_ptr<httplib::Server> make_http_server(const SandboxTls* tls);

}  // namespace paylink_sandbox
