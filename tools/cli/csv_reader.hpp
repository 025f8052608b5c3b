// A streaming reader of CSV files as spreadsheets save them: RFC 4180 fields (optional double quotes,
// a quote inside a quoted field is doubled), LF or CRLF line ends, a UTF-8 byte-order mark (Excel's
// "CSV UTF-8") skipped, and `,` or `;` (the list separator of German, French and Dutch Excel) as the
// delimiter, detected from the first line unless given.
//
// One physical line is one record: a quoted field must end on the line it starts on. A naive reader
// lets an unclosed quote run on to the next quote in the file, which swallows the rows in between and
// misreads every row after it; here it fails its own line only, and the next line is read afresh.
// (Line breaks inside a cell are therefore not supported; a payment link's fields are single-line.)
// Lines are read with a bounded buffer, so a file of any size, or a line of any length, is read in
// constant memory.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace paylink_cli {

/// One line of the file.
struct CsvRecord {
  std::size_t line = 0;             ///< The line number in the file, from 1.
  std::vector<std::string> fields;  ///< Empty when `error` is set.
  std::string error;                ///< Why the line cannot be read (empty when it can).
  std::size_t error_column = 0;     ///< The field (from 1) that `error` is about; 0 for the whole line.
};

class CsvReader {
 public:
  /// Longer lines are not kept: they come back as an error record.
  static constexpr std::size_t kMaxLineBytes = std::size_t{64} * 1024;

  /// `delimiter` unset: taken from the first line (`;` when it has more semicolons than commas, else
  /// `,`).
  explicit CsvReader(std::istream& in, std::optional<char> delimiter = std::nullopt) : in_(in), delimiter_(delimiter) {}

  /// The next record, or nullopt at the end. Lines that are empty, or whose fields are all empty (a
  /// spreadsheet's cleared row, `;;;`), are skipped. Throws `Failure` (exit 2) only when the file is
  /// UTF-16 text, which is not a CSV file this reader can read at all.
  std::optional<CsvRecord> next();

  /// The delimiter in use (known after the first `next()`).
  char delimiter() const noexcept { return delimiter_.value_or(','); }

 private:
  bool read_line(std::string& line, bool& too_long);
  void skip_byte_order_mark();

  std::istream& in_;
  std::optional<char> delimiter_;
  std::size_t line_ = 0;
  bool started_ = false;
};

/// Whether `c` can be a CSV delimiter: printable ASCII punctuation or a tab, and not `"`.
bool valid_csv_delimiter(char c) noexcept;

}  // namespace paylink_cli
