// SPDX-License-Identifier: MIT
// RFC 4180 record reader, written for relance rather than taken from libcsv: the dependency spike
// (docs/deps.md §4.12) found that libcsv keeps the byte-order mark in the first header, trims
// spaces around unquoted fields, knows no encodings and ships no CMake/pkg-config file, so it would
// add a dependency and still need the BOM and encoding handling written here.
//
// Reads `,`, `;` or tab separated records from UTF-8 text: quoted fields with `""` escapes and
// embedded separators and line breaks, records ended by LF, CRLF or a lone CR (line breaks
// inside quotes are counted as LF or CRLF). Fields are
// string_views into the text (or into a per-record scratch buffer for fields that had `""`), so
// nothing is allocated per field. It knows nothing of invoices, headers or column meanings.
// Leniency, on purpose: spaces before an opening quote or after a closing quote are ignored, and
// a `"` inside an unquoted field is kept as text. Text after a closing quote marks the record as
// malformed (the caller rejects it); a quote that is never closed is a fatal error, because the
// rest of the file can no longer be split into records.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace relance::csv::detail {

struct Record {
    std::vector<std::string_view> fields;
    int line = 0;                   // 1-based physical line where the record starts
    std::string_view problem;       // non-empty: the record is malformed (why)
    std::size_t problem_field = 0;  // 0-based field the problem was found in

    /// True for a blank line or a row of empty fields (";;;" left by spreadsheets).
    [[nodiscard]] bool blank() const;
};

class Tokenizer {
public:
    /// Reads `text` from byte `offset`, which starts physical line `line`.
    Tokenizer(std::string_view text, char separator, std::size_t offset = 0, int line = 1);

    /// Reads the next record into `out` (its views stay valid until the next call). Returns false
    /// at the end of the text, or on a fatal error (then error() is set).
    bool next(Record& out);

    [[nodiscard]] const std::optional<Error>& error() const { return error_; }
    /// Byte offset and line of the next record.
    [[nodiscard]] std::size_t offset() const { return pos_; }
    [[nodiscard]] int line() const { return line_; }

private:
    std::string_view text_;
    char sep_;
    std::array<bool, 256> stop_{};  // separator, CR, LF: where an unquoted field ends
    std::uint64_t sep_word_ = 0;    // the separator in each byte
    std::size_t pos_;
    int line_;
    std::string scratch_;  // unescaped content of fields that contained ""
    struct Fixup {
        std::size_t field;
        std::size_t offset;
        std::size_t length;
    };
    std::vector<Fixup> fixups_;
    std::optional<Error> error_;
};

/// Picks the separator of `text` from its first non-blank line: the most frequent of ',', ';'
/// and tab outside quotes. InvalidInput when the line has none or when two are equally frequent.
[[nodiscard]] Result<char> detect_separator(std::string_view text);

}  // namespace relance::csv::detail
