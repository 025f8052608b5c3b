// paylink: the command-line client. See `paylink --help`, or help.cpp.
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "arguments.hpp"
#include "commands.hpp"
#include "credentials.hpp"
#include "exit_codes.hpp"
#include "help.hpp"
#include "output.hpp"
#include "paylink/version.hpp"

int main(int argc, char** argv) {
  using namespace paylink_cli;
  const Console console(credential_values());
  try {
    const Arguments args = parse_arguments(std::vector<std::string>(argv + 1, argv + argc));
    switch (args.kind) {
      case Arguments::Kind::help:
        console.raw(help_text(args.command));
        return kSuccess;
      case Arguments::Kind::version:
        console.out(fmt::format("paylink {}", paylink::version_string()));
        return kSuccess;
      case Arguments::Kind::run:
        return run_command(args, console);
    }
    return kUsage;
  } catch (const Failure& failure) {
    console.error(failure.what());
    return failure.code();
  } catch (const std::exception& e) {
    // Not expected (the SDK reports failures as values); still one line, and a distinct code from success.
    console.error(fmt::format("internal error: {}", one_line(e.what())));
    return kUnavailable;
  }
}
