// In-process cost of the adapters, per vendor and per call: encode a realistic create (onOffice signs it
// with HMAC-SHA256 here), decode the vendor's recorded success answer, and decode-only of a get and a
// list page where the vendor has them. No I/O: the canned answers come from tests/fixtures/<vendor>/.
//
// Target: encode + decode of one create ≤ 10 µs (BM_CreateRoundTrip).

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "paylink/providers/multisafepay.hpp"
#include "paylink/providers/onoffice.hpp"
#include "paylink/providers/qonto.hpp"
#include "paylink/providers/smarterpay.hpp"
#include "paylink/testing/http_exchange.hpp"

#ifndef PAYLINK_FIXTURES_DIR
#error "PAYLINK_FIXTURES_DIR must name tests/fixtures"
#endif

namespace {

using namespace paylink;

// The answer of the first exchange of `vendor/file` that is a 2xx response. When the fixture cannot be
// read or has none, prints why and returns status 0, which each benchmark's first decode refuses, so
// that the benchmark is skipped with an error instead of timing a failure path.
HttpResponse success_answer(const std::string& vendor, const std::string& file) {
  const std::string path = std::string(PAYLINK_FIXTURES_DIR) + "/" + vendor + "/" + file;
  auto exchanges = testing::load_fixture(path);
  if (!exchanges) {
    std::fprintf(stderr, "%s\n", exchanges.error().to_string().c_str());
    return {};
  }
  for (const auto& exchange : *exchanges) {
    if (exchange.outcome == testing::ExchangeOutcome::respond && exchange.response.status >= 200 &&
        exchange.response.status < 300) {
      return exchange.response;
    }
  }
  std::fprintf(stderr, "%s: no 2xx answer\n", path.c_str());
  return {};
}

Money money(const char* decimal, const char* currency) { return Money::parse(decimal, currency).value(); }

// One vendor's create case: the adapter, a request as an application would send it, the context of
// one attempt and the vendor's answer to it.
struct CreateCase {
  std::shared_ptr<const Provider> provider;
  CreateLinkRequest request;
  CallContext ctx;
  HttpResponse answer;
};

CallContext context() {
  CallContext ctx;
  ctx.now = Timestamp(std::chrono::seconds(1'700'000'000));
  ctx.idempotency_key = "0f8fad5b-d9cb-469f-a165-70867728950e";
  return ctx;
}

CreateCase onoffice_case() {
  OnOfficeConfig config;
  config.token = "mgjIQkNRnaqggVzy9cZW";
  config.secret = "yOJobbhGLXdp90XxvxedFhH7073L9U";
  CreateCase c{make_onoffice_provider(config), {}, context(), success_answer("onoffice", "create_success.http")};
  c.request.amount = money("1000.00", "EUR");
  c.request.description = "Nachzahlung 3D-Rundgang";
  c.request.notify_customer = true;
  c.request.onoffice.transaction_id = "1100135697";
  return c;
}

CreateCase multisafepay_case() {
  MultiSafepayConfig config;
  config.api_key = "MSP-FIXTURE-KEY";
  CreateCase c{
      make_multisafepay_provider(config), {}, context(), success_answer("multisafepay", "create_paymentlink.http")};
  CreateLinkRequest& r = c.request;
  r.amount = money("10.00", "EUR");
  r.description = "Test Order Description";
  r.reference = "redirect-order-0001";
  r.lifetime = std::chrono::hours(24);
  r.return_url = "https://www.example.com/order/success";
  r.customer.email = "example@multisafepay.com";
  r.customer.locale = "nl_NL";
  r.metadata["var1"] = "invoice-2024-001";
  r.multisafepay.notification_url = "https://www.example.com/webhooks/payment";
  r.multisafepay.cancel_url = "https://www.example.com/order/failed";
  return c;
}

CreateCase smarterpay_case() {
  SmarterPayConfig config;
  config.bearer_token = "sp-test-token-0123456789";
  CreateCase c{make_smarterpay_provider(config), {}, context(), success_answer("smarterpay", "create.http")};
  CreateLinkRequest& r = c.request;
  r.amount = money("27.50", "GBP");
  r.description = "Payment Plan";
  r.reference = "invoice-2023-0713";
  r.smarterpay.ecommerce_page = "EP02AB12CD34EF56GH78";
  r.smarterpay.customer_account = "CA0112AB34CD56EF78GH";
  return c;
}

CreateCase qonto_case() {
  QontoConfig config;
  config.access_token = "qonto-test-access-token";
  CreateCase c{make_qonto_provider(config), {}, context(), success_answer("qonto", "create_from_amount.http")};
  CreateLinkRequest& r = c.request;
  r.amount = money("1100.50", "EUR");
  r.description = "Consulting, March";
  r.qonto.payment_methods = {"credit_card", "apple_pay"};
  return c;
}

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
