// SPDX-License-Identifier: MIT
// The CLI commands, one function each, free of the argument parser (main.cpp owns CLI11).
// Each returns the process exit code: 0 ok, 1 usage or config error, 2 done but something
// needs a look (rejected rows, unreadable source, failed delivery), 3 could not run.
#pragma once

#include <optional>
#include <string>

namespace relance::cli {

struct Common {
    std::string config;   // --config FILE ("" = relance.toml if present, else defaults)
    std::string source;   // --source FILE.csv (no config needed)
    std::string date;     // --date YYYY-MM-DD (run as of that day)
    std::string now;      // --now 2026-04-08T07:00:00Z (fixed clock)
    bool json = false;    // --json: machine-readable output
    bool quiet = false;   // no progress indicator
};

int cmd_init(const std::string& folder, bool force);
int cmd_run(const Common& common, bool dry_run);
int cmd_plan(const Common& common, bool all);
int cmd_pause(const Common& common, const std::string& customer, const std::string& until,
              const std::string& reason, bool resume);
int cmd_hold(const Common& common, const std::string& invoice, const std::string& until,
             const std::string& reason, bool release);
int cmd_holds(const Common& common);
int cmd_history(const Common& common, std::size_t limit);

}  // namespace relance::cli
