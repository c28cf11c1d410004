// SPDX-License-Identifier: MIT
// One daily pass from the settings: wires the adapters, the penalty terms and the engine, and runs
// it. Shared by `relance run`/`plan` and the daemon, so both do exactly the same pass.
#pragma once

#include <chrono>
#include <functional>

#include "app/config/settings.h"
#include "engine/daily_pass.h"

namespace relance {

struct DailyRunOptions {
    bool dry_run = false;
    bool explain_all = false;
    bool accept_empty = false;          // PassOptions::accept_empty
    ProgressFn progress;                // may be empty
    std::function<bool()> should_stop;  // may be empty
};

/// InvalidInput: the settings cannot be wired (exit 1); anything else: the store is unusable.
[[nodiscard]] Result<PassSummary> run_daily(const Settings& settings, std::chrono::sys_seconds now,
                                            Date today, const DailyRunOptions& options);

}  // namespace relance
