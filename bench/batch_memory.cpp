// (4) Peak memory of a 100,000-row batch: BatchRunner::create_all at 32 in flight against the in-process
// fast server, rows generated lazily from a counter (each a different amount, description and tag, as a
// billing run would read them), results counted and dropped. Prints the peak resident set size of the
// whole process (getrusage ru_maxrss), which includes the server thread and its buffers, libcurl, and the
// program's own code and libraries. Target: under 64 MiB.
//
// Usage: paylink_batch_memory [--rows N] [--in-flight K]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "bench_support.hpp"
#include "fast_server.hpp"
#include "paylink/batch.hpp"
#include "paylink/providers/qonto.hpp"

int main(int argc, char** argv) {
  using namespace paylink;
  std::size_t rows = 100'000;
  std::size_t in_flight = 32;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if ((arg == "--rows" || arg == "--in-flight") && i + 1 < argc) {
      (arg == "--rows" ? rows : in_flight) = static_cast<std::size_t>(std::strtoull(argv[++i], nullptr, 10));
    } else {
      std::fprintf(stderr, "usage: %s [--rows N] [--in-flight K]\n", argv[0]);
      return 2;
    }
  }

  bench::print_machine("paylink_batch_memory: peak memory of a batch of Qonto creates over loopback");
  const long rss_at_start = bench::current_rss_kib();

  const auto answer = bench::qonto_create_answer_body();
  if (!answer) return 2;
  bench::FastServer server(201, "Created", "application/json; charset=utf-8", *answer);
  QontoConfig config;
  config.access_token = "bench-access-token";
  config.base_url = server.base_url();
  ClientOptions options;
  options.rate_limiter = std::make_shared<RateLimiter>(RateLimit{});  // unlimited, as in loopback_bench
  const Client client = make_qonto_client(config, options);
  const long rss_before_batch = bench::current_rss_kib();

  BatchOptions batch;
  batch.max_in_flight = in_flight;
  BatchRunner runner(client, batch);
  const CreateLinkRequest base = bench::qonto_create_request();
  std::size_t next = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  const auto started = std::chrono::steady_clock::now();
  const BatchSummary summary = runner.create_all(
      [&]() -> std::optional<BatchCreate> {
        if (next == rows) return std::nullopt;
        const std::size_t row = next++;
        BatchCreate item{"row-" + std::to_string(row), base};
        item.request.amount = Money::of(static_cast<std::int64_t>(100 + row % 100'000), base.amount->currency());
        item.request.description = "Invoice " + std::to_string(100'000 + row);
        return item;
      },
      [&](const BatchResult& result) {
        if (result.result) {
          ++succeeded;
        } else if (failed++ == 0) {
          std::fprintf(stderr, "row %zu failed: %s\n", result.index, result.result.error().to_string().c_str());
        }
      });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const long rss_after = bench::current_rss_kib();
  const long maxrss = bench::peak_rss_kib();
  const long hwm = bench::vm_hwm_kib();
  const long peak = std::max({maxrss, hwm, rss_after});
  const bench::ServerStats stats = server.stats();
  server.stop();

  const double peak_mib = static_cast<double>(peak) / 1024.0;
  std::printf("rows %zu, in flight %zu: %zu succeeded, %zu failed (summary %zu/%zu), %.2f s, %.0f rows/s\n", rows,
              in_flight, succeeded, failed, summary.succeeded, summary.failed, seconds,
              static_cast<double>(rows) / seconds);
  std::printf("server: %llu requests on %llu connections\n", static_cast<unsigned long long>(stats.requests),
              static_cast<unsigned long long>(stats.connections_accepted));
  std::printf("RSS: %.1f MiB at start, %.1f MiB before the batch (server + client up), %.1f MiB after it\n",
              static_cast<double>(rss_at_start) / 1024.0, static_cast<double>(rss_before_batch) / 1024.0,
              static_cast<double>(rss_after) / 1024.0);
  std::printf("peak RSS: getrusage ru_maxrss %.1f MiB, VmHWM %.1f MiB (whole process, in-process server included)\n",
              static_cast<double>(maxrss) / 1024.0, static_cast<double>(hwm) / 1024.0);
  std::printf("peak RSS of a %zu-row batch: %.1f MiB   target < 64 MiB: %s\n", rows, peak_mib,
              bench::verdict(peak_mib < 64.0));
  std::printf("# load average at end (1/5/15 min): %s\n", bench::load_average().c_str());
  std::printf("RESULT batch_memory_rows=%zu batch_memory_peak_rss_mib=%.1f\n", rows, peak_mib);
  return failed == 0 && succeeded == rows ? 0 : 1;
}
