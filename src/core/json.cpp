#include "core/json.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <openssl/rand.h>

#include "core/http_status.hpp"

namespace paylink::detail {
namespace {

// Thrown from the parser's callback to stop at the first value past a limit.
struct LimitExceeded {
  std::string what;
};

// The marker an exact decimal carries inside its string (see exact_decimal): a control character, which
// no validated request text holds, and a nonce drawn once per process, so that no string a caller or a
// vendor supplies can be taken for one.
const std::string& decimal_marker() {
  static const std::string marker = [] {
    unsigned char nonce[16] = {};
    if (RAND_bytes(nonce, sizeof nonce) != 1) std::abort();  // no randomness at all: nothing is safe to send
    std::string text = "\x01paylink-decimal-";
    for (const unsigned char byte : nonce) text += fmt::format("{:02x}", byte);
    return text + ":";
  }();
  return marker;
}
// The marker as dump() escapes it inside a string: "\u0001paylink-decimal-<nonce>:".
const std::string& dumped_decimal_marker() {
  static const std::string dumped = "\"\\u0001" + decimal_marker().substr(1);
  return dumped;
}

bool is_plain_decimal(std::string_view text) noexcept {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  const auto digits = [](std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  const auto point = text.find('.');
  if (point == std::string_view::npos) return digits(text);
  return digits(text.substr(0, point)) && digits(text.substr(point + 1));
}

// "[json.exception.type_error.302] (/a/b) type must be string" → {"/a/b", "type must be string"}.
std::pair<std::string, std::string> split_exception_text(std::string_view text) {
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("] ");
    if (close != std::string_view::npos) text.remove_prefix(close + 2);
  }
  if (!text.empty() && text.front() == '(') {
    const auto close = text.find(") ");
    if (close != std::string_view::npos) {
      return {std::string(text.substr(1, close - 1)), std::string(text.substr(close + 2))};
    }
  }
  return {std::string(), std::string(text)};
}

}  // namespace

Result<Json> parse_json(std::string_view body, std::string_view provider, int http_status) {
  if (body.size() > kMaxJsonBytes) {
    return invalid_response(provider, fmt::format("the body is larger than {} bytes", kMaxJsonBytes), http_status);
  }
  // nlohmann's lexer takes a NUL byte for the end of the input, so "{}\0garbage" would parse: refuse it
  // first. (An escaped "\u0000" inside a string is valid JSON and is kept.)
  if (body.find('\0') != std::string_view::npos) {
    return invalid_response(provider, "the body has a NUL byte", http_status);
  }
  std::size_t values = 0;
  const Json::parser_callback_t limits = [&values](int depth, Json::parse_event_t event, Json&) {
    using Event = Json::parse_event_t;
    if (event == Event::object_start || event == Event::array_start || event == Event::value) {
      if (++values > kMaxJsonValues)
        throw LimitExceeded{fmt::format("the body has more than {} values", kMaxJsonValues)};
    }
    if ((event == Event::object_start || event == Event::array_start) && depth >= kMaxJsonDepth) {
      throw LimitExceeded{fmt::format("the body nests deeper than {} levels", kMaxJsonDepth)};
    }
    return true;
  };
  try {
    return Json::parse(body.begin(), body.end(), limits);
  } catch (const LimitExceeded& e) {
    return invalid_response(provider, e.what, http_status);
  } catch (const Json::exception& e) {
    if (looks_like_html(body)) return invalid_response(provider, "got an HTML page instead of JSON", http_status);
    if (body.empty()) return invalid_response(provider, "the body is empty, not JSON", http_status);
    return invalid_response(provider, fmt::format("the body is not JSON: {}", split_exception_text(e.what()).second),
                            http_status);
  }
}

std::string dump_json(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  // Exact decimals: "\u0001paylink-decimal-<nonce>:50.00" → 50.00.
  std::size_t at = 0;
  const std::string& marker = dumped_decimal_marker();
  while ((at = text.find(marker, at)) != std::string::npos) {
    const std::size_t digits = at + marker.size();
    const std::size_t close = text.find('"', digits);
    if (close == std::string::npos) break;
    std::string number = text.substr(digits, close - digits);
    text.replace(at, close + 1 - at, number);
    at += number.size();
  }
  return text;
}

Json exact_decimal(std::string_view decimal_text) {
  if (!is_plain_decimal(decimal_text)) return std::string(decimal_text);
  std::string marked = decimal_marker();
  marked += decimal_text;
  return marked;
}

void throw_wire_type_error(const Json& value, std::string_view what) {
  throw Json::type_error::create(302, std::string(what), &value);
}

void read_value(const Json& value, std::int64_t& out) {
  if (value.is_number_unsigned()) {
    if (value.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      throw_wire_type_error(value, "is an integer too large for 64 bits");
    }
  } else if (!value.is_number_integer()) {
    throw_wire_type_error(value, fmt::format("must be an integer, but is {}", value.type_name()));
  }
  out = value.get<std::int64_t>();
}

void read_value(const Json& value, int& out) {
  std::int64_t wide = 0;
  read_value(value, wide);
  if (wide < INT32_MIN || wide > INT32_MAX) throw_wire_type_error(value, "is an integer out of range");
  out = static_cast<int>(wide);
}

Error wire_error(std::string_view provider, const Json::exception& error, int http_status) {
  auto [path, what] = split_exception_text(error.what());
  return invalid_response(provider, fmt::format("{}: {}", path.empty() ? "the body" : path, what), http_status);
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

// --- Loose reads ---------------------------------------------------------------------------------

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
  if (!v->is_number_integer() ||
      (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))) {
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

}  // namespace paylink::detail
