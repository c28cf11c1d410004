// SPDX-License-Identifier: MIT
// The built-in formal-notice letter templates (French and English), compiled in so that letters
// work with no template folder; `relance init` writes them next to the e-mail templates as
// `<folder>/<lang>/letter.<part>.mustache` for the user to adapt.
//
// Parts: `sender` (top-left block: one line each), `recipient` (the window-envelope block),
// `body` (everything below the address blocks) and `footer` (the legal line of every page).
// The body is a small line-based markup, laid out by letter_pdf.cpp:
//   - each line is one paragraph line, wrapped (and justified) to the text width; a blank line
//     leaves space between paragraphs;
//   - `>> text` is aligned right (place and date, signature); `# text` is bold; `## text` is
//     bold and centred (the title);
//   - `[[space N]]` leaves N millimetres (room for a handwritten signature); `[[keep N]]` starts
//     a new page unless N millimetres remain (the closing stays with the signature);
//   - `[[table]]` … `[[/table]]` is a table: cells separated by `|`, the first row is the
//     header (shaded, repeated on each page), a header cell starting with `>` aligns its
//     column right, and a row starting with `*` is bold (totals).
// Values never break the markup: control characters become spaces and `|` becomes `¦`.
//
// Must not: format amounts or dates (locale_format does), or lay anything out.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/error.h"

namespace relance {

/// One letter template and where it comes from (shown in error messages).
struct LetterTemplateSource {
    std::string language;  // "fr", "en"
    std::string part;      // "sender", "recipient", "body", "footer"
    std::string text;      // mustache source, UTF-8
    std::string origin;    // "built-in fr/letter.body.mustache" or the file's path
};

/// The four parts, in order.
[[nodiscard]] const std::vector<std::string>& letter_parts();
/// "letter.body.mustache".
[[nodiscard]] std::string letter_template_file_name(const std::string& part);
/// Every built-in letter template: fr and en, the four parts.
[[nodiscard]] const std::vector<LetterTemplateSource>& default_letter_templates();
/// Writes the built-in letter templates as `<folder>/<lang>/letter.<part>.mustache`; files that
/// exist are kept unless `overwrite`. Returns how many files were written.
[[nodiscard]] Result<int> write_default_letter_templates(const std::filesystem::path& folder,
                                                         bool overwrite = false);

}  // namespace relance
