#include <string>

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace paylink::detail {
namespace {

TEST(ParseJson, ReadsAnObject) {
  const auto j = parse_json(R"({"a": 1, "b": "x"})", "test");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(get_int(*j, "a"), 1);
  EXPECT_EQ(get_string(*j, "b"), "x");
}

TEST(ParseJson, TruncatedAndGarbageAreInvalidResponse) {
  for (const std::string body : {"", "{", R"({"a": )", "not json", "\xff\xfe", "{\"a\":1}}"}) {
    const auto j = parse_json(body, "qonto");
    ASSERT_FALSE(j.ok()) << body;
    EXPECT_EQ(j.error().code, ErrorCode::invalid_response);
    EXPECT_EQ(j.error().message.rfind("qonto: ", 0), 0u) << j.error().message;
  }
}

TEST(ParseJson, DeepNestingIsRefusedNotRecursedInto) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const auto j = parse_json(deep, "test");
  ASSERT_FALSE(j.ok());
  EXPECT_NE(j.error().message.find("deeper"), std::string::npos) << j.error().message;
  const std::string ok = std::string(60, '[') + std::string(60, ']');
  EXPECT_TRUE(parse_json(ok, "test").ok());
}

TEST(ParseJson, OversizedBodyIsRefused) {
  const std::string huge = "\"" + std::string(kMaxJsonBytes, 'a') + "\"";
  const auto j = parse_json(huge, "test");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, ErrorCode::invalid_response);
}

TEST(TypedGetters, WrongTypesAreReportedNotThrown) {
  const auto j = parse_json(R"({"s": 5, "i": "5", "b": "true", "n": null, "big": 18446744073709551615})", "t");
  ASSERT_TRUE(j.ok());
  bool wrong = false;
  EXPECT_FALSE(get_string(*j, "s", &wrong));
  EXPECT_TRUE(wrong);
  wrong = false;
  EXPECT_FALSE(get_int(*j, "i", &wrong));
  EXPECT_TRUE(wrong);
  wrong = false;
  EXPECT_FALSE(get_bool(*j, "b", &wrong));
  EXPECT_TRUE(wrong);
  wrong = false;
  EXPECT_FALSE(get_string(*j, "n", &wrong));
  EXPECT_FALSE(wrong) << "null is absent, not the wrong type";
  EXPECT_FALSE(get_int(*j, "big", &wrong));
  EXPECT_TRUE(wrong) << "an unsigned value past int64 must not wrap";
  EXPECT_FALSE(get_string(Json::array(), "s"));
}

TEST(BoundedText, CutsAndReplacesControlCharacters) {
  EXPECT_EQ(bounded_text("a\nb\x01", 10), "a b ");
  EXPECT_EQ(bounded_text(std::string(300, 'x'), 5), "xxxxx...");
}

TEST(DumpJson, InvalidUtf8DoesNotThrow) {
  Json j = std::string("\xff\xfe");
  EXPECT_NO_THROW((void)dump_json(j));
}

}  // namespace
}  // namespace paylink::detail
