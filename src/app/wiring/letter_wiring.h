// SPDX-License-Identifier: MIT
// Builds the formal-notice letters' adapters from the settings: the PDF renderer (the letter
// templates of [templates] dir when present, else the built-in ones), the letters folder and the
// dossier store (postal addresses, collection hand-off) in the same store.
#pragma once

#include <memory>
#include <string>

#include "app/config/settings.h"
#include "core/ports/dossier.h"
#include "core/ports/letter.h"
#include "engine/letters.h"

namespace relance {

struct WiredLetters {
    std::unique_ptr<LetterRenderer> renderer;
    std::unique_ptr<LetterSink> sink;
    std::unique_ptr<DossierStore> dossier;
    LetterSetup setup;  // points at renderer and sink
};

/// InvalidInput: a broken letter template; anything else: the store cannot be opened.
[[nodiscard]] Result<WiredLetters> wire_letters(const Settings& settings);

/// Writes the built-in letter templates into `folder` (fr/ and en/); returns how many files.
[[nodiscard]] Result<int> write_letter_templates(const std::string& folder, bool overwrite);

}  // namespace relance
