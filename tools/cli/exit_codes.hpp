// The CLI's exit codes and how an SDK `Error` maps to one. Scripts branch on these numbers, so they are
// part of the command-line contract (see `paylink --help`).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "paylink/error.hpp"

namespace paylink_cli {

enum ExitCode : int {
  kSuccess = 0,
  kWebhookInvalid = 1,  ///< `webhook verify` only: the notification is not authentic or not valid.
  kUsage = 2,           ///< Bad usage or invalid input; nothing was sent.
  kRefused = 3,         ///< The vendor refused (auth, validation, not found, conflict).
  kUnavailable = 4,     ///< Network, timeout, rate limit or vendor failure, after retries.
  kAmbiguous = 5,       ///< A create was sent and no answer came: it may or may not exist.
};

/// A failure the CLI reports as one line on stderr before exiting with `code`. The message never holds
/// a credential (main() scrubs every line anyway, as a second line of defence).
class Failure : public std::runtime_error {
 public:
  Failure(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

/// Bad usage or invalid input, detected before anything was sent.
inline Failure usage_error(const std::string& message) { return Failure(kUsage, message); }

/// The exit code of an SDK error. `sends` is how many times the transport was asked to send: a
/// `validation` error with no send is the user's input (2), with a send it is the vendor's refusal (3).
ExitCode exit_code_for(const paylink::Error& error, int sends);

/// The one stderr line for an SDK error of `operation` at `provider` (without the "paylink: " prefix).
/// `how_to_check` says how to find out whether an ambiguous create happened (may be empty).
std::string describe_error(const paylink::Error& error, std::string_view provider, std::string_view operation,
                           int sends, std::string_view how_to_check);

/// `text` on one line: control characters (newlines from vendor messages, terminal escapes) become
/// spaces, runs of spaces collapse.
std::string one_line(std::string_view text);

}  // namespace paylink_cli
