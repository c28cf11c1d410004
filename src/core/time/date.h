// SPDX-License-Identifier: MIT
// Civil dates. A due date is a calendar date, never an instant: it is never shifted through a
// time zone. "Today" is the company's civil date, computed from an instant and an IANA zone that
// the caller passes in (no clock, no TZ environment variable here).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/error.h"

namespace relance {

using Date = std::chrono::year_month_day;

/// How a text date is written. Ambiguous layouts are never guessed: the caller says which.
enum class DateFormat {
    Iso,           // 2026-03-14
    DayMonthYear,  // 14/03/2026, 14.03.2026, 14-03-2026
    MonthDayYear,  // 3/14/2026 (US)
};

[[nodiscard]] Result<Date> parse_date(std::string_view text, DateFormat format);
[[nodiscard]] inline Result<Date> parse_iso_date(std::string_view text) {
    return parse_date(text, DateFormat::Iso);
}
/// "2026-03-14".
[[nodiscard]] std::string to_iso(Date d);
/// An instant in UTC, to the second: "2026-03-14T08:30:00Z" (RFC 3339).
[[nodiscard]] std::string iso_instant(std::chrono::sys_seconds t);

/// Calendar days from `from` to `to` (negative when `to` is earlier).
[[nodiscard]] inline int days_between(Date from, Date to) {
    return static_cast<int>((std::chrono::sys_days{to} - std::chrono::sys_days{from}).count());
}
[[nodiscard]] inline Date add_days(Date d, int n) {
    return Date{std::chrono::sys_days{d} + std::chrono::days{n}};
}

/// The civil date in `zone` (IANA name, e.g. "Europe/Paris") at the instant `now`.
[[nodiscard]] Result<Date> today_in(std::string_view zone, std::chrono::sys_seconds now);
/// Whether `zone` names a time zone in the system's tz database.
[[nodiscard]] Status check_zone(std::string_view zone);

}  // namespace relance
