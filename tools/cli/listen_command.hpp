// `paylink listen`: a local webhook receiver. It verifies every delivery with the vendor's signature
// scheme, answers the way the vendor requires, prints one JSON line per verified event on stdout and can
// forward each event to a local URL. See `paylink listen --help` (help.cpp) for the contract.
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// The text of `paylink listen --help`: the command's contract.
const char* listen_help() noexcept;

/// Runs `paylink listen` until SIGINT or SIGTERM (exit 0). Throws `Failure` for bad usage (exit 2) or
/// when the address cannot be bound (exit 4).
int listen_command(const Arguments& args, const Console& console);

}  // namespace paylink_cli
