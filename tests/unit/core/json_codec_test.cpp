// parse_json and dump_json replace nlohmann's parser and serialiser on the hot path; they must give
// the same values and the same bytes. Every recorded vendor body and a set of hand-picked edge cases
// are compared with nlohmann itself (fuzz/fuzz_json.cpp does the same on generated inputs).

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/json.hpp"
#include "core/json_document.hpp"
#include "core/json_writer.hpp"
#include "core/utf8.hpp"
#include "paylink/testing/http_exchange.hpp"

namespace paylink::detail {
namespace {

// nlohmann's answer for `text`: the value, or discarded when it refuses the text.
Json reference_parse(const std::string& text) { return Json::parse(text, nullptr, /*allow_exceptions=*/false); }

std::string reference_dump(const Json& value) { return value.dump(-1, ' ', false, Json::error_handler_t::replace); }

void expect_same_as_nlohmann(const std::string& text) {
  const Json expected = reference_parse(text);
  const auto actual = parse_json(text, "test");
  if (expected.is_discarded()) {
    EXPECT_FALSE(actual.ok()) << "accepted what nlohmann refuses: " << bounded_text(text, 120);
    return;
  }
  ASSERT_TRUE(actual.ok()) << actual.error().message << " for " << bounded_text(text, 120);
  EXPECT_EQ(*actual, expected) << bounded_text(text, 120);
  // Same types too: operator== says 1 == 1u == 1.0.
  EXPECT_EQ(reference_dump(*actual), reference_dump(expected));
  EXPECT_EQ(dump_json(*actual), reference_dump(expected));
}

TEST(JsonCodec, AgreesWithNlohmannOnEveryRecordedBody) {
  std::size_t bodies = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(PAYLINK_FIXTURES_DIR)) {
    if (entry.path().extension() != ".http") continue;
    auto exchanges = testing::load_fixture(entry.path().string());
    ASSERT_TRUE(exchanges.ok()) << entry.path();
    for (const auto& exchange : *exchanges) {
      for (const std::string* body : {&exchange.request.body, &exchange.response.body}) {
        if (body->empty()) continue;
        SCOPED_TRACE(entry.path().string());
        expect_same_as_nlohmann(*body);
        ++bodies;
      }
    }
  }
  EXPECT_GT(bodies, 50u) << "the fixtures should hold many bodies";
}

TEST(JsonCodec, AgreesWithNlohmannOnEdgeCases) {
  const std::vector<std::string> cases = {
      // Scalars and whitespace.
      "0",
      "-0",
      "1",
      "-1",
      "true",
      "false",
      "null",
      " \t\r\n{} \n",
      "\"\"",
      "[]",
      "{}",
      // Integers at and past the 64-bit limits (past them nlohmann keeps a double).
      "9223372036854775807",
      "-9223372036854775808",
      "-9223372036854775809",
      "18446744073709551615",
      "18446744073709551616",
      "123456789012345678901234567890",
      // Doubles, including underflow to zero and overflow (refused).
      "1.5",
      "-0.0",
      "1e3",
      "1E+3",
      "1e-3",
      "0.1",
      "2.2250738585072014e-308",
      "4.9e-324",
      "1e-400",
      "-1e-400",
      "0.000001e-330",
      "1e400",
      "-1e400",
      "12345678901234567890e300",
      "100000e-5",
      // Numbers the grammar refuses.
      "01",
      "-",
      "+1",
      "1.",
      ".5",
      "1e",
      "1e+",
      "0x10",
      "NaN",
      "Infinity",
      "--1",
      "1.e5",
      // Strings: escapes, surrogate pairs, lone surrogates, raw UTF-8 and control characters.
      R"("\"\\\/\b\f\n\r\t")",
      R"("\u0041\u00e9\u20ac\ud83d\ude00")",
      R"("\u0000")",
      R"("\ud800")",
      R"("\udc00")",
      R"("\ud800\u0041")",
      R"("\ud800\udbff")",
      R"("\u12")",
      R"("\x41")",
      R"("\U0041")",
      "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"",
      "\"\xc3\"",
      "\"\xc0\xaf\"",
      "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"",
      "\"\xff\"",
      "\"a\x01\"",
      "\"a\nb\"",
      "\"\x7f\"",
      "\"unterminated",
      // Structure.
      R"({"a":1,"a":2})",
      R"({"b":1,"a":[1,2,{"c":null}]})",
      R"([1,])",
      R"({"a":1,})",
      R"({,})",
      R"([,1])",
      R"({"a" 1})",
      R"({1:2})",
      R"({"a":1}})",
      R"([1 2])",
      "[",
      "{",
      "]",
      "",
      "   ",
      "\xEF\xBB\xBF{}",
      "\xEF\xBB{}",
      "tru",
      "nul",
      "truex",
      "[true,false,null]",
  };
  for (const auto& text : cases) expect_same_as_nlohmann(text);
  // Long strings whose escape, multi-byte character or control character falls at every offset of the
  // eight-byte steps.
  for (std::size_t prefix = 0; prefix <= 16; ++prefix) {
    const std::string run(prefix, 'x');
    for (const std::string special : {"\\n", "\xc3\xa9", "\x1f", "\\\""}) {
      expect_same_as_nlohmann("\"" + run + special + std::string(13, 'y') + "\"");
    }
  }
}

TEST(JsonCodec, ANulByteAnywhereIsRefused) {
  // nlohmann stops at a NUL and accepts what precedes it; a body with one is not JSON, so paylink
  // refuses it (found by fuzz/fuzz_json.cpp).
  for (const std::string& text : {std::string("0\0\"k", 4), std::string("{}\0", 3), std::string("\"a\0b\"", 5)}) {
    EXPECT_FALSE(parse_json(text, "test").ok()) << ::testing::PrintToString(text);
  }
}

TEST(JsonCodec, StringsThatEndTheBodyAtEveryLength) {
  // The reader scans strings eight bytes at a time past the end of the text (into the document's
  // padding): a string closed, left open, or cut in an escape or a UTF-8 sequence by the body's end,
  // at every length around the steps.
  for (std::size_t length = 0; length <= 25; ++length) {
    const std::string run(length, 'x');
    for (const std::string& text :
         {"\"" + run + "\"", "\"" + run, "\"" + run + "\\", "\"" + run + "\\u00", "\"" + run + "\xc3",
          "\"" + run + "\xc3\xa9", "\"" + run + "\\n\"", "{\"" + run + "\":\"" + run + "\"}", "[\"" + run + "\"]",
          "{\"" + run + "\"", "{\"" + run + "\":\"" + run}) {
      expect_same_as_nlohmann(text);
    }
  }
}

TEST(JsonDocument, ReadsOnlyTheBodyItIsGiven) {
  // A body that is the start of a longer buffer: the text after it (which would close the string) is
  // not the body's.
  const std::string buffer = "[\"abcdefghijklmnopqrstuvwxyz\"]";
  for (std::size_t length = 0; length < buffer.size(); ++length) {
    EXPECT_FALSE(JsonDocument::parse(std::string_view(buffer).substr(0, length), "test").ok()) << length;
  }
  const auto whole = JsonDocument::parse(buffer, "test");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->root()[0].string_view(), "abcdefghijklmnopqrstuvwxyz");
  EXPECT_EQ(whole->root().raw(), buffer);
}

TEST(JsonCodec, DumpMatchesNlohmannForBuiltValues) {
  Json built;
  built["z"] = "last\tfirst \"quoted\" back\\slash \x01 \x7f caf\xc3\xa9";
  built["a"] = -42;
  built["n"] = nullptr;
  built["list"] = {1u, true, "two", 2.5, Json::object()};
  EXPECT_EQ(dump_json(built), reference_dump(built));

  Json sorted = {{"z", 1}, {"a", {{"y", "x"}, {"b", Json::array()}}}, {"invalid", "\xff\xfe ok \xc3"}};
  EXPECT_EQ(dump_json(sorted), reference_dump(sorted));
  EXPECT_NE(dump_json(sorted).find("\xef\xbf\xbd"), std::string::npos) << "invalid UTF-8 becomes U+FFFD";
}

TEST(JsonWriter, WritesWhatDumpJsonWritesForTheSameMembers) {
  JsonWriter out;
  out.begin_object()
      .member("text", "a\"b\\c\n")
      .member("count", std::int64_t{-3})
      .member("flag", true)
      .member("list", std::vector<std::string>{"x", "y"})
      .key("empty")
      .begin_object()
      .end_object()
      .key("nested")
      .begin_array()
      .begin_object()
      .member("k", std::string("v"))
      .end_object()
      .value(7)
      .end_array()
      .end_object();
  nlohmann::ordered_json expected;
  expected["text"] = "a\"b\\c\n";
  expected["count"] = -3;
  expected["flag"] = true;
  expected["list"] = {"x", "y"};
  expected["empty"] = nlohmann::ordered_json::object();
  expected["nested"] = {{{"k", "v"}}, 7};
  EXPECT_EQ(out.text(), expected.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace))
      << "nlohmann's own writer is the reference";
  EXPECT_TRUE(parse_json(out.text(), "test").ok());
}

TEST(JsonWriter, CommasAtEveryDepthMatchNlohmann) {
  JsonWriter out;
  out.begin_array()
      .begin_array()
      .end_array()
      .begin_array()
      .begin_array()
      .value(1)
      .end_array()
      .value(2)
      .end_array()
      .begin_object()
      .key("a")
      .begin_object()
      .key("b")
      .begin_array()
      .end_array()
      .member("c", 3)
      .end_object()
      .member("d", false)
      .end_object()
      .value("last")
      .end_array();
  const auto expected = nlohmann::ordered_json::parse(R"([[],[[1],2],{"a":{"b":[],"c":3},"d":false},"last"])");
  EXPECT_EQ(out.text(), expected.dump());
}

TEST(JsonWriter, EscapesAndChecksUtf8AtEveryOffsetOfAWord) {
  // The string's special byte at each offset of the eight-byte steps, written after text already in
  // the buffer (which the invalid-UTF-8 path must leave as it was).
  for (std::size_t prefix = 0; prefix <= 17; ++prefix) {
    for (const std::string special : {"\n", "\"", "\\", "\x01", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80",
                                      "\xff", "\xc3", "\xed\xa0\x80"}) {
      const std::string text = std::string(prefix, 'x') + special + std::string(prefix % 5, 'y');
      std::string out = "before";
      append_json_string(out, text);
      EXPECT_EQ(out, "before" + reference_dump(Json(text))) << ::testing::PrintToString(text);
    }
  }
}

TEST(JsonWriter, PlainTextIsFoundAtEveryLengthAndOffset) {
  // is_plain_json_text reads whole words, two halves or three bytes by the length: a byte to escape or
  // of a UTF-8 sequence is seen at every offset of every length up to three words.
  for (std::size_t size = 0; size <= 24; ++size) {
    EXPECT_TRUE(is_plain_json_text(std::string(size, 'x'))) << size;
    EXPECT_TRUE(is_plain_json_text(std::string(size, '~'))) << size;
    for (std::size_t at = 0; at < size; ++at) {
      for (const char special : {'"', '\\', '\n', '\x01', '\x1f', '\x80', '\xc3', '\xff'}) {
        std::string text(size, 'x');
        text[at] = special;
        EXPECT_FALSE(is_plain_json_text(text)) << ::testing::PrintToString(text);
      }
      std::string edge(size, 'x');
      edge[at] = ' ';  // the lowest byte that is copied as it is
      EXPECT_TRUE(is_plain_json_text(edge)) << size;
      edge[at] = '\x7f';  // and the highest
      EXPECT_TRUE(is_plain_json_text(edge)) << size;
    }
  }
}

TEST(JsonWriter, KeysAsConstantsWriteWhatStringKeysWrite) {
  constexpr JsonKey kPlain("plain_name");
  constexpr JsonKey kQuoted("needs \"escaping\"");
  static_assert(kPlain.is_plain() && !kQuoted.is_plain(), "the check is done by the compiler");
  JsonWriter with_constants;
  with_constants.begin_object().member(kPlain, 1).member(kQuoted, "v").key(kPlain).begin_array().end_array();
  with_constants.end_object();
  JsonWriter with_strings;
  with_strings.begin_object().member("plain_name", 1).member("needs \"escaping\"", "v").key("plain_name");
  with_strings.begin_array().end_array().end_object();
  EXPECT_EQ(with_constants.text(), with_strings.text());
  EXPECT_EQ(with_constants.text(), R"({"plain_name":1,"needs \"escaping\"":"v","plain_name":[]})");
}

TEST(JsonWriter, TextPastItsFirstRoomAndEscapesAfterItMatchNlohmann) {
  // The writer grows its room and gives the general escaper a std::string in between: many members,
  // long ones, escaped and invalid ones, in any order.
  JsonWriter out;
  out.begin_object();
  nlohmann::ordered_json expected = nlohmann::ordered_json::object();
  for (int i = 0; i < 300; ++i) {
    const std::string name = "k" + std::to_string(i) + (i % 7 == 0 ? "\"" : "");
    std::string value = std::string(static_cast<std::size_t>(i % 40), 'v');
    if (i % 5 == 0) value += "\n\xc3\xa9";
    if (i % 11 == 0) value += "\xff";
    if (i % 3 == 0) {
      out.member(name, value);
      expected[name] = value;
    } else if (i % 3 == 1) {
      out.member(name, std::int64_t{i} * -1000000007);
      expected[name] = std::int64_t{i} * -1000000007;
    } else {
      out.member(name, i % 2 == 0);
      expected[name] = i % 2 == 0;
    }
  }
  out.key("min").value(std::numeric_limits<std::int64_t>::min());
  expected["min"] = std::numeric_limits<std::int64_t>::min();
  out.end_object();
  const std::string body = std::string(out.text());
  EXPECT_EQ(body, expected.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  EXPECT_GT(body.size(), 4096u) << "past the first room several times";
  EXPECT_EQ(std::move(out).take(), body);
}

TEST(JsonDocument, ListsTheChildrenOfContainersAfterNestedOnes) {
  const auto document = JsonDocument::parse(R"({"a":[[1,[2]],{"b":{}},3],"c":{"d":[[]],"e":4},"f":[{},[]]})", "test");
  ASSERT_TRUE(document.ok());
  const JsonNode root = document->root();
  ASSERT_EQ(root.size(), 3u);
  const JsonNode a = root.find("a");
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].raw(), "[1,[2]]");
  EXPECT_EQ(a[1].raw(), R"({"b":{}})");
  EXPECT_EQ(a[2].raw(), "3");
  EXPECT_EQ(a[0][1][0].raw(), "2");
  EXPECT_EQ(root.find("c").find("e").raw(), "4");
  EXPECT_EQ(root.find("c").find("d").raw(), "[[]]");
  EXPECT_EQ(root.find("f")[1].raw(), "[]");
  std::vector<std::string> keys;
  for (const JsonNode member : children(root)) keys.emplace_back(member.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"a", "c", "f"}));
}

TEST(JsonDocument, GivesEachValueItsVerbatimText) {
  const std::string body =
      "{ \"meta\": {\"a\": \"}\"},\n  \"link\" : {\n \"id\": \"x\\\"y\", \"n\": [1, {\"b\": 2}]\n} }";
  const auto document = JsonDocument::parse(body, "test");
  ASSERT_TRUE(document.ok());
  const JsonNode link = document->root().find("link");
  ASSERT_TRUE(link.is_object());
  EXPECT_EQ(link.raw(), "{\n \"id\": \"x\\\"y\", \"n\": [1, {\"b\": 2}]\n}");
  EXPECT_EQ(link.find("id").string_view(), "x\"y") << "escapes are decoded";
  EXPECT_EQ(link.find("id").raw(), "\"x\\\"y\"");
  EXPECT_FALSE(document->root().find("missing"));
  const JsonNode n = link.find("n");
  ASSERT_EQ(n.size(), 2u);
  EXPECT_EQ(n[0].raw(), "1");
  EXPECT_EQ(n[1].raw(), "{\"b\": 2}");
  EXPECT_FALSE(n[2]) << "past the end is no value";
  std::vector<std::string_view> keys;
  for (const JsonNode member : children(document->root())) keys.push_back(member.key());
  EXPECT_EQ(keys, (std::vector<std::string_view>{"meta", "link"}));
}

TEST(JsonDocument, ARepeatedNameMeansItsLastValueEvenWhenSpelledWithEscapes) {
  const std::string body = R"({"link": {"id": "a"}, "l\u0069nk": {"id": "b"}, "other": 1})";
  const auto document = JsonDocument::parse(body, "test");
  ASSERT_TRUE(document.ok());
  EXPECT_EQ(document->root().find("link").find("id").string_view(), "b");
  EXPECT_EQ(parse_json(body, "test")->at("link").at("id"), "b") << "as nlohmann reads it";
  EXPECT_EQ(document->root().size(), 3u);
}

TEST(JsonDocument, TypedReadersMatchThoseOfNlohmannValues) {
  const std::string body =
      R"({"s": "x", "i": -5, "u": 9223372036854775807, "big": 18446744073709551615, "f": 1.0, "b": true, "n": null})";
  const auto document = JsonDocument::parse(body, "test");
  const auto value = parse_json(body, "test");
  ASSERT_TRUE(document.ok() && value.ok());
  const JsonNode root = document->root();
  for (const char* key : {"s", "i", "u", "big", "f", "b", "n", "absent"}) {
    // One pair of wrong-type flags per reader, so that each reader's verdict is compared on its own.
    bool wrong_here[3] = {};
    bool wrong_there[3] = {};
    EXPECT_EQ(get_string(root, key, &wrong_here[0]), get_string(*value, key, &wrong_there[0])) << key;
    EXPECT_EQ(get_int(root, key, &wrong_here[1]), get_int(*value, key, &wrong_there[1])) << key;
    EXPECT_EQ(get_bool(root, key, &wrong_here[2]), get_bool(*value, key, &wrong_there[2])) << key;
    for (int reader = 0; reader < 3; ++reader)
      EXPECT_EQ(wrong_here[reader], wrong_there[reader]) << key << " " << reader;
  }
  EXPECT_EQ(root.find("u").dump(), "9223372036854775807");
  EXPECT_EQ(root.find("f").dump(), "1.0");
  EXPECT_TRUE(root.find("n").is_null());
  EXPECT_FALSE(get_object(root, "s"));
}

TEST(JsonDocument, ABodyOfMoreValuesThanTheCapIsRefused) {
  // Two bytes a value would otherwise cost ~40 bytes of nodes each: the cap bounds that.
  // An array and kMaxJsonValues - 1 elements is exactly the cap; one element more is past it.
  std::string at_cap = "[0";
  for (std::size_t i = 2; i < kMaxJsonValues; ++i) at_cap += ",0";
  EXPECT_TRUE(JsonDocument::parse(at_cap + "]", "test").ok());
  const auto document = JsonDocument::parse(at_cap + ",0]", "test");
  ASSERT_FALSE(document.ok());
  EXPECT_EQ(document.error().code, ErrorCode::invalid_response);
  EXPECT_NE(document.error().message.find("more than"), std::string::npos) << document.error().message;
}

TEST(Utf8, AcceptsWellFormedTextAndCountsCodePoints) {
  EXPECT_EQ(utf8_code_points(""), 0u);
  EXPECT_EQ(utf8_code_points("plain ascii text, longer than a word"), 36u);
  EXPECT_EQ(utf8_code_points("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), 8u);
  EXPECT_EQ(utf8_code_points(std::string(20, 'a') + "\xc3\xa9" + std::string(20, 'b')), 41u);
  for (std::size_t prefix = 0; prefix <= 17; ++prefix) {
    for (const std::string sequence : {"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"}) {
      const std::string text = std::string(prefix, 'a') + sequence + sequence + std::string(prefix % 7, 'b');
      EXPECT_EQ(utf8_code_points(text), prefix + 2 + prefix % 7) << ::testing::PrintToString(text);
      EXPECT_FALSE(utf8_code_points(text + sequence.substr(1))) << "a sequence without its lead byte";
    }
  }
  for (const std::string good :
       {"", "plain ascii text, longer than a word", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"}) {
    EXPECT_TRUE(is_valid_utf8(good)) << ::testing::PrintToString(good);
  }
}

TEST(Utf8, RefusesOverlongSurrogatesAndOutOfRange) {
  for (const std::string bad :
       {"\xc0\xaf", "\xc1\xbf", "\xe0\x80\xaf", "\xf0\x80\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
        "\xf5\x80\x80\x80", "\xff", "\x80", "\xc3", "\xe2\x82", "\xf0\x9f\x98"}) {
    EXPECT_FALSE(is_valid_utf8(bad)) << ::testing::PrintToString(bad);
    EXPECT_FALSE(is_valid_utf8(std::string(11, 'a') + bad)) << "after an ASCII run";
  }
  EXPECT_TRUE(is_valid_utf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(is_valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
}

}  // namespace
}  // namespace paylink::detail
