// SPDX-License-Identifier: MIT
// The rate table as a value: step-function lookups, half-year lookups that refuse a missing
// half-year (rules.md §5.2, §5.3), and the exact percent <-> basis-point conversions.
#include "core/penalty/rate_table.h"

#include <algorithm>
#include <cstdlib>

namespace relance {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

constexpr int kMaxRateBps = 100'000;  // 1000 %: anything larger is a typing error

}  // namespace

bool is_half_yearly(std::string_view kind) {
    return kind == rate_kind::kFrLegalIndividuals || kind == rate_kind::kFrLegalOther ||
           kind == rate_kind::kFrDefault || kind == rate_kind::kFrFloor ||
           kind == rate_kind::kDeBase || kind == rate_kind::kUkReference ||
           kind == rate_kind::kBeCommercial;
}

Date half_year_start(Date d) {
    return Date{d.year(), static_cast<unsigned>(d.month()) <= 6 ? month{1} : month{7}, day{1}};
}

Date next_half_year_start(Date d) {
    if (static_cast<unsigned>(d.month()) <= 6) return Date{d.year(), month{7}, day{1}};
    return Date{d.year() + std::chrono::years{1}, month{1}, day{1}};
}

std::string half_year_label(Date d) {
    return std::to_string(static_cast<int>(d.year())) +
           (static_cast<unsigned>(d.month()) <= 6 ? " H1" : " H2");
}

Result<int> parse_rate_percent(std::string_view text) {
    const auto bad = [&] {
        return fail(ErrorCode::InvalidInput,
                    "'" + std::string(text) +
                        "' is not a rate in percent such as 12.15 (at most two decimals)");
    };
    std::string_view s = text;
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    bool negative = false;
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        negative = s.front() == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) return bad();
    long long whole = 0;
    int decimals = -1;  // -1: no point seen
    int frac = 0;
    for (char c : s) {
        if (c == '.') {
            if (decimals >= 0) return bad();
            decimals = 0;
            continue;
        }
        if (c < '0' || c > '9') return bad();
        if (decimals < 0) {
            whole = whole * 10 + (c - '0');
            if (whole > kMaxRateBps) return bad();
        } else {
            if (++decimals > 2) return bad();
            frac = frac * 10 + (c - '0');
        }
    }
    if (s.front() == '.' || s.back() == '.') return bad();  // ".5", "12."
    if (decimals == 1) frac *= 10;
    const long long bps = whole * 100 + frac;
    if (bps > kMaxRateBps) return bad();
    return static_cast<int>(negative ? -bps : bps);
}

std::string rate_percent_text(int rate_bps) {
    const int mag = std::abs(rate_bps);
    std::string frac = std::to_string(mag % 100);
    if (frac.size() < 2) frac.insert(0, "0");
    return std::string(rate_bps < 0 ? "-" : "") + std::to_string(mag / 100) + "." + frac;
}

Result<RateTable> RateTable::from_entries(std::vector<RateEntry> entries) {
    std::vector<std::string> problems;
    RateTable t;
    for (const RateEntry& e : entries) {
        const std::string what = e.kind + " " + to_iso(e.effective_from);
        if (e.kind.empty()) {
            problems.push_back(to_iso(e.effective_from) + ": the kind is empty");
            continue;
        }
        if (!e.effective_from.ok()) {
            problems.push_back(e.kind + ": invalid date");
            continue;
        }
        if (std::abs(e.rate_bps) > kMaxRateBps) {
            problems.push_back(what + ": rate " + rate_percent_text(e.rate_bps) +
                               " % is out of range (at most 1000 %)");
        }
        if (is_half_yearly(e.kind) && half_year_start(e.effective_from) != e.effective_from) {
            problems.push_back(what + ": a half-yearly rate must take effect on 1 January or 1 July");
        }
        t.series_[e.kind].push_back(RateLookup{e.rate_bps, e.effective_from});
    }
    for (auto& [kind, rows] : t.series_) {
        std::sort(rows.begin(), rows.end(), [](const RateLookup& a, const RateLookup& b) {
            return a.effective_from < b.effective_from;
        });
        for (std::size_t i = 1; i < rows.size(); ++i) {
            if (rows[i].effective_from == rows[i - 1].effective_from) {
                problems.push_back(kind + " " + to_iso(rows[i].effective_from) +
                                   ": two rows for the same date");
            }
        }
        t.size_ += rows.size();
    }
    if (!problems.empty()) {
        std::string msg = "the rate table has " + std::to_string(problems.size()) + " problem(s):";
        for (const auto& p : problems) msg += "\n  " + p;
        return fail(ErrorCode::InvalidInput, msg);
    }
    return t;
}

Result<RateLookup> RateTable::in_force(std::string_view kind, Date day) const {
    const auto it = series_.find(kind);
    if (it == series_.end() || it->second.empty()) {
        return fail(ErrorCode::NotFound, "the rate table has no " + std::string(kind) + " rates");
    }
    const auto& rows = it->second;
    const auto after = std::upper_bound(
        rows.begin(), rows.end(), day,
        [](Date d, const RateLookup& row) { return d < row.effective_from; });
    if (after == rows.begin()) {
        return fail(ErrorCode::NotFound, "the rate table has no " + std::string(kind) +
                                             " rate in force on " + to_iso(day) +
                                             " (its first row is " +
                                             to_iso(rows.front().effective_from) + ")");
    }
    return *(after - 1);
}

Result<RateLookup> RateTable::for_half_year(std::string_view kind, Date day) const {
    const Date start = half_year_start(day);
    auto found = in_force(kind, start);
    if (found && found->effective_from == start) return found;
    const auto last = last_entry(kind);
    return fail(ErrorCode::NotFound,
                "the rate table has no " + std::string(kind) + " rate for " +
                    half_year_label(day) +
                    (last ? " (its last row is " + to_iso(*last) + ")" : std::string()) +
                    ": add it to the rate table; the previous half-year's rate is not carried "
                    "forward");
}

Result<RateLookup> RateTable::ecb_for_half_year(Date day) const {
    const Date start = half_year_start(day);
    const auto last = last_entry();
    if (!last || start > *last) {
        return fail(ErrorCode::NotFound,
                    "the ECB rate in force on " + to_iso(start) + " (" + half_year_label(day) +
                        ") is not known: the rate table ends on " +
                        (last ? to_iso(*last) : std::string("(empty)")) +
                        "; add the ECB decisions since then");
    }
    return in_force(rate_kind::kEcbMro, start);
}

std::optional<Date> RateTable::last_entry() const {
    std::optional<Date> out;
    for (const auto& [kind, rows] : series_) {
        if (!rows.empty() && (!out || rows.back().effective_from > *out)) {
            out = rows.back().effective_from;
        }
    }
    return out;
}

std::optional<Date> RateTable::last_entry(std::string_view kind) const {
    const auto it = series_.find(kind);
    if (it == series_.end() || it->second.empty()) return std::nullopt;
    return it->second.back().effective_from;
}

}  // namespace relance
