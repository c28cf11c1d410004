// SPDX-License-Identifier: MIT
// LetterFolder: the LetterSink port as a folder of files (`[letters] dir`, "letters/" by
// default) from which a person prints and posts the registered letters. Each file is written
// atomically (a temporary file, then rename), so a crash never leaves half a letter; writing the
// same stem again replaces the file with the same bytes. Must not decide or render anything.
#pragma once

#include <string>
#include <string_view>

#include "core/ports/letter.h"

namespace relance {

class LetterFolder final : public LetterSink {
public:
    /// `extension` without the dot ("pdf").
    explicit LetterFolder(std::string dir, std::string extension = "pdf");
    /// Writes `<dir>/<stem>.<extension>` (the folder is created when missing) and returns its
    /// path. Unavailable when the folder or the file cannot be written.
    [[nodiscard]] Result<std::string> put(std::string_view stem, std::string_view bytes) override;

private:
    std::string dir_;
    std::string extension_;
};

}  // namespace relance
