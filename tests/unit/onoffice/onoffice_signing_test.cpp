// HMAC v2 against the vector in vendors/onoffice.md, and that the request carries the signature of
// the context's time.
#include <string>
#include <string_view>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "onoffice_test_support.hpp"
#include "providers/onoffice/onoffice_adapter.hpp"

namespace paylink::onoffice_test {
namespace {

// The signature of a secret, with a signer made for it as OnOfficeProvider makes one.
std::string hmac_v2(std::string_view secret, long long timestamp, std::string_view token, std::string_view resourcetype,
                    std::string_view actionid) {
  return detail::onoffice::hmac_v2(detail::HmacSigner(detail::HmacDigest::sha256, secret), timestamp, token,
                                   resourcetype, actionid);
}

constexpr const char* kVectorHmac = "656yTI2sJMcfHgO9idg/kxxQxWhUjio+feL7mZrFMo0=";

TEST(OnOfficeSigning, SignatureMatchesTheVendorDocsVector) {
  EXPECT_EQ(hmac_v2(kSecret, 123456789, kToken, "subsequentPaymentLink", kActionIdDo), kVectorHmac);
}

TEST(OnOfficeSigning, SignatureDependsOnEachSignedPartAndIsKeyedWithTheSecret) {
  const std::string base = hmac_v2(kSecret, 123456789, kToken, "subsequentPaymentLink", kActionIdDo);
  EXPECT_NE(hmac_v2(kSecret, 123456790, kToken, "subsequentPaymentLink", kActionIdDo), base);
  EXPECT_NE(hmac_v2(kSecret, 123456789, "other-token", "subsequentPaymentLink", kActionIdDo), base);
  EXPECT_NE(hmac_v2(kSecret, 123456789, kToken, "estate", kActionIdDo), base);
  EXPECT_NE(
      hmac_v2(kSecret, 123456789, kToken, "subsequentPaymentLink", "urn:onoffice-de-ns:smart:2.5:smartml:action:read"),
      base);
  EXPECT_NE(hmac_v2("other-secret", 123456789, kToken, "subsequentPaymentLink", kActionIdDo), base);
  // Standard base64 of a 32-byte digest: 44 characters with one '=' of padding.
  EXPECT_EQ(base.size(), 44u);
  EXPECT_EQ(base.back(), '=');
}

TEST(OnOfficeSigning, EncodedActionCarriesTheVectorSignatureForTheContextTime) {
  const auto provider = make_onoffice_provider(test_config());
  const auto request = provider->encode_create(seed_request(), context_at(123456789));
  ASSERT_TRUE(request.ok()) << request.error().to_string();
  const auto body = nlohmann::json::parse(request->body);
  const auto& action = body["request"]["actions"][0];
  EXPECT_EQ(action["timestamp"], 123456789);
  EXPECT_EQ(action["hmac"], kVectorHmac);
  EXPECT_EQ(action["hmac_version"], 2);
  EXPECT_TRUE(action["hmac_version"].is_number_integer());
}

TEST(OnOfficeSigning, ANewTimestampIsSignedAgain) {
  const auto provider = make_onoffice_provider(test_config());
  const auto first = provider->encode_create(seed_request(), context_at(kFixtureTime));
  const auto later = provider->encode_create(seed_request(), context_at(kFixtureTime + 3));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(later.ok());
  const auto a = nlohmann::json::parse(first->body)["request"]["actions"][0];
  const auto b = nlohmann::json::parse(later->body)["request"]["actions"][0];
  EXPECT_EQ(a["timestamp"], kFixtureTime);
  EXPECT_EQ(b["timestamp"], kFixtureTime + 3);
  EXPECT_NE(a["hmac"], b["hmac"]);
  EXPECT_EQ(b["hmac"], hmac_v2(kSecret, kFixtureTime + 3, kToken, "subsequentPaymentLink", kActionIdDo));
}

}  // namespace
}  // namespace paylink::onoffice_test
