// SPDX-License-Identifier: MIT
// `relance serve`: reads the settings and hands over to the daemon loop (app/daemon/serve.h).
#include "app/cli/commands.h"
#include "app/daemon/serve.h"

namespace relance::cli {

int cmd_serve(const Common& common, bool once, bool no_web) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    ServeOptions options;
    options.once = once;
    options.web = !no_web;
    if (!common.now.empty()) {
        // 2026-04-08T07:00:00Z
        auto d = parse_iso_date(common.now.substr(0, 10));
        int h = 0;
        int m = 0;
        int s = 0;
        if (!d || common.now.size() != 20 || std::sscanf(common.now.c_str() + 11, "%2d:%2d:%2dZ", &h, &m, &s) != 3) {
            err("--now '" + common.now + "': expected a UTC instant such as 2026-04-08T07:00:00Z");
            return 1;
        }
        options.fixed_now = std::chrono::sys_seconds{std::chrono::sys_days{*d}.time_since_epoch()} +
                            std::chrono::hours{h} + std::chrono::minutes{m} + std::chrono::seconds{s};
    }
    return serve(*settings, options);
}

}  // namespace relance::cli
