#pragma once
// JsonWriter: builds a compact JSON text by appending, for request bodies. Building an nlohmann value
// and then serialising it allocated a node per member and cost more than the rest of an encode
// (BENCHMARKS.md). Members come out in the order they are written; the text is what dump_json would
// give for the same members in the same order.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paylink::detail {

/// Appends `text` as a JSON string (quoted and escaped; invalid UTF-8 replaced as dump_json does).
void append_json_string(std::string& out, std::string_view text);

class JsonWriter {
 public:
  JsonWriter() { text_.reserve(512); }

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }

  /// The name of the next member of the current object.
  JsonWriter& key(std::string_view name) {
    separate();
    append_json_string(text_, name);
    text_.push_back(':');
    after_key_ = true;
    return *this;
  }

  JsonWriter& value(std::string_view text) {
    separate();
    append_json_string(text_, text);
    return *this;
  }
  JsonWriter& value(const char* text) { return value(std::string_view(text)); }
  JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
  JsonWriter& value(bool flag) {
    separate();
    if (flag) {
      text_.append("true", 4);
    } else {
      text_.append("false", 5);
    }
    return *this;
  }
  JsonWriter& value(std::int64_t number);
  JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
  /// An array of strings.
  JsonWriter& value(const std::vector<std::string>& texts) {
    begin_array();
    for (const auto& text : texts) value(text);
    return end_array();
  }

  /// key(name) then value(v).
  template <typename T>
  JsonWriter& member(std::string_view name, const T& v) {
    return key(name).value(v);
  }

  /// The text written so far.
  const std::string& text() const noexcept { return text_; }
  std::string take() && { return std::move(text_); }

 private:
  // A comma goes before every element and member but the first of its container. Only the innermost
  // open container can still be without one: each around it holds the container being written.
  void separate() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (open_containers_ > 0) {
      if (has_element_) text_.push_back(',');
      has_element_ = true;
    }
  }
  JsonWriter& open(char bracket) {
    separate();
    text_.push_back(bracket);
    ++open_containers_;
    has_element_ = false;
    return *this;
  }
  JsonWriter& close(char bracket) {
    text_.push_back(bracket);
    if (open_containers_ > 0) --open_containers_;
    has_element_ = true;  // the closed one, in the container around it (if any)
    return *this;
  }

  std::string text_;
  std::size_t open_containers_ = 0;
  bool has_element_ = false;  // in the innermost open container
  bool after_key_ = false;
};

}  // namespace paylink::detail
