#include "core/scrub.hpp"

#include <algorithm>

#include "core/url.hpp"

namespace paylink::detail {
namespace {

void replace_all(std::string& text, std::string_view needle) {
  if (needle.empty()) return;
  std::size_t at = 0;
  while ((at = text.find(needle, at)) != std::string::npos) {
    text.replace(at, needle.size(), kScrubbed);
    at += kScrubbed.size();
  }
}

}  // namespace

std::string scrub_text(std::string text, const std::vector<std::string_view>& secrets) {
  std::vector<std::string> forms;
  forms.reserve(secrets.size() * 2);
  for (const std::string_view secret : secrets) {
    if (secret.empty()) continue;
    forms.emplace_back(secret);
    std::string encoded = url_encode(secret);
    if (encoded != secret) forms.push_back(std::move(encoded));
  }
  std::sort(forms.begin(), forms.end(), [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  for (const std::string& form : forms) replace_all(text, form);
  return text;
}

Error scrub_secrets(Error error, const std::vector<std::string_view>& secrets) {
  if (secrets.empty()) return error;
  for (std::string* field : {&error.message, &error.vendor_code, &error.vendor_message, &error.request_id, &error.field,
                             &error.reconcile_key}) {
    *field = scrub_text(std::move(*field), secrets);
  }
  return error;
}

}  // namespace paylink::detail
