// SPDX-License-Identifier: MIT
// What `relance letter` and `relance collection export` both open: the date (--on or the
// company's today), the penalty setup, the store with its open book (postal addresses filled in
// from the dossier store) and the letter adapters. Errors are printed; the exit code is given.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "app/cli/commands.h"
#include "app/wiring/letter_wiring.h"
#include "app/wiring/penalty_wiring.h"

namespace relance::cli {

struct LetterContext {
    Date day{};
    LoadedPenalties penalties;
    std::unique_ptr<Store> store;
    WiredLetters letters;
    OpenBook book;
};

/// The context, or nothing with `exit_code` set (1: usage or config, 3: store unusable).
[[nodiscard]] std::optional<LetterContext> open_letter_context(const Settings& settings,
                                                               const std::string& on, int& exit_code);

}  // namespace relance::cli
