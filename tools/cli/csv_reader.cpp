#include "csv_reader.hpp"

#include <fmt/format.h>

#include "exit_codes.hpp"

namespace paylink_cli {

std::optional<std::vector<std::string>> CsvReader::next() {
  std::string line;
  // Skip blank lines between records.
  do {
    if (!std::getline(in_, line)) return std::nullopt;
    ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
  } while (line.empty());
  record_line_ = line_;

  std::vector<std::string> fields(1);
  bool quoted = false;
  for (;;) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (quoted) {
        if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else if (c == '"') {
          quoted = false;
        } else {
          fields.back() += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else {
        fields.back() += c;
      }
    }
    if (!quoted) return fields;
    // A quoted field continues on the next line.
    if (!std::getline(in_, line)) {
      throw usage_error(fmt::format("--file: the quoted field that starts on line {} never ends", record_line_));
    }
    ++line_;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    fields.back() += '\n';
  }
}

}  // namespace paylink_cli
