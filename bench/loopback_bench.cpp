// End-to-end throughput of Qonto creates against an in-process keep-alive HTTP/1.1 server on 127.0.0.1:
//
//  (2) sequential: paylink::Client::create (Qonto adapter, default curl transport, default retry policy)
//      against a plain libcurl loop that POSTs the same request bytes (the request the Qonto adapter
//      encodes, once) on one reused easy handle. Target: paylink ≥ 0.9 × plain.
//  (3) batch: paylink::BatchRunner::create_all at 1, 8, 32 and 128 in flight, against paylink's own
//      sequential rate. Target at 32: ≥ 3 ×.
//
// Every case runs in every round, and each ratio is first taken inside a round and then summarised by its
// median over the rounds. On a shared machine the speed of a loopback ping-pong changes several-fold with
// what else runs (see BENCHMARKS.md), so ratios between long runs taken minutes apart would measure the
// machine instead. Within a round the three sequential cases are interleaved in short slices (a few
// hundred requests each, the order rotating from slice to slice), so that paylink and the plain loop are
// compared over the same stretch of time, not over runs a second apart; the batch cases follow, in an
// order that rotates from round to round.
//
// Two diagnostic cases split paylink's cost: the same client with a "canned" adapter whose encode
// returns a request encoded beforehand and whose decode builds a link without reading the JSON.
//
// The client runs without client-side rate limiting (an unlimited RateLimiter); Qonto's documented
// 1000 requests / 10 s would otherwise be what is measured.

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

constexpr const char* kUsage =
    "usage: paylink_loopback_bench [--rounds R] [--seq-requests N] [--slices S] [--batch-items M]\n"
    "                              [--levels 1,8,32,128] [--only case,case,...]\n"
    "  cases: paylink plain canned batch<K> canned-batch32 (--only is for profiling; the targets need all)\n";

struct Settings {
  std::size_t rounds = 12;           // every case runs once per round
  std::size_t seq_requests = 2'000;  // sequential creates per case per round
  std::size_t slices = 10;           // the sequential cases take turns this many times per round
  std::size_t batch_items = 6'000;   // creates per batch case per round
  std::vector<std::size_t> levels = {1, 8, 32, 128};
  std::vector<std::string> only;  // empty = every case
};

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) parts.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// The settings, or nullopt (after printing the usage) when the arguments are wrong.
std::optional<Settings> parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s", kUsage);
      return std::nullopt;
    }
    const std::string value = argv[++i];
    const auto count = static_cast<std::size_t>(std::strtoull(value.c_str(), nullptr, 10));
    if (arg == "--rounds") {
      s.rounds = count;
    } else if (arg == "--seq-requests") {
      s.seq_requests = count;
    } else if (arg == "--slices") {
      s.slices = count;
    } else if (arg == "--batch-items") {
      s.batch_items = count;
    } else if (arg == "--only") {
      s.only = split(value);
    } else if (arg == "--levels") {
      s.levels.clear();
      for (const auto& level : split(value)) {
        s.levels.push_back(static_cast<std::size_t>(std::strtoull(level.c_str(), nullptr, 10)));
      }
    } else {
      std::fprintf(stderr, "%s", kUsage);
      return std::nullopt;
    }
  }
  if (s.rounds == 0 || s.seq_requests == 0 || s.slices == 0 || s.slices > s.seq_requests || s.batch_items == 0 ||
      std::find(s.levels.begin(), s.levels.end(), std::size_t{0}) != s.levels.end()) {
    std::fprintf(stderr, "every count must be at least 1\n%s", kUsage);
    return std::nullopt;
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
  Run& operator+=(const Run& other) {
    requests += other.requests;
    failures += other.failures;
    seconds += other.seconds;
    process_cpu += other.process_cpu;
    server_cpu += other.server_cpu;
    server.requests += other.server.requests;
    server.bytes_received += other.server.bytes_received;
    server.connections_accepted += other.server.connections_accepted;
    return *this;
  }
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
      std::string line = name;
      line.append(": ").append(value);
      headers_ = curl_slist_append(headers_, line.c_str());
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
      [&](const BatchResult& result) {
        if (!result.result && failures++ == 0) {
          std::fprintf(stderr, "batch create failed: %s\n", result.result.error().to_string().c_str());
        }
      });
  return failures;
}

// One case of the comparison and everything measured of it, round by round.
struct Case {
  std::string name;
  std::string label;
  std::size_t items = 0;                         // per round
  bool sequential = false;                       // interleaved with the other sequential cases in slices
  std::function<std::size_t(std::size_t)> work;  // performs n items, returns failures
  std::vector<Run> runs;
  std::vector<double> rates;  // per round

  double total_rate() const {
    double seconds = 0;
    std::size_t requests = 0;
    for (const Run& r : runs) {
      seconds += r.seconds;
      requests += r.requests;
    }
    return seconds > 0 ? static_cast<double>(requests) / seconds : 0.0;
  }
  Run total() const {
    Run t;
    for (const Run& r : runs) t += r;
    return t;
  }
};

struct Ratio {
  double median = 0;
  double low = 0;
  double high = 0;
};

// The ratio a/b taken inside each round, summarised over the rounds.
Ratio ratio(const Case& a, const Case& b) {
  std::vector<double> per_round;
  for (std::size_t i = 0; i < a.rates.size() && i < b.rates.size(); ++i) per_round.push_back(a.rates[i] / b.rates[i]);
  Ratio r;
  if (per_round.empty()) return r;
  r.median = bench::median(per_round);
  r.low = *std::min_element(per_round.begin(), per_round.end());
  r.high = *std::max_element(per_round.begin(), per_round.end());
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const auto parsed = parse(argc, argv);
  if (!parsed) return 2;
  const Settings& settings = *parsed;
  bench::print_machine("paylink_loopback_bench: sequential and batch Qonto creates over loopback");
  std::printf("# libcurl: %s\n", curl_version());
  std::printf(
      "# settings: %zu rounds; per round %zu sequential creates per sequential case (in %zu slices), %zu "
      "creates per batch case\n",
      settings.rounds, settings.seq_requests, settings.slices, settings.batch_items);
  std::fflush(stdout);

  const auto answer = bench::qonto_create_answer_body();
  if (!answer) return 2;
  FastServer server(201, "Created", "application/json; charset=utf-8", *answer);

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

  std::vector<Case> cases;
  cases.push_back({"paylink",
                   "paylink Client::create, sequential",
                   settings.seq_requests,
                   true,
                   [&](std::size_t n) { return paylink_sequential(client, request, n); },
                   {},
                   {}});
  cases.push_back({"plain",
                   "plain libcurl loop, sequential",
                   settings.seq_requests,
                   true,
                   [&](std::size_t n) { return plain_sequential(plain, n); },
                   {},
                   {}});
  cases.push_back({"canned",
                   "paylink, canned adapter, sequential",
                   settings.seq_requests,
                   true,
                   [&](std::size_t n) { return paylink_sequential(canned_client, request, n); },
                   {},
                   {}});
  for (std::size_t level : settings.levels) {
    cases.push_back({"batch" + std::to_string(level),
                     "paylink batch, " + std::to_string(level) + " in flight",
                     settings.batch_items,
                     false,
                     [&, level](std::size_t n) { return paylink_batch(client, request, level, n); },
                     {},
                     {}});
  }
  cases.push_back({"canned-batch32",
                   "paylink batch, 32, canned adapter",
                   settings.batch_items,
                   false,
                   [&](std::size_t n) { return paylink_batch(canned_client, request, 32, n); },
                   {},
                   {}});
  if (!settings.only.empty()) {
    cases.erase(std::remove_if(cases.begin(), cases.end(),
                               [&](const Case& c) {
                                 return std::find(settings.only.begin(), settings.only.end(), c.name) ==
                                        settings.only.end();
                               }),
                cases.end());
  }
  if (cases.empty()) {
    std::fprintf(stderr, "no case selected\n%s", kUsage);
    return 2;
  }

  // Warm-up: connections open, caches and allocators warm on both sides.
  std::size_t failures = 0;
  for (Case& c : cases) failures += c.work(std::max<std::size_t>(c.items / 10, 100));
  if (failures > 0) {
    std::fprintf(stderr, "warm-up failed\n");
    return 1;
  }

  std::vector<Case*> sequential;
  std::vector<Case*> whole;
  for (Case& c : cases) (c.sequential ? sequential : whole).push_back(&c);

  std::printf(
      "\nrequests/s per round (sequential cases interleaved in %zu slices a round; batch cases rotate their "
      "order)\n  round",
      settings.slices);
  for (const Case& c : cases) std::printf(" %14s", c.name.c_str());
  std::printf("   load\n");
  for (std::size_t round = 0; round < settings.rounds; ++round) {
    std::vector<Run> slice_sums(sequential.size());
    for (std::size_t slice = 0; slice < settings.slices; ++slice) {
      for (std::size_t k = 0; k < sequential.size(); ++k) {
        const std::size_t index = (round + slice + k) % sequential.size();
        Case& c = *sequential[index];
        // The slices split the round's requests; the first ones take the remainder.
        const std::size_t n = c.items / settings.slices + (slice < c.items % settings.slices ? 1 : 0);
        slice_sums[index] += measure(server, n, [&] { return c.work(n); });
      }
    }
    for (std::size_t k = 0; k < sequential.size(); ++k) {
      sequential[k]->runs.push_back(slice_sums[k]);
      sequential[k]->rates.push_back(slice_sums[k].rate());
      failures += slice_sums[k].failures;
    }
    for (std::size_t k = 0; k < whole.size(); ++k) {
      Case& c = *whole[(round + k) % whole.size()];
      const Run r = measure(server, c.items, [&] { return c.work(c.items); });
      c.runs.push_back(r);
      c.rates.push_back(r.rate());
      failures += r.failures;
    }
    std::printf("  %5zu", round + 1);
    for (const Case& c : cases) std::printf(" %14.0f", c.rates.back());
    std::printf("   %s\n", bench::load_average().c_str());
    std::fflush(stdout);
  }
  server.stop();

  std::printf("\nper case, all rounds (CPU per request: the client thread, and the in-process server thread)\n");
  std::printf("  %-38s %11s %11s %11s %11s %9s %6s\n", "", "median/s", "min/s", "max/s", "client µs", "server µs",
              "conns");
  for (const Case& c : cases) {
    const Run t = c.total();
    std::printf("  %-38s %11.0f %11.0f %11.0f %11.1f %9.1f %6llu%s\n", c.label.c_str(), bench::median(c.rates),
                *std::min_element(c.rates.begin(), c.rates.end()), *std::max_element(c.rates.begin(), c.rates.end()),
                t.client_cpu_us(), t.server_cpu_us(), static_cast<unsigned long long>(t.server.connections_accepted),
                t.failures ? "  FAILURES" : "");
  }

  auto find = [&](const std::string& name) -> const Case* {
    for (const Case& c : cases) {
      if (c.name == name) return &c;
    }
    return nullptr;
  };
  const Case* paylink = find("paylink");
  const Case* plain_case = find("plain");
  const Case* canned = find("canned");
  std::printf("\nratios (taken inside each round; median and range over %zu rounds; load average now %s)\n",
              settings.rounds, bench::load_average().c_str());
  if (paylink && plain_case) {
    const double bytes_paylink = paylink->total().bytes_per_request();
    const double bytes_plain = plain_case->total().bytes_per_request();
    std::printf("  bytes received by the server per request: paylink %.0f, plain libcurl %.0f\n", bytes_paylink,
                bytes_plain);
    const Ratio r = ratio(*paylink, *plain_case);
    std::printf("  %-48s %6.2f  (%.2f-%.2f)   target >= 0.90: %s\n", "paylink sequential / plain libcurl loop",
                r.median, r.low, r.high, bench::verdict(r.median >= 0.9));
    std::printf("RESULT sequential_paylink_rps=%.0f sequential_plain_rps=%.0f sequential_ratio=%.3f\n",
                bench::median(paylink->rates), bench::median(plain_case->rates), r.median);
  }
  if (canned && plain_case) {
    const Ratio r = ratio(*canned, *plain_case);
    std::printf("  %-48s %6.2f  (%.2f-%.2f)   diagnostic\n", "canned-adapter sequential / plain libcurl loop", r.median,
                r.low, r.high);
  }
  if (paylink) {
    for (std::size_t level : settings.levels) {
      const Case* batch = find("batch" + std::to_string(level));
      if (!batch) continue;
      const Ratio r = ratio(*batch, *paylink);
      const std::string label = "batch " + std::to_string(level) + " in flight / paylink sequential";
      std::printf("  %-48s %6.2f  (%.2f-%.2f)", label.c_str(), r.median, r.low, r.high);
      if (level == 32) std::printf("   target >= 3.00: %s", bench::verdict(r.median >= 3.0));
      std::printf("\n");
      std::printf("RESULT batch_%zu_rps=%.0f batch_%zu_ratio=%.3f\n", level, bench::median(batch->rates), level,
                  r.median);
    }
  }
  const Case* canned_batch = find("canned-batch32");
  if (canned_batch && canned) {
    const Ratio r = ratio(*canned_batch, *canned);
    std::printf("  %-48s %6.2f  (%.2f-%.2f)   diagnostic\n", "canned batch 32 / canned sequential", r.median, r.low,
                r.high);
  }
  if (failures > 0) {
    std::printf("FAILURES: %zu requests failed; the figures above are not valid\n", failures);
    return 1;
  }
  return 0;
}
