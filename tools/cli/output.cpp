#include "output.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "paylink/link_status.hpp"
#include "paylink/timestamp.hpp"

namespace paylink_cli {
namespace {

// Shorter values are not scrubbed: replacing every "abc" in the output would garble it and protect
// nothing (no vendor issues credentials that short).
constexpr std::size_t kShortestScrubbed = 6;

// Vendor text shown on a terminal: control characters (which could move the cursor or recolour the
// screen) are shown escaped, never written raw.
std::string printable(std::string_view text, bool quote) {
  std::string out;
  if (quote) out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (quote && (c == '"' || c == '\\')) {
      out += '\\';
      out += ch;
    } else {
      out += ch;
    }
  }
  if (quote) out += '"';
  return out;
}

// Columns a cell takes on a terminal: UTF-8 continuation bytes take none.
std::size_t display_width(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace

std::string link_description(const paylink::PaymentLink& link) {
  // Qonto links carry their text as the title of their one item (a link made from an amount and a
  // description); show it as the description rather than nothing.
  if (link.description.empty() && link.items.size() == 1) return link.items.front().title;
  return link.description;
}

Console::Console(std::vector<std::string> secrets) {
  for (auto& s : secrets) {
    if (s.size() >= kShortestScrubbed) secrets_.push_back(std::move(s));
  }
  // Longest first, so that a secret containing another is replaced whole.
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string Console::scrub(std::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    for (auto pos = out.find(secret); pos != std::string::npos; pos = out.find(secret, pos + 3)) {
      out.replace(pos, secret.size(), "***");
    }
  }
  return out;
}

void Console::out(std::string_view text) const {
  const std::string line = scrub(text) + '\n';
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fflush(stdout);
}

void Console::error(std::string_view text) const {
  const std::string line = "paylink: " + scrub(text) + '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void Console::raw(std::string_view text) const {
  const std::string scrubbed = scrub(text);
  std::fwrite(scrubbed.data(), 1, scrubbed.size(), stdout);
  std::fflush(stdout);
}

std::string link_json(const paylink::PaymentLink& link) {
  nlohmann::ordered_json j;
  j["provider"] = link.provider;
  j["id"] = link.id;
  j["url"] = link.url;
  j["status"] = std::string(paylink::to_string(link.status));
  if (link.amount) {
    j["amount"] = {{"value", link.amount->to_decimal()}, {"currency", std::string(link.amount->currency().code())}};
  }
  j["description"] = link_description(link);
  j["reference"] = link.reference;
  if (link.created_at) j["created_at"] = paylink::format_timestamp(*link.created_at);
  if (link.expires_at) j["expires_at"] = paylink::format_timestamp(*link.expires_at);
  // Vendor text is not guaranteed to be UTF-8; invalid bytes become U+FFFD instead of failing the output.
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::vector<std::string> link_cells(const paylink::PaymentLink& link) {
  std::vector<std::string> cells;
  cells.push_back(printable(link.provider, false));
  // onOffice answers with a URL only, which then serves as the id too: print it once.
  cells.push_back(link.id.empty() || link.id == link.url ? "-" : printable(link.id, false));
  // A status word paylink does not map is shown as the vendor wrote it.
  cells.push_back(link.status == paylink::LinkStatus::unknown && !link.raw_status.empty()
                      ? "unknown:" + printable(link.raw_status, false)
                      : std::string(paylink::to_string(link.status)));
  cells.push_back(link.amount ? link.amount->to_string() : "-");
  cells.push_back(link.url.empty() ? "-" : printable(link.url, false));
  const std::string description = link_description(link);
  if (!description.empty()) cells.push_back(printable(description, true));
  return cells;
}

std::vector<std::string> align_rows(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  std::vector<std::string> lines;
  lines.reserve(rows.size());
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - display_width(row[i]) + 2, ' ');
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace paylink_cli
