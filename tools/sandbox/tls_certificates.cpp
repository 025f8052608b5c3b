#include "tls_certificates.hpp"

#include <fcntl.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>

namespace paylink_sandbox {

namespace {

bool add_extension(X509* certificate, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, certificate, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (extension == nullptr) return false;
  const bool added = X509_add_ext(certificate, extension, -1) == 1;
  X509_EXTENSION_free(extension);
  return added;
}

// The fields every certificate has; the issuer name and the extensions are the caller's.
CertificatePtr make_unsigned(const CertificateSpec& spec, EVP_PKEY* subject_key) {
  // Distinct serials within one process; a fresh CA per run makes them unique per issuer.
  static std::atomic<long> serial{1};
  CertificatePtr certificate(X509_new());
  if (!certificate) return nullptr;
  X509* c = certificate.get();
  const bool ok =
      X509_set_version(c, 2) == 1 && ASN1_INTEGER_set(X509_get_serialNumber(c), serial++) == 1 &&
      X509_gmtime_adj(X509_getm_notBefore(c), static_cast<long>(spec.not_before.count())) != nullptr &&
      X509_gmtime_adj(X509_getm_notAfter(c), static_cast<long>(spec.not_after.count())) != nullptr &&
      X509_set_pubkey(c, subject_key) == 1 &&
      X509_NAME_add_entry_by_txt(X509_get_subject_name(c), "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1, -1, 0) == 1;
  return ok ? std::move(certificate) : nullptr;
}

}  // namespace

KeyPtr make_key() { return KeyPtr(EVP_EC_gen("P-256")); }

CertificatePtr make_ca_certificate(const CertificateSpec& spec, EVP_PKEY* key) {
  CertificatePtr ca = make_unsigned(spec, key);
  if (!ca) return nullptr;
  X509* c = ca.get();
  const bool ok = X509_set_issuer_name(c, X509_get_subject_name(c)) == 1 &&
                  add_extension(c, c, NID_basic_constraints, "critical,CA:TRUE") &&
                  add_extension(c, c, NID_key_usage, "critical,keyCertSign,cRLSign") &&
                  add_extension(c, c, NID_subject_key_identifier, "hash") && X509_sign(c, key, EVP_sha256()) > 0;
  return ok ? std::move(ca) : nullptr;
}

CertificatePtr issue_server_certificate(const CertificateSpec& spec, EVP_PKEY* subject_key, X509* ca,
                                        EVP_PKEY* ca_key) {
  CertificatePtr certificate = make_unsigned(spec, subject_key);
  if (!certificate) return nullptr;
  X509* c = certificate.get();
  const bool ok = X509_set_issuer_name(c, X509_get_subject_name(ca)) == 1 &&
                  add_extension(c, ca, NID_basic_constraints, "critical,CA:FALSE") &&
                  add_extension(c, ca, NID_ext_key_usage, "serverAuth") &&
                  add_extension(c, ca, NID_subject_alt_name, spec.subject_alt_names.c_str()) &&
                  add_extension(c, ca, NID_authority_key_identifier, "keyid") && X509_sign(c, ca_key, EVP_sha256()) > 0;
  return ok ? std::move(certificate) : nullptr;
}

bool write_pem(const std::string& path, X509* certificate) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return false;
  const bool written = PEM_write_X509(file, certificate) == 1;
  return std::fclose(file) == 0 && written;
}

bool write_pem(const std::string& path, EVP_PKEY* key) {
  // Created 0600 (not chmod-ed afterwards), so the key is never readable by others, even briefly.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  if (::fchmod(fd, 0600) != 0) {  // an existing file keeps its mode through O_CREAT
    ::close(fd);
    return false;
  }
  FILE* file = ::fdopen(fd, "w");
  if (file == nullptr) {
    ::close(fd);
    return false;
  }
  const bool written = PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  return std::fclose(file) == 0 && written;
}

}  // namespace paylink_sandbox
