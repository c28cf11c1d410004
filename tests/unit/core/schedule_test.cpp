// SPDX-License-Identifier: MIT
// The schedule of the daily pass in Europe/Paris. Expected instants worked out by hand: Paris is
// UTC+1 in winter (CET) and UTC+2 in summer (CEST); in 2026 the clocks go forward on Sunday
// 29 March (02:00 -> 03:00) and back on Sunday 25 October (03:00 -> 02:00). French public
// holidays 2026: Easter is 5 April, so Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May.
#include "core/schedule/schedule.h"

#include <gtest/gtest.h>

namespace relance {
namespace {

using namespace std::chrono;

sys_seconds utc(int y, unsigned mo, unsigned d, int h, int mi = 0) {
    return sys_seconds{sys_days{year{y} / month{mo} / day{d}}.time_since_epoch()} + hours{h} + minutes{mi};
}
Date ymd(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

constexpr const char* kParis = "Europe/Paris";

TEST(NextRunTest, NineOClockAcrossBothDaylightSavingChangesOf2026) {
    const Schedule daily;  // 09:00 local

    EXPECT_EQ(*next_run(daily, kParis, utc(2026, 3, 27, 8)), utc(2026, 3, 28, 8));  // CET
    EXPECT_EQ(*next_run(daily, kParis, utc(2026, 3, 28, 8)), utc(2026, 3, 29, 7));  // CEST from the 29th
    EXPECT_EQ(*next_run(daily, kParis, utc(2026, 10, 24, 7)), utc(2026, 10, 25, 8));  // CET again
    EXPECT_EQ(*next_run(daily, kParis, utc(2026, 10, 25, 8)), utc(2026, 10, 26, 8));
}

TEST(NextRunTest, StrictlyAfterAndLaterTheSameDay) {
    const Schedule daily;

    EXPECT_EQ(*next_run(daily, kParis, utc(2026, 6, 1, 6, 59)), utc(2026, 6, 1, 7));
    EXPECT_EQ(*next_run(daily, kParis, utc(2026, 6, 1, 7)), utc(2026, 6, 2, 7));
}

TEST(NextRunTest, LocalTimesInTheGapOrTwiceInAutumn) {
    Schedule at_0230;
    at_0230.hour = 2;
    at_0230.minute = 30;

    // 02:30 does not exist on 29 March: the end of the gap, 03:00 CEST = 01:00Z.
    EXPECT_EQ(*next_run(at_0230, kParis, utc(2026, 3, 28, 12)), utc(2026, 3, 29, 1));
    // 02:30 happens twice on 25 October: the first, still CEST = 00:30Z.
    EXPECT_EQ(*next_run(at_0230, kParis, utc(2026, 10, 24, 12)), utc(2026, 10, 25, 0, 30));
}

TEST(NextRunTest, HolidayAndWeekendShiftGivesOneRunOnTheNextBusinessDay) {
    Schedule s;
    s.weekends = NonBusinessDays::Shift;
    s.holidays = NonBusinessDays::Shift;

    // Friday 1 May (holiday), Saturday 2, Sunday 3 all move to Monday 4 May 09:00 CEST: one run.
    EXPECT_EQ(*next_run(s, kParis, utc(2026, 4, 30, 7)), utc(2026, 5, 4, 7));
    EXPECT_EQ(*next_run(s, kParis, utc(2026, 5, 4, 7)), utc(2026, 5, 5, 7));
    // Easter Monday 6 April moves to Tuesday 7 April.
    EXPECT_EQ(*next_run(s, kParis, utc(2026, 4, 3, 7)), utc(2026, 4, 7, 7));
}

TEST(NextRunTest, SkippedHolidaysButWeekendsRun) {
    Schedule s;
    s.holidays = NonBusinessDays::Skip;

    EXPECT_EQ(*next_run(s, kParis, utc(2026, 4, 30, 7)), utc(2026, 5, 2, 7));  // Saturday 2 May
    EXPECT_EQ(*next_run(s, kParis, utc(2026, 5, 13, 7)), utc(2026, 5, 15, 7));  // skips Ascension
}

TEST(NextRunTest, CronExpressionWeekdaysAtHalfPastEight) {
    Schedule s;
    s.cron = *parse_cron("30 8 * * mon-fri");

    EXPECT_EQ(*next_run(s, kParis, utc(2026, 4, 10, 7)), utc(2026, 4, 13, 6, 30));  // Fri -> Mon
    EXPECT_EQ(*next_run(s, kParis, utc(2026, 4, 13, 6, 30)), utc(2026, 4, 14, 6, 30));
}

TEST(NextRunTest, CronStepsListsAndBothDayFields) {
    Schedule quarter;
    quarter.cron = *parse_cron("*/15 * * * *");
    EXPECT_EQ(*next_run(quarter, kParis, utc(2026, 1, 5, 10, 1)), utc(2026, 1, 5, 10, 15));

    Schedule both;  // the 1st of the month or any Monday (cron: either day field matches)
    both.cron = *parse_cron("0 9 1 * 1");
    EXPECT_EQ(*next_run(both, kParis, utc(2026, 1, 30, 12)), utc(2026, 2, 1, 8));  // Sunday 1 Feb
    EXPECT_EQ(*next_run(both, kParis, utc(2026, 2, 1, 8)), utc(2026, 2, 2, 8));    // Monday 2 Feb

    Schedule never;
    never.cron = *parse_cron("0 9 31 2 *");
    const auto none = next_run(never, kParis, utc(2026, 1, 1, 0));
    ASSERT_FALSE(none.has_value());
    EXPECT_EQ(none.error().code, ErrorCode::NotFound);
}

TEST(ParseCronTest, ErrorsNameTheField) {
    const auto bad_minute = parse_cron("61 9 * * *");
    ASSERT_FALSE(bad_minute.has_value());
    EXPECT_NE(bad_minute.error().message.find("cron minute '61'"), std::string::npos);
    const auto short_expr = parse_cron("0 9 * *");
    ASSERT_FALSE(short_expr.has_value());
    EXPECT_NE(short_expr.error().message.find("expected 5 fields"), std::string::npos);
    EXPECT_FALSE(parse_cron("0 9 * * fun").has_value());
    EXPECT_FALSE(parse_cron("0 9 * * 1/0").has_value());
    EXPECT_TRUE(parse_cron("0 9 * * 7").has_value());  // 7 is Sunday too
}

TEST(OnWakeTest, CatchUpAfterThreeDaysDownIsExactlyOnePass) {
    const Schedule daily;
    const auto last = utc(2026, 4, 6, 7);  // Monday's pass; the server then went down
    const auto back = utc(2026, 4, 9, 12);  // back on Thursday at 14:00 local

    const Wake first = *on_wake(daily, kParis, last, back);
    const Wake after_catch_up = *on_wake(daily, kParis, back, back + minutes{1});

    EXPECT_TRUE(first.run_now);
    EXPECT_FALSE(after_catch_up.run_now);
    EXPECT_EQ(after_catch_up.next, utc(2026, 4, 10, 7));
}

TEST(OnWakeTest, NothingMissedWaitsAndAFreshInstallDoesNotRunAtOnce) {
    const Schedule daily;

    const Wake same_day = *on_wake(daily, kParis, utc(2026, 4, 9, 7), utc(2026, 4, 9, 12));
    const Wake fresh = *on_wake(daily, kParis, std::nullopt, utc(2026, 4, 9, 12));

    EXPECT_FALSE(same_day.run_now);
    EXPECT_EQ(same_day.next, utc(2026, 4, 10, 7));
    EXPECT_FALSE(fresh.run_now);
    EXPECT_EQ(fresh.next, utc(2026, 4, 10, 7));
}

TEST(HolidaysTest, EasterAndTheFrenchPublicHolidays) {
    EXPECT_EQ(easter_sunday(2024), ymd(2024, 3, 31));
    EXPECT_EQ(easter_sunday(2025), ymd(2025, 4, 20));
    EXPECT_EQ(easter_sunday(2026), ymd(2026, 4, 5));
    EXPECT_EQ(easter_sunday(2027), ymd(2027, 3, 28));
    for (Date d : {ymd(2026, 1, 1), ymd(2026, 4, 6), ymd(2026, 5, 1), ymd(2026, 5, 8), ymd(2026, 5, 14),
                   ymd(2026, 5, 25), ymd(2026, 7, 14), ymd(2026, 8, 15), ymd(2026, 11, 1),
                   ymd(2026, 11, 11), ymd(2026, 12, 25)}) {
        EXPECT_TRUE(is_french_public_holiday(d)) << to_iso(d);
    }
    for (Date d : {ymd(2026, 4, 5), ymd(2026, 4, 7), ymd(2026, 5, 2), ymd(2026, 12, 24), ymd(2026, 12, 26)}) {
        EXPECT_FALSE(is_french_public_holiday(d)) << to_iso(d);
    }
}

}  // namespace
}  // namespace relance
