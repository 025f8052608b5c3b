// End-to-end throughput of Qonto creates against an in-process keep-alive server on 127.0.0.1:
//
//  (2) sequential: paylink::Client::create (default curl transport, default retry policy) against a plain
//      libcurl loop that POSTs the same request bytes (the request the Qonto adapter encodes, once) on one
//      reused easy handle. The two alternate, round after round, in the same process; the figure is the
//      median requests/s of each and the ratio of the medians. Target: paylink ≥ 0.9 × plain.
//  (3) batch: paylink::BatchRunner::create_all at 1, 8, 32 and 128 in flight; requests/s (median of
//      rounds) and the ratio to paylink's sequential median. Target at 32: ≥ 3 ×.
//
// The client runs without client-side rate limiting (an unlimited RateLimiter); Qonto's documented
// 1000 requests / 10 s would otherwise be what is measured.
//
// Usage: paylink_loopback_bench [--requests N] [--rounds R] [--batch-items M] [--batch-rounds B]
//                               [--levels 1,8,32,128|none] [--no-sequential]

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "fast_server.hpp"
#include "paylink/batch.hpp"
#include "paylink/client.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/version.hpp"

namespace {

using namespace paylink;
using paylink::bench::FastServer;
using Steady = std::chrono::steady_clock;

struct Settings {
  std::size_t requests = 10'000;                      // sequential creates per round and per side
  std::size_t rounds = 7;                             // alternating rounds of the sequential comparison
  std::size_t batch_items = 20'000;                   // creates per batch run
  std::size_t batch_rounds = 3;                       // runs per in-flight level
  bool sequential = true;                             // run part (2)
  std::vector<std::size_t> levels = {1, 8, 32, 128};  // in-flight levels of part (3); empty = skip it
};

// "1,8,32" → {1, 8, 32}; "" or "none" → {}.
std::vector<std::size_t> parse_levels(const std::string& text) {
  std::vector<std::size_t> levels;
  if (text == "none") return levels;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::size_t level =
        static_cast<std::size_t>(std::strtoull(text.substr(start, end - start).c_str(), nullptr, 10));
    if (level == 0) {
      std::fprintf(stderr, "--levels takes in-flight counts like 1,8,32,128\n");
      std::exit(2);
    }
    levels.push_back(level);
    start = end + 1;
  }
  return levels;
}

constexpr const char* kUsage =
    "usage: paylink_loopback_bench [--requests N] [--rounds R] [--batch-items M] [--batch-rounds B]\n"
    "                              [--levels 1,8,32,128|none] [--no-sequential]\n"
    "  (--levels and --no-sequential select parts, for profiling; the targets need the full run)\n";

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::size_t {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "%s needs a value\n", arg.c_str());
        std::exit(2);
      }
      return static_cast<std::size_t>(std::strtoull(argv[++i], nullptr, 10));
    };
    if (arg == "--requests")
      s.requests = value();
    else if (arg == "--rounds")
      s.rounds = value();
    else if (arg == "--batch-items")
      s.batch_items = value();
    else if (arg == "--batch-rounds")
      s.batch_rounds = value();
    else if (arg == "--no-sequential")
      s.sequential = false;
    else if (arg == "--levels" && i + 1 < argc)
      s.levels = parse_levels(argv[++i]);
    else {
      std::fprintf(stderr, "%s", kUsage);
      std::exit(2);
    }
  }
  if (s.requests == 0 || s.rounds == 0 || s.batch_items == 0 || s.batch_rounds == 0) {
    std::fprintf(stderr, "every count must be at least 1\n");
    std::exit(2);
  }
  return s;
}

// One timed run: wall time, CPU of the whole process and of the server thread, what the server saw.
struct Run {
  std::size_t requests = 0;
  std::size_t failures = 0;
  double seconds = 0;
  double process_cpu = 0;
  double server_cpu = 0;
  bench::ServerStats server;  // deltas over the run

  double rate() const { return seconds > 0 ? static_cast<double>(requests) / seconds : 0.0; }
  double client_cpu_us() const { return (process_cpu - server_cpu) * 1e6 / static_cast<double>(requests); }
  double server_cpu_us() const { return server_cpu * 1e6 / static_cast<double>(requests); }
  double bytes_per_request() const {
    return server.requests ? static_cast<double>(server.bytes_received) / static_cast<double>(server.requests) : 0.0;
  }
};

// Runs `work` (which performs `requests` requests and returns how many failed) and measures it.
Run measure(const FastServer& server, std::size_t requests, const std::function<std::size_t()>& work) {
  const bench::ServerStats s0 = server.stats();
  const double cpu0 = bench::process_cpu_seconds();
  const double server0 = server.cpu_seconds();
  const auto t0 = Steady::now();
  Run run;
  run.failures = work();
  run.seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  run.process_cpu = bench::process_cpu_seconds() - cpu0;
  run.server_cpu = server.cpu_seconds() - server0;
  const bench::ServerStats s1 = server.stats();
  run.requests = requests;
  run.server.requests = s1.requests - s0.requests;
  run.server.bytes_received = s1.bytes_received - s0.bytes_received;
  run.server.connections_accepted = s1.connections_accepted - s0.connections_accepted;
  return run;
}

// The baseline: one easy handle, configured once, POSTing fixed bytes over and over. It sends what the
// paylink transport sends on the wire (the adapter's headers, the same User-Agent, Accept-Encoding and
// no Expect), so that the server receives the same bytes per request from both sides.
class PlainCurlLoop {
 public:
  explicit PlainCurlLoop(const HttpRequest& request) : request_(request) {
    handle_ = curl_easy_init();
    for (const auto& [name, value] : request_.headers) {
      headers_ = curl_slist_append(headers_, (name + ": " + value).c_str());
    }
    headers_ = curl_slist_append(headers_, "Expect:");
    user_agent_ = std::string("paylink/") + version_string();
    curl_easy_setopt(handle_, CURLOPT_URL, request_.url.c_str());
    curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(handle_, CURLOPT_USERAGENT, user_agent_.c_str());
    curl_easy_setopt(handle_, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(handle_, CURLOPT_TCP_NODELAY, 1L);
    curl_easy_setopt(handle_, CURLOPT_POST, 1L);
    curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, request_.body.c_str());
    curl_easy_setopt(handle_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request_.body.size()));
    curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &on_body);
    curl_easy_setopt(handle_, CURLOPT_WRITEDATA, &answer_);
  }
  ~PlainCurlLoop() {
    curl_easy_cleanup(handle_);
    curl_slist_free_all(headers_);
  }
  PlainCurlLoop(const PlainCurlLoop&) = delete;
  PlainCurlLoop& operator=(const PlainCurlLoop&) = delete;

  /// Posts once; true when the server answered 201 with a body.
  bool post() {
    answer_.clear();
    const CURLcode code = curl_easy_perform(handle_);
    long status = 0;
    curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &status);
    return code == CURLE_OK && status == 201 && !answer_.empty();
  }

 private:
  static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
  }

  HttpRequest request_;
  CURL* handle_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string user_agent_;
  std::string answer_;
};

// A diagnostic adapter: Qonto's name and capabilities, but encode returns a request encoded once
// beforehand and decode only checks the status and returns a link with an id. Running the client with
// it measures paylink's call loop and transport without the vendor's JSON work, which splits paylink's
// cost into "adapter" and "everything else".
class CannedQonto final : public Provider {
 public:
  CannedQonto(std::shared_ptr<const Provider> real, HttpRequest encoded)
      : real_(std::move(real)), encoded_(std::move(encoded)) {}
  std::string_view name() const noexcept override { return real_->name(); }
  Capabilities capabilities() const noexcept override { return real_->capabilities(); }
  Result<HttpRequest> encode_create(const CreateLinkRequest&, const CallContext&) const override { return encoded_; }
  Result<PaymentLink> decode_create(const HttpResponse& response, const CreateLinkRequest&,
                                    const CallContext&) const override {
    if (response.status != 201) return Error::make(ErrorCode::provider, "unexpected status");
    PaymentLink link;
    link.id = "canned";
    return link;
  }

 private:
  std::shared_ptr<const Provider> real_;
  HttpRequest encoded_;
};

std::size_t paylink_sequential(const Client& client, const CreateLinkRequest& request, std::size_t n) {
  std::size_t failures = 0;
  for (std::size_t i = 0; i < n; ++i) {
    auto link = client.create(request);
    if (!link) {
      if (failures++ == 0) std::fprintf(stderr, "paylink create failed: %s\n", link.error().to_string().c_str());
    }
  }
  return failures;
}

std::size_t plain_sequential(PlainCurlLoop& loop, std::size_t n) {
  std::size_t failures = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!loop.post() && failures++ == 0) std::fprintf(stderr, "plain libcurl post failed\n");
  }
  return failures;
}

std::size_t paylink_batch(const Client& client, const CreateLinkRequest& request, std::size_t in_flight,
                          std::size_t items) {
  BatchOptions options;
  options.max_in_flight = in_flight;
  BatchRunner runner(client, options);
  std::size_t next = 0;
  std::size_t failures = 0;
  runner.create_all(
      [&]() -> std::optional<BatchCreate> {
        if (next == items) return std::nullopt;
        return BatchCreate{std::to_string(next++), request};
      },
      [&](BatchResult result) {
        if (!result.result && failures++ == 0) {
          std::fprintf(stderr, "batch create failed: %s\n", result.result.error().to_string().c_str());
        }
      });
  return failures;
}

void print_run(const char* label, const Run& r) {
  std::printf("  %-24s %10.0f req/s  %7.1f µs client CPU/req  %6.1f µs server CPU/req  %5.0f B/req  %3llu conn%s\n",
              label, r.rate(), r.client_cpu_us(), r.server_cpu_us(), r.bytes_per_request(),
              static_cast<unsigned long long>(r.server.connections_accepted), r.failures ? "  FAILURES" : "");
}

}  // namespace

int main(int argc, char** argv) {
  const Settings settings = parse(argc, argv);
  bench::print_machine("paylink_loopback_bench: sequential and batch Qonto creates over loopback");
  std::printf("# libcurl: %s\n", curl_version());
  std::printf(
      "# settings: %zu sequential creates per side per round, %zu rounds; %zu creates per batch run, "
      "%zu runs per level\n",
      settings.requests, settings.rounds, settings.batch_items, settings.batch_rounds);
  std::fflush(stdout);

  FastServer server(201, "Created", "application/json; charset=utf-8", bench::qonto_create_answer_body());

  QontoConfig config;
  config.access_token = "bench-access-token";
  config.base_url = server.base_url();
  ClientOptions options;                                              // default curl transport, default retry policy
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});  // unlimited: measure the SDK, not Qonto's quota
  const Client client = make_qonto_client(config, options);
  const CreateLinkRequest request = bench::qonto_create_request();

  CallContext ctx;
  ctx.now = std::chrono::system_clock::now();
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  auto encoded = client.provider()->encode_create(request, ctx);
  if (!encoded) {
    std::fprintf(stderr, "encode_create: %s\n", encoded.error().to_string().c_str());
    return 1;
  }
  PlainCurlLoop plain(*encoded);
  const Client canned_client(std::make_shared<CannedQonto>(client.provider(), *encoded), options);

  std::size_t failures = 0;
  double paylink_seq = 0;
  double plain_seq = 0;
  double canned_seq = 0;
  if (settings.sequential) {
    // Warm-up: connections open, caches and allocator warm on both sides.
    const std::size_t warmup = std::max<std::size_t>(settings.requests / 10, 100);
    if (paylink_sequential(client, request, warmup) + plain_sequential(plain, warmup) +
            paylink_sequential(canned_client, request, warmup) >
        0) {
      return 1;
    }

    std::printf("\n(2) sequential creates, keep-alive, alternating rounds of %zu\n", settings.requests);
    std::vector<double> paylink_rates;
    std::vector<double> plain_rates;
    std::vector<double> canned_rates;
    for (std::size_t round = 0; round < settings.rounds; ++round) {
      Run runs[3];  // paylink, plain, paylink with the canned adapter
      const std::function<std::size_t()> work[3] = {
          [&] { return paylink_sequential(client, request, settings.requests); },
          [&] { return plain_sequential(plain, settings.requests); },
          [&] { return paylink_sequential(canned_client, request, settings.requests); },
      };
      // Rotate who goes first so that drift in the machine's load hits every side alike.
      for (std::size_t k = 0; k < 3; ++k) {
        const std::size_t side = (round + k) % 3;
        runs[side] = measure(server, settings.requests, work[side]);
      }
      std::printf(" round %zu\n", round + 1);
      print_run("paylink Client::create", runs[0]);
      print_run("plain libcurl loop", runs[1]);
      print_run("paylink, canned adapter", runs[2]);
      std::fflush(stdout);
      paylink_rates.push_back(runs[0].rate());
      plain_rates.push_back(runs[1].rate());
      canned_rates.push_back(runs[2].rate());
      failures += runs[0].failures + runs[1].failures + runs[2].failures;
    }
    canned_seq = bench::median(canned_rates);
    paylink_seq = bench::median(paylink_rates);
    plain_seq = bench::median(plain_rates);
  }

  std::vector<double> batch_rates;
  if (!settings.levels.empty()) {
    std::printf("\n(3) batch creates (BatchRunner::create_all), %zu per run, median of %zu runs\n",
                settings.batch_items, settings.batch_rounds);
  }
  for (std::size_t level : settings.levels) {
    std::vector<double> rates;
    for (std::size_t round = 0; round < settings.batch_rounds; ++round) {
      const Run r = measure(server, settings.batch_items,
                            [&] { return paylink_batch(client, request, level, settings.batch_items); });
      char label[64];
      std::snprintf(label, sizeof label, "%zu in flight, run %zu", level, round + 1);
      print_run(label, r);
      std::fflush(stdout);
      rates.push_back(r.rate());
      failures += r.failures;
    }
    batch_rates.push_back(bench::median(rates));
  }
  double canned_batch = 0;
  if (std::find(settings.levels.begin(), settings.levels.end(), std::size_t{32}) != settings.levels.end()) {
    std::vector<double> rates;
    for (std::size_t round = 0; round < settings.batch_rounds; ++round) {
      const Run r = measure(server, settings.batch_items,
                            [&] { return paylink_batch(canned_client, request, 32, settings.batch_items); });
      char label[64];
      std::snprintf(label, sizeof label, "32, canned adapter, run %zu", round + 1);
      print_run(label, r);
      std::fflush(stdout);
      rates.push_back(r.rate());
      failures += r.failures;
    }
    canned_batch = bench::median(rates);
  }
  server.stop();

  std::printf("\nsummary (load average at end: %s)\n", bench::load_average().c_str());
  std::printf("  %-34s %10s %12s\n", "", "req/s", "ratio");
  if (settings.sequential) {
    const double seq_ratio = paylink_seq / plain_seq;
    std::printf("  %-34s %10.0f %12s\n", "plain libcurl loop, sequential", plain_seq, "1.00 (base)");
    std::printf("  %-34s %10.0f %12.2f   target >= 0.90 x plain: %s\n", "paylink Client, sequential", paylink_seq,
                seq_ratio, bench::verdict(seq_ratio >= 0.9));
    std::printf("  %-34s %10.0f %12.2f   (diagnostic: no vendor JSON work; ratio to plain)\n",
                "paylink, canned adapter, sequential", canned_seq, canned_seq / plain_seq);
    std::printf(
        "RESULT sequential_plain_rps=%.0f sequential_paylink_rps=%.0f sequential_ratio=%.3f "
        "sequential_canned_rps=%.0f\n",
        plain_seq, paylink_seq, seq_ratio, canned_seq);
  }
  for (std::size_t i = 0; i < batch_rates.size(); ++i) {
    const std::size_t level = settings.levels[i];
    char label[64];
    std::snprintf(label, sizeof label, "paylink batch, %zu in flight", level);
    if (!settings.sequential) {
      std::printf("  %-34s %10.0f %12s\n", label, batch_rates[i], "n/a");
      std::printf("RESULT batch_%zu_rps=%.0f\n", level, batch_rates[i]);
      continue;
    }
    const double ratio = batch_rates[i] / paylink_seq;
    std::printf("  %-34s %10.0f %12.2f", label, batch_rates[i], ratio);
    if (level == 32) std::printf("   target >= 3.00 x paylink sequential: %s", bench::verdict(ratio >= 3.0));
    std::printf("\n");
    std::printf("RESULT batch_%zu_rps=%.0f batch_%zu_ratio=%.3f\n", level, batch_rates[i], level, ratio);
  }
  if (canned_batch > 0) {
    char ratio[32] = "n/a";
    if (settings.sequential) std::snprintf(ratio, sizeof ratio, "%.2f", canned_batch / canned_seq);
    std::printf("  %-34s %10.0f %12s   (diagnostic: no vendor JSON work; ratio to canned sequential)\n",
                "paylink batch, 32, canned adapter", canned_batch, ratio);
    std::printf("RESULT batch_32_canned_rps=%.0f\n", canned_batch);
  }
  if (failures > 0) {
    std::printf("FAILURES: %zu requests failed; the figures above are not valid\n", failures);
    return 1;
  }
  return 0;
}
