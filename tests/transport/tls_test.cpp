// The real libcurl transport against a TLS server this test starts on 127.0.0.1, with certificates
// it makes itself: a good chain through a private CA bundle works, and an unknown CA, a wrong host
// name and an expired certificate are each refused at once, as a `network` error that names the TLS
// problem and is never retried.
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
#include "tls_certificates.hpp"

namespace paylink {
namespace {

namespace fs = std::filesystem;

using paylink_sandbox::CertificateSpec;
using std::chrono::hours;

void write_or_fail(const fs::path& path, X509* cert) {
  ASSERT_TRUE(paylink_sandbox::write_pem(path.string(), cert)) << path;
}
void write_or_fail(const fs::path& path, EVP_PKEY* key) {
  ASSERT_TRUE(paylink_sandbox::write_pem(path.string(), key)) << path;
}

// Two private CAs and three server certificates, written once for the whole suite.
class Certificates {
 public:
  Certificates() : dir_(fs::temp_directory_path() / ("paylink-tls-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    make_all();
  }
  ~Certificates() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string path(const std::string& file) const { return (dir_ / file).string(); }

 private:
  static CertificateSpec spec(const std::string& common_name, const std::string& subject_alt_names = "",
                              hours not_before = hours(0), hours not_after = hours(24)) {
    CertificateSpec spec;
    spec.common_name = common_name;
    spec.subject_alt_names = subject_alt_names;
    spec.not_before = not_before - std::chrono::minutes(1);
    spec.not_after = not_after;
    return spec;
  }

  // The certificate maker paylink-sandbox --tls uses (tools/sandbox/tls_certificates.hpp).
  void make_all() {
    const auto ca_key = paylink_sandbox::make_key();
    const auto ca = paylink_sandbox::make_ca_certificate(spec("paylink test CA"), ca_key.get());
    ASSERT_TRUE(ca);
    write_or_fail(dir_ / "ca.pem", ca.get());
    const auto other_ca_key = paylink_sandbox::make_key();
    const auto other_ca = paylink_sandbox::make_ca_certificate(spec("someone else's CA"), other_ca_key.get());
    ASSERT_TRUE(other_ca);
    write_or_fail(dir_ / "other-ca.pem", other_ca.get());

    const auto server = [&](const std::string& name, const CertificateSpec& server_spec) {
      const auto key = paylink_sandbox::make_key();
      const auto cert = paylink_sandbox::issue_server_certificate(server_spec, key.get(), ca.get(), ca_key.get());
      ASSERT_TRUE(cert) << name;
      write_or_fail(dir_ / (name + ".pem"), cert.get());
      write_or_fail(dir_ / (name + ".key"), key.get());
    };
    server("good", spec("good", "IP:127.0.0.1,DNS:localhost"));
    server("wrong-host", spec("wrong-host", "DNS:vendor.example"));
    server("expired", spec("expired", "IP:127.0.0.1,DNS:localhost", -hours(48), -hours(24)));
  }

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
