// The --help pages: the overview and one page per command.
#pragma once

#include <optional>
#include <string>

#include "arguments.hpp"

namespace paylink_cli {

/// The help of `command`, or the overview when empty. Ends with a newline.
std::string help_text(std::optional<Command> command);

}  // namespace paylink_cli
