// The shared quota's Redis URL comes from configuration a user types (PAYLINK_QUOTA_REDIS_URL, a
// config file). One fuzz input is one URL, with the canary password put in at the input's first 0x00
// byte (so the fuzzer decides where it goes: after "redis://:", in a user, a host, a path); an input
// without 0x00 is the URL as it is. The parser must answer with an address or a `validation` error
// naming the field; an error never holds a piece of the password, an address has a port in 1..65535,
// and its `display` holds no credential and parses back to the same host, port and database.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "canary_fuzzing.hpp"
#include "quota/redis_url.hpp"

namespace {

constexpr std::string_view kCanaryPassword = "zqPW6Rt3Vn8bKx2cHs5mJ9aG";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace paylink;
  using fuzzing::require;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::string url(input);
  if (const auto at = url.find('\0'); at != std::string::npos) url.replace(at, 1, kCanaryPassword);

  const Result<detail::RedisAddress> address = detail::parse_redis_url(url);
  if (!address.ok()) {
    const Error& e = address.error();
    require(e.code == ErrorCode::validation, "a bad Redis URL is a validation error");
    require(e.field == "quota_redis_url", "the error names the field quota_redis_url");
    fuzzing::assert_no_canary(e.to_string(), kCanaryPassword, input, "the error");
    return 0;
  }

  const detail::RedisAddress& a = *address;
  require(a.port >= 1 && a.port <= 65535, "the port is 1..65535");
  require(a.db >= 0, "the database is not negative");
  require(!a.host.empty(), "the host is not empty");
  require(a.display.rfind("redis://", 0) == 0, "display is a redis:// URL");
  require(a.display.find('@') == std::string::npos, "display has no user:password@");
  const bool credential =
      a.password.find(kCanaryPassword) != std::string::npos || a.user.find(kCanaryPassword) != std::string::npos;
  if (credential) fuzzing::assert_no_canary(a.display, kCanaryPassword, input, "display");

  // display is what errors and logs show of the address: it must name the same server.
  const Result<detail::RedisAddress> shown = detail::parse_redis_url(a.display);
  require(shown.ok(), "display parses");
  require(shown->host == a.host && shown->port == a.port && shown->db == a.db,
          "display names the same host, port and database");
  require(shown->user.empty() && shown->password.empty(), "display has no credentials");
  return 0;
}
