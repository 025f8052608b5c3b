#include "sandbox_suite.hpp"

#include <exception>
#include <utility>

#include "demo_credentials.hpp"
#include "paylink/paylink.hpp"

namespace paylink::test_support {

namespace demo = paylink_sandbox::demo;

void SandboxSuite::SetUpTestSuite() {
  try {
    owned_ = std::make_unique<SandboxProcess>();
    start_error_.clear();
  } catch (const std::exception& e) {
    owned_.reset();
    start_error_ = e.what();
  }
  sandbox_ = owned_.get();
}

void SandboxSuite::TearDownTestSuite() {
  sandbox_ = nullptr;
  owned_.reset();
}

void SandboxSuite::SetUp() {
  ASSERT_NE(sandbox_, nullptr) << start_error_;
  sandbox_->reset();
}

Client SandboxSuite::qonto(ClientOptions options) {
  QontoConfig config;
  config.access_token = std::string(demo::kQontoToken);
  config.base_url = sandbox_->base_url();
  return make_qonto_client(config, std::move(options));
}

Client SandboxSuite::multisafepay(ClientOptions options) {
  MultiSafepayConfig config;
  config.api_key = std::string(demo::kMultiSafepayApiKey);
  config.base_url = sandbox_->base_url() + "/v1/json/";
  return make_multisafepay_client(config, std::move(options));
}

Client SandboxSuite::smarterpay(ClientOptions options) {
  SmarterPayConfig config;
  config.bearer_token = std::string(demo::kSmarterPayToken);
  config.base_url = sandbox_->base_url() + "/service.svc/";
  return make_smarterpay_client(config, std::move(options));
}

Client SandboxSuite::onoffice(ClientOptions options) {
  OnOfficeConfig config;
  config.token = std::string(demo::kOnOfficeToken);
  config.secret = std::string(demo::kOnOfficeSecret);
  config.endpoint = sandbox_->base_url() + "/api/stable/api.php";
  return make_onoffice_client(config, std::move(options));
}

}  // namespace paylink::test_support
