#pragma once
// Restricting an easy handle to http and https, with the libcurl at hand. CURLOPT_PROTOCOLS_STR came
// in libcurl 7.85, which deprecated the bitmask CURLOPT_PROTOCOLS; older libcurl (Ubuntu 22.04 has
// 7.81) knows only the bitmask, so the choice is made when compiling.

#include <curl/curl.h>

// PAYLINK_CURL_PRETEND_BEFORE_7_85 lets a test compile the branch for older libcurl against newer
// headers (tests/consumer/curl_protocols_test.cpp).
#if defined(PAYLINK_CURL_PRETEND_BEFORE_7_85) || LIBCURL_VERSION_NUM < 0x075500
#define PAYLINK_CURL_PROTOCOLS_BITMASK 1
#else
#define PAYLINK_CURL_PROTOCOLS_BITMASK 0
#endif

namespace paylink::detail {

/// Lets `handle` speak http and https only, so that no URL can make it read file:// or speak ftp://
/// or another scheme. Returns libcurl's answer.
inline CURLcode allow_only_http_and_https(CURL* handle) {
#if PAYLINK_CURL_PROTOCOLS_BITMASK
  return curl_easy_setopt(handle, CURLOPT_PROTOCOLS, static_cast<long>(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#else
  return curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
}

}  // namespace paylink::detail
