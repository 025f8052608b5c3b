#pragma once
/// @file mock_transport.hpp
/// @brief A gMock `Transport`, for tests that script each answer a vendor gives and check each request.
///
/// Part of the opt-in CMake target `paylink::mocks` (which brings GoogleTest's gMock); `paylink` and
/// `paylink::testing` never depend on gMock. A real `Client` runs over it, so a test sees what the
/// client really does with each answer (retries, idempotency keys, error decoding):
///
/// @code
///   auto transport = std::make_shared<::testing::StrictMock<paylink::testing::MockTransport>>();
///   paylink::ClientOptions options;
///   options.transport = transport;
///   options.sleeper = [](std::chrono::milliseconds) {};  // retries without waiting
///   paylink::Client qonto = paylink::make_qonto_client(config, options);
///   EXPECT_CALL(*transport, send(::testing::_))
///       .Times(3)
///       .WillOnce(::testing::Return(too_many_requests))
///       .WillOnce(::testing::Return(too_many_requests))
///       .WillOnce(::testing::Return(created));
/// @endcode
///
/// Why there is no mock of `TransferSession` (a "MockAsyncTransport"): `open_session` is not mocked,
/// so it keeps `Transport`'s default session, which sends each started request through `send`. A
/// `BatchRunner` over a `MockTransport` therefore meets the same `EXPECT_CALL`s as a `Client`, one
/// request at a time. A gMock of the session itself would make each test re-implement the session's
/// contract (every started tag reported by `poll` exactly once, `abort` semantics) to test application
/// code, which is the library's business, not the application's.

#include <gmock/gmock.h>

#include "paylink/error.hpp"
#include "paylink/error_code.hpp"
#include "paylink/http_request.hpp"
#include "paylink/http_response.hpp"
#include "paylink/result.hpp"
#include "paylink/transport.hpp"

namespace paylink::testing {

/// A `Transport` whose `send` is a gMock method: set expectations and answers with `EXPECT_CALL` /
/// `ON_CALL`. An answer is a `Result<HttpResponse>`: an `HttpResponse` (any status is a response), or
/// an `Error` as a real transport fails (`network` or `timeout`, with `Error::request_sent`).
/// A request that no expectation answers gets a `network` error with `request_sent` false (`Result`
/// has no default value that gMock could return), so a forgotten expectation fails that call and the
/// test goes on. Wrap it in gMock's `StrictMock` to make any unexpected request fail the test.
/// Safe to call from several threads, as gMock mocks are.
class MockTransport : public Transport {
 public:
  /// A mock whose unscripted requests fail with `network`, not sent.
  MockTransport() {
    ON_CALL(*this, send).WillByDefault([](const HttpRequest&) -> Result<HttpResponse> {
      return Error::make(ErrorCode::network, "MockTransport: no expectation answers this request");
    });
  }

  /// Called once per attempt the client makes, with the request as it would go on the wire.
  MOCK_METHOD(Result<HttpResponse>, send, (const HttpRequest& request), (override));
};

}  // namespace paylink::testing
