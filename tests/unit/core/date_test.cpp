// SPDX-License-Identifier: MIT
#include "core/time/date.h"

#include <gtest/gtest.h>

namespace relance {
namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;
using namespace std::chrono_literals;

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

sys_seconds utc(int y, unsigned m, unsigned d, int h, int min) {
    return sys_seconds{sys_days{ymd(y, m, d)}.time_since_epoch()} + std::chrono::hours{h} +
           std::chrono::minutes{min};
}

TEST(ParseDateTest, ReadsTheThreeLayouts) {
    EXPECT_EQ(*parse_date("2026-03-14", DateFormat::Iso), ymd(2026, 3, 14));
    EXPECT_EQ(*parse_date("14/03/2026", DateFormat::DayMonthYear), ymd(2026, 3, 14));
    EXPECT_EQ(*parse_date("3/14/2026", DateFormat::MonthDayYear), ymd(2026, 3, 14));
    EXPECT_EQ(*parse_date("1/2/2013", DateFormat::MonthDayYear), ymd(2013, 1, 2));
}

TEST(ParseDateTest, RejectsImpossibleAndMalformedDates) {
    EXPECT_FALSE(parse_date("2026-02-30", DateFormat::Iso).has_value());
    EXPECT_FALSE(parse_date("2025-02-29", DateFormat::Iso).has_value());
    EXPECT_TRUE(parse_date("2028-02-29", DateFormat::Iso).has_value());
    EXPECT_FALSE(parse_date("14/13/2026", DateFormat::DayMonthYear).has_value());
    EXPECT_FALSE(parse_date("2026/03/14", DateFormat::Iso).has_value());
    EXPECT_FALSE(parse_date("14/03/26", DateFormat::DayMonthYear).has_value());
    EXPECT_FALSE(parse_date("", DateFormat::Iso).has_value());
    EXPECT_FALSE(parse_date("2026-03-14x", DateFormat::Iso).has_value());
}

TEST(DaysBetweenTest, CountsCalendarDaysAcrossMonthsAndLeapDays) {
    EXPECT_EQ(days_between(ymd(2026, 3, 31), ymd(2026, 4, 8)), 8);
    EXPECT_EQ(days_between(ymd(2028, 2, 28), ymd(2028, 3, 1)), 2);
    EXPECT_EQ(days_between(ymd(2026, 4, 8), ymd(2026, 3, 31)), -8);
    EXPECT_EQ(add_days(ymd(2026, 12, 31), 1), ymd(2027, 1, 1));
}

// Case 05: a week across the spring and autumn clock changes is still 7 calendar days.
TEST(TodayInTest, DaysLateAcrossDaylightSavingChanges) {
    // 2026-03-29 09:00 in Paris is 07:00 UTC (summer time started that night).
    auto spring = today_in("Europe/Paris", utc(2026, 3, 29, 7, 0));
    ASSERT_TRUE(spring.has_value());
    EXPECT_EQ(days_between(ymd(2026, 3, 22), *spring), 7);
    // 2026-10-25 09:00 in Paris is 08:00 UTC (back to winter time).
    auto autumn = today_in("Europe/Paris", utc(2026, 10, 25, 8, 0));
    EXPECT_EQ(days_between(ymd(2026, 10, 18), *autumn), 7);
}

// Case 06: today is the company's date, not the server's.
TEST(TodayInTest, TodayIsTheCompanysCivilDate) {
    // 2026-06-08 00:30 in Paris (summer, UTC+2) is 2026-06-07 22:30 UTC.
    EXPECT_EQ(*today_in("Europe/Paris", utc(2026, 6, 7, 22, 30)), ymd(2026, 6, 8));
    // 2026-06-07 23:30 in Paris is 21:30 UTC.
    EXPECT_EQ(*today_in("Europe/Paris", utc(2026, 6, 7, 21, 30)), ymd(2026, 6, 7));
    // Winter, UTC+1: 2026-01-15 00:30 local is 2026-01-14 23:30 UTC.
    EXPECT_EQ(*today_in("Europe/Paris", utc(2026, 1, 14, 23, 30)), ymd(2026, 1, 15));
    EXPECT_EQ(*today_in("Pacific/Auckland", utc(2026, 3, 30, 12, 0)), ymd(2026, 3, 31));
    EXPECT_EQ(*today_in("America/Los_Angeles", utc(2026, 3, 31, 3, 0)), ymd(2026, 3, 30));
}

TEST(TodayInTest, UnknownZoneIsAnError) {
    auto r = today_in("Europe/Atlantis", utc(2026, 1, 1, 0, 0));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(r.error().message.find("Europe/Atlantis"), std::string::npos);
}

TEST(IsoInstantTest, WritesUtcToTheSecond) {
    // 1775120400 = 20545 days (2026-04-02) x 86400 + 32400 s (9 h).
    EXPECT_EQ(iso_instant(sys_seconds{std::chrono::seconds{1775120400}}), "2026-04-02T09:00:00Z");
    EXPECT_EQ(iso_instant(utc(2026, 1, 14, 23, 30)), "2026-01-14T23:30:00Z");
    EXPECT_EQ(iso_instant(sys_seconds{} - 1s), "1969-12-31T23:59:59Z");
}
}  // namespace
}  // namespace relance
