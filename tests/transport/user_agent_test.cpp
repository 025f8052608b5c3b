// The User-Agent: the platform and the libcurl and TLS versions, which vendors' support teams ask for.
#include <sys/utsname.h>

#include <string>

#include <curl/curl.h>
#include <gtest/gtest.h>

#include "paylink/curl_transport.hpp"
#include "paylink/version.hpp"
#include "transport/curl_easy.hpp"

namespace paylink {
namespace {

std::string versioned(const std::string& rest) { return std::string("paylink/") + version_string() + rest; }

TEST(UserAgent, NamesThePlatformAndTheLibraryVersionsThenTheSuffix) {
  const detail::UserAgentParts parts{"Linux", "x86_64", "7.88.1", "OpenSSL/3.0.11"};
  EXPECT_EQ(detail::format_user_agent(parts, "cli"), versioned(" (linux x86_64; libcurl/7.88.1 OpenSSL/3.0.11) cli"));
  EXPECT_EQ(detail::format_user_agent(parts, ""), versioned(" (linux x86_64; libcurl/7.88.1 OpenSSL/3.0.11)"));
}

TEST(UserAgent, LeavesOutWhatIsNotKnown) {
  EXPECT_EQ(detail::format_user_agent({"Linux", "aarch64", "8.5.0", ""}, ""),
            versioned(" (linux aarch64; libcurl/8.5.0)"));
  EXPECT_EQ(detail::format_user_agent({"unknown", "", "8.5.0", "OpenSSL/3.2.1"}, ""),
            versioned(" (unknown; libcurl/8.5.0 OpenSSL/3.2.1)"));
}

// A header line break or the comment's own delimiters from a strange uname could split the header or
// garble the comment: each becomes '_'.
TEST(UserAgent, CharactersThatWouldBreakTheHeaderBecomeUnderscores) {
  const std::string agent = detail::format_user_agent({"Linux", "x86 (64);\r\nX-Evil: 1", "7.88.1", ""}, "");
  EXPECT_EQ(agent, versioned(" (linux x86__64____X-Evil:_1; libcurl/7.88.1)"));
  EXPECT_EQ(agent.find_first_of("\r\n"), std::string::npos);
}

TEST(UserAgent, IsBuiltFromTheRunningSystemAndLibcurl) {
  const std::string agent = user_agent();
  const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
  ASSERT_NE(curl, nullptr);
  EXPECT_NE(agent.find(std::string("; libcurl/") + curl->version), std::string::npos) << agent;
  if (curl->ssl_version) {
    EXPECT_NE(agent.find(curl->ssl_version), std::string::npos) << agent;
  }
  utsname name{};
  ASSERT_EQ(::uname(&name), 0);
  EXPECT_NE(agent.find(std::string(" ") + name.machine + ";"), std::string::npos) << agent;
  EXPECT_EQ(agent.rfind(versioned(" ("), 0), 0u) << agent;
  EXPECT_EQ(agent.back(), ')') << agent;  // no suffix asked for
}

TEST(UserAgent, EndsWithTheSuffix) {
  CurlTransportOptions options;
  options.user_agent_suffix = "cli";
  const std::string agent = user_agent(options);
  EXPECT_EQ(agent, user_agent() + " cli");
}

}  // namespace
}  // namespace paylink
