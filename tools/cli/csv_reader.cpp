#include "csv_reader.hpp"

#include <algorithm>

#include "exit_codes.hpp"

namespace paylink_cli {
namespace {

constexpr int kEnd = std::char_traits<char>::eof();

// `;` when the header line has more semicolons than commas outside quotes, else `,`. Column names
// hold neither, so the count is the number of columns minus one.
char detect_delimiter(const std::string& line) {
  std::size_t commas = 0, semicolons = 0;
  bool quoted = false;
  for (const char c : line) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

CsvRecord failed(std::size_t line, std::size_t column, std::string error) {
  CsvRecord r;
  r.line = line;
  r.error_column = column;
  r.error = std::move(error);
  return r;
}

// RFC 4180 fields within one line. Spaces around a quoted field are padding (`1.00, "Invoice"`);
// anywhere else they are data.
CsvRecord parse_line(const std::string& line, std::size_t number, char delimiter) {
  CsvRecord record;
  record.line = number;
  const std::size_t n = line.size();
  std::size_t i = 0;
  for (;;) {
    const std::size_t column = record.fields.size() + 1;
    std::string field;
    std::size_t start = i;
    while (start < n && line[start] == ' ') ++start;
    if (start < n && line[start] == '"') {
      i = start + 1;
      bool closed = false;
      while (i < n) {
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        field += line[i++];
      }
      if (!closed) {
        return failed(number, column,
                      "its quoted field never closes on this line (a field cannot span lines): add the closing "
                      "quote, and write a quote inside a quoted field twice (\"\")");
      }
      while (i < n && line[i] == ' ') ++i;
      if (i < n && line[i] != delimiter) {
        return failed(number, column,
                      "text follows the closing quote of its field: write a quote inside a quoted field twice "
                      "(\"\")");
      }
    } else {
      while (i < n && line[i] != delimiter) {
        if (line[i] == '"') {
          return failed(number, column,
                        "a quote inside an unquoted field: put the whole field in quotes and write the quote "
                        "twice (\"\")");
        }
        field += line[i++];
      }
    }
    record.fields.push_back(std::move(field));
    if (i >= n) return record;
    ++i;  // the delimiter
  }
}

}  // namespace

bool valid_csv_delimiter(char c) noexcept {
  const bool punctuation =
      (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  return (punctuation && c != '"') || c == '\t';
}

// Reads one physical line without its LF or CRLF, keeping at most kMaxLineBytes of it. False at the end
// of the input.
bool CsvReader::read_line(std::string& line, bool& too_long) {
  line.clear();
  too_long = false;
  std::streambuf& in = *in_.rdbuf();
  int c = in.sbumpc();
  if (c == kEnd) return false;
  for (; c != kEnd && c != '\n'; c = in.sbumpc()) {
    if (line.size() < kMaxLineBytes)
      line.push_back(static_cast<char>(c));
    else
      too_long = true;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++line_;
  return true;
}

void CsvReader::skip_byte_order_mark() {
  std::streambuf& in = *in_.rdbuf();
  const int first = in.sgetc();
  if (first == 0xFF || first == 0xFE) {
    // Excel's "Unicode Text" and some editors write UTF-16, which no byte-wise reading can split.
    throw usage_error("--file is UTF-16 text; save it as \"CSV UTF-8\" (or any UTF-8 CSV) instead");
  }
  if (first != 0xEF) return;
  // A UTF-8 byte-order mark is three bytes; put back what is not one (sputbackc may refuse only after
  // a buffer refill, which three bytes at the start of a stream never cause).
  in.sbumpc();
  if (in.sgetc() != 0xBB) {
    in.sungetc();
    return;
  }
  in.sbumpc();
  if (in.sgetc() != 0xBF) {
    in.sungetc();
    in.sungetc();
    return;
  }
  in.sbumpc();
}

std::optional<CsvRecord> CsvReader::next() {
  if (!started_) {
    started_ = true;
    skip_byte_order_mark();
  }
  std::string line;
  bool too_long = false;
  for (;;) {
    if (!read_line(line, too_long)) return std::nullopt;
    if (too_long) {
      return failed(line_, 0,
                    "the line is longer than " + std::to_string(kMaxLineBytes) + " bytes, which no link field needs");
    }
    if (line.empty()) continue;
    if (!delimiter_) delimiter_ = detect_delimiter(line);
    CsvRecord record = parse_line(line, line_, *delimiter_);
    const bool blank = record.error.empty() && std::all_of(record.fields.begin(), record.fields.end(),
                                                           [](const std::string& f) { return f.empty(); });
    if (!blank) return record;
  }
}

}  // namespace paylink_cli
