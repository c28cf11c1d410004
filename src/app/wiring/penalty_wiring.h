// SPDX-License-Identifier: MIT
// Builds the penalty engine's inputs from the settings: the terms, the per-customer rates and the
// rate table (built-in, or the user's file through adapters/rates).
#pragma once

#include <string>

#include "app/config/penalty_settings.h"
#include "core/error.h"
#include "core/penalty/penalty.h"

namespace relance {

/// The setup and where its rate table came from ("built-in" or the file's path).
struct LoadedPenalties {
    PenaltySetup setup;
    std::string rate_table_origin;
};

/// InvalidInput / NotFound when the user's rate table is missing or does not parse: never a
/// silent fall-back to the built-in table.
[[nodiscard]] Result<LoadedPenalties> load_penalties(const PenaltySettings& settings);

}  // namespace relance
