#pragma once
// The conformance suite every adapter runs. A vendor instantiates it in its own test file:
//
//   INSTANTIATE_TEST_SUITE_P(Qonto, ProviderConformance, ::testing::Values(qonto_conformance_case()),
//                            [](const auto& param_info) { return param_info.param.name; });

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/create_link_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/link_status.hpp"
#include "paylink/provider.hpp"

namespace paylink::conformance {

/// Which call carries a link's status back for the status-mapping check.
enum class StatusCall { get, create };

struct ConformanceCase {
  std::string name;  ///< Test-name suffix, e.g. "qonto".
  /// Makes the adapter, configured with the canary credentials in `secrets`.
  std::function<std::shared_ptr<const Provider>()> make_provider;
  /// A request the adapter accepts.
  CreateLinkRequest valid_create;
  /// Requests the adapter must refuse with `validation` and a non-empty `Error::field`, sending nothing.
  std::vector<CreateLinkRequest> invalid_creates;
  /// Every credential string given to `make_provider`; none may appear in any error, exception or URL.
  std::vector<std::string> secrets;
  /// The vendor's answer to wrong credentials (must decode to `auth`).
  HttpResponse auth_failure;
  /// A successful response of `status_call` whose link carries the vendor status word `word`.
  std::function<HttpResponse(const std::string& word)> status_response;
  StatusCall status_call = StatusCall::get;
  /// Every vendor status word and what it must map to; empty for a vendor that reports none (then a
  /// created link must be open).
  std::vector<std::pair<std::string, LinkStatus>> status_words;
};

// What ctest and gtest print for a case: its name (its secrets are canaries, but a byte dump of the
// struct helps nobody).
inline void PrintTo(const ConformanceCase& c, std::ostream* os) { *os << c.name; }

class ProviderConformance : public ::testing::TestWithParam<ConformanceCase> {};

}  // namespace paylink::conformance
