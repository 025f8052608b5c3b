// The global flags that show what would be or is sent: --verbose (every request, response, retry and
// failure, through the SDK's log hook) and --dry-run (the first request printed, nothing sent). Both show
// only what the SDK's redaction lets through (paylink/logging.hpp), and every line still passes through
// the Console's credential scrub.
#pragma once

#include <atomic>
#include <string>

#include "output.hpp"
#include "paylink/curl_transport.hpp"
#include "paylink/logging.hpp"
#include "paylink/transport.hpp"

namespace paylink_cli {

/// One log event as one line: `request qonto create attempt=1 POST /v2/payment_links headers="…" body={…}`,
/// `response qonto create attempt=1 status=201 duration_ms=12 response_body={…}`. Values with spaces
/// are quoted; control characters become spaces.
std::string format_log_event(const paylink::LogEvent& event);

/// A hook that writes `format_log_event` lines to stderr through `console` (which must outlive it).
paylink::LogHook verbose_log_hook(const Console& console);

/// The --dry-run transport: prints the first request it is given (method and URL, headers, the
/// User-Agent the real transport would add, a blank line and the body) to stdout, redacted, and refuses
/// every request with a `network` error that says it was not sent.
class DryRunTransport : public paylink::Transport {
 public:
  DryRunTransport(const Console& console, paylink::CurlTransportOptions options)
      : console_(console), options_(std::move(options)) {}
  paylink::Result<paylink::HttpResponse> send(const paylink::HttpRequest& request) override;
  /// Whether a request reached this transport (and was printed).
  bool shown() const noexcept { return shown_.load(); }

 private:
  const Console& console_;
  paylink::CurlTransportOptions options_;
  std::atomic<bool> shown_{false};
};

}  // namespace paylink_cli
