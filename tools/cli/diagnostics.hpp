// The global flags that show what would be or is sent: --verbose (every request, response, retry and
// failure, through the SDK's log hook) and --dry-run (the first request printed, nothing sent). Both show
// only what the SDK's redaction lets through (paylink/logging.hpp), and every line still passes through
// the Console's credential scrub.
#pragma once

#include <atomic>
#include <functional>
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

/// The --dry-run transport: hands every request it is given, redacted and with the User-Agent the real
/// transport would add, to a sink, and refuses it with a `network` error that says it was not sent.
class DryRunTransport : public paylink::Transport {
 public:
  using Sink = std::function<void(const paylink::RedactedRequest&)>;
  DryRunTransport(Sink sink, paylink::CurlTransportOptions options)
      : sink_(std::move(sink)), options_(std::move(options)) {}
  paylink::Result<paylink::HttpResponse> send(const paylink::HttpRequest& request) override;
  /// Whether a request reached this transport (and went to the sink).
  bool shown() const noexcept { return shown_.load(); }

 private:
  Sink sink_;
  paylink::CurlTransportOptions options_;
  std::atomic<bool> shown_{false};
};

/// A sink that prints the request to stdout: "METHOD URL", one "Name: value" line per header, and the
/// body after a blank line.
DryRunTransport::Sink print_request_to(const Console& console);

/// The request as one JSON object: {"method","url","headers":[[name,value],...],"body"} (body absent
/// when there is none; a JSON body is embedded as JSON).
std::string request_json(const paylink::RedactedRequest& request);

}  // namespace paylink_cli
