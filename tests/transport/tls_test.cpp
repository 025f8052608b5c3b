// The real libcurl transport against a TLS server this test starts on 127.0.0.1, with certificates
// it makes itself: a good chain through a private CA bundle works, and an unknown CA, a wrong host
// name and an expired certificate are each refused at once, as a `network` error that names the TLS
// problem and is never retried.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "paylink/client.hpp"
#include "paylink/curl_transport.hpp"
#include "paylink/providers/qonto.hpp"

namespace paylink {
namespace {

namespace fs = std::filesystem;

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

KeyPtr make_key() { return KeyPtr(EVP_EC_gen("P-256"), &EVP_PKEY_free); }

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr) << value;
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `subject_key`, signed by `issuer_key` (itself when `issuer` is null: a CA),
// valid from now + not_before to now + not_after.
CertPtr make_cert(const char* common_name, EVP_PKEY* subject_key, X509* issuer, EVP_PKEY* issuer_key,
                  const char* subject_alt_names, long not_before_s, long not_after_s) {
  static std::atomic<long> serial{1};
  CertPtr cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), not_before_s);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), not_after_s);
  X509_set_pubkey(cert.get(), subject_key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (issuer == nullptr) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  } else {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), signer, NID_subject_alt_name, subject_alt_names);
    add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid");
  }
  EXPECT_GT(X509_sign(cert.get(), issuer_key, EVP_sha256()), 0);
  return cert;
}

void write_pem(const fs::path& path, X509* cert) {
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_X509(f, cert);
  std::fclose(f);
}

void write_pem(const fs::path& path, EVP_PKEY* key) {
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
}

// Two private CAs and three server certificates, written once for the whole suite.
class Certificates {
 public:
  Certificates() : dir_(fs::temp_directory_path() / ("paylink-tls-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    const KeyPtr ca_key = make_key();
    const CertPtr ca = make_cert("paylink test CA", ca_key.get(), nullptr, ca_key.get(), nullptr, -60, 86400);
    write_pem(dir_ / "ca.pem", ca.get());
    const KeyPtr other_ca_key = make_key();
    const CertPtr other_ca =
        make_cert("someone else's CA", other_ca_key.get(), nullptr, other_ca_key.get(), nullptr, -60, 86400);
    write_pem(dir_ / "other-ca.pem", other_ca.get());

    const auto server = [&](const char* name, const char* san, long from, long to) {
      const KeyPtr key = make_key();
      const CertPtr cert = make_cert(name, key.get(), ca.get(), ca_key.get(), san, from, to);
      write_pem(dir_ / (std::string(name) + ".pem"), cert.get());
      write_pem(dir_ / (std::string(name) + ".key"), key.get());
    };
    server("good", "IP:127.0.0.1,DNS:localhost", -60, 86400);
    server("wrong-host", "DNS:vendor.example", -60, 86400);
    server("expired", "IP:127.0.0.1,DNS:localhost", -2 * 86400, -86400);
  }
  ~Certificates() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string path(const std::string& file) const { return (dir_ / file).string(); }

 private:
  fs::path dir_;
};

const Certificates& certificates() {
  static const Certificates certs;
  return certs;
}

// An HTTPS server on a free loopback port presenting `<name>.pem`, answering every GET with a Qonto
// link; stopped when the test ends. Counts the requests that got through the handshake.
class TlsServer {
 public:
  explicit TlsServer(const std::string& name)
      : server_(certificates().path(name + ".pem").c_str(), certificates().path(name + ".key").c_str()) {
    server_.Get(".*", [this](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content(R"({"payment_link":{"id":"pl_1","status":"open","url":"https://pay.example/pl_1"}})",
                      "application/json");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsServer() {
    server_.stop();
    thread_.join();
  }
  std::string base_url() const { return "https://127.0.0.1:" + std::to_string(port_); }
  int requests() const { return requests_.load(); }

 private:
  httplib::SSLServer server_;
  std::atomic<int> requests_{0};
  int port_ = 0;
  std::thread thread_;
};

// Counts what the client hands to the transport: one per attempt.
class CountingTransport : public Transport {
 public:
  explicit CountingTransport(std::shared_ptr<Transport> inner) : inner_(std::move(inner)) {}
  Result<HttpResponse> send(const HttpRequest& request) override {
    ++attempts;
    return inner_->send(request);
  }
  std::atomic<int> attempts{0};

 private:
  std::shared_ptr<Transport> inner_;
};

struct Outcome {
  Result<PaymentLink> link;
  int attempts;
};

// One `get` through the whole client (retries on) with the real transport trusting `ca_file`.
Outcome get_link(const TlsServer& server, const std::string& ca_file) {
  CurlTransportOptions transport_options;
  transport_options.ca_bundle = ca_file;
  auto transport = std::make_shared<CountingTransport>(make_curl_transport(transport_options));
  ClientOptions options;
  options.transport = transport;
  options.sleeper = [](std::chrono::milliseconds) {};  // retries, if any were made, would not wait
  QontoConfig config;
  config.access_token = Secret("tls-test-token");
  config.base_url = server.base_url();
  Client client = make_qonto_client(config, options);
  auto link = client.get("pl_1");
  return {std::move(link), transport->attempts.load()};
}

TEST(Tls, AGoodChainThroughThePrivateCaBundleWorks) {
  TlsServer server("good");
  const Outcome outcome = get_link(server, certificates().path("ca.pem"));
  ASSERT_TRUE(outcome.link.ok()) << outcome.link.error().to_string();
  EXPECT_EQ(outcome.link->id, "pl_1");
  EXPECT_EQ(server.requests(), 1);
}

void expect_refused_at_once(const Outcome& outcome, const TlsServer& server, const char* problem) {
  ASSERT_FALSE(outcome.link.ok());
  const Error& e = outcome.link.error();
  EXPECT_EQ(e.code, ErrorCode::network) << e.to_string();
  EXPECT_FALSE(e.retryable) << e.to_string();
  EXPECT_NE(e.message.find("TLS"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find(problem), std::string::npos) << e.message;
  EXPECT_EQ(outcome.attempts, 1) << "a certificate that does not verify is never retried";
  EXPECT_EQ(server.requests(), 0) << "no request may pass a failed handshake";
}

TEST(Tls, AnUnknownCaIsRefusedAtOnce) {
  TlsServer server("good");
  expect_refused_at_once(get_link(server, certificates().path("other-ca.pem")), server, "local issuer");
}

TEST(Tls, TheSystemStoreDoesNotTrustAPrivateCa) {
  TlsServer server("good");
  expect_refused_at_once(get_link(server, ""), server, "certificate");
}

TEST(Tls, AWrongHostNameIsRefusedAtOnce) {
  TlsServer server("wrong-host");
  expect_refused_at_once(get_link(server, certificates().path("ca.pem")), server, "host name");
}

TEST(Tls, AnExpiredCertificateIsRefusedAtOnce) {
  TlsServer server("expired");
  expect_refused_at_once(get_link(server, certificates().path("ca.pem")), server, "expired");
}

TEST(Tls, AnUnreadableCaBundleIsRefusedAtOnce) {
  TlsServer server("good");
  const Outcome outcome = get_link(server, certificates().path("no-such-bundle.pem"));
  ASSERT_FALSE(outcome.link.ok());
  EXPECT_EQ(outcome.link.error().code, ErrorCode::network);
  EXPECT_FALSE(outcome.link.error().retryable) << outcome.link.error().to_string();
  EXPECT_EQ(outcome.attempts, 1);
}

}  // namespace
}  // namespace paylink
