#include "batch_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "batch_keys.hpp"
#include "create_request.hpp"
#include "credentials.hpp"
#include "csv_reader.hpp"
#include "diagnostics.hpp"
#include "exit_codes.hpp"
#include "paylink/batch.hpp"
#include "paylink/curl_transport.hpp"
#include "paylink/rate_limit.hpp"
#include "quota_options.hpp"
#include "session.hpp"
#include "stop_signals.hpp"

namespace paylink_cli {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kDefaultConcurrency = 16;
constexpr std::chrono::milliseconds kDefaultDrain = std::chrono::seconds(10);
constexpr std::size_t kMaxConcurrency = 256;

// The columns every provider takes; any other column must be one of the provider's --set keys.
constexpr std::string_view kCommonColumns[] = {"amount", "currency", "description", "reference"};

// What a previous run's results say: its run id, rows that succeeded (with their result line, which a
// resumed run writes again so that its own results file is complete for the next --resume), and rows
// whose create may have happened.
struct PreviousResults {
  std::string run_id;                            // empty: no line carries one (no row was reported)
  std::map<std::size_t, std::string> succeeded;  // row → its result line
  std::map<std::size_t, std::string> ambiguous;  // row → reconcile_key
};

PreviousResults read_previous(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw usage_error(fmt::format("--resume: cannot read {}", one_line(path)));
  PreviousResults previous;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_object() || !j.contains("row") || !j["row"].is_number_unsigned() || !j.contains("ok")) {
      throw usage_error(fmt::format("--resume: line {} of {} is not a batch result", number, one_line(path)));
    }
    // Results written before run ids existed have none; every line that has one must name the same run,
    // or the rows' keys would be mixed.
    if (j.contains("run_id")) {
      const auto* id = j["run_id"].get_ptr<const std::string*>();
      if (!id || !is_run_id(*id)) {
        throw usage_error(
            fmt::format("--resume: line {} of {} has a run_id that is not 32 hex digits", number, one_line(path)));
      }
      if (!previous.run_id.empty() && *id != previous.run_id) {
        throw usage_error(
            fmt::format("--resume: line {} of {} belongs to run {}, earlier lines to run {}; resume "
                        "one run's results at a time",
                        number, one_line(path), *id, previous.run_id));
      }
      previous.run_id = *id;
    }
    const auto row = j["row"].get<std::size_t>();
    if (j["ok"] == true) {
      previous.succeeded[row] = line;
      previous.ambiguous.erase(row);
    } else if (j.contains("error") && j["error"].value("code", "") == "ambiguous") {
      previous.ambiguous[row] = j["error"].value("reconcile_key", "");
    }
  }
  return previous;
}

std::optional<char> parse_delimiter(const Arguments& args) {
  const auto text = args.value("--delimiter");
  if (!text) return std::nullopt;
  if (*text == "tab") return '\t';
  if (text->size() != 1 || !valid_csv_delimiter(text->front())) {
    throw usage_error(fmt::format(
        "--delimiter must be one punctuation character such as , or ; (or the word tab), not \"{}\"", one_line(*text)));
  }
  return text->front();
}

std::string column_name(const std::vector<std::string>& header, std::size_t column) {
  if (column >= 1 && column <= header.size()) return fmt::format("column {} ({})", column, header[column - 1]);
  return fmt::format("column {}", column);
}

// Why a row's cells cannot be a request, before any of them is parsed: the reader's own error, more
// cells than the header names, or an amount written with a decimal comma. Money takes a point as its
// decimal separator in every locale; a comma is never read as one, because guessing could turn
// "1,000" (a thousand) into 1.000 (one).
std::optional<paylink::Error> cells_error(const CsvRecord& record, const std::vector<std::string>& header) {
  if (!record.error.empty()) {
    const std::string where = record.error_column ? ", " + column_name(header, record.error_column) : "";
    return paylink::Error::validation("row", fmt::format("line {}{}: {}", record.line, where, record.error));
  }
  if (record.fields.size() > header.size()) {
    return paylink::Error::validation(
        "row", fmt::format("line {} has {} fields, the header names {} columns: put a field that holds the "
                           "delimiter in double quotes",
                           record.line, record.fields.size(), header.size()));
  }
  const auto amount = std::find(header.begin(), header.end(), "amount") - header.begin();
  if (static_cast<std::size_t>(amount) < record.fields.size()) {
    const std::string& text = record.fields[static_cast<std::size_t>(amount)];
    const auto comma = text.find(',');
    if (comma != std::string::npos) {
      // "10,99" can only be ten point ninety-nine: say so. "1,000" (a thousand, or one in a three-decimal
      // currency), "1.234,56" and "1,234.56" are not rewritten for the user: either reading is possible.
      auto digits = [](std::string_view t) {
        return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
      };
      const std::string_view whole = std::string_view(text).substr(0, comma);
      const std::string_view fraction = std::string_view(text).substr(comma + 1);
      const std::string fix = digits(whole) && digits(fraction) && fraction.size() <= 2
                                  ? fmt::format(": write {}.{}", whole, fraction)
                                  : std::string(" (for example 1234.50)");
      return paylink::Error::validation(
          "amount",
          fmt::format("line {}, {}: \"{}\" has a comma; an amount takes a point as its decimal separator "
                      "and no thousands separator{}",
                      record.line, column_name(header, static_cast<std::size_t>(amount) + 1), one_line(text), fix));
    }
  }
  return std::nullopt;
}

// The request of one CSV row, built exactly as `paylink create` builds it from flags.
paylink::CreateLinkRequest row_request(Vendor vendor, const std::vector<std::string>& header,
                                       const std::vector<std::string>& fields) {
  Arguments args;
  args.command = Command::create;
  for (std::size_t i = 0; i < header.size() && i < fields.size(); ++i) {
    if (fields[i].empty()) continue;
    const bool common =
        std::find(std::begin(kCommonColumns), std::end(kCommonColumns), header[i]) != std::end(kCommonColumns);
    if (common)
      args.values["--" + header[i]] = fields[i];
    else
      args.sets.push_back(header[i] + "=" + fields[i]);
  }
  return build_create_request(vendor, args);
}

// The create of CSV row `row` (1 = the first row after the header) in run `run_id`, with the
// idempotency key the row keeps across resumed runs; or the row's validation error.
paylink::Result<paylink::CreateLinkRequest> row_create(Vendor vendor, const std::vector<std::string>& header,
                                                       const CsvRecord& record, std::size_t row,
                                                       std::string_view run_id) {
  if (auto bad = cells_error(record, header)) return *bad;
  paylink::CreateLinkRequest request;
  try {
    request = row_request(vendor, header, record.fields);
  } catch (const Failure& invalid) {
    return paylink::Error::validation("row", fmt::format("line {}: {}", record.line, invalid.what()));
  }
  request.idempotency_key = row_idempotency_key(run_id, row, record.fields);
  return request;
}

std::string error_json(const paylink::Error& error, int exit_code) {
  nlohmann::json e{{"code", std::string(paylink::to_string(error.code))},
                   {"message", one_line(error.message)},
                   {"exit_code", exit_code}};
  if (!error.field.empty()) e["field"] = error.field;
  if (error.http_status != 0) e["http_status"] = error.http_status;
  if (!error.vendor_code.empty()) e["vendor_code"] = error.vendor_code;
  if (!error.reconcile_key.empty()) e["reconcile_key"] = error.reconcile_key;
  return e.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Severity order for the process exit code: the worst row decides.
int worse(int a, int b) {
  auto rank = [](int code) {
    switch (code) {
      case kAmbiguous:
        return 4;
      case kUnavailable:
        return 3;
      case kRefused:
        return 2;
      case kUsage:
        return 1;
      default:
        return 0;
    }
  };
  return rank(b) > rank(a) ? b : a;
}

class ProgressBar {
 public:
  ProgressBar(std::size_t total, bool enabled) : total_(total), enabled_(enabled), started_(Clock::now()) {}
  void update(std::size_t done, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - started_).count();  // display only
    const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0.0;
    const std::size_t width = 30;
    const std::size_t filled = total_ ? std::min(width, done * width / total_) : 0;
    const long eta = rate > 0 && total_ > done ? static_cast<long>(static_cast<double>(total_ - done) / rate) : 0;
    fmt::print(stderr, "\r[{}{}] {}/{} {:5.1f}% {:7.0f}/s ETA {}:{:02}", std::string(filled, '#'),
               std::string(width - filled, '-'), done, total_,
               total_ ? 100.0 * static_cast<double>(done) / static_cast<double>(total_) : 100.0, rate, eta / 60,
               eta % 60);
    std::fflush(stderr);
  }
  void finish(std::size_t done) {
    update(done, true);
    if (enabled_) fmt::print(stderr, "\n");
  }

 private:
  std::size_t total_;
  bool enabled_;
  Clock::time_point started_;
  Clock::time_point last_{};
};

std::size_t parse_concurrency(const Arguments& args) {
  const auto text = args.value("--concurrency");
  if (!text) return kDefaultConcurrency;
  std::size_t n = 0;
  bool digits = !text->empty() && text->size() <= 4;
  for (const char c : *text) {
    digits = digits && c >= '0' && c <= '9';
    if (digits) n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  if (!digits || n < 1 || n > kMaxConcurrency) {
    throw usage_error(
        fmt::format("--concurrency must be a whole number from 1 to {}, not \"{}\"", kMaxConcurrency, one_line(*text)));
  }
  return n;
}

}  // namespace

int batch_create(const Arguments& args, const Console& console) {
  if (!args.positionals.empty()) throw usage_error("batch create takes no positional arguments");
  const auto provider = args.value("--provider");
  const auto file = args.value("--file");
  if (!provider || !file)
    throw usage_error("batch create needs --provider and --file (see paylink batch create --help)");
  const Vendor vendor = parse_vendor(*provider);
  const std::size_t concurrency = parse_concurrency(args);
  const std::optional<char> delimiter = parse_delimiter(args);
  if (args.flag("--dry-run") && args.value("--resume")) {
    throw usage_error(
        "batch create: --dry-run cannot be combined with --resume (a resumed run asks the vendor "
        "about rows whose create got no answer)");
  }
  const PreviousResults previous = args.value("--resume") ? read_previous(*args.value("--resume")) : PreviousResults{};

  std::ifstream in(*file, std::ios::binary);
  if (!in) throw usage_error(fmt::format("--file: cannot read {}", one_line(*file)));
  CsvReader csv(in, delimiter);
  const auto header_record = csv.next();
  if (!header_record) throw usage_error("--file is empty; its first row must name the columns");
  if (!header_record->error.empty()) {
    throw usage_error(fmt::format("--file: the header, line {}: {}", header_record->line, header_record->error));
  }
  const std::vector<std::string>& header = header_record->fields;
  const auto keys = set_keys(vendor);
  for (const auto& column : header) {
    const bool known =
        std::find(std::begin(kCommonColumns), std::end(kCommonColumns), column) != std::end(kCommonColumns) ||
        std::find(keys.begin(), keys.end(), column) != keys.end();
    if (!known) {
      std::string allowed = "amount, currency, description, reference";
      for (const auto k : keys) allowed += fmt::format(", {}", k);
      throw usage_error(fmt::format("--file: unknown column \"{}\" for {} (fields separated by \"{}\"); columns: {}",
                                    one_line(column), vendor_name(vendor),
                                    csv.delimiter() == '\t' ? std::string("tab") : std::string(1, csv.delimiter()),
                                    allowed));
    }
  }
  // Count the rows first, for the progress bar's total (a second, cheap pass over the file).
  std::size_t total = 0;
  {
    std::ifstream count_in(*file, std::ios::binary);
    CsvReader counter(count_in, csv.delimiter());
    (void)counter.next();
    while (counter.next()) ++total;
  }

  // A resumed run keeps its run id, so each row it sends again carries the key it had; any other run is
  // a new one, with new keys.
  const std::string run_id = previous.run_id.empty() ? new_run_id() : previous.run_id;
  if (args.value("--resume") && previous.run_id.empty()) {
    // Results from before run ids, or a run stopped before its first result: its keys cannot be rebuilt.
    console.error(
        fmt::format("--resume: {} names no run_id, so this is a new run ({}): rows sent again get new "
                    "idempotency keys",
                    one_line(*args.value("--resume")), run_id));
  }
  // --dry-run: every row is checked and encoded as in a real run, and its request is printed instead of sent.
  const bool dry_run = args.flag("--dry-run");
  std::optional<paylink::RedactedRequest> dry_run_request;
  paylink::ClientOptions client_options;
  if (dry_run) {
    client_options.transport = std::make_shared<DryRunTransport>(
        [&dry_run_request](const paylink::RedactedRequest& r) { dry_run_request = r; }, cli_transport_options(args));
    client_options.retry.max_attempts = 1;
    client_options.rate_limiter = std::make_shared<paylink::RateLimiter>(paylink::RateLimit{});
  } else {
    client_options.transport = paylink::make_curl_transport(cli_transport_options(args));
  }
  if (args.flag("--verbose")) {  // as every command's --verbose (session.cpp)
    client_options.log.hook = verbose_log_hook(console);
    client_options.log.log_bodies = true;
  }
  paylink::BatchOptions options;
  options.max_in_flight = concurrency;
  options.item_timeout = call_timeout_option(args);
  options.drain_timeout =
      seconds_option(args, "--drain-timeout", kDefaultDrain, std::chrono::milliseconds(0), std::chrono::hours(1));
  // SIGINT and SIGTERM stop the run (no new rows; rows in flight get --drain-timeout), before the
  // transport starts any thread, so that every thread leaves the signals to the waiter.
  const paylink::CancellationToken stop;
  options.stop = stop;
  const StopSignals signals(stop);
  paylink::Client client =
      with_shared_quota(args, make_client(vendor, args.value("--base-url"), std::move(client_options),
                                          dry_run ? CredentialUse::dry_run : CredentialUse::send));
  ProgressBar bar(total, ::isatty(STDERR_FILENO) != 0);
  std::size_t done = 0, succeeded = 0, failed = 0, skipped = 0, outcome_unknown = 0;
  int exit_code = kSuccess;
  const auto started = Clock::now();

  auto report = [&](std::size_t row, const paylink::Result<paylink::PaymentLink>& result) {
    ++done;
    if (result.ok()) {
      ++succeeded;
      console.out(fmt::format(R"({{"row":{},"ok":true,"link":{},"run_id":"{}"}})", row, link_json(*result), run_id));
    } else {
      ++failed;
      paylink::Error e = result.error();
      // A create that was sent and whose answer never came (its time ran out, or the run was stopped
      // and the drain time ran out): it may exist, so --resume asks the vendor before creating again.
      if ((e.code == paylink::ErrorCode::timeout || e.code == paylink::ErrorCode::canceled) && e.request_sent &&
          !e.reconcile_key.empty()) {
        e.message = fmt::format(
            "the create was sent and no answer came ({}); --resume asks the vendor before "
            "creating it again",
            e.message);
        e.code = paylink::ErrorCode::ambiguous;
      }
      if (e.code == paylink::ErrorCode::ambiguous) ++outcome_unknown;
      const int code = exit_code_for(e, e.http_status != 0 || e.request_sent ? 1 : 0);
      exit_code = worse(exit_code, code);
      console.out(fmt::format(R"({{"row":{},"ok":false,"error":{},"run_id":"{}"}})", row, error_json(e, code), run_id));
    }
    bar.update(done + skipped);
  };

  // A row an earlier run left ambiguous, reported as still unknown (not created again) for `why`.
  const auto still_unknown = [&](std::size_t row, const std::string& reconcile_key, std::string_view why) {
    paylink::Error still = paylink::Error::make(
        paylink::ErrorCode::ambiguous,
        fmt::format("row {}: an earlier run sent this create and got no answer, and {}; not created again", row, why));
    still.reconcile_key = reconcile_key;
    report(row, still);
  };

  // The rows the --resume file left ambiguous are asked about first, one at a time, before the runner
  // starts any row: asked from inside the runner's pull, a call would leave the rows in flight unread
  // while it runs, past their deadlines and the drain. Rows whose cells are not a request are left to
  // the pull, which reports them as any other bad row.
  std::set<std::size_t> asked;
  if (!previous.ambiguous.empty()) {
    std::ifstream again(*file, std::ios::binary);
    CsvReader rows(again, csv.delimiter());
    (void)rows.next();
    std::size_t number = 0;
    while (auto record = rows.next()) {
      ++number;
      const auto ambiguous_before = previous.ambiguous.find(number);
      if (ambiguous_before == previous.ambiguous.end() || previous.succeeded.count(number) != 0) continue;
      auto request = row_create(vendor, header, *record, number, run_id);
      if (!request) continue;
      asked.insert(number);
      if (stop.canceled()) {
        still_unknown(number, ambiguous_before->second, "this run was stopped before asking");
        continue;
      }
      // Its create may have happened: ask the vendor instead of creating again.
      paylink::Error unknown = paylink::Error::make(paylink::ErrorCode::ambiguous, "outcome unknown");
      unknown.reconcile_key = ambiguous_before->second;
      auto found = client.reconcile_create(*request, unknown, paylink::CallOptions{options.item_timeout, stop});
      if (!found && found.error().code == paylink::ErrorCode::unsupported) {
        still_unknown(number, ambiguous_before->second,
                      fmt::format("{} cannot be asked: check at the vendor", vendor_name(vendor)));
      } else if (!found && (found.error().code == paylink::ErrorCode::canceled ||
                            found.error().code == paylink::ErrorCode::timeout)) {
        still_unknown(number, ambiguous_before->second, "this run was stopped or ran out of time before asking");
      } else {
        report(number, found);
      }
    }
  }

  std::size_t row = 0;
  bool carrying_over = false;  // stopped: the rest of the file is only carried over from --resume
  paylink::BatchRunner runner(client, options);
  const auto next = [&]() -> std::optional<paylink::BatchCreate> {
    while (auto record = csv.next()) {
      ++row;
      if (auto done_before = previous.succeeded.find(row); done_before != previous.succeeded.end()) {
        ++skipped;
        console.out(done_before->second);
        continue;
      }
      if (asked.count(row) != 0) continue;  // reported before the runner started
      auto request = row_create(vendor, header, *record, row, run_id);
      if (!request) {
        report(row, std::move(request).error());
        continue;
      }
      // After a stop, no row is started; but this run's output must still say what the --resume file
      // said of the rows it does not reach, or a later --resume would create them again.
      if (stop.canceled()) carrying_over = true;
      if (carrying_over) {
        if (auto ambiguous_before = previous.ambiguous.find(row); ambiguous_before != previous.ambiguous.end())
          still_unknown(row, ambiguous_before->second, "this run was stopped before asking");
        continue;
      }
      return paylink::BatchCreate{std::to_string(row), std::move(*request)};
    }
    return std::nullopt;
  };
  if (dry_run) {
    while (auto item = next()) {
      const std::size_t n = std::stoul(item->tag);
      dry_run_request.reset();
      auto refused = client.create(item->request);
      if (!dry_run_request) {  // refused before it would have been sent
        report(n, refused);
        continue;
      }
      ++done;
      ++succeeded;
      console.out(fmt::format(R"({{"row":{},"ok":true,"dry_run":true,"request":{},"run_id":"{}"}})", n,
                              request_json(*dry_run_request), run_id));
      bar.update(done + skipped);
    }
  } else {
    const paylink::BatchSummary summary =
        runner.create_all(next, [&](const paylink::BatchResult& r) { report(std::stoul(r.tag), r.result); });
    if (summary.stopped) {
      carrying_over = true;
      while (next()) {
      }  // every row left: its --resume result carried over, nothing sent
    }
  }
  bar.finish(done + skipped);
  // The run was stopped when a signal left rows unstarted: the runner's summary says so, or the pull
  // reached a row after the signal and carried the rest over. A signal that came after every row had
  // started stopped nothing, and the rows' outcomes decide the exit code as in any run.
  const bool stopped = carrying_over;
  if (stopped && signals.received() != 0) {
    console.error(fmt::format(
        "batch create: run {}: stopped by {}: {} rows started: {} succeeded, {} failed ({} with an unknown "
        "outcome, reported ambiguous), {} not started; finish with --resume on this output",
        run_id, signal_name(signals.received()), done, succeeded, failed, outcome_unknown, total - done - skipped));
    return signals.exit_code();
  }

  const double seconds = std::chrono::duration<double>(Clock::now() - started).count();  // display only
  console.error(fmt::format(
      "batch create: run {}: {} rows: {} succeeded, {} failed, {} skipped (already done in the "
      "--resume file) in {:.1f} s ({:.0f} rows/s){}{}",
      run_id, total, succeeded, failed, skipped, seconds, seconds > 0 ? static_cast<double>(done) / seconds : 0.0,
      dry_run ? "; --dry-run: nothing was sent" : "",
      signals.received() != 0 ? fmt::format("; {} came after every row had started", signal_name(signals.received()))
                              : std::string()));
  return exit_code;
}

}  // namespace paylink_cli
