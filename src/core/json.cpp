#include "core/json.hpp"

#include <fmt/format.h>

namespace paylink::detail {

std::string dump_json(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

namespace {
const Json* find(const Json& object, std::string_view key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}
}  // namespace

std::optional<std::string> get_string(const Json& object, std::string_view key, bool* wrong_type) {
  const Json* v = find(object, key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<std::int64_t> get_int(const Json& object, std::string_view key, bool* wrong_type) {
  const Json* v = find(object, key);
  if (!v) return std::nullopt;
  if (!v->is_number_integer()) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  return v->get<std::int64_t>();
}

std::optional<bool> get_bool(const Json& object, std::string_view key, bool* wrong_type) {
  const Json* v = find(object, key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    if (wrong_type) *wrong_type = true;
    return std::nullopt;
  }
  return v->get<bool>();
}

const Json* get_object(const Json& object, std::string_view key) {
  const Json* v = find(object, key);
  return v && v->is_object() ? v : nullptr;
}

const Json* get_array(const Json& object, std::string_view key) {
  const Json* v = find(object, key);
  return v && v->is_array() ? v : nullptr;
}

Error invalid_response(std::string_view provider, std::string_view what, int http_status) {
  Error e = Error::make(ErrorCode::invalid_response, fmt::format("{}: {}", provider, what));
  e.http_status = http_status;
  return e;
}

std::string bounded_text(std::string_view body, std::size_t limit) {
  std::string out;
  out.reserve(std::min(body.size(), limit) + 3);
  for (std::size_t i = 0; i < body.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  if (body.size() > limit) out += "...";
  return out;
}

}  // namespace paylink::detail
