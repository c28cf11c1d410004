// SPDX-License-Identifier: MIT
#include "app/wiring/penalty_wiring.h"

#include "adapters/rates/rate_file.h"

namespace relance {

Result<LoadedPenalties> load_penalties(const PenaltySettings& settings) {
    LoadedPenalties out;
    out.setup.terms = settings.terms;
    out.setup.customer_rates = settings.customer_rates;
    auto table = settings.rate_table.empty() ? builtin_rate_table()
                                             : load_rate_file(settings.rate_table);
    if (!table) {
        return unexpected(std::move(table).error().with_context("[penalties] rate_table"));
    }
    out.setup.rates = std::move(*table);
    out.rate_table_origin = settings.rate_table.empty() ? "built-in" : settings.rate_table;
    return out;
}

}  // namespace relance
