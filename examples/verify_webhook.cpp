// Verifies a MultiSafepay notification (webhook) before trusting it. Qonto and SmarterPay work the same
// way: verify_and_parse_qonto_webhook / verify_and_parse_smarterpay_webhook take the same arguments.
//
//   verify_webhook BODY_FILE AUTH_HEADER
//
// BODY_FILE holds the notification's raw POST body, byte for byte as received; AUTH_HEADER is the value
// of its `Auth` header. The key is the website API key, from PAYLINK_MULTISAFEPAY_API_KEY.
// In a web server you would pass the request body and header straight to the same call.
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include <paylink/paylink.hpp>

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: verify_webhook BODY_FILE AUTH_HEADER\n";
    return 2;
  }
  std::ifstream file(argv[1], std::ios::binary);
  if (!file) {
    std::cerr << "cannot read " << argv[1] << "\n";
    return 2;
  }
  // The signature covers the exact bytes: do not re-serialise or trim the body before verifying.
  const std::string body((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const char* api_key = std::getenv("PAYLINK_MULTISAFEPAY_API_KEY");  // NOLINT(concurrency-mt-unsafe)
  const paylink::Secret key(api_key != nullptr ? api_key : "");

  // In a web server: the request's headers as received (the Auth header is found in any case).
  const paylink::HttpHeaders headers{{"Auth", argv[2]}};

  // Checks the HMAC-SHA512 signature (in constant time), then the age: older than 10 minutes is refused
  // as a possible replay.
  const auto event = paylink::verify_and_parse_multisafepay_webhook(
      headers, body, key, std::chrono::system_clock::now(), std::chrono::minutes(10));
  if (!event) {
    // vendor_code says why: malformed_header, bad_signature, too_old, not_yet_valid or malformed_body.
    std::cerr << "rejected (" << event.error().vendor_code << "): " << event.error().message << "\n";
    return 1;
  }
  // Only now act on it (once per link and status: MultiSafepay resends until it gets "OK").
  std::cout << "valid: order " << event->link_id << " is " << paylink::to_string(event->status);
  if (event->occurred_at) std::cout << " (signed " << paylink::format_timestamp(*event->occurred_at) << ")";
  std::cout << "\n";
  return 0;
}
