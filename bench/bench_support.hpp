#pragma once
// Shared by the loopback programs: the machine description printed with every figure, the Qonto create
// they send, the canned answer the fast server gives, and small statistics.

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "paylink/create_link_request.hpp"
#include "paylink/testing/http_exchange.hpp"

#ifndef PAYLINK_FIXTURES_DIR
#error "PAYLINK_FIXTURES_DIR must name tests/fixtures"
#endif

namespace paylink::bench {

inline std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos ? line : line.substr(colon + 2);
    }
  }
  return "unknown";
}

inline std::string load_average() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) != 3) return "unknown";
  char text[64];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

inline void print_machine(const char* program) {
  utsname u{};
  uname(&u);
  std::printf("# %s\n", program);
  std::printf("# machine: %u cores (nproc), %s, %s %s\n", std::thread::hardware_concurrency(), cpu_model().c_str(),
              u.sysname, u.release);
#if defined(__clang__)
  std::printf("# compiler: clang %s\n", __clang_version__);
#elif defined(__GNUC__)
  std::printf("# compiler: gcc %s\n", __VERSION__);
#endif
  std::printf("# load average at start (1/5/15 min): %s\n", load_average().c_str());
}

/// Qonto's recorded answer to a create (tests/fixtures/qonto/create_from_amount.http), which the fast
/// server sends to every request; nullopt (after printing why) when the fixture cannot be read.
inline std::optional<std::string> qonto_create_answer_body() {
  const std::string path = std::string(PAYLINK_FIXTURES_DIR) + "/qonto/create_from_amount.http";
  auto exchanges = testing::load_fixture(path);
  if (!exchanges || exchanges->empty() || exchanges->front().response.status != 201) {
    std::fprintf(stderr, "%s: expected one exchange answered 201\n", path.c_str());
    return std::nullopt;
  }
  return exchanges->front().response.body;
}

/// The create of that fixture: 1100.50 EUR from an amount, by card or Apple Pay.
inline CreateLinkRequest qonto_create_request() {
  CreateLinkRequest r;
  r.amount = Money::parse("1100.50", "EUR").value();
  r.description = "Consulting, March";
  r.qonto.payment_methods = {"credit_card", "apple_pay"};
  return r;
}

inline double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

/// User + system CPU seconds of the whole process (every thread, the in-process server included).
inline double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

/// Peak resident set size of the process so far, in KiB (getrusage's ru_maxrss).
inline long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

/// Peak resident set size as /proc/self/status reports it (VmHWM), in KiB; 0 when unavailable. The
/// kernel's RSS counters are updated lazily, so this and ru_maxrss can differ by a few pages.
inline long vm_hwm_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

/// Resident set size now, in KiB (/proc/self/statm).
inline long current_rss_kib() {
  std::ifstream in("/proc/self/statm");
  long pages_total = 0;
  long pages_resident = 0;
  in >> pages_total >> pages_resident;
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

inline const char* verdict(bool pass) { return pass ? "PASS" : "FAIL"; }

}  // namespace paylink::bench
