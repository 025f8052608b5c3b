// A tiny application using paylink as a user would: it parses money, builds a client and prints the
// version. The consumer test builds it from an installed prefix (find_package and pkg-config) and with
// add_subdirectory, then runs it. Nothing here touches the network.
#include <iostream>
#include <memory>

#include <paylink/paylink.hpp>

#ifdef PAYLINK_CONSUMER_WITH_TESTING
#include <paylink/testing/fake_vendor.hpp>
#endif

int main() {
  const auto money = paylink::Money::parse("1100.50", "EUR");
  if (!money || money->minor_units() != 110050) {
    std::cerr << "Money::parse failed\n";
    return 1;
  }
  std::cout << "paylink " << paylink::version_string() << "\n";
  std::cout << "money " << money->to_string() << "\n";

  // The curl transport pulls libcurl and OpenSSL into the link: a static paylink must bring them.
  const std::shared_ptr<paylink::Transport> transport = paylink::make_curl_transport();
  if (!transport) return 1;

#ifdef PAYLINK_CONSUMER_WITH_QONTO
  paylink::QontoConfig config;
  config.access_token = "consumer-test-token";
  config.environment = paylink::QontoEnvironment::sandbox;
  config.base_url = "http://127.0.0.1:9";  // never contacted: no call is made
  paylink::ClientOptions options;
  options.transport = transport;
  const paylink::Client client = paylink::make_qonto_client(config, options);
  std::cout << "client " << client.provider_name() << "\n";
#endif

#ifdef PAYLINK_CONSUMER_WITH_TESTING
  // The test doubles shipped in paylink::testing run the whole client loop in memory.
  paylink::testing::FakeVendor vendor;
  paylink::CreateLinkRequest request;
  request.amount = *money;
  request.description = "consumer test";
  const auto link = vendor.client().create(request);
  if (!link) {
    std::cerr << "FakeVendor create failed: " << link.error().to_string() << "\n";
    return 1;
  }
  std::cout << "fake link " << link->id << " " << link->amount->to_string() << "\n";
#endif
  return 0;
}
