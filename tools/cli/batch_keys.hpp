// The identity of a `paylink batch create` run and the idempotency keys of its rows. A row's key
// depends on the run as well as on the row, so two files that share a row (or the same file run twice
// without --resume) never share a key, while a resumed run, which reuses its run id, sends each row
// with the key it had.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace paylink_cli {

/// A new run id: 128 bits from OpenSSL's RAND_bytes as 32 lowercase hex digits. Throws `Failure`
/// (exit 4) if the generator cannot give them, rather than running with a weak id.
std::string new_run_id();

/// Whether `text` has the form new_run_id() writes.
bool is_run_id(std::string_view text) noexcept;

/// The idempotency key of one row of a run: SHA-256 over the run id, the row number and the row's
/// fields (each length-prefixed, so that no two different rows encode alike), shaped as a UUID of
/// version 8 (RFC 9562: custom) so that vendors expecting a UUID accept it.
std::string row_idempotency_key(std::string_view run_id, std::size_t row, const std::vector<std::string>& fields);

}  // namespace paylink_cli
