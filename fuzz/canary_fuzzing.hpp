#pragma once
// Secret canaries for fuzz targets: distinctive values the harness passes in as secrets (random letters
// and digits, so that no piece of one is a word a message may hold), and a check that no piece of one
// reaches a text the caller sees (an error, a log line). A piece is any run of kCanaryPiece bytes of the
// canary; pieces that the fuzz input itself holds are not checked, since the code may quote the input
// (a vendor's answer) and cannot know that it matches part of a secret.

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace paylink::fuzzing {

inline constexpr std::size_t kCanaryPiece = 8;

/// Aborts, naming the place (never the canary's value), when `text` holds a piece of `canary` that
/// `input` does not hold.
inline void assert_no_canary(std::string_view text, std::string_view canary, std::string_view input,
                             const char* where) {
  if (canary.size() < kCanaryPiece) std::abort();  // a harness bug: canaries must be long
  for (std::size_t at = 0; at + kCanaryPiece <= canary.size(); ++at) {
    const std::string_view piece = canary.substr(at, kCanaryPiece);
    if (text.find(piece) != std::string_view::npos && input.find(piece) == std::string_view::npos) {
      std::fprintf(stderr, "a piece of a canary secret (bytes %zu..%zu) leaked into %s\n", at, at + kCanaryPiece,
                   where);
      std::abort();
    }
  }
}

/// Aborts with `what` when `holds` is false (an invariant of the code under test was broken).
inline void require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace paylink::fuzzing
