#include "session.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "paylink/curl_transport.hpp"
#include "paylink/rate_limit.hpp"
#include "quota_options.hpp"

namespace paylink_cli {

paylink::Result<paylink::HttpResponse> CountingTransport::send(const paylink::HttpRequest& request) {
  auto response = inner_->send(request);
  // The transport refuses some requests itself before writing a byte (plain http to a remote host):
  // those were not sent.
  if (response || response.error().code != paylink::ErrorCode::validation) ++sends_;
  // An unanswered Qonto OAuth token request (its path is always /oauth2/token) cannot have made a link:
  // a create whose refresh got no answer was never sent, so its outcome is known.
  constexpr std::string_view kTokenPath = "/oauth2/token";
  const std::string_view url = request.url;
  const bool token_request =
      url.size() >= kTokenPath.size() && url.substr(url.size() - kTokenPath.size()) == kTokenPath;
  if (!response && response.error().request_sent && !token_request) ++unanswered_;
  return response;
}

namespace {
using std::chrono::milliseconds;

// "2", "0.5", "1.250": seconds with at most three decimals, as milliseconds; nullopt for anything else.
std::optional<milliseconds> parse_seconds(std::string_view text) {
  const auto point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view fraction = point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (whole.empty() || whole.size() > 7 || fraction.size() > 3 ||
      (point != std::string_view::npos && fraction.empty())) {
    return std::nullopt;
  }
  long long ms = 0;
  for (const char c : whole) {
    if (c < '0' || c > '9') return std::nullopt;
    ms = ms * 10 + (c - '0');
  }
  long long scale = 100;
  ms *= 1000;
  for (const char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    ms += (c - '0') * scale;
    scale /= 10;
  }
  return milliseconds(ms);
}
}  // namespace

milliseconds seconds_option(const Arguments& args, std::string_view option, milliseconds fallback, milliseconds least,
                            milliseconds most) {
  const auto text = args.value(option);
  if (!text) return fallback;
  const auto value = parse_seconds(*text);
  if (!value || *value < least || *value > most) {
    throw usage_error(fmt::format("{} \"{}\" must be seconds from {:g} to {} (e.g. 2 or 0.5)", option, one_line(*text),
                                  static_cast<double>(least.count()) / 1000.0, most.count() / 1000));
  }
  return *value;
}

std::optional<milliseconds> call_timeout_option(const Arguments& args) {
  if (!args.value("--timeout")) return std::nullopt;
  return seconds_option(args, "--timeout", {}, milliseconds(1), std::chrono::hours(24));
}

paylink::CallOptions Session::call() const {
  paylink::CallOptions options;
  if (deadline) {
    const auto left = std::chrono::ceil<milliseconds>(*deadline - std::chrono::steady_clock::now());
    options.timeout = std::max(milliseconds(0), left);
  }
  return options;
}

std::string required_value(const Arguments& args, std::string_view option) {
  auto value = args.value(option);
  if (!value) {
    throw usage_error(fmt::format("{} needs {} (see paylink {} --help)", command_name(*args.command), option,
                                  command_name(*args.command)));
  }
  return *value;
}

void expect_positionals(const Arguments& args, std::size_t count, std::string_view what) {
  if (args.positionals.size() < count) {
    throw usage_error(fmt::format("{} needs {} (see paylink {} --help)", command_name(*args.command), what,
                                  command_name(*args.command)));
  }
  if (args.positionals.size() > count) {
    throw usage_error(
        fmt::format("{}: unexpected argument \"{}\"", command_name(*args.command), one_line(args.positionals[count])));
  }
}

paylink::CurlTransportOptions cli_transport_options(const Arguments& args) {
  paylink::CurlTransportOptions options;
  options.user_agent_suffix = "cli";
  std::string source = "--ca-bundle";
  std::optional<std::string> bundle = args.value("--ca-bundle");
  if (!bundle) {
    const char* env = std::getenv("PAYLINK_CA_BUNDLE");  // NOLINT(concurrency-mt-unsafe): read before any thread
    if (env != nullptr && *env != '\0') {
      bundle = env;
      source = "PAYLINK_CA_BUNDLE";
    }
  }
  if (bundle) {
    // libcurl would only say "problem with the SSL CA cert" on the first request; say which file.
    if (bundle->empty() || !std::ifstream(*bundle).good()) {
      throw usage_error(
          fmt::format("{} {}: cannot be read (a PEM file of trusted CA certificates)", source, one_line(*bundle)));
    }
    options.ca_bundle = *bundle;
  }
  return options;
}

Session open_session(const Arguments& args, const Console& console) {
  Session s{
      parse_vendor(required_value(args, "--provider")), args.value("--base-url"), args.flag("--json"), {}, {}, {}, {}};
  // Read before anything is sent, so that a bad value is a usage error; counted from here.
  if (args.command != Command::watch) {  // watch's --timeout is the watch's own (watch_command.cpp)
    if (const auto timeout = call_timeout_option(args)) s.deadline = std::chrono::steady_clock::now() + *timeout;
  }
  const paylink::CurlTransportOptions transport_options = cli_transport_options(args);
  paylink::ClientOptions options;
  if (args.flag("--dry-run")) {
    s.dry_run = std::make_shared<DryRunTransport>(print_request_to(console), transport_options);
    s.transport = std::make_shared<CountingTransport>(s.dry_run);
    // One attempt and no quota wait: the first request is all a dry run shows.
    options.retry.max_attempts = 1;
    options.rate_limiter = std::make_shared<paylink::RateLimiter>(paylink::RateLimit{});
  } else {
    s.transport = std::make_shared<CountingTransport>(paylink::make_curl_transport(transport_options));
  }
  if (args.flag("--verbose")) {
    options.log.hook = verbose_log_hook(console);
    options.log.log_bodies = true;  // credential fields masked by the SDK
  }
  options.transport = s.transport;
  s.client =
      with_shared_quota(args, make_client(s.vendor, s.base_url_flag, std::move(options),
                                          args.flag("--dry-run") ? CredentialUse::dry_run : CredentialUse::send));
  return s;
}

void fail(const Session& s, std::string_view operation, const paylink::Error& error, std::string_view how_to_check) {
  if (s.dry_run && s.dry_run->shown()) throw DryRunComplete{};
  const int sends = s.transport->sends();
  throw Failure(exit_code_for(error, sends),
                describe_error(error, vendor_name(s.vendor), operation, sends, how_to_check));
}

void print_link(const Console& console, const paylink::PaymentLink& link, bool json) {
  if (json) {
    console.out(link_json(link));
  } else {
    console.out(align_rows({link_cells(link)}).front());
  }
}

}  // namespace paylink_cli
