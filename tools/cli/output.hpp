// What the CLI prints: a readable line per link, or one JSON object per link, and the stream that every
// byte of output passes through.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "paylink/payment_link.hpp"

namespace paylink_cli {

/// stdout and stderr. Every line is scrubbed of the credential values it was given (replaced by "***")
/// before it is written: the SDK never puts a credential in a message, and this makes sure that a
/// vendor echoing one back cannot leak it through the CLI either.
class Console {
 public:
  explicit Console(std::vector<std::string> secrets);
  /// Writes `text` and a newline to stdout, flushed (so `list --json | head` sees lines as they come).
  void out(std::string_view text) const;
  /// Writes "paylink: <text>" and a newline to stderr.
  void error(std::string_view text) const;
  /// Writes `text` verbatim (help pages) to stdout.
  void raw(std::string_view text) const;

 private:
  std::string scrub(std::string_view text) const;
  std::vector<std::string> secrets_;
};

/// The link's description, or the title of its only item when it has no description of its own.
std::string link_description(const paylink::PaymentLink& link);

/// The link as one JSON object on one line: provider, id, url, status, amount {value, currency},
/// description, reference, created_at, expires_at. amount, created_at and expires_at are absent when
/// the vendor did not report them.
std::string link_json(const paylink::PaymentLink& link);

/// The link as table cells: provider, id ("-" when the vendor gives none but the URL), status, amount
/// ("13.30 EUR" or "-"), url ("-" when unknown), and "description" when there is one.
std::vector<std::string> link_cells(const paylink::PaymentLink& link);

/// Rows aligned in columns separated by two spaces; the last column is not padded.
std::vector<std::string> align_rows(const std::vector<std::vector<std::string>>& rows);

}  // namespace paylink_cli
