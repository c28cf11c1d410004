// SPDX-License-Identifier: MIT
// The rate table's file format (rates.csv: kind,effective_from,rate_percent,source; rules.md
// §5.3), the copy shipped with the program (data/rates.csv, compiled in), and loading an updated
// file a user supplies. Core takes the resulting RateTable as a value; this is the only place
// that knows the CSV layout.
// Must not: compute penalties, or fall back to the built-in table when a user's file is bad.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/error.h"
#include "core/penalty/rate_table.h"

namespace relance {

/// The text of data/rates.csv as it was when the program was built.
[[nodiscard]] std::string_view builtin_rates_csv();

/// The shipped table, parsed. Internal when it does not parse (a build defect).
[[nodiscard]] Result<RateTable> builtin_rate_table();

/// Parses rates.csv text: an optional UTF-8 byte-order mark, `#` comment lines and empty lines
/// anywhere, the header `kind,effective_from,rate_percent[,source]`, then one row per line
/// (fields may be "quoted", with "" for a quote; LF or CRLF). Every problem is reported at
/// once as "<origin>:<line>: ...", InvalidInput.
[[nodiscard]] Result<RateTable> parse_rate_csv(std::string_view text, std::string_view origin);

/// Reads and parses a user's rate file; it replaces the built-in table as a whole. NotFound
/// when the file does not exist, Unavailable when it cannot be read.
[[nodiscard]] Result<RateTable> load_rate_file(const std::filesystem::path& path);

}  // namespace relance
