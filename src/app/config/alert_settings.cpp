// SPDX-License-Identifier: MIT
#include "app/config/alert_settings.h"

namespace relance {

AlertRules AlertSettings::engine_rules() const {
    AlertRules r;
    r.enabled = enabled;
    r.amount_threshold.reset();
    if (auto cur = Currency::from_code(currency)) {
        if (auto m = parse_money(amount_threshold, *cur, DecimalMark::Point)) r.amount_threshold = *m;
    }
    r.level = level;
    r.vip_tags = vip_tags;
    r.first_invoice = first_invoice;
    r.exclude_tags = exclude_tags;
    r.rules = rules;
    r.missed_run_hours = missed_run_hours;
    r.failed_run = failed_run;
    r.stuck_run_hours = stuck_run_hours;
    r.remind_after_days = remind_after_days;
    return r;
}

}  // namespace relance
