#include "listen_command.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "credentials.hpp"
#include "exit_codes.hpp"
#include "paylink/curl_transport.hpp"
#include "paylink/link_event.hpp"
#include "paylink/providers/multisafepay_webhook.hpp"
#include "paylink/providers/qonto_webhook.hpp"
#include "paylink/providers/smarterpay_webhook.hpp"
#include "paylink/secret.hpp"
#include "paylink/timestamp.hpp"
#include "session.hpp"
#include "webhook_command.hpp"

namespace paylink_cli {
namespace {

constexpr const char* kHelp = R"(paylink listen - receive, verify and print a vendor's webhooks locally

Usage:
  paylink listen --provider P --port N [--host H] [--forward-to URL]

A local webhook receiver for development and small deployments. Point the vendor's webhook (Qonto
subscription callback_url, MultiSafepay notification_url, SmarterPay subscription) at
http://H:N/ (any path). Every delivery is verified with the vendor's signature scheme before anything
is read from it:
  qonto          X-Qonto-Signature (t=,v1= HMAC-SHA256, 5-minute window)   PAYLINK_QONTO_WEBHOOK_SECRET
  multisafepay   Auth (HMAC-SHA512, 10-minute window)                      PAYLINK_MULTISAFEPAY_API_KEY
  smarterpay     Webhook-Signature (HMAC-SHA256 of the body)                PAYLINK_SMARTERPAY_WEBHOOK_KEY
onoffice sends no webhooks and is refused (exit 2).

  --provider P       qonto, multisafepay or smarterpay
  --port N           the port to listen on; 0 picks a free one
  --host H           the address to bind (default 127.0.0.1, this machine only)
  --forward-to URL   POST each verified event's JSON line to URL (https, or http to a loopback host),
                     in the background; a failed forward is reported on stderr, never retried

Output: one JSON object per verified event and line on stdout, flushed at once:
  {"provider":"qonto","id":"<link id>","status":"paid","raw_status":"paid","event_id":"<id>","received_at":"..."}
status is the provider-neutral word (open, pending, paid, expired, canceled, unknown), raw_status the
vendor's, event_id the vendor's event id (null when it gives none: MultiSafepay), received_at when this
receiver got it (UTC).
Redeliveries are reported once: a delivery with an event id already seen (without an id: the same link
and status already seen) is acknowledged to the vendor but not printed or forwarded again; stderr
says "repeat of ...".
On stderr: the bound address at start ("listening on http://127.0.0.1:PORT ..."), one line per refused
or ignored delivery with the reason (never a secret), and "listen: stopped" at the end.

Answers, as each vendor requires:
  verified           qonto 200, multisafepay 200 "OK", smarterpay 200
  bad signature      qonto 401, multisafepay 401, smarterpay 498 (also missing, malformed or too old)
  authentic, not about a payment link   200 (smarterpay 204, "unknown event")
  authentic, unreadable body            400
  not POST                              405

Stops cleanly on SIGINT (Ctrl-C) or SIGTERM with exit code 0. Exit 2: bad usage or the secret's
variable is unset; exit 4: the address cannot be bound.
)";

// SmarterPay's receiver rules [C]: 498 for a signature that does not verify, 204 for an event the
// receiver does not handle.
constexpr int kSmarterPayBadSignature = 498;
constexpr int kSmarterPayUnknownEvent = 204;
// How many event keys are remembered for spotting redeliveries (the oldest are forgotten first).
constexpr std::size_t kRememberedEvents = 100'000;
// A small pool: deliveries come one at a time from one vendor; Qonto wants the answer within 1 s.
constexpr std::size_t kWorkerThreads = 4;
constexpr std::size_t kMaxBodyBytes = std::size_t{1} << 20;

struct ListenSettings {
  Vendor vendor = Vendor::qonto;
  std::string host = "127.0.0.1";
  int port = 0;
  std::optional<std::string> forward_to;
  paylink::CurlTransportOptions forward_transport;  ///< --ca-bundle / PAYLINK_CA_BUNDLE for --forward-to
  paylink::Secret secret;
};

ListenSettings parse_settings(const Arguments& args) {
  if (!args.positionals.empty()) {
    throw usage_error(fmt::format("listen: unexpected argument \"{}\"", one_line(args.positionals.front())));
  }
  ListenSettings s;
  const auto provider = args.value("--provider");
  if (!provider) throw usage_error("listen needs --provider (see paylink listen --help)");
  s.vendor = parse_vendor(*provider);
  if (s.vendor == Vendor::onoffice) {
    throw usage_error(
        "listen: onoffice sends no webhooks (and its API offers no status read): there is nothing to "
        "listen for; see docs/webhooks.md");
  }
  const auto port = args.value("--port");
  if (!port) throw usage_error("listen needs --port (0 picks a free port; see paylink listen --help)");
  bool digits = !port->empty() && port->size() <= 5;
  for (const char c : *port) digits = digits && c >= '0' && c <= '9';
  if (!digits || std::stoi(*port) > 65535) {
    throw usage_error(fmt::format("--port \"{}\" must be a number from 0 to 65535", one_line(*port)));
  }
  s.port = std::stoi(*port);
  if (auto host = args.value("--host")) {
    if (host->empty()) throw usage_error("--host must not be empty");
    s.host = *host;
  }
  if (auto url = args.value("--forward-to")) {
    if (url->rfind("http://", 0) != 0 && url->rfind("https://", 0) != 0) {
      throw usage_error(fmt::format("--forward-to \"{}\" must be an http:// or https:// URL", one_line(*url)));
    }
    s.forward_to = *url;
  }
  s.forward_transport = cli_transport_options(args);
  // PAYLINK_QONTO_WEBHOOK_SECRET, PAYLINK_MULTISAFEPAY_API_KEY or PAYLINK_SMARTERPAY_WEBHOOK_KEY;
  // exit 2 naming the variable when it is unset.
  s.secret = webhook_secret(s.vendor);
  return s;
}

// What became of one delivery.
enum class Outcome {
  reported,  ///< verified, new: printed (and forwarded)
  repeat,    ///< verified, seen before: acknowledged, not printed again
  ignored,   ///< authentic, but not an event of a link: acknowledged
  forged,    ///< the signature does not verify (or is missing, malformed, too old)
  malformed  ///< authentic, but the body cannot be read
};

// A refusal by the verifier that still proves the delivery authentic: the body is a valid event of
// something other than a payment link.
bool is_not_a_link_event(const paylink::Error& error) { return error.vendor_code == "not_a_link_event"; }

Outcome classify(const paylink::Error& error) {
  if (is_not_a_link_event(error)) return Outcome::ignored;
  if (error.code == paylink::ErrorCode::auth) return Outcome::forged;
  return Outcome::malformed;
}

// The answer each vendor requires for each outcome.
void answer(Vendor vendor, Outcome outcome, httplib::Response& res) {
  const bool acknowledged = outcome == Outcome::reported || outcome == Outcome::repeat || outcome == Outcome::ignored;
  if (acknowledged) {
    res.status = vendor == Vendor::smarterpay && outcome == Outcome::ignored ? kSmarterPayUnknownEvent : 200;
    // MultiSafepay: HTTP 200 with "OK" in the first 100 characters [C]. The others: any 2xx.
    if (res.status != kSmarterPayUnknownEvent) res.set_content("OK", "text/plain");
    return;
  }
  if (outcome == Outcome::forged) {
    res.status = vendor == Vendor::smarterpay ? kSmarterPayBadSignature : 401;
    res.set_content("signature not valid", "text/plain");
    return;
  }
  res.status = 400;
  res.set_content("body not valid", "text/plain");
}

// The one line printed per verified event; the same keys as `paylink watch`. event_id is null when the
// vendor gives none (MultiSafepay).
std::string event_line(const paylink::LinkEvent& event, paylink::Timestamp received_at) {
  nlohmann::ordered_json line = {
      {"provider", event.provider},
      {"id", event.link_id},
      {"status", std::string(paylink::to_string(event.status))},
      {"raw_status", event.raw_status},
      {"event_id", event.event_id.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(event.event_id)},
      {"received_at", paylink::format_timestamp(received_at)}};
  return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

// Redeliveries are recognised by the vendor's event id; without one (MultiSafepay) by the link and the
// status it reports, since a resend repeats exactly that.
std::string event_key(const paylink::LinkEvent& event) {
  if (!event.event_id.empty()) return "id|" + event.event_id;
  return "state|" + event.provider + "|" + event.link_id + "|" + event.raw_status;
}

class SeenEvents {
 public:
  // True the first time `key` is seen.
  bool first_time(const std::string& key) {
    if (!keys_.insert(key).second) return false;
    order_.push_back(key);
    if (order_.size() > kRememberedEvents) {
      keys_.erase(order_.front());
      order_.pop_front();
    }
    return true;
  }

 private:
  std::set<std::string> keys_;
  std::deque<std::string> order_;
};

// POSTs each event line to --forward-to on its own thread, so the vendor's answer never waits for it.
class Forwarder {
 public:
  Forwarder(std::string url, paylink::CurlTransportOptions options, const Console& console, std::mutex& output_mutex)
      : url_(std::move(url)), console_(console), output_mutex_(output_mutex) {
    options.user_agent_suffix = "cli-listen";
    options.connect_timeout = std::chrono::seconds(2);
    options.total_timeout = std::chrono::seconds(5);
    transport_ = paylink::make_curl_transport(options);
    thread_ = std::thread([this] { run(); });
  }
  Forwarder(const Forwarder&) = delete;
  Forwarder& operator=(const Forwarder&) = delete;
  ~Forwarder() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();  // forwards what is queued first (each bounded by the 5 s timeout)
  }

  void push(std::string line) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(line));
    }
    wake_.notify_all();
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;
      std::string line = std::move(queue_.front());
      queue_.pop_front();
      lock.unlock();
      send(line);
      lock.lock();
    }
  }

  void send(const std::string& line) {
    paylink::HttpRequest request;
    request.method = paylink::HttpMethod::post;
    request.url = url_;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = line;
    const auto response = transport_->send(request);
    std::string problem;
    if (!response) {
      problem = response.error().message;
    } else if (response->status < 200 || response->status > 299) {
      problem = fmt::format("HTTP {}", response->status);
    }
    if (!problem.empty()) {
      std::lock_guard<std::mutex> out(output_mutex_);
      console_.error(one_line(fmt::format("forwarding to --forward-to failed: {}", problem)));
    }
  }

  std::string url_;
  const Console& console_;
  std::mutex& output_mutex_;
  std::shared_ptr<paylink::Transport> transport_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

class Receiver {
 public:
  Receiver(ListenSettings settings, const Console& console) : settings_(std::move(settings)), console_(console) {
    if (settings_.forward_to)
      forwarder_.emplace(*settings_.forward_to, settings_.forward_transport, console_, output_mutex_);
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    const std::string provider(vendor_name(settings_.vendor));
    if (req.method != "POST") {
      // MultiSafepay's legacy GET notification has no body and no signature: nothing to verify.
      refuse(fmt::format("{} {}: only signed POST deliveries can be verified", req.method, one_line(req.path)));
      res.status = 405;
      res.set_header("Allow", "POST");
      res.set_content("only POST", "text/plain");
      return;
    }
    paylink::HttpHeaders headers;
    for (const auto& [name, value] : req.headers) headers.emplace_back(name, value);
    const auto now = std::chrono::system_clock::now();
    auto event = verify_webhook(settings_.vendor, headers, req.body, settings_.secret, now);

    std::lock_guard<std::mutex> lock(output_mutex_);
    if (!event) {
      const paylink::Error& e = event.error();
      const Outcome outcome = classify(e);
      const std::string reason = e.vendor_code.empty() ? std::string(paylink::to_string(e.code)) : e.vendor_code;
      if (outcome == Outcome::ignored) {
        console_.error(one_line(fmt::format("ignored a verified {} delivery that is not about a payment link ({}): {}",
                                            provider, reason, e.message)));
      } else {
        refuse(fmt::format("{} delivery to {} ({}): {}", provider, req.path, reason, e.message));
      }
      answer(settings_.vendor, outcome, res);
      return;
    }
    if (!seen_.first_time(event_key(*event))) {
      console_.error(one_line(fmt::format("repeat of {} event {} ({} {}): acknowledged, not reported again", provider,
                                          event->event_id.empty() ? "without id" : event->event_id, event->link_id,
                                          event->raw_status)));
      answer(settings_.vendor, Outcome::repeat, res);
      return;
    }
    const std::string line = event_line(*event, now);
    console_.out(line);
    if (forwarder_) forwarder_->push(line);
    answer(settings_.vendor, Outcome::reported, res);
  }

 private:
  // Caller holds output_mutex_ (or no other thread prints).
  void refuse(const std::string& what) { console_.error(one_line("refused " + what)); }

  ListenSettings settings_;
  const Console& console_;
  std::mutex output_mutex_;  // one line at a time, and the seen-set with it
  SeenEvents seen_;
  std::optional<Forwarder> forwarder_;
};

}  // namespace

const char* listen_help() noexcept { return kHelp; }

int listen_command(const Arguments& args, const Console& console) {
  ListenSettings settings = parse_settings(args);
  const std::string host = settings.host;
  const int wanted_port = settings.port;
  const std::string provider(vendor_name(settings.vendor));

  // SIGINT/SIGTERM are taken by one waiting thread; every thread started from here on inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a sender that hangs up mid-answer must not end the receiver

  Receiver receiver(std::move(settings), console);
  httplib::Server server;
  server.new_task_queue = [] { return new httplib::ThreadPool(kWorkerThreads); };
  server.set_payload_max_length(kMaxBodyBytes);
  server.set_keep_alive_timeout(1);
  const auto handler = [&receiver](const httplib::Request& req, httplib::Response& res) { receiver.handle(req, res); };
  server.Post(".*", handler);
  server.Get(".*", handler);
  server.Put(".*", handler);

  const int port =
      wanted_port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, wanted_port) ? wanted_port : -1);
  if (port <= 0) {
    throw Failure(kUnavailable, fmt::format("listen: cannot listen on {}:{} (in use, or not an address of this host)",
                                            one_line(host), wanted_port));
  }
  const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  console.error(
      fmt::format("listening on http://{}:{} for {} webhooks (stop with Ctrl-C)", shown_host, port, provider));

  std::atomic<bool> finished{false};
  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    const timespec tick{0, 200L * 1000 * 1000};
    while (!finished.load()) {
      if (!signalled.load()) {
        const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
        if (sig == SIGINT || sig == SIGTERM) signalled = true;
      } else {
        server.stop();  // a no-op until listening started, so repeated until listen_after_bind returns
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  });
  const bool served = server.listen_after_bind();
  finished = true;
  waiter.join();
  if (!served && !signalled.load()) throw Failure(kUnavailable, "listen: the server stopped unexpectedly");
  console.error("listen: stopped");
  return kSuccess;
}

}  // namespace paylink_cli
