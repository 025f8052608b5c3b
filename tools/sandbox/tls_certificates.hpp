// Certificates made with the OpenSSL API, for loopback TLS: a private CA and server certificates it
// signs. `paylink-sandbox --tls` makes its identity with these at start-up, and the TLS tests make their
// good, wrong-host and expired certificates with them: one maker for both.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <chrono>
#include <memory>
#include <string>

namespace paylink_sandbox {

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertificateFree {
  void operator()(X509* certificate) const { X509_free(certificate); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertificatePtr = std::unique_ptr<X509, CertificateFree>;

struct CertificateSpec {
  std::string common_name;
  // For a server certificate, in OpenSSL's config syntax: "IP:127.0.0.1,DNS:localhost". Unused for a CA.
  std::string subject_alt_names;
  // Validity, relative to now. Starting a minute in the past absorbs small clock differences.
  std::chrono::seconds not_before{-60};
  std::chrono::seconds not_after{std::chrono::hours(24)};
};

// A new P-256 key; null when OpenSSL fails.
KeyPtr make_key();

// A self-signed CA certificate for `key`; null when OpenSSL fails.
CertificatePtr make_ca_certificate(const CertificateSpec& spec, EVP_PKEY* key);

// A TLS server certificate for `subject_key`, signed by `ca` with `ca_key`; null when OpenSSL fails or
// the subject alt names do not parse.
CertificatePtr issue_server_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key, X509* ca, EVP_PKEY* ca_key);

// PEM files. A private key is written readable by its owner only. False when the file cannot be written.
bool write_pem(const std::string& path, X509* certificate);
bool write_pem(const std::string& path, EVP_PKEY* key);

}  // namespace paylink_sandbox
