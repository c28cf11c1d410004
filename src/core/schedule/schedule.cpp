// SPDX-License-Identifier: MIT
#include "core/schedule/schedule.h"

#include <date/tz.h>

#include <array>
#include <vector>

namespace relance {
namespace {

using std::chrono::sys_days;
using std::chrono::sys_seconds;

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = s.find(sep, start);
        out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                       "jul", "aug", "sep", "oct", "nov", "dec"};
constexpr std::array<std::string_view, 7> kDays = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

// A number or (for months and days of the week) a three-letter English name.
std::optional<int> value_of(std::string_view t, int field) {
    if (t.empty()) return std::nullopt;
    if (t.size() == 3 && (field == 3 || field == 4)) {
        std::string lower;
        for (char c : t) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        if (field == 3) {
            for (std::size_t i = 0; i < kMonths.size(); ++i)
                if (kMonths[i] == lower) return static_cast<int>(i) + 1;
        } else {
            for (std::size_t i = 0; i < kDays.size(); ++i)
                if (kDays[i] == lower) return static_cast<int>(i);
        }
        return std::nullopt;
    }
    int v = 0;
    for (char c : t) {
        if (c < '0' || c > '9' || v > 1000) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

// Sets the bits of one field ("*/15", "1-5", "mon,wed,fri") in [lo, hi].
template <std::size_t N>
Status parse_field(std::string_view text, int field, int lo, int hi, std::bitset<N>& bits, bool& any) {
    static constexpr std::array<const char*, 5> kNames = {"minute", "hour", "day of month", "month",
                                                         "day of week"};
    const auto bad = [&](const std::string& why) {
        return fail(ErrorCode::InvalidInput, std::string("cron ") + kNames[static_cast<std::size_t>(field)] +
                                                 " '" + std::string(text) + "': " + why);
    };
    any = text == "*";
    for (std::string_view item : split(text, ',')) {
        int step = 1;
        if (const auto slash = item.find('/'); slash != std::string_view::npos) {
            const auto s = value_of(item.substr(slash + 1), 0);
            if (!s || *s < 1) return bad("the step after '/' must be a whole number from 1");
            step = *s;
            item = item.substr(0, slash);
        }
        int from = lo;
        int to = hi;
        if (item != "*") {
            const auto dash = item.find('-');
            const auto a = value_of(item.substr(0, dash), field);
            const auto b = dash == std::string_view::npos ? a : value_of(item.substr(dash + 1), field);
            if (!a || !b) return bad("expected a number, a range a-b, * or a list");
            from = *a;
            to = *b;
            if (dash == std::string_view::npos && step > 1) to = hi;  // "5/10" = from 5 every 10
        }
        const int top = field == 4 ? 7 : hi;
        if (from < lo || to > top || from > to) {
            return bad("values must be from " + std::to_string(lo) + " to " + std::to_string(hi));
        }
        for (int v = from; v <= to; v += step) bits.set(static_cast<std::size_t>(field == 4 ? v % 7 : v));
    }
    return ok();
}

const date::time_zone* zone_of(std::string_view zone) {
    try {
        return date::locate_zone(zone);
    } catch (const std::exception&) {
        return nullptr;
    }
}

bool is_weekend(Date d) {
    const std::chrono::weekday wd{sys_days{d}};
    return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

bool excluded(const Schedule& s, Date d, NonBusinessDays rule) {
    return (s.weekends == rule && is_weekend(d)) || (s.holidays == rule && is_french_public_holiday(d));
}

bool business_day(const Schedule& s, Date d) {
    return !(s.weekends != NonBusinessDays::Run && is_weekend(d)) &&
           !(s.holidays != NonBusinessDays::Run && is_french_public_holiday(d));
}

// The local times (minutes after midnight) the schedule names on day `d`, before exclusions.
std::vector<int> times_on(const Schedule& s, Date d) {
    std::vector<int> out;
    if (!s.cron) {
        out.push_back(s.hour * 60 + s.minute);
        return out;
    }
    const CronExpr& c = *s.cron;
    const unsigned dom = static_cast<unsigned>(d.day());
    const unsigned mon = static_cast<unsigned>(d.month());
    const unsigned dow = std::chrono::weekday{sys_days{d}}.c_encoding();
    if (!c.months.test(mon)) return out;
    // Vixie cron: when both day fields are restricted, either may match.
    const bool dom_ok = c.days_of_month.test(dom);
    const bool dow_ok = c.days_of_week.test(dow);
    const bool day_ok = c.any_day_of_month && c.any_day_of_week ? true
                        : c.any_day_of_month                    ? dow_ok
                        : c.any_day_of_week                     ? dom_ok
                                                                : (dom_ok || dow_ok);
    if (!day_ok) return out;
    for (int h = 0; h < 24; ++h) {
        if (!c.hours.test(static_cast<std::size_t>(h))) continue;
        for (int m = 0; m < 60; ++m) {
            if (c.minutes.test(static_cast<std::size_t>(m))) out.push_back(h * 60 + m);
        }
    }
    return out;
}

sys_seconds to_instant(const date::time_zone& tz, Date d, int minutes) {
    const date::local_seconds local{sys_days{d}.time_since_epoch() + std::chrono::minutes{minutes}};
    // Ambiguous (autumn): the first of the two; nonexistent (spring gap): the end of the gap.
    return date::floor<std::chrono::seconds>(tz.to_sys(local, date::choose::earliest));
}

}  // namespace

Result<CronExpr> parse_cron(std::string_view text) {
    std::vector<std::string_view> fields;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t') ++i;
        if (i > start) fields.push_back(text.substr(start, i - start));
    }
    if (fields.size() != 5) {
        return fail(ErrorCode::InvalidInput,
                    "cron '" + std::string(text) +
                        "': expected 5 fields (minute hour day-of-month month day-of-week), e.g. \"0 9 * * 1-5\"");
    }
    CronExpr c;
    bool any = false;
    if (auto s = parse_field(fields[0], 0, 0, 59, c.minutes, any); !s) return unexpected(std::move(s).error());
    if (auto s = parse_field(fields[1], 1, 0, 23, c.hours, any); !s) return unexpected(std::move(s).error());
    if (auto s = parse_field(fields[2], 2, 1, 31, c.days_of_month, c.any_day_of_month); !s) {
        return unexpected(std::move(s).error());
    }
    if (auto s = parse_field(fields[3], 3, 1, 12, c.months, any); !s) return unexpected(std::move(s).error());
    if (auto s = parse_field(fields[4], 4, 0, 6, c.days_of_week, c.any_day_of_week); !s) {
        return unexpected(std::move(s).error());
    }
    return c;
}

Date easter_sunday(int y) {
    const int a = y % 19;
    const int b = y / 100;
    const int c = y % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = ((h + l - 7 * m + 114) % 31) + 1;
    return Date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(month)},
                std::chrono::day{static_cast<unsigned>(day)}};
}

bool is_french_public_holiday(Date d) {
    const unsigned m = static_cast<unsigned>(d.month());
    const unsigned day = static_cast<unsigned>(d.day());
    static constexpr std::array<std::pair<unsigned, unsigned>, 8> kFixed = {
        {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}}};
    for (const auto& [fm, fd] : kFixed) {
        if (m == fm && day == fd) return true;
    }
    const sys_days easter{easter_sunday(static_cast<int>(d.year()))};
    const sys_days today{d};
    for (int offset : {1, 39, 50}) {  // Easter Monday, Ascension Thursday, Whit Monday
        if (today == easter + std::chrono::days{offset}) return true;
    }
    return false;
}

Result<sys_seconds> next_run(const Schedule& s, std::string_view zone, sys_seconds after) {
    const date::time_zone* tz = zone_of(zone);
    if (tz == nullptr) {
        return fail(ErrorCode::InvalidInput, "unknown time zone '" + std::string(zone) + "'");
    }
    if (!s.cron && (s.hour < 0 || s.hour > 23 || s.minute < 0 || s.minute > 59)) {
        return fail(ErrorCode::InvalidInput, "the daily time must be from 00:00 to 23:59");
    }
    const auto local_after = tz->to_local(after);
    const Date first{sys_days{date::floor<date::days>(local_after).time_since_epoch()}};
    std::optional<sys_seconds> best;
    std::optional<Date> best_day;
    // Start a few days back: runs of earlier weekends or holidays may be shifted to today.
    for (int k = -7; k < 400; ++k) {
        const Date d = add_days(first, k);
        if (best_day && sys_days{d} > sys_days{*best_day}) break;
        const std::vector<int> times = times_on(s, d);
        if (times.empty() || excluded(s, d, NonBusinessDays::Skip)) continue;
        Date target = d;
        if (excluded(s, d, NonBusinessDays::Shift)) {
            do {
                target = add_days(target, 1);
            } while (!business_day(s, target));
        }
        for (int t : times) {
            const sys_seconds at = to_instant(*tz, target, t);
            if (at > after && (!best || at < *best)) {
                best = at;
                best_day = target;
            }
        }
    }
    if (!best) return fail(ErrorCode::NotFound, "the schedule never runs in the next 400 days");
    return *best;
}

Result<Wake> on_wake(const Schedule& s, std::string_view zone, std::optional<sys_seconds> last_start,
                     sys_seconds now) {
    if (last_start) {
        auto due = next_run(s, zone, *last_start);
        if (!due) return unexpected(std::move(due).error());
        if (*due <= now) return Wake{true, now};
    }
    auto next = next_run(s, zone, now);
    if (!next) return unexpected(std::move(next).error());
    return Wake{false, *next};
}

}  // namespace relance
