#pragma once
// URL building for adapters: percent-encoding, joining a base and a path, query strings.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "paylink/result.hpp"

namespace paylink::detail {

/// Percent-encodes everything but RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), tested as
/// ASCII whatever the locale (every other byte, UTF-8 included, is encoded).
std::string url_encode(std::string_view text);
/// `id` as exactly one URL path segment: percent-encoded by `url_encode`, so '/', '?', '#' and '%'
/// cannot end or change the route. "", "." and ".." are refused with `validation` naming `field`:
/// libcurl (like any URL resolver) removes dot segments, so "orders/.." would go to the parent.
/// The one rule for every id an adapter puts in a path; the client also refuses these ids before
/// any vendor's adapter is asked.
Result<std::string> path_segment(std::string_view id, std::string_view field);
/// "base" + "path" with exactly one '/' between them.
std::string join_url(std::string_view base, std::string_view path);
/// "?k=v&k2=v2" with keys and values encoded; empty when there are no parameters.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& params);
/// The host of an absolute URL ("http://127.0.0.1:8787/x" → "127.0.0.1"; IPv6 without brackets), as a
/// view into `url` (the transport checks it on every request: no copy).
std::string_view url_host(std::string_view url);
/// The path of an absolute URL without query ("https://h/v2/x?y" → "/v2/x").
std::string url_path(std::string_view url);
/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

}  // namespace paylink::detail
