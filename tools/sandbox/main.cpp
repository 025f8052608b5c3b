// paylink-sandbox: a local emulation of the onOffice, MultiSafepay, SmarterPay and Qonto
// payment-link APIs on one loopback port.
//
//   paylink-sandbox [--port N] [--quiet] [--redelivery-interval-ms N] [--tls [--tls-dir DIR]]
//                   [--qonto-token-ttl SECONDS] [--qonto-quota]
//
// The first line on stdout is exactly "listening on http://127.0.0.1:PORT" (the real port when
// --port 0; https with --tls, followed by the line "ca file: PATH"), flushed at once, so scripts can
// start it and read where it listens.
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <fmt/format.h>

#include "credentials.hpp"
#include "sandbox_server.hpp"
#include "util.hpp"

namespace {

constexpr const char* kUsage =
    "Usage: paylink-sandbox [--port N] [--quiet] [--redelivery-interval-ms N] [--tls [--tls-dir DIR]]\n"
    "                       [--qonto-token-ttl SECONDS] [--qonto-quota]\n"
    "\n"
    "Serves the onOffice, MultiSafepay, SmarterPay and Qonto payment-link APIs on\n"
    "http://127.0.0.1:N (default 8787; 0 picks a free port), for development and tests\n"
    "without accounts or network.\n"
    "\n"
    "  --port N   port to listen on (127.0.0.1 only); 0 = any free port\n"
    "  --quiet    do not log one line per request on stderr\n"
    "  --redelivery-interval-ms N\n"
    "             wait N ms (1..3600000) between webhook redeliveries instead of each\n"
    "             vendor's schedule (MultiSafepay 3 x 15 min, SmarterPay 10 retries,\n"
    "             Qonto for days); the number of attempts stays the vendor's. For tests.\n"
    "  --tls      serve HTTPS with a certificate for 127.0.0.1 and localhost, signed by a\n"
    "             CA made at start-up; prints \"ca file: PATH\" after the listening line:\n"
    "             trust it with `paylink --ca-bundle PATH` or `curl --cacert PATH`\n"
    "  --tls-dir DIR\n"
    "             write ca.pem, server.pem and server.key into DIR (kept at exit) instead\n"
    "             of a private temporary directory (removed at exit); implies --tls\n"
    "  --qonto-token-ttl SECONDS\n"
    "             lifetime of the access tokens POST /oauth2/token issues (1..86400,\n"
    "             default 3600); a rotated refresh token keeps working min(60 s, this).\n"
    "  --qonto-quota\n"
    "             enforce Qonto's quota on /v2/ routes: 1000 requests per 10 s and 10000\n"
    "             per 10 min, sliding, over all clients; beyond it 429 with Retry-After.\n"
    "  --help     show this help\n"
    "\n"
    "Vendor paths:\n"
    "  onOffice      POST /api/stable/api.php   (also /api/latest/api.php)\n"
    "  MultiSafepay  /v1/json/orders, /v1/json/orders/{order_id}\n"
    "  SmarterPay    /service.svc/paymentlink[/{id}], /service.svc/paymentlinks\n"
    "  Qonto         /v2/payment_links[...]; OAuth2 POST /oauth2/token (form: grant_type=\n"
    "                authorization_code&code=ANY or grant_type=refresh_token&refresh_token=..,\n"
    "                with client_id and client_secret)\n"
    "Webhooks:       MultiSafepay order notification_url; Qonto POST /v2/webhook_subscriptions;\n"
    "                SmarterPay POST /__sandbox/smarterpay/webhook_subscriptions {\"url\",\"key\"?}\n"
    "Payment pages:  /pay/{id}     Test control: /__sandbox/{faults,requests,reset,links,notifications,clock}\n"
    "                GET /__sandbox/qonto/oauth (token counters), GET /__sandbox/quota (Qonto quota)\n"
    "\n"
    "Credentials are read from the PAYLINK_* environment variables the `paylink` tool reads\n"
    "(documented demo values when unset): PAYLINK_ONOFFICE_TOKEN, PAYLINK_ONOFFICE_SECRET,\n"
    "PAYLINK_MULTISAFEPAY_API_KEY, PAYLINK_SMARTERPAY_TOKEN, PAYLINK_QONTO_TOKEN,\n"
    "PAYLINK_QONTO_LOGIN, PAYLINK_QONTO_SECRET_KEY, PAYLINK_QONTO_STAGING_TOKEN,\n"
    "PAYLINK_SMARTERPAY_WEBHOOK_KEY (the default key of SmarterPay webhook subscriptions),\n"
    "PAYLINK_SANDBOX_QONTO_CLIENT_ID, PAYLINK_SANDBOX_QONTO_CLIENT_SECRET (the OAuth client\n"
    "of /oauth2/token; demo paylink-demo-client / paylink-demo-client-secret).\n";

struct Args {
  int port = 8787;
  bool quiet = false;
  std::optional<std::chrono::milliseconds> redelivery_interval;
  bool tls = false;
  std::string tls_dir;  // empty: a private temporary directory
  std::chrono::seconds qonto_token_ttl{3600};
  bool qonto_quota = false;
};

// 0 = run, 1 = exit 0 (help), 2 = usage error
int parse_args(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::fputs(kUsage, stdout);
      return 1;
    }
    if (a == "--quiet" || a == "-q") {
      args.quiet = true;
      continue;
    }
    if (a == "--tls") {
      args.tls = true;
      continue;
    }
    if (a == "--qonto-quota") {
      args.qonto_quota = true;
      continue;
    }
    std::string value;
    if (a == "--tls-dir" || a.rfind("--tls-dir=", 0) == 0) {
      if (a.find('=') != std::string::npos) {
        value = a.substr(a.find('=') + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      }
      if (value.empty()) {
        std::fprintf(stderr, "paylink-sandbox: --tls-dir needs a directory\n");
        return 2;
      }
      args.tls = true;
      args.tls_dir = value;
      continue;
    }
    if (a == "--qonto-token-ttl" || a.rfind("--qonto-token-ttl=", 0) == 0) {
      if (a.find('=') != std::string::npos) {
        value = a.substr(a.find('=') + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      }
      const auto seconds = paylink_sandbox::parse_int(value);
      if (!seconds || *seconds < 1 || *seconds > 86400) {
        std::fprintf(stderr, "paylink-sandbox: --qonto-token-ttl needs a number of seconds from 1 to 86400\n");
        return 2;
      }
      args.qonto_token_ttl = std::chrono::seconds(*seconds);
      continue;
    }
    if (a == "--redelivery-interval-ms" || a.rfind("--redelivery-interval-ms=", 0) == 0) {
      if (a.find('=') != std::string::npos) {
        value = a.substr(a.find('=') + 1);
      } else if (i + 1 < argc) {
        value = argv[++i];
      }
      const auto ms = paylink_sandbox::parse_int(value);
      if (!ms || *ms < 1 || *ms > 3600000) {
        std::fprintf(stderr, "paylink-sandbox: --redelivery-interval-ms needs a number from 1 to 3600000\n");
        return 2;
      }
      args.redelivery_interval = std::chrono::milliseconds(*ms);
      continue;
    }
    if (a == "--port" && i + 1 < argc) {
      value = argv[++i];
    } else if (a.rfind("--port=", 0) == 0) {
      value = a.substr(7);
    } else {
      std::fprintf(stderr, "paylink-sandbox: unknown argument '%s'\n\n%s", a.c_str(), kUsage);
      return 2;
    }
    const auto port = paylink_sandbox::parse_int(value);
    if (!port || *port < 0 || *port > 65535) {
      std::fprintf(stderr, "paylink-sandbox: --port needs a number from 0 to 65535\n");
      return 2;
    }
    args.port = static_cast<int>(*port);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (const int r = parse_args(argc, argv, args); r != 0) return r == 1 ? 0 : 2;

  // A peer that vanishes mid-response (and the drop fault) must not kill the process.
  signal(SIGPIPE, SIG_IGN);
  // SIGINT/SIGTERM are taken by one waiting thread; every other thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  std::unique_ptr<paylink_sandbox::SandboxTls> tls;
  if (args.tls) {
    std::string error;
    tls = paylink_sandbox::SandboxTls::create(args.tls_dir, error);
    if (!tls) {
      std::fprintf(stderr, "paylink-sandbox: --tls: %s\n", error.c_str());
      return 1;
    }
  }
  paylink_sandbox::SandboxServer server(
      {args.port, args.quiet, args.redelivery_interval, tls.get(), args.qonto_token_ttl, args.qonto_quota},
      paylink_sandbox::load_credentials_from_env());
  const int port = server.bind();
  if (port < 0) {
    std::fprintf(stderr, "paylink-sandbox: cannot listen on 127.0.0.1:%d (in use?)\n", args.port);
    return 1;
  }
  std::printf("listening on %s\n", server.base_url().c_str());
  // A line of its own, in the same flush, so parsers of the first line are unaffected.
  if (tls) std::printf("ca file: %s\n", tls->ca_file().c_str());
  std::fflush(stdout);

  std::atomic<bool> finished{false};
  std::atomic<bool> signalled{false};
  std::thread waiter([&] {
    const timespec tick{0, 200L * 1000 * 1000};
    while (!finished.load()) {
      if (!signalled.load()) {
        const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
        if (sig == SIGINT || sig == SIGTERM) signalled = true;
      } else {
        // stop() is a no-op until listening started, so repeat it until run() returned.
        server.stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
  });

  const bool ok = server.run();
  finished = true;
  waiter.join();
  if (!args.quiet) std::fputs("paylink-sandbox: stopped\n", stderr);
  return ok || signalled.load() ? 0 : 1;
}
