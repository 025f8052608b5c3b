// The commands: each checks its arguments, calls the SDK once (or walks a list), prints the result and
// returns the exit code. Failures are thrown as `Failure` and printed by main().
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// Runs `args` (kind `run`). Returns the exit code; throws `Failure` for any failure.
int run_command(const Arguments& args, const Console& console);

}  // namespace paylink_cli
