// `paylink batch create`: many creates from a CSV file over the SDK's BatchRunner.
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// Runs `paylink batch create`. Writes one JSON result per row to stdout, a progress bar to stderr on a
/// terminal and a summary at the end. Returns 0 only when every row succeeded (or had already
/// succeeded in the --resume file); otherwise the most serious row outcome: 5, 4, 3, then 2.
int batch_create(const Arguments& args, const Console& console);

}  // namespace paylink_cli
