// SPDX-License-Identifier: MIT
#include "core/policy/policy.h"

namespace relance {

Policy Policy::defaults() {
    Policy p;
    p.levels = {
        Level{1, 7, "courteous reminder", false, false, false},
        Level{2, 15, "firm reminder", true, false, false},
        Level{3, 30, "formal reminder", true, true, false},
        Level{4, 45, "formal notice", true, true, true, true},
    };
    return p;
}

const Level* Policy::level(int number) const {
    if (number < 1 || number > static_cast<int>(levels.size())) return nullptr;
    return &levels[static_cast<std::size_t>(number - 1)];
}

std::vector<std::string> validate(const Policy& policy) {
    std::vector<std::string> problems;
    if (policy.levels.empty()) problems.emplace_back("levels: at least one level is required");
    if (policy.min_gap_days < 0) problems.emplace_back("min_gap_days: must be 0 or more");
    for (std::size_t i = 0; i < policy.levels.size(); ++i) {
        const Level& l = policy.levels[i];
        const std::string where = "levels[" + std::to_string(i) + "]";
        if (l.number != static_cast<int>(i) + 1) {
            problems.push_back(where + ".number: expected " + std::to_string(i + 1) +
                               " (levels are numbered from 1, in order)");
        }
        if (l.after_days < 0) problems.push_back(where + ".after_days: must be 0 or more");
        if (i > 0 && l.after_days <= policy.levels[i - 1].after_days) {
            problems.push_back(where + ".after_days: must be greater than the previous level's (" +
                               std::to_string(policy.levels[i - 1].after_days) + ")");
        }
    }
    return problems;
}

}  // namespace relance
