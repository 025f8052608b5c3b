// parse_json: the nlohmann value of a JsonDocument. The document's reader is the one grammar paylink
// has (strict RFC 8259, the same acceptance as nlohmann::json::parse); this builds the value nlohmann
// would have built, for the code that wants one (error envelopes, the fake vendor, tests).
// tests/unit/core/json_codec_test.cpp and fuzz/fuzz_json.cpp compare the two.

#include <charconv>

#include "core/json.hpp"
#include "core/json_document.hpp"

namespace paylink::detail {
namespace {

// Depth is bounded by the document's reader (kMaxJsonDepth), so this recursion is too.
Json to_json(JsonNode node) {
  switch (node.kind()) {
    case JsonKind::null:
      return nullptr;
    case JsonKind::boolean:
      return node.boolean();
    case JsonKind::string:
      return std::string(node.string_view());
    case JsonKind::number:
      if (node.is_number_unsigned()) return node.uint64();
      if (node.is_number_integer()) return node.int64();
      return Json::parse(node.raw(), nullptr, /*allow_exceptions=*/false);  // a double: nlohmann's own reading
    case JsonKind::array: {
      Json array = Json::value_t::array;
      auto& elements = *array.get_ptr<Json::array_t*>();
      elements.reserve(node.size());
      for (JsonNode element : children(node)) elements.push_back(to_json(element));
      return array;
    }
    case JsonKind::object: {
      Json object = Json::value_t::object;
      auto& members = *object.get_ptr<Json::object_t*>();
      // A repeated name keeps its last value, as nlohmann::json::parse does.
      for (JsonNode member : children(node)) members[std::string(member.key())] = to_json(member);
      return object;
    }
  }
  return nullptr;
}

}  // namespace

Result<Json> parse_json(std::string_view body, std::string_view provider) {
  auto document = JsonDocument::parse(body, provider);
  if (!document) return std::move(document).error();
  return to_json(document->root());
}

}  // namespace paylink::detail
