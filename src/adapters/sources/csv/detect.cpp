// SPDX-License-Identifier: MIT
#include "adapters/sources/csv/detect.h"

#include <array>

namespace relance::csv::detail {
namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

std::string quoted(const std::string& value, int line) {
    return "'" + value + "' (line " + std::to_string(line) + ")";
}

}  // namespace

MarkEvidence classify_amount(std::string_view v) {
    // Marks with a digit on both sides; anything else (currency signs, spaces) is not a mark.
    std::size_t last = std::string_view::npos;
    bool earlier_comma = false;
    bool earlier_point = false;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
        const char c = v[i];
        if ((c == ',' || c == '.') && is_digit(v[i - 1]) && is_digit(v[i + 1])) {
            if (last != std::string_view::npos)
                (v[last] == ',' ? earlier_comma : earlier_point) = true;
            last = i;
        }
    }
    if (last == std::string_view::npos) return MarkEvidence::None;
    const bool comma = v[last] == ',';
    const MarkEvidence same = comma ? MarkEvidence::Comma : MarkEvidence::Point;
    const MarkEvidence other = comma ? MarkEvidence::Point : MarkEvidence::Comma;
    // Another kind of mark before the last one: the last one is the decimal mark ("1.234,56").
    if (comma ? earlier_point : earlier_comma) return same;
    // The same mark twice: it groups thousands ("1,234,567"), so the other one is the decimal.
    if (comma ? earlier_comma : earlier_point) return other;
    std::size_t after = 0;
    while (last + 1 + after < v.size() && is_digit(v[last + 1 + after]))
        ++after;
    if (after == 1 || after == 2) return same;
    if (after != 3)
        return MarkEvidence::None;  // "1,2345": no reading makes sense; parse rejects it
    // "0,125": a thousands group never follows a lone zero.
    std::size_t before = 0;
    while (before < last && is_digit(v[last - 1 - before]))
        ++before;
    if (before == 1 && v[last - 1] == '0') return same;
    return MarkEvidence::Ambiguous;
}

std::string_view strip_time(std::string_view value) {
    std::size_t cut = 8;  // no date is shorter than 8 characters (3/4/2026)
    while (cut < value.size() && value[cut] != ' ' && value[cut] != 'T')
        ++cut;
    if (cut >= value.size()) return value;
    const std::string_view rest = value.substr(cut + 1);
    // A time starts with h:mm or hh:mm.
    if (rest.size() >= 4 && is_digit(rest[0]) &&
        (rest[1] == ':' || (is_digit(rest[1]) && rest.size() >= 5 && rest[2] == ':'))) {
        return value.substr(0, cut);
    }
    return value;
}

DateShape classify_date(std::string_view value) {
    std::string_view v = strip_time(value);
    while (!v.empty() && v.front() == ' ')
        v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ')
        v.remove_suffix(1);
    std::array<std::size_t, 3> width{};
    std::array<int, 3> num{};
    std::size_t i = 0;
    char sep = 0;
    for (std::size_t part = 0; part < 3; ++part) {
        const std::size_t start = i;
        while (i < v.size() && is_digit(v[i]) && i - start < 5) {
            num[part] = num[part] * 10 + (v[i] - '0');
            ++i;
        }
        width[part] = i - start;
        if (width[part] == 0) return DateShape::None;
        if (part < 2) {
            if (i >= v.size() || (v[i] != '-' && v[i] != '/' && v[i] != '.'))
                return DateShape::None;
            if (sep != 0 && v[i] != sep) return DateShape::None;
            sep = v[i++];
        }
    }
    if (i != v.size()) return DateShape::None;
    if (width[0] == 4) return DateShape::Iso;
    if (width[2] != 4 || width[0] > 2 || width[1] > 2) return DateShape::None;
    const int a = num[0];
    const int b = num[1];
    if (a > 12 && b <= 12) return DateShape::DayFirst;
    if (b > 12 && a <= 12) return DateShape::MonthFirst;
    if (a > 12 || b > 12) return DateShape::None;  // both above 12: no layout fits
    return a == b ? DateShape::Symmetric : DateShape::Ambiguous;
}

void DecimalDetector::add(std::string_view value, int line) {
    switch (classify_amount(value)) {
        case MarkEvidence::Comma:
            if (!comma_) comma_ = Example{line, std::string(value)};
            break;
        case MarkEvidence::Point:
            if (!point_) point_ = Example{line, std::string(value)};
            break;
        case MarkEvidence::None:
        case MarkEvidence::Ambiguous:
            break;
    }
}

Result<DecimalMark> DecimalDetector::decide(DecimalMark fallback) const {
    if (comma_ && point_) {
        return fail(ErrorCode::InvalidInput,
                    "amounts use both a decimal comma, as in " +
                        quoted(comma_->value, comma_->line) + ", and a decimal point, as in " +
                        quoted(point_->value, point_->line) +
                        "; set decimal = \",\" or decimal = \".\" in the config");
    }
    if (comma_) return DecimalMark::Comma;
    if (point_) return DecimalMark::Point;
    return fallback;
}

void DateDetector::add(std::string_view value, int line) {
    std::optional<Example>* slot = nullptr;
    switch (classify_date(value)) {
        case DateShape::Iso:
            slot = &iso_;
            break;
        case DateShape::DayFirst:
            slot = &day_first_;
            break;
        case DateShape::MonthFirst:
            slot = &month_first_;
            break;
        case DateShape::Ambiguous:
            slot = &ambiguous_;
            break;
        case DateShape::Symmetric:
            slot = &symmetric_;
            break;
        case DateShape::None:
            return;
    }
    if (!*slot) *slot = Example{line, std::string(value)};
}

Result<DateFormat> DateDetector::decide() const {
    const std::optional<Example>* non_iso = day_first_     ? &day_first_
                                            : month_first_ ? &month_first_
                                            : ambiguous_   ? &ambiguous_
                                                           : &symmetric_;
    if (iso_ && *non_iso) {
        return fail(ErrorCode::InvalidInput, "dates are written in two layouts, " +
                                                 quoted(iso_->value, iso_->line) + " and " +
                                                 quoted((*non_iso)->value, (*non_iso)->line) +
                                                 "; export them all in one layout");
    }
    if (day_first_ && month_first_) {
        return fail(ErrorCode::InvalidInput, "dates are both day-first, as in " +
                                                 quoted(day_first_->value, day_first_->line) +
                                                 ", and month-first, as in " +
                                                 quoted(month_first_->value, month_first_->line) +
                                                 "; export them all in one layout");
    }
    if (day_first_) return DateFormat::DayMonthYear;
    if (month_first_) return DateFormat::MonthDayYear;
    if (ambiguous_) {
        return fail(ErrorCode::InvalidInput,
                    "dates are ambiguous: " + quoted(ambiguous_->value, ambiguous_->line) +
                        " and every other date in the file could be day-first or month-first; set "
                        "date_format = \"dmy\" or \"mdy\" in the config");
    }
    if (symmetric_) return DateFormat::DayMonthYear;  // 03/03/2026 reads the same either way
    return DateFormat::Iso;
}

}  // namespace relance::csv::detail
