// Differential fuzzing of paylink's JSON reader and writer against nlohmann's: the same verdict on
// every input, the same value when both accept it, and the same bytes when it is written back.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "core/json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto ours = paylink::detail::parse_json(text, "fuzz");
  // No JSON text holds a NUL byte; nlohmann stops reading at one and accepts what came before
  // ("0\0garbage"), paylink refuses the body.
  if (text.find('\0') != std::string::npos) {
    if (ours.ok()) std::abort();
    return 0;
  }
  const auto reference = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!ours.ok()) {
    // Ours refuses what is nested past its limit; nlohmann has none.
    const bool too_deep = ours.error().message.find("deeper") != std::string::npos;
    if (!reference.is_discarded() && !too_deep) std::abort();
    return 0;
  }
  if (reference.is_discarded()) std::abort();
  const auto dump = [](const nlohmann::json& v) {
    return v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  };
  if (dump(*ours) != dump(reference)) std::abort();
  if (paylink::detail::dump_json(*ours) != dump(reference)) std::abort();
  return 0;
}
