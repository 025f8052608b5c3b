// The test support that starts paylink-sandbox: a sandbox that cannot start is reported, never waited
// for, and a started one serves its control API at the base URL it announced.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "sandbox_process.hpp"

namespace paylink::test_support {
namespace {

TEST(SandboxProcess, AnnouncesALoopbackBaseUrlAndCountsItsLinks) {
  const SandboxProcess sandbox;
  EXPECT_EQ(sandbox.base_url().rfind("http://127.0.0.1:", 0), 0U) << sandbox.base_url();
  EXPECT_EQ(sandbox.link_count("qonto"), 0);
}

TEST(SandboxProcess, ASandboxThatRefusesItsArgumentsIsAnErrorNotAHang) {
  try {
    const SandboxProcess sandbox({"--no-such-flag"});
    FAIL() << "started at " << sandbox.base_url();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("paylink-sandbox did not start"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace paylink::test_support
