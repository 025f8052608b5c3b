// The protocol restriction of src/transport/curl_protocols.hpp, in the branch this program was compiled
// for: built once as is (CURLOPT_PROTOCOLS_STR with today's libcurl) and once with
// PAYLINK_CURL_PRETEND_BEFORE_7_85 (the CURLOPT_PROTOCOLS bitmask that libcurl before 7.85 needs), so
// that the fallback keeps compiling and working although this machine's libcurl is newer.
// EXPECT_BITMASK_BRANCH says which branch the build meant to select.
#include <cstdio>

#include "transport/curl_protocols.hpp"

#if PAYLINK_CURL_PROTOCOLS_BITMASK != EXPECT_BITMASK_BRANCH
#error "curl_protocols.hpp selected the other branch than the one this build tests"
#endif

namespace {

int failures = 0;

void expect(bool ok, const char* what) {
  std::printf("%s: %s\n", ok ? "ok" : "FAIL", what);
  if (!ok) ++failures;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

// Runs one transfer of `url`, restricted to http and https when `restricted`.
CURLcode fetch(const char* url, bool restricted, CURLcode* setopt_code) {
  CURL* handle = curl_easy_init();
  if (!handle) return CURLE_FAILED_INIT;
  if (restricted) *setopt_code = paylink::detail::allow_only_http_and_https(handle);
  curl_easy_setopt(handle, CURLOPT_URL, url);
  curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, &discard);
  curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT_MS, 2000L);
  const CURLcode code = curl_easy_perform(handle);
  curl_easy_cleanup(handle);
  return code;
}

}  // namespace

int main() {
  curl_global_init(CURL_GLOBAL_DEFAULT);
  std::printf("libcurl %s, %s branch\n", curl_version_info(CURLVERSION_NOW)->version,
              PAYLINK_CURL_PROTOCOLS_BITMASK ? "CURLOPT_PROTOCOLS" : "CURLOPT_PROTOCOLS_STR");

  // The control: without the restriction this libcurl reads a local file, so the refusals below are
  // the restriction's doing.
  CURLcode unused = CURLE_OK;
  expect(fetch("file:///dev/null", false, &unused) == CURLE_OK, "an unrestricted handle reads file:///dev/null");

  CURLcode setopt_code = CURLE_FAILED_INIT;
  const CURLcode file_code = fetch("file:///dev/null", true, &setopt_code);
  expect(setopt_code == CURLE_OK, "libcurl accepts the protocol option");
  expect(file_code == CURLE_UNSUPPORTED_PROTOCOL, "a restricted handle refuses file://");
  expect(fetch("ftp://127.0.0.1:9/", true, &setopt_code) == CURLE_UNSUPPORTED_PROTOCOL,
         "a restricted handle refuses ftp://");
  // Port 9 (discard) on loopback: nothing listens, so the connection is refused; what matters is that
  // http was allowed to try, not CURLE_UNSUPPORTED_PROTOCOL.
  const CURLcode http_code = fetch("http://127.0.0.1:9/", true, &setopt_code);
  expect(http_code != CURLE_UNSUPPORTED_PROTOCOL, "a restricted handle still tries http://");

  curl_global_cleanup();
  return failures == 0 ? 0 : 1;
}
