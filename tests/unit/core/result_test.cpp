#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "paylink/result.hpp"

namespace paylink {
namespace {

TEST(Result, HoldsAValue) {
  Result<int> r = 42;
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(static_cast<bool>(r));
  EXPECT_EQ(r.value(), 42);
  EXPECT_EQ(*r, 42);
}

TEST(Result, HoldsAnErrorAndValueThrowsPaylinkException) {
  Result<std::string> r = Error::validation("amount", "amount must be positive");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "amount");
  try {
    (void)r.value();
    FAIL() << "value() did not throw";
  } catch (const Exception& e) {
    EXPECT_EQ(e.error().code, ErrorCode::validation);
    EXPECT_NE(std::string(e.what()).find("amount must be positive"), std::string::npos);
  }
}

TEST(Result, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

TEST(Result, VoidResult) {
  Result<void> ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_NO_THROW(ok.value());
  Result<void> bad = Error::make(ErrorCode::network, "down");
  EXPECT_FALSE(bad.ok());
  EXPECT_THROW(bad.value(), Exception);
}

TEST(Error, ToStringCarriesEveryPart) {
  Error e = Error::make(ErrorCode::auth, "qonto: bad credentials");
  e.http_status = 401;
  e.vendor_code = "unauthorized";
  e.vendor_message = "Invalid token";
  e.request_id = "trace-1";
  EXPECT_EQ(e.to_string(),
            "auth: qonto: bad credentials [http 401] [vendor unauthorized: Invalid token] [request-id trace-1]");
}

TEST(Error, EveryCodeHasAName) {
  for (const auto code : {ErrorCode::network, ErrorCode::timeout, ErrorCode::auth, ErrorCode::validation,
                          ErrorCode::not_found, ErrorCode::conflict, ErrorCode::rate_limited, ErrorCode::provider,
                          ErrorCode::invalid_response, ErrorCode::unsupported, ErrorCode::ambiguous}) {
    EXPECT_NE(to_string(code), "unknown");
  }
  EXPECT_EQ(to_string(ErrorCode::invalid_response), "invalid_response");
}

}  // namespace
}  // namespace paylink
