// SPDX-License-Identifier: MIT
// Google Sheets payloads -> CSV text for the CSV source's reader (pure: text in, text out). A
// sheet published as CSV needs nothing; the Sheets API's values answer ({"range",
// "majorDimension": "ROWS", "values": [[…], …]}) is written out as CSV, one quoted cell each, so
// that the columns, presets, amounts ("1 234,56 €") and dates read exactly as in an export.
//
// It must not: interpret a cell (the CSV reader does), or fetch anything.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace relance::sheets {

/// The rows of a values answer as CSV (comma-separated, every cell quoted, CRLF).
[[nodiscard]] Result<std::string> values_to_csv(std::string_view body);

}  // namespace relance::sheets
