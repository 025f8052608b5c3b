#include "arguments.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "exit_codes.hpp"

namespace paylink_cli {
namespace {

struct OptionSpec {
  std::string_view name;
  bool takes_value;
  bool repeatable;
};

constexpr OptionSpec kProvider{"--provider", true, false};
constexpr OptionSpec kBaseUrl{"--base-url", true, false};
constexpr OptionSpec kJson{"--json", false, false};
// Every command that calls a vendor takes these two (session.cpp).
constexpr OptionSpec kVerbose{"--verbose", false, false};
constexpr OptionSpec kDryRun{"--dry-run", false, false};
// Every command takes it (session.cpp cli_transport_options): a private CA or a TLS proxy's CA.
constexpr OptionSpec kCaBundle{"--ca-bundle", true, false};
// Every command that calls a vendor (session.cpp call_timeout_option); watch's own --timeout is the watch's.
constexpr OptionSpec kTimeout{"--timeout", true, false};
// Every command that sends (quota_options.cpp): the shared Redis quota.
constexpr OptionSpec kQuotaRedis{"--quota-redis", true, false};
constexpr OptionSpec kQuotaName{"--quota-name", true, false};

std::vector<OptionSpec> create_options() {
  return {kProvider,
          kBaseUrl,
          kJson,
          kVerbose,
          kDryRun,
          kCaBundle,
          kTimeout,
          kQuotaRedis,
          kQuotaName,
          {"--amount", true, false},
          {"--currency", true, false},
          {"--description", true, false},
          {"--reference", true, false},
          {"--set", true, true}};
}

std::vector<OptionSpec> options_of(Command command) {
  switch (command) {
    case Command::create: {
      auto options = create_options();
      options.push_back({"--idempotency-key", true, false});
      return options;
    }
    case Command::reconcile: {
      auto options = create_options();
      options.push_back({"--reconcile-key", true, false});
      return options;
    }
    case Command::get:
    case Command::expire:
    case Command::payment_methods:
      return {kProvider, kBaseUrl, kJson, kVerbose, kDryRun, kCaBundle, kTimeout, kQuotaRedis, kQuotaName};
    case Command::update:
      return {kProvider, kBaseUrl, kJson,       kVerbose,   kDryRun,
              kCaBundle, kTimeout, kQuotaRedis, kQuotaName, {"--set", true, true}};
    case Command::payments:
    case Command::list:
      return {kProvider,
              kBaseUrl,
              kJson,
              kVerbose,
              kDryRun,
              kCaBundle,
              kTimeout,
              kQuotaRedis,
              kQuotaName,
              {"--status", true, false},
              {"--limit", true, false},
              {"--all", false, false}};
    case Command::webhook_verify:
      return {kProvider,
              kJson,
              kCaBundle,
              {"--body-file", true, false},
              {"--signature", true, false},
              {"--auth", true, false},
              {"--tolerance", true, false}};
    case Command::batch_create:
      return {kProvider,
              kBaseUrl,
              kVerbose,
              kDryRun,
              kCaBundle,
              kTimeout,
              {"--drain-timeout", true, false},
              kQuotaRedis,
              kQuotaName,
              {"--file", true, false},
              {"--concurrency", true, false},
              {"--resume", true, false},
              {"--delimiter", true, false}};
    case Command::watch:
      return {kProvider,
              kBaseUrl,
              kVerbose,
              kDryRun,
              kCaBundle,
              kQuotaRedis,
              kQuotaName,
              {"--until", true, false},
              {"--interval", true, false},
              {"--timeout", true, false}};
    case Command::listen:
      return {kProvider, kCaBundle, {"--port", true, false}, {"--host", true, false}, {"--forward-to", true, false}};
  }
  return {};
}

bool is_help(std::string_view arg) { return arg == "--help" || arg == "-h"; }

std::optional<Command> command_from_word(std::string_view word) {
  if (word == "create") return Command::create;
  if (word == "get") return Command::get;
  if (word == "list") return Command::list;
  if (word == "expire") return Command::expire;
  if (word == "update") return Command::update;
  if (word == "payments") return Command::payments;
  if (word == "payment-methods") return Command::payment_methods;
  if (word == "reconcile") return Command::reconcile;
  if (word == "watch") return Command::watch;
  if (word == "listen") return Command::listen;
  return std::nullopt;
}

// The words after "paylink" that name a command: one word, or "webhook verify". Returns how many
// arguments were used.
std::size_t read_command(const std::vector<std::string>& argv, Arguments& out) {
  const std::string& first = argv[0];
  if (auto command = command_from_word(first)) {
    out.command = *command;
    return 1;
  }
  if (first == "batch") {
    if (argv.size() < 2 || is_help(argv[1])) {
      out.command = Command::batch_create;
      out.kind = Arguments::Kind::help;
      return argv.size();
    }
    if (argv[1] != "create") {
      throw usage_error(fmt::format("unknown command \"batch {}\"; the batch command is \"paylink batch create\"",
                                    one_line(argv[1])));
    }
    out.command = Command::batch_create;
    return 2;
  }
  if (first == "webhook") {
    if (argv.size() < 2 || is_help(argv[1])) {
      out.command = Command::webhook_verify;
      out.kind = Arguments::Kind::help;
      return argv.size();
    }
    if (argv[1] != "verify") {
      throw usage_error(fmt::format("unknown command \"webhook {}\"; the webhook command is \"paylink webhook verify\"",
                                    one_line(argv[1])));
    }
    out.command = Command::webhook_verify;
    return 2;
  }
  throw usage_error(
      fmt::format("unknown command \"{}\"; commands: create, get, list, expire, update, payments, "
                  "payment-methods, reconcile, watch, webhook verify, batch create, listen "
                  "(see paylink --help)",
                  one_line(first)));
}

}  // namespace

std::string_view command_name(Command command) noexcept {
  switch (command) {
    case Command::create:
      return "create";
    case Command::get:
      return "get";
    case Command::list:
      return "list";
    case Command::expire:
      return "expire";
    case Command::webhook_verify:
      return "webhook verify";
    case Command::batch_create:
      return "batch create";
    case Command::update:
      return "update";
    case Command::payments:
      return "payments";
    case Command::payment_methods:
      return "payment-methods";
    case Command::reconcile:
      return "reconcile";
    case Command::watch:
      return "watch";
    case Command::listen:
      return "listen";
  }
  return "";
}

std::optional<std::string> Arguments::value(std::string_view option) const {
  auto it = values.find(option);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

Arguments parse_arguments(const std::vector<std::string>& argv) {
  Arguments out;
  if (argv.empty()) throw usage_error("no command given; see paylink --help");
  const std::string& first = argv[0];
  if (is_help(first)) {
    out.kind = Arguments::Kind::help;
    return out;
  }
  if (first == "--version" || first == "version") {
    out.kind = Arguments::Kind::version;
    return out;
  }
  if (first == "help") {
    out.kind = Arguments::Kind::help;
    if (argv.size() > 1) {
      std::vector<std::string> rest(argv.begin() + 1, argv.end());
      read_command(rest, out);
      out.kind = Arguments::Kind::help;
    }
    return out;
  }

  std::size_t i = read_command(argv, out);
  if (out.kind == Arguments::Kind::help) return out;

  const std::string_view command = command_name(*out.command);
  // --help anywhere wins, so that "paylink create --provider x --help" shows the help, whatever else is wrong.
  if (std::any_of(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end(),
                  [](const std::string& a) { return is_help(a); })) {
    out.kind = Arguments::Kind::help;
    return out;
  }

  const std::vector<OptionSpec> specs = options_of(*out.command);
  bool options_ended = false;
  for (; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (options_ended || arg.size() < 2 || arg[0] != '-' || arg == "-") {
      out.positionals.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_ended = true;
      continue;
    }
    const auto eq = arg.find('=');
    const std::string name = arg.substr(0, eq);
    const auto spec = std::find_if(specs.begin(), specs.end(), [&](const OptionSpec& s) { return s.name == name; });
    if (spec == specs.end()) {
      throw usage_error(fmt::format("{} has no option {} (see paylink {} --help)", command, one_line(name), command));
    }
    if (!spec->takes_value) {
      if (eq != std::string::npos) throw usage_error(fmt::format("{} takes no value", name));
      out.flags.insert(name);
      continue;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else {
      if (i + 1 >= argv.size()) throw usage_error(fmt::format("{} needs a value", name));
      value = argv[++i];
    }
    if (spec->repeatable) {
      out.sets.push_back(std::move(value));
    } else if (!out.values.emplace(name, std::move(value)).second) {
      throw usage_error(fmt::format("{} is given more than once", name));
    }
  }
  return out;
}

}  // namespace paylink_cli
