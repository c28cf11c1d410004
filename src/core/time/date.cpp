// SPDX-License-Identifier: MIT
#include "core/time/date.h"

#include <date/tz.h>

#include <array>
#include <exception>

namespace relance {
namespace {

// Reads 1..max_digits digits at s[pos]; advances pos.
bool read_number(std::string_view s, std::size_t& pos, std::size_t max_digits, int& out) {
    std::size_t start = pos;
    out = 0;
    while (pos < s.size() && pos - start < max_digits && s[pos] >= '0' && s[pos] <= '9') {
        out = out * 10 + (s[pos] - '0');
        ++pos;
    }
    return pos > start;
}

Unexpected bad_date(std::string_view text, const char* expected) {
    return fail(ErrorCode::InvalidInput,
                "date '" + std::string(text) + "' is not valid (expected " + expected + ")");
}

}  // namespace

Result<Date> parse_date(std::string_view text, DateFormat format) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    const char* expected = format == DateFormat::Iso            ? "YYYY-MM-DD"
                           : format == DateFormat::DayMonthYear ? "DD/MM/YYYY"
                                                                : "M/D/YYYY";
    std::array<int, 3> parts{};
    std::array<std::size_t, 3> widths{};
    std::size_t pos = 0;
    char sep = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        const std::size_t max = (format == DateFormat::Iso && i == 0) || (format != DateFormat::Iso && i == 2) ? 4 : 2;
        const std::size_t start = pos;
        if (!read_number(text, pos, max, parts[i])) return bad_date(text, expected);
        widths[i] = pos - start;
        if (i < 2) {
            if (pos >= text.size()) return bad_date(text, expected);
            const char c = text[pos];
            if (c != '-' && c != '/' && c != '.') return bad_date(text, expected);
            if (sep != 0 && c != sep) return bad_date(text, expected);
            sep = c;
            ++pos;
        }
    }
    if (pos != text.size()) return bad_date(text, expected);
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    switch (format) {
        case DateFormat::Iso:
            if (widths[0] != 4 || sep != '-') return bad_date(text, expected);
            y = parts[0], m = static_cast<unsigned>(parts[1]), d = static_cast<unsigned>(parts[2]);
            break;
        case DateFormat::DayMonthYear:
            if (widths[2] != 4) return bad_date(text, expected);
            d = static_cast<unsigned>(parts[0]), m = static_cast<unsigned>(parts[1]), y = parts[2];
            break;
        case DateFormat::MonthDayYear:
            if (widths[2] != 4) return bad_date(text, expected);
            m = static_cast<unsigned>(parts[0]), d = static_cast<unsigned>(parts[1]), y = parts[2];
            break;
    }
    const Date date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    if (!date.ok() || y < 1900 || y > 2199) {
        return fail(ErrorCode::InvalidInput, "date '" + std::string(text) + "' does not exist");
    }
    return date;
}

std::string to_iso(Date d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buf;
}

std::string iso_instant(std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const std::chrono::hh_mm_ss hms{t - day};
    const auto two = [](long v) {
        return std::string{static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
    };
    return to_iso(Date{day}) + "T" + two(hms.hours().count()) + ":" + two(hms.minutes().count()) + ":" +
           two(hms.seconds().count()) + "Z";
}

Result<Date> today_in(std::string_view zone, std::chrono::sys_seconds now) {
    try {
        const auto* tz = date::locate_zone(zone);
        const auto local = tz->to_local(now);
        const auto local_day = date::floor<date::days>(local);
        return Date{std::chrono::sys_days{local_day.time_since_epoch()}};
    } catch (const std::exception&) {
        return fail(ErrorCode::InvalidInput,
                    "unknown time zone '" + std::string(zone) + "' (expected an IANA name such as Europe/Paris)");
    }
}

Status check_zone(std::string_view zone) {
    auto r = today_in(zone, std::chrono::sys_seconds{});
    if (!r) return unexpected(std::move(r).error());
    return ok();
}

}  // namespace relance
