// Command-line syntax: which command, which options, which positional arguments. Only the shape is
// checked here (known option, value present, not given twice); what the values mean is checked by the
// command that uses them.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace paylink_cli {

enum class Command {
  create,
  get,
  list,
  expire,
  webhook_verify,
  batch_create,
  update,
  payments,
  payment_methods,
  reconcile,
  watch,
  listen
};

/// "create", "get", "list", "expire", "webhook verify", "batch create", "update", "payments",
/// "payment-methods", "reconcile", "watch", "listen".
std::string_view command_name(Command command) noexcept;

/// One parsed command line.
struct Arguments {
  enum class Kind {
    run,      ///< run `command`
    help,     ///< print the help of `command`, or the overview when `command` is empty
    version,  ///< print the version
  };
  Kind kind = Kind::run;
  std::optional<Command> command;
  std::map<std::string, std::string, std::less<>> values;  ///< "--provider" → "qonto"
  std::vector<std::string> sets;                           ///< every --set, in order
  std::set<std::string, std::less<>> flags;                ///< "--json", "--all"
  std::vector<std::string> positionals;

  std::optional<std::string> value(std::string_view option) const;
  bool flag(std::string_view option) const { return flags.count(option) != 0; }
};

/// Parses argv (without argv[0]). Throws `Failure` (exit 2) naming the offending argument.
/// Accepts "--option value" and "--option=value"; "--" ends the options.
Arguments parse_arguments(const std::vector<std::string>& argv);

}  // namespace paylink_cli
