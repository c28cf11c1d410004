// SPDX-License-Identifier: MIT
// `relance serve`: one long-running process that runs the daily pass on its schedule
// ([schedule] in the config: 09:00 in the company's zone by default), catches a missed pass up
// once at start-up, never runs a pass while another daemon on the same store does (a lease in
// the store), persists the next run time, and stops cleanly on SIGTERM (the message in flight is
// finished, the rest is left for the next pass). Logs key=value lines on stderr (journald).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "app/config/settings.h"

namespace relance {

struct ServeOptions {
    bool once = false;  // check once: run the pass if one is due (catch-up), then exit
    std::optional<std::chrono::sys_seconds> fixed_now;  // --now: a fixed clock (tests, replays)
    std::chrono::seconds lease{6 * 3600};               // the pass lock outlives a dead daemon by this
    bool web = true;    // serve the dashboard and API of [web] (not with `once`)
};

/// The process exit code (0: stopped cleanly; 1: configuration; 3: store unusable).
[[nodiscard]] int serve(const Settings& settings, const ServeOptions& options);

}  // namespace relance
