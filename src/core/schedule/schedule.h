// SPDX-License-Identifier: MIT
// When the daily pass runs: every day at 09:00 in the company's time zone by default, or on a
// cron expression; weekends and French public holidays run, are skipped, or are shifted to the
// next business day. Pure: the instant "after" and the zone are arguments.
//
// Local times that do not exist (the spring-forward gap) run at the first instant after the gap;
// local times that happen twice (autumn) run at the first of the two. 09:00 is never affected in
// Europe/Paris (the changes happen at 02:00/03:00).
//
// The cron parser is written here, not taken from a library: Debian 12 packages no C++ cron
// library, and the five-field subset (lists, ranges, steps, names of days and months) is small.
#pragma once

#include <bitset>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/time/date.h"

namespace relance {

/// A parsed five-field cron expression: minute hour day-of-month month day-of-week.
struct CronExpr {
    std::bitset<60> minutes;
    std::bitset<24> hours;
    std::bitset<32> days_of_month;  // 1..31
    std::bitset<13> months;         // 1..12
    std::bitset<7> days_of_week;    // 0 = Sunday
    bool any_day_of_month = true;   // "*": then only days_of_week restricts (and vice versa)
    bool any_day_of_week = true;
};

/// "0 9 * * 1-5", "30 8 1,15 * *", "*/15 * * * *", "0 9 * * mon-fri". InvalidInput names the field.
[[nodiscard]] Result<CronExpr> parse_cron(std::string_view text);

enum class NonBusinessDays {
    Run,    // run on weekends and holidays like any day
    Skip,   // no run on them
    Shift,  // the run moves to the next business day, same local time (once, however many moved)
};

struct Schedule {
    int hour = 9;                 // daily at hour:minute local time, unless `cron`
    int minute = 0;
    std::optional<CronExpr> cron;
    NonBusinessDays weekends = NonBusinessDays::Run;
    NonBusinessDays holidays = NonBusinessDays::Run;  // French public holidays (metropolitan)
};

/// Whether `day` is a French public holiday: 1 Jan, Easter Monday, 1 May, 8 May, Ascension,
/// Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec.
[[nodiscard]] bool is_french_public_holiday(Date day);
/// Easter Sunday of `year` (Gregorian, anonymous algorithm).
[[nodiscard]] Date easter_sunday(int year);

/// The first scheduled instant strictly after `after`, in `zone`. Searches up to ~400 days ahead
/// (NotFound past that, e.g. "0 9 31 2 *").
[[nodiscard]] Result<std::chrono::sys_seconds> next_run(const Schedule& schedule, std::string_view zone,
                                                        std::chrono::sys_seconds after);

/// What a daemon does when it (re)starts or wakes up at `now`: run once now if a scheduled
/// instant passed since the last pass began (`last_start`, none: never ran) — however many were
/// missed — else wait until the next one.
struct Wake {
    bool run_now = false;
    std::chrono::sys_seconds next{};  // when run_now is false: when to run
};
[[nodiscard]] Result<Wake> on_wake(const Schedule& schedule, std::string_view zone,
                                   std::optional<std::chrono::sys_seconds> last_start,
                                   std::chrono::sys_seconds now);

}  // namespace relance
