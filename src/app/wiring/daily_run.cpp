// SPDX-License-Identifier: MIT
#include "app/wiring/daily_run.h"

#include "app/wiring/letter_wiring.h"
#include "app/wiring/alert_wiring.h"
#include "app/wiring/penalty_wiring.h"
#include "app/wiring/wiring.h"

namespace relance {

Result<PassSummary> run_daily(const Settings& settings, std::chrono::sys_seconds now, Date today,
                              const DailyRunOptions& options) {
    auto wired = wire(settings, today);
    if (!wired) return unexpected(std::move(wired).error());
    DailyPass pass(*wired->store, wired->source_ptrs(), *wired->renderer, *wired->channel,
                   settings.policy, settings.company);
    if (options.progress) pass.set_progress(options.progress);
    auto penalties = load_penalties(settings.penalties);
    if (!penalties) return unexpected(std::move(penalties).error());
    pass.set_penalties(std::move(penalties->setup));
    auto alerts = wire_alerts(settings, *wired->store);  // [alerts] and [tasks]
    if (!alerts) return unexpected(std::move(alerts).error());
    if (alerts->pass) pass.set_alerts(alerts->pass.get());
    auto letters = wire_letters(settings);  // [letters], and the dossier (addresses, collection)
    if (!letters) return unexpected(std::move(letters).error());
    pass.set_dossier(letters->dossier.get());
    if (settings.letters.enabled) pass.set_letters(letters->setup);
    PassOptions o;
    o.today = today;
    o.now = now;
    o.dry_run = options.dry_run;
    o.explain_all = options.explain_all;
    o.accept_empty = options.accept_empty;
    o.should_stop = options.should_stop;
    return pass.run(o);
}

}  // namespace relance
