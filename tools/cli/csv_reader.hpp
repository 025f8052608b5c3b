// A streaming reader of RFC 4180 CSV: comma-separated fields, optional double quotes (a quote inside
// is doubled), line breaks inside quotes, CRLF or LF. One record at a time, so a file of any size is
// read in constant memory.
#pragma once

#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace paylink_cli {

class CsvReader {
 public:
  explicit CsvReader(std::istream& in) : in_(in) {}
  /// The next record, or nullopt at the end. Throws `Failure` (exit 2) on an unterminated quote.
  std::optional<std::vector<std::string>> next();

 private:
  std::istream& in_;
  std::size_t line_ = 0;
  std::size_t record_line_ = 0;
};

}  // namespace paylink_cli
