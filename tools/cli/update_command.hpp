// paylink update: changes an existing link's metadata strings (SmarterPay).
#pragma once

#include "arguments.hpp"
#include "output.hpp"

namespace paylink_cli {

/// `paylink update --provider P ID --set metadata_KEY=VALUE...`; prints the link as it is afterwards.
int update(const Arguments& args, const Console& console);

}  // namespace paylink_cli
