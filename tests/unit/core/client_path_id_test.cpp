// The client refuses ids that cannot be one URL path segment ("", ".", "..") for every operation that
// puts an id in a path, before any adapter is asked: even an adapter that joins the id naively
// cannot be made to send a request to another route.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "paylink/batch.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink {
namespace {

// Joins ids into paths without any check, as a careless adapter would.
class NaiveProvider : public Provider {
 public:
  explicit NaiveProvider(bool supports_all) : supports_all_(supports_all) {}
  std::string_view name() const noexcept override { return "naive"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = true;
    c.get = c.expire = c.update = c.list_payments = c.reconcile_create = supports_all_;
    return c;
  }
  Result<HttpRequest> encode_get(std::string_view id, const CallContext&) const override { return to(id, ""); }
  Result<HttpRequest> encode_expire(std::string_view id, const CallContext&) const override {
    return to(id, "/expire");
  }
  Result<HttpRequest> encode_update(std::string_view id, const UpdateLinkRequest&, const CallContext&) const override {
    return to(id, "");
  }
  Result<HttpRequest> encode_list_payments(std::string_view id, const ListQuery&, const CallContext&) const override {
    return to(id, "/payments");
  }
  Result<HttpRequest> encode_reconcile(const CreateLinkRequest&, const CallContext& ctx) const override {
    return to(ctx.idempotency_key, "");
  }

 private:
  static HttpRequest to(std::string_view id, std::string_view suffix) {
    HttpRequest r;
    r.url = "https://api.test/links/" + std::string(id) + std::string(suffix);
    r.idempotent = true;
    return r;
  }
  bool supports_all_;
};

struct Fixture {
  std::shared_ptr<testing::FakeTransport> transport =
      std::make_shared<testing::FakeTransport>(testing::always_respond(404, ""));
  Client client(bool supports_all = true) {
    ClientOptions options;
    options.transport = transport;
    options.retry = RetryPolicy::none();
    return Client(std::make_shared<NaiveProvider>(supports_all), std::move(options));
  }
};

void expect_id_refused(const Error& error, const std::string& field, const std::string& id) {
  EXPECT_EQ(error.code, ErrorCode::validation) << '"' << id << "\": " << error.to_string();
  EXPECT_EQ(error.field, field) << '"' << id << "\": " << error.to_string();
  EXPECT_FALSE(error.request_sent);
}

TEST(ClientPathId, EmptyAndDotSegmentIdsAreRefusedForEveryOperationBeforeSending) {
  Fixture f;
  const Client client = f.client();
  UpdateLinkRequest update;
  update.metadata = {{"k", "v"}};
  for (const std::string id : {"", ".", ".."}) {
    expect_id_refused(client.get(id).error(), "id", id);
    expect_id_refused(client.expire(id).error(), "id", id);
    expect_id_refused(client.update(id, update).error(), "id", id);
    expect_id_refused(client.list_payments(id).error(), "id", id);
  }
  EXPECT_EQ(f.transport->count(), 0u);
}

TEST(ClientPathId, ABatchOfGetsRefusesTheSameIdsBeforeSending) {
  Fixture f;
  BatchRunner runner(f.client(), BatchOptions{});
  const std::vector<std::string> ids = {"", ".", "..", "ok-id"};
  std::size_t next = 0;
  std::vector<BatchResult> results;
  runner.get_all(
      [&]() -> std::optional<BatchGet> {
        if (next == ids.size()) return std::nullopt;
        const std::string id = ids[next++];
        return BatchGet{id, id};
      },
      [&](BatchResult r) { results.push_back(std::move(r)); });
  ASSERT_EQ(results.size(), ids.size());
  for (const BatchResult& r : results) {
    ASSERT_FALSE(r.result.ok()) << r.tag;
    if (r.tag == "ok-id") {
      EXPECT_NE(r.result.error().code, ErrorCode::validation) << "an ordinary id is sent (below)";
    } else {
      expect_id_refused(r.result.error(), "id", r.tag);
    }
  }
  const auto sent = f.transport->sent();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].url, "https://api.test/links/ok-id");
}

TEST(ClientPathId, ReconcileKeyThatIsADotSegmentIsRefusedBeforeSending) {
  Fixture f;
  Error ambiguous = Error::make(ErrorCode::ambiguous, "lost");
  for (const std::string key : {".", ".."}) {
    ambiguous.reconcile_key = key;
    const auto found = f.client().reconcile_create(CreateLinkRequest{}, ambiguous);
    ASSERT_FALSE(found.ok());
    expect_id_refused(found.error(), "reconcile_key", key);
  }
  EXPECT_EQ(f.transport->count(), 0u);
}

TEST(ClientPathId, OtherIdsReachTheAdapterUnchanged) {
  Fixture f;
  (void)f.client().get("...");
  (void)f.client().get("a.b");
  const auto sent = f.transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0].url, "https://api.test/links/...");
  EXPECT_EQ(sent[1].url, "https://api.test/links/a.b");
}

TEST(ClientPathId, UnsupportedOperationStaysUnsupported) {
  Fixture f;
  const auto got = f.client(false).get("..");
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::unsupported);
  EXPECT_EQ(f.transport->count(), 0u);
}

}  // namespace
}  // namespace paylink
