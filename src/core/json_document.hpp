#pragma once
// JsonDocument: a parsed vendor body that decoders read in place. One copy of the text, one array of
// nodes and, only when a string holds escapes, one buffer of decoded text: no allocation per member or
// string, which is where an nlohmann value spent most of a decode (BENCHMARKS.md). Strings and member
// names come back as views into the document. JsonNode reads like the part of nlohmann's API the
// decoders use (is_string, find, get<T>, operator[], size), and also gives each value's verbatim text.
//
// parse_json builds its nlohmann value from a JsonDocument, so both accept exactly the same texts.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/result.hpp"

namespace paylink::detail {

class JsonDocument;

enum class JsonKind : std::uint8_t { null, boolean, number, string, array, object };

/// A value in a JsonDocument, or no value (a missing member, an index past the end). Cheap to copy;
/// valid while its document lives and stays where it is. Pointer-like (`if (node)`, `node->size()`)
/// so that code written against `const nlohmann::json*` reads the same.
class JsonNode {
 public:
  JsonNode() = default;

  explicit operator bool() const noexcept { return document_ != nullptr; }
  const JsonNode& operator*() const noexcept { return *this; }
  const JsonNode* operator->() const noexcept { return this; }
  friend bool operator==(const JsonNode& a, const JsonNode& b) noexcept {
    return a.document_ == b.document_ && (a.document_ == nullptr || a.index_ == b.index_);
  }
  friend bool operator!=(const JsonNode& a, const JsonNode& b) noexcept { return !(a == b); }

  JsonKind kind() const noexcept;
  bool is_null() const noexcept { return *this && kind() == JsonKind::null; }
  bool is_boolean() const noexcept { return *this && kind() == JsonKind::boolean; }
  bool is_number() const noexcept { return *this && kind() == JsonKind::number; }
  /// As nlohmann: an integer literal that fits int64 (negative) or uint64 (otherwise).
  bool is_number_integer() const noexcept;
  /// An integer literal >= 0 that fits uint64.
  bool is_number_unsigned() const noexcept;
  bool is_string() const noexcept { return *this && kind() == JsonKind::string; }
  bool is_array() const noexcept { return *this && kind() == JsonKind::array; }
  bool is_object() const noexcept { return *this && kind() == JsonKind::object; }

  /// A string's decoded text; empty for anything else.
  std::string_view string_view() const noexcept;
  /// true for `true`; false for anything else.
  bool boolean() const noexcept;
  /// The value of an integer that fits int64 (else 0): check is_number_integer first.
  std::int64_t int64() const noexcept;
  /// The value of a non-negative integer that fits uint64 (else 0).
  std::uint64_t uint64() const noexcept;

  /// nlohmann-style reads: get<std::string>(), get<bool>(), get<std::int64_t>().
  template <typename T>
  T get() const;

  /// The value exactly as written in the body (a string with its quotes and escapes).
  std::string_view raw() const noexcept;
  /// Compact JSON of a number, boolean or null as nlohmann would write it; the raw text otherwise.
  std::string dump() const;

  /// Elements of an array, members of an object; 0 for anything else.
  std::size_t size() const noexcept;
  bool empty() const noexcept { return size() == 0; }
  /// Element `i` of an array, or no value.
  JsonNode operator[](std::size_t i) const noexcept;
  /// The member named `key` of an object (the last one, as nlohmann keeps the last), or no value.
  JsonNode find(std::string_view key) const noexcept;
  /// What find returns when the member is missing: no value.
  JsonNode end() const noexcept { return {}; }
  /// The name of this value when it is a member of an object; empty otherwise.
  std::string_view key() const noexcept;

  /// Forward iteration over an array's elements or an object's member values (key() names them).
  class Iterator {
   public:
    JsonNode operator*() const noexcept;
    Iterator& operator++() noexcept;
    friend bool operator==(const Iterator& a, const Iterator& b) noexcept { return a.child_ == b.child_; }
    friend bool operator!=(const Iterator& a, const Iterator& b) noexcept { return a.child_ != b.child_; }

   private:
    friend class JsonNode;
    Iterator(const JsonDocument* document, std::uint32_t child) : document_(document), child_(child) {}
    const JsonDocument* document_;
    std::uint32_t child_;  // position in the document's children_
  };
  Iterator children_begin() const noexcept;
  Iterator children_end() const noexcept;

 private:
  friend class JsonDocument;
  JsonNode(const JsonDocument* document, std::uint32_t index) : document_(document), index_(index) {}

  const JsonDocument* document_ = nullptr;
  std::uint32_t index_ = 0;
};

/// Range-for over a container's children: `for (JsonNode e : children(array))`.
struct JsonChildren {
  JsonNode node;
  JsonNode::Iterator begin() const noexcept { return node.children_begin(); }
  JsonNode::Iterator end() const noexcept { return node.children_end(); }
};
inline JsonChildren children(JsonNode node) noexcept { return {node}; }

template <>
std::string JsonNode::get<std::string>() const;
template <>
bool JsonNode::get<bool>() const;
template <>
std::int64_t JsonNode::get<std::int64_t>() const;

class JsonDocument {
 public:
  /// Parses a vendor body (RFC 8259, strict: what nlohmann::json::parse accepts, nesting at most
  /// kMaxJsonDepth, at most kMaxJsonBytes). Errors: `invalid_response` naming the provider.
  static Result<JsonDocument> parse(std::string_view body, std::string_view provider);

  JsonNode root() const noexcept { return JsonNode(this, 0); }

  JsonDocument(JsonDocument&&) noexcept = default;
  JsonDocument& operator=(JsonDocument&&) noexcept = default;
  JsonDocument(const JsonDocument&) = delete;
  JsonDocument& operator=(const JsonDocument&) = delete;

 private:
  friend class JsonNode;
  friend class JsonDocumentReader;
  JsonDocument() = default;

  // Where a piece of text lives: in source_ or, once decoded from escapes, in decoded_ (the top bit
  // of `length`, so that a node stays small).
  struct TextRef {
    static constexpr std::uint32_t kDecoded = 1u << 31;
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    bool decoded() const noexcept { return (length & kDecoded) != 0; }
    std::uint32_t size() const noexcept { return length & ~kDecoded; }
  };
  enum class NumberForm : std::uint8_t { none, signed_integer, unsigned_integer, floating };
  struct ContainerRef {
    std::uint32_t first_child = 0;  // the children: children_[first_child, + children)
    // One past the container's last descendant in nodes_: the reader skips it by this when it lists
    // the children of the container around it.
    std::uint32_t end = 0;
  };
  struct Node {
    JsonKind kind = JsonKind::null;
    NumberForm number = NumberForm::none;
    bool truth = false;
    std::uint32_t children = 0;    // elements or members
    std::uint32_t raw_offset = 0;  // the value's text in source_
    std::uint32_t raw_length = 0;
    TextRef key;  // the member name, when the parent is an object
    union {
      TextRef text;            // a string's decoded text
      ContainerRef container;  // an array's or object's
    };
    Node() : text() {}
  };
  // A container's child: its node and, for a member, a hash of its name (find compares it first).
  struct Child {
    std::uint32_t node = 0;
    std::uint32_t name_hash = 0;
  };
  // Length, first and last byte: O(1), and distinct for nearly all the names of one object.
  static std::uint32_t hash_name(std::string_view name) noexcept {
    if (name.empty()) return 0;
    return (static_cast<std::uint32_t>(name.size()) << 16) ^
           (static_cast<std::uint32_t>(static_cast<unsigned char>(name.front())) << 8) ^
           static_cast<unsigned char>(name.back());
  }

  // A TextRef is made by the reader and always lies within its buffer.
  std::string_view view(TextRef ref) const noexcept {
    const std::string& from = ref.decoded() ? decoded_ : source_;
    return std::string_view(from.data() + ref.offset, ref.size());
  }

  std::string source_;
  std::string decoded_;
  std::vector<Node> nodes_;
  std::vector<Child> children_;  // each container's children, together
};

// The small reads, inline: decoders call them for every member they look at.

inline JsonKind JsonNode::kind() const noexcept { return document_->nodes_[index_].kind; }

inline bool JsonNode::is_number_integer() const noexcept {
  if (!is_number()) return false;
  const auto form = document_->nodes_[index_].number;
  return form == JsonDocument::NumberForm::signed_integer || form == JsonDocument::NumberForm::unsigned_integer;
}

inline bool JsonNode::is_number_unsigned() const noexcept {
  return is_number() && document_->nodes_[index_].number == JsonDocument::NumberForm::unsigned_integer;
}

inline std::string_view JsonNode::string_view() const noexcept {
  if (!is_string()) return {};
  return document_->view(document_->nodes_[index_].text);
}

inline bool JsonNode::boolean() const noexcept { return is_boolean() && document_->nodes_[index_].truth; }

inline std::string_view JsonNode::raw() const noexcept {
  if (!*this) return {};
  const auto& node = document_->nodes_[index_];
  return std::string_view(document_->source_.data() + node.raw_offset, node.raw_length);
}

inline std::size_t JsonNode::size() const noexcept {
  if (!is_array() && !is_object()) return 0;
  return document_->nodes_[index_].children;
}

inline JsonNode JsonNode::operator[](std::size_t i) const noexcept {
  if (!is_array() || i >= size()) return {};
  return JsonNode(document_, document_->children_[document_->nodes_[index_].container.first_child + i].node);
}

inline std::string_view JsonNode::key() const noexcept {
  if (!*this) return {};
  return document_->view(document_->nodes_[index_].key);
}

inline JsonNode JsonNode::Iterator::operator*() const noexcept {
  return JsonNode(document_, document_->children_[child_].node);
}

inline JsonNode::Iterator& JsonNode::Iterator::operator++() noexcept {
  ++child_;
  return *this;
}

inline JsonNode::Iterator JsonNode::children_begin() const noexcept {
  if (!is_array() && !is_object()) return children_end();
  return Iterator(document_, document_->nodes_[index_].container.first_child);
}

inline JsonNode::Iterator JsonNode::children_end() const noexcept {
  if (!is_array() && !is_object()) return Iterator(document_, 0);
  const auto& node = document_->nodes_[index_];
  return Iterator(document_, node.container.first_child + node.children);
}

// Typed readers of a value found already: missing or null is nullopt; the wrong type is also nullopt
// and sets `*wrong_type` (when given). An unsigned value past int64 is the wrong type, not a wrapped
// number.
std::optional<std::int64_t> int_value(JsonNode value, bool* wrong_type = nullptr);
std::optional<bool> bool_value(JsonNode value, bool* wrong_type = nullptr);

// Typed member readers, as those of core/json.hpp for nlohmann values: a missing or null member is
// nullopt; a member of the wrong type is also nullopt and sets `*wrong_type` (when given).
std::optional<std::string> get_string(JsonNode object, std::string_view key, bool* wrong_type = nullptr);
std::optional<std::int64_t> get_int(JsonNode object, std::string_view key, bool* wrong_type = nullptr);
std::optional<bool> get_bool(JsonNode object, std::string_view key, bool* wrong_type = nullptr);
/// The object or array member named `key`, or no value.
JsonNode get_object(JsonNode object, std::string_view key);
JsonNode get_array(JsonNode object, std::string_view key);

}  // namespace paylink::detail
