// SPDX-License-Identifier: MIT
// Turns the bytes of a CSV export into UTF-8 text: strips a UTF-8 byte-order mark, checks UTF-8,
// and converts Windows-1252 (what Excel writes on a French Windows) and UTF-16 (Excel "Unicode
// text") through glibc iconv. Windows-1252, never ISO-8859-1: byte 0x80 is the euro sign.
// It does not guess anything else: bytes that are neither UTF-8 nor Windows-1252 are an error.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace relance::csv::detail {

enum class Encoding { Auto, Utf8, Windows1252 };

/// UTF-8 text: the caller's bytes when they already were UTF-8 (no copy), else converted ones.
struct Decoded {
    std::string storage;        // converted text (owned)
    std::string_view borrowed;  // the caller's bytes, without a byte-order mark
    bool owned = false;
    std::string_view encoding;  // "utf-8", "utf-8 with BOM", "windows-1252", "utf-16"

    [[nodiscard]] std::string_view text() const {
        return owned ? std::string_view(storage) : borrowed;
    }
};

/// Decodes `bytes`. Errors (InvalidInput) name the 1-based line of the first bad byte.
[[nodiscard]] Result<Decoded> decode(std::string_view bytes, Encoding encoding);

/// Offset of the first byte that breaks UTF-8 (overlong forms, surrogates and code points above
/// U+10FFFF included), or bytes.size() when all of it is valid.
[[nodiscard]] std::size_t first_invalid_utf8(std::string_view bytes);

}  // namespace relance::csv::detail
