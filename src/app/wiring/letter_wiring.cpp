// SPDX-License-Identifier: MIT
#include "app/wiring/letter_wiring.h"

#include <filesystem>

#include "adapters/delivery/letter/letter_folder.h"
#include "adapters/render/pdf/letter_pdf.h"
#include "app/wiring/store_wiring.h"

namespace relance {

Result<WiredLetters> wire_letters(const Settings& settings) {
    WiredLetters w;
    auto renderer = settings.templates_dir.empty() || !std::filesystem::is_directory(settings.templates_dir)
                        ? PdfLetterRenderer::builtin()
                        : PdfLetterRenderer::from_folder(settings.templates_dir);
    if (!renderer) return unexpected(std::move(renderer).error());
    w.renderer = std::make_unique<PdfLetterRenderer>(std::move(*renderer));
    w.sink = std::make_unique<LetterFolder>(settings.letters.dir);
    auto dossier = open_dossier_store(store_target(settings));
    if (!dossier) return unexpected(std::move(dossier).error());
    w.dossier = std::move(*dossier);
    w.setup.renderer = w.renderer.get();
    w.setup.sink = w.sink.get();
    w.setup.creditor = settings.letters.creditor;
    w.setup.deadline_days = settings.letters.deadline_days;
    w.setup.attach = settings.letters.attach;
    w.setup.language = settings.company.language;
    return w;
}

Result<int> write_letter_templates(const std::string& folder, bool overwrite) {
    return write_default_letter_templates(folder, overwrite);
}

}  // namespace relance
