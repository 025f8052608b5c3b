#pragma once
// A GoogleTest fixture for suites that run against one paylink-sandbox: started once per suite, its
// state cleared before every test, and a client of each vendor configured for it.

#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "paylink/client.hpp"
#include "paylink/client_options.hpp"
#include "sandbox_process.hpp"

namespace paylink::test_support {

class SandboxSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite();
  static void TearDownTestSuite();
  /// Fails the test (and skips its body) when the sandbox did not start; otherwise clears its state.
  void SetUp() override;

  /// Clients for the sandbox's routes, authenticated with its demo credentials.
  static Client qonto(ClientOptions options = test_options());
  static Client multisafepay(ClientOptions options = test_options());
  static Client smarterpay(ClientOptions options = test_options());
  static Client onoffice(ClientOptions options = test_options());
  /// How many links of `vendor` the sandbox holds.
  static int links_of(const std::string& vendor) { return sandbox_->link_count(vendor); }

  // One sandbox at a time: GoogleTest runs suites one after another, each starting and stopping it.
  static inline SandboxProcess* sandbox_ = nullptr;

 private:
  static inline std::unique_ptr<SandboxProcess> owned_;
  static inline std::string start_error_;
};

}  // namespace paylink::test_support
