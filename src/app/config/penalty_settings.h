// SPDX-License-Identifier: MIT
// [penalties] of relance.toml: how the company prices late payment (core/penalty) and which rate
// table it uses. Defaults are the French law for a business creditor: ECB rate + 10 points, the
// rate of each half-year (FR-PEN-02, FR-PEN-03 reading A), 365-day year, 40 € per invoice.
#pragma once

#include <functional>
#include <map>
#include <string>

#include "core/penalty/penalty.h"

namespace relance {

struct PenaltySettings {
    PenaltyTerms terms;  // jurisdiction, rate (company-wide), half_year, day_count, creditor
    /// [penalties.customer_rates]: customer id -> its contractual rate ("3x_legal", "9.50" ...).
    std::map<std::string, RateRule, std::less<>> customer_rates;
    /// An updated rates.csv that replaces the built-in table (absolute once loaded); empty:
    /// the table compiled into the program from data/rates.csv.
    std::string rate_table;
};

}  // namespace relance
