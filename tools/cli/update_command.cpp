#include "update_command.hpp"

#include <fmt/format.h>

#include "exit_codes.hpp"
#include "paylink/update_link_request.hpp"
#include "session.hpp"

namespace paylink_cli {
namespace {

// --set KEY=VALUE → the update's metadata. Only the shape is checked here; which metadata fields the
// vendor has, and how long each may be, the SDK checks (and names) before anything is sent.
paylink::UpdateLinkRequest build_update(const Arguments& args) {
  if (args.sets.empty()) {
    throw usage_error("update needs at least one --set metadata_KEY=VALUE (see paylink update --help)");
  }
  paylink::UpdateLinkRequest update;
  for (const std::string& set : args.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw usage_error(fmt::format("--set \"{}\" is not KEY=VALUE", one_line(set)));
    }
    const std::string key = set.substr(0, eq);
    if (key.rfind("metadata", 0) != 0) {
      throw usage_error(
          fmt::format("--set {}: update changes metadata only; use --set metadata=TEXT or "
                      "--set metadata_KEY=TEXT (e.g. metadata_card)",
                      one_line(key)));
    }
    if (!update.metadata.emplace(key, set.substr(eq + 1)).second) {
      throw usage_error(fmt::format("--set {} is given more than once", one_line(key)));
    }
  }
  return update;
}

}  // namespace

int update(const Arguments& args, const Console& console) {
  expect_positionals(args, 1, "the link's ID");
  const paylink::UpdateLinkRequest request = build_update(args);
  Session s = open_session(args, console);
  auto link = s.client->update(args.positionals[0], request, s.call());
  if (!link) fail(s, "update", link.error());
  print_link(console, *link, s.json);
  return kSuccess;
}

}  // namespace paylink_cli
