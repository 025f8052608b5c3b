// What every command that talks to a vendor shares: the vendor and its client, a transport that counts
// what reaches the network, the global flags (--verbose, --dry-run, --json), and how an SDK error
// becomes the one stderr line and exit code.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "arguments.hpp"
#include "credentials.hpp"
#include "diagnostics.hpp"
#include "output.hpp"
#include "paylink/call_options.hpp"
#include "paylink/client.hpp"
#include "paylink/transport.hpp"

namespace paylink_cli {

/// Counts what reaches the network, so that an error can say truthfully whether anything was sent
/// (exit 2 "nothing was sent" versus 3 "the vendor refused"), how many attempts were made, and whether
/// an attempt was sent and never answered (the vendor may have acted on it).
class CountingTransport : public paylink::Transport {
 public:
  explicit CountingTransport(std::shared_ptr<paylink::Transport> inner) : inner_(std::move(inner)) {}
  paylink::Result<paylink::HttpResponse> send(const paylink::HttpRequest& request) override;
  int sends() const noexcept { return sends_.load(); }
  int unanswered() const noexcept { return unanswered_.load(); }

 private:
  std::shared_ptr<paylink::Transport> inner_;
  std::atomic<int> sends_{0};
  std::atomic<int> unanswered_{0};
};

/// What every vendor command starts with: the vendor, its client, and how to print.
struct Session {
  Vendor vendor;
  std::optional<std::string> base_url_flag;
  bool json = false;
  std::shared_ptr<CountingTransport> transport;
  std::shared_ptr<DryRunTransport> dry_run;  ///< set with --dry-run: the transport under `transport`
  std::optional<paylink::Client> client;
  /// --timeout: when the command's calls must have ended (steady clock), counted from open_session.
  std::optional<std::chrono::steady_clock::time_point> deadline;

  /// The limits of the command's next call: what is left of --timeout (none without it).
  paylink::CallOptions call() const;
};

/// Thrown by `fail` when --dry-run printed the request that the failing call would have sent: the
/// command has done what was asked (run_command turns it into exit 0).
struct DryRunComplete {};

/// `option`'s value, "2", "0.5" or "1.250" seconds (at most three decimals), as milliseconds;
/// `fallback` when it is absent. Throws `Failure` (exit 2) naming it when it is not seconds from
/// `least` to `most`.
std::chrono::milliseconds seconds_option(const Arguments& args, std::string_view option,
                                         std::chrono::milliseconds fallback, std::chrono::milliseconds least,
                                         std::chrono::milliseconds most);

/// --timeout SECONDS of the commands that call a vendor: the whole call, retries and waits
/// included, from 0.001 to 86400 s. None when absent.
std::optional<std::chrono::milliseconds> call_timeout_option(const Arguments& args);

/// The value of `option`; throws `Failure` (exit 2) naming it when it is missing.
std::string required_value(const Arguments& args, std::string_view option);

/// Throws `Failure` (exit 2) unless there are exactly `count` positional arguments; `what` names them.
void expect_positionals(const Arguments& args, std::size_t count, std::string_view what);

/// The libcurl options every command uses: the "cli" User-Agent suffix, and the CA bundle of
/// --ca-bundle FILE or PAYLINK_CA_BUNDLE (the flag wins), checked readable before anything is sent.
paylink::CurlTransportOptions cli_transport_options(const Arguments& args);

/// The session of `args`: --provider, --base-url, --json, and --verbose (every request, response and
/// retry on stderr through the log hook) or --dry-run (the first request on stdout, nothing sent).
/// `console` must outlive the session.
Session open_session(const Arguments& args, const Console& console);

/// Throws the `Failure` of `error` (or `DryRunComplete` after a dry run). `how_to_check` says how to
/// find out whether an ambiguous create happened.
[[noreturn]] void fail(const Session& s, std::string_view operation, const paylink::Error& error,
                       std::string_view how_to_check = {});

/// The link as one table line, or as one JSON object with --json.
void print_link(const Console& console, const paylink::PaymentLink& link, bool json);

}  // namespace paylink_cli
