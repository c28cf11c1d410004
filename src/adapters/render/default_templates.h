// SPDX-License-Identifier: MIT
// The built-in reminder templates (French and English, levels 1 to 4) compiled into the program,
// so that relance works with no template folder; `relance init` writes them out for editing.
// Must not: format amounts or dates (locale_format does), or decide anything about levels.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace relance {

/// The three parts of one message.
enum class TemplatePart { Subject, Text, Html };

/// One mustache template and where it comes from (shown in error messages).
struct TemplateSource {
    std::string language;  // "fr", "en"
    int level = 1;
    TemplatePart part = TemplatePart::Text;
    std::string text;    // mustache source, UTF-8, LF line ends
    std::string origin;  // "built-in fr/level1.text.mustache" or the file's path
};

/// "subject", "txt" or "html": the middle of a template's file name.
[[nodiscard]] std::string_view part_suffix(TemplatePart part);
/// "level2.txt.mustache": the file name of a template inside its language folder.
[[nodiscard]] std::string template_file_name(int level, TemplatePart part);

/// Every built-in template: fr and en, levels 1..4, subject + text + html (24 templates).
[[nodiscard]] const std::vector<TemplateSource>& default_templates();

/// Writes `text` as `<folder>/<language>/<file_name>`, creating the folders; an existing file is
/// kept (false) unless `overwrite`. True when the file was written.
[[nodiscard]] Result<bool> write_template_file(const std::filesystem::path& folder,
                                               std::string_view language,
                                               const std::string& file_name, std::string_view text,
                                               bool overwrite);

/// Writes the built-in templates as `<folder>/<lang>/level<N>.<part>.mustache`, creating the
/// folders. Files that already exist are left untouched (they may hold the user's edits) unless
/// `overwrite` is true. Returns the number of files written.
[[nodiscard]] Result<int> write_default_templates(const std::filesystem::path& folder,
                                                  bool overwrite = false);

}  // namespace relance
