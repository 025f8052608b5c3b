// Idempotency keys: version 4 UUIDs from OpenSSL's CSPRNG, never from the client's seedable jitter
// source, so that no two clients ever send the same key (a vendor would replay the first answer).
#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/idempotency_key.hpp"
#include "paylink/client.hpp"
#include "paylink/testing/fake_transport.hpp"

namespace paylink {
namespace {

constexpr const char* kKeyHeader = "Idempotency-Key";

// Lower-case 8-4-4-4-12 hex, version nibble 4, variant nibble 8, 9, a or b.
bool is_uuid_v4(const std::string& key) {
  if (key.size() != 36) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const char c = key[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return key[14] == '4' && (key[19] == '8' || key[19] == '9' || key[19] == 'a' || key[19] == 'b');
}

// A vendor whose creates carry the call's key in a header, as Qonto's and SmarterPay's do.
class KeyedProvider : public Provider {
 public:
  std::string_view name() const noexcept override { return "keyed"; }
  Capabilities capabilities() const noexcept override {
    Capabilities c;
    c.create = true;
    c.idempotent_create = true;
    return c;
  }
  Result<HttpRequest> encode_create(const CreateLinkRequest&, const CallContext& ctx) const override {
    HttpRequest r;
    r.method = HttpMethod::post;
    r.url = "https://api.test/links";
    r.headers = {{kKeyHeader, ctx.idempotency_key}};
    r.idempotent = true;
    return r;
  }
  Result<PaymentLink> decode_create(const HttpResponse&, const CreateLinkRequest&, const CallContext&) const override {
    PaymentLink link;
    link.id = "link-1";
    return link;
  }
};

// Keeps only each request's key: 200,000 whole requests would cost more than the keys.
class KeyRecorder : public Transport {
 public:
  explicit KeyRecorder(std::size_t expected) { keys_.reserve(expected); }
  Result<HttpResponse> send(const HttpRequest& request) override {
    keys_.push_back(find_header(request.headers, kKeyHeader).value_or(""));
    HttpResponse response;
    response.status = 201;
    return response;
  }
  std::vector<std::string>& keys() { return keys_; }

 private:
  std::vector<std::string> keys_;  // one thread only
};

TEST(IdempotencyKey, FormatsSixteenBytesAsVersion4Uuid) {
  std::array<unsigned char, 16> ones{};
  ones.fill(0xff);
  EXPECT_EQ(detail::format_uuid_v4(ones), "ffffffff-ffff-4fff-bfff-ffffffffffff");
  EXPECT_EQ(detail::format_uuid_v4({}), "00000000-0000-4000-8000-000000000000");
  const std::array<unsigned char, 16> counting{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                               0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
  EXPECT_EQ(detail::format_uuid_v4(counting), "00112233-4455-4677-8899-aabbccddeeff");
}

TEST(IdempotencyKey, DefaultSourceMakesVersion4Uuids) {
  const auto a = detail::make_idempotency_key();
  const auto b = detail::make_idempotency_key();
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  EXPECT_TRUE(is_uuid_v4(*a)) << *a;
  EXPECT_TRUE(is_uuid_v4(*b)) << *b;
  EXPECT_NE(*a, *b);
}

TEST(IdempotencyKey, FailingRandomSourceGivesAnErrorNotAWeakKey) {
  const auto key = detail::make_idempotency_key([](unsigned char*, std::size_t) { return false; });
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().code, ErrorCode::validation);
  EXPECT_EQ(key.error().field, "idempotency_key");
  EXPECT_NE(key.error().message.find("RAND_bytes"), std::string::npos) << key.error().message;
  EXPECT_FALSE(detail::make_idempotency_key(nullptr).ok());
}

TEST(IdempotencyKey, TwoHundredThousandDefaultClientsNeverRepeatAKey) {
  // With keys drawn from a generator seeded by 32 bits, 200,000 clients repeat a key with a chance of
  // about 99 %; with 122 random bits, practically never.
  constexpr std::size_t kClients = 200'000;
  auto recorder = std::make_shared<KeyRecorder>(kClients);
  const auto provider = std::make_shared<KeyedProvider>();
  const CreateLinkRequest request;
  for (std::size_t i = 0; i < kClients; ++i) {
    ClientOptions options;  // defaults, but for a transport that records instead of sending
    options.transport = recorder;
    const Client client(provider, std::move(options));
    ASSERT_TRUE(client.create(request).ok());
  }
  std::vector<std::string>& keys = recorder->keys();
  ASSERT_EQ(keys.size(), kClients);
  std::size_t malformed = 0;
  for (const auto& key : keys) malformed += is_uuid_v4(key) ? 0 : 1;
  EXPECT_EQ(malformed, 0u) << "e.g. \"" << keys.front() << "\"";
  std::sort(keys.begin(), keys.end());
  const auto repeat = std::adjacent_find(keys.begin(), keys.end());
  EXPECT_EQ(repeat, keys.end()) << "repeated key " << *repeat;
}

TEST(IdempotencyKey, ClientsSharingAJitterSourceStillGetDifferentKeys) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(201, "{}"));
  const auto provider = std::make_shared<KeyedProvider>();
  for (int i = 0; i < 2; ++i) {
    ClientOptions options;
    options.transport = transport;
    options.random = [] { return std::uint64_t{42}; };  // the same "random" numbers for both clients
    ASSERT_TRUE(Client(provider, std::move(options)).create({}).ok());
  }
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  const auto first = find_header(sent[0].headers, kKeyHeader);
  const auto second = find_header(sent[1].headers, kKeyHeader);
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(is_uuid_v4(*first)) << *first;
  EXPECT_NE(*first, *second) << "keys must not follow ClientOptions::random";
}

TEST(IdempotencyKey, InjectedSourceFixesTheKeyAndIsCalledOncePerCall) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(201, "{}"));
  auto calls = std::make_shared<std::atomic<int>>(0);
  ClientOptions options;
  options.transport = transport;
  options.idempotency_key_source = [calls] { return "fixed-key-" + std::to_string(++*calls); };
  const Client client(std::make_shared<KeyedProvider>(), std::move(options));
  ASSERT_TRUE(client.create({}).ok());
  CreateLinkRequest own;
  own.idempotency_key = "callers-key";
  ASSERT_TRUE(client.create(own).ok());
  const auto sent = transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(find_header(sent[0].headers, kKeyHeader), "fixed-key-1");
  EXPECT_EQ(find_header(sent[1].headers, kKeyHeader), "callers-key") << "the request's own key wins";
  EXPECT_EQ(calls->load(), 1) << "the source is asked only when the request has no key";
}

TEST(IdempotencyKey, EmptyKeyFromTheSourceFailsTheCallBeforeSending) {
  auto transport = std::make_shared<testing::FakeTransport>(testing::always_respond(201, "{}"));
  ClientOptions options;
  options.transport = transport;
  options.idempotency_key_source = [] { return std::string(); };
  const auto link = Client(std::make_shared<KeyedProvider>(), std::move(options)).create({});
  ASSERT_FALSE(link.ok());
  EXPECT_EQ(link.error().code, ErrorCode::validation);
  EXPECT_EQ(link.error().field, "idempotency_key");
  EXPECT_FALSE(link.error().request_sent);
  EXPECT_EQ(transport->count(), 0u);
}

}  // namespace
}  // namespace paylink
