// In-process cost of the adapters, per vendor and per call: encode a realistic create (onOffice signs it
// with HMAC-SHA256 here), decode the vendor's recorded success answer, and decode-only of a get and a
// list page where the vendor has them. No I/O: the canned answers come from tests/fixtures/<vendor>/.
//
// Target: encode + decode of one create ≤ 10 µs (BM_CreateRoundTrip).

#include <benchmark/benchmark.h>

#include <memory>
#include <string>

#include "codec_cases.hpp"

namespace {

using namespace paylink;
using namespace paylink::bench;

using CaseFactory = CreateCase (*)();

// Fails the benchmark (instead of timing an error path) when the case does not round-trip.
bool check_round_trip(benchmark::State& state, const CreateCase& c) {
  auto encoded = c.provider->encode_create(c.request, c.ctx);
  if (!encoded) {
    state.SkipWithError(("encode_create: " + encoded.error().to_string()).c_str());
    return false;
  }
  auto decoded = c.provider->decode_create(c.answer, c.request, c.ctx);
  if (!decoded) {
    state.SkipWithError(("decode_create: " + decoded.error().to_string()).c_str());
    return false;
  }
  return true;
}

// encode_create + decode_create: what the client does in process for one create (besides the transport).
void BM_CreateRoundTrip(benchmark::State& state, CaseFactory make) {
  const CreateCase c = make();
  if (!check_round_trip(state, c)) return;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's loop idiom
    auto request = c.provider->encode_create(c.request, c.ctx);
    benchmark::DoNotOptimize(request);
    auto link = c.provider->decode_create(c.answer, c.request, c.ctx);
    benchmark::DoNotOptimize(link);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EncodeCreate(benchmark::State& state, CaseFactory make) {
  const CreateCase c = make();
  if (!check_round_trip(state, c)) return;
  std::size_t bytes = 0;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's loop idiom
    auto request = c.provider->encode_create(c.request, c.ctx);
    bytes += request->body.size();
    benchmark::DoNotOptimize(request);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}

void BM_DecodeCreate(benchmark::State& state, CaseFactory make) {
  const CreateCase c = make();
  if (!check_round_trip(state, c)) return;
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's loop idiom
    auto link = c.provider->decode_create(c.answer, c.request, c.ctx);
    benchmark::DoNotOptimize(link);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(c.answer.body.size()));
}

BENCHMARK_CAPTURE(BM_CreateRoundTrip, onoffice, &onoffice_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_CreateRoundTrip, multisafepay, &multisafepay_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_CreateRoundTrip, smarterpay, &smarterpay_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_CreateRoundTrip, qonto, &qonto_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EncodeCreate, onoffice, &onoffice_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EncodeCreate, multisafepay, &multisafepay_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EncodeCreate, smarterpay, &smarterpay_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_EncodeCreate, qonto, &qonto_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeCreate, onoffice, &onoffice_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeCreate, multisafepay, &multisafepay_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeCreate, smarterpay, &smarterpay_case)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeCreate, qonto, &qonto_case)->Unit(benchmark::kMicrosecond);

// Decode-only of reads. onOffice has neither get nor list.
struct ReadCase {
  std::shared_ptr<const Provider> provider;
  HttpResponse answer;
};

ReadCase qonto_read(const char* file) {
  QontoConfig config;
  config.access_token = "qonto-test-access-token";
  return {make_qonto_provider(config), success_answer("qonto", file)};
}
ReadCase smarterpay_read(const char* file) {
  SmarterPayConfig config;
  config.bearer_token = "sp-test-token-0123456789";
  return {make_smarterpay_provider(config), success_answer("smarterpay", file)};
}
ReadCase multisafepay_read(const char* file) {
  MultiSafepayConfig config;
  config.api_key = "MSP-FIXTURE-KEY";
  return {make_multisafepay_provider(config), success_answer("multisafepay", file)};
}

void BM_DecodeGet(benchmark::State& state, ReadCase (*make)(const char*), const char* file) {
  const ReadCase c = make(file);
  if (auto first = c.provider->decode_get(c.answer); !first) {
    state.SkipWithError(("decode_get: " + first.error().to_string()).c_str());
    return;
  }
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's loop idiom
    auto link = c.provider->decode_get(c.answer);
    benchmark::DoNotOptimize(link);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(c.answer.body.size()));
}

void BM_DecodeList(benchmark::State& state, ReadCase (*make)(const char*), const char* file) {
  const ReadCase c = make(file);
  const ListQuery query;
  if (auto first = c.provider->decode_list(c.answer, query); !first) {
    state.SkipWithError(("decode_list: " + first.error().to_string()).c_str());
    return;
  }
  for (auto _ : state) {  // NOLINT(clang-analyzer-deadcode.DeadStores): the library's loop idiom
    auto page = c.provider->decode_list(c.answer, query);
    benchmark::DoNotOptimize(page);
  }
  // One item = one page (both fixtures' first pages hold two links). No custom counter: the CSV
  // reporter needs every run to have the same columns.
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(c.answer.body.size()));
}

BENCHMARK_CAPTURE(BM_DecodeGet, multisafepay, &multisafepay_read, "get_completed.http")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeGet, smarterpay, &smarterpay_read, "get.http")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeGet, qonto, &qonto_read, "get.http")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeList, smarterpay, &smarterpay_read, "list.http")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_DecodeList, qonto, &qonto_read, "list_three_pages.http")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
