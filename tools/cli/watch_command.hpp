// `paylink watch`: reads links until they are paid (or end), printing each status change as a JSON line.
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// Runs `paylink watch`. Prints one JSON line per status change on stdout, the same fields as
/// `paylink listen`: {"provider","id","status","raw_status","event_id":null,"received_at"}. Returns 0
/// when every link reached the wanted status, 3 when one ended in a status that can no longer become
/// it (or could not be read: not found, refused credentials), 4 when the timeout passed first; throws
/// `Failure` (exit 2) for bad usage and for onOffice, which offers no status read.
int watch(const Arguments& args, const Console& console);

}  // namespace paylink_cli
