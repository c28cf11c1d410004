// SPDX-License-Identifier: MIT
// Works out, over a whole file, which decimal mark its amounts use and how its dates are laid
// out, from the values themselves. It never guesses: conflicting evidence, or dates that could be
// read both day-first and month-first, are errors that ask the user to say it in the config.
// Only the decision lives here; the values are parsed by core (parse_money, parse_date).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/money/money.h"
#include "core/time/date.h"

namespace relance::csv::detail {

/// What one amount says about the decimal mark.
enum class MarkEvidence {
    None,       // no mark between digits ("35", "-590")
    Comma,      // "35,00", "12,5", "1.234,56", "1.234.567", "0,125"
    Point,      // "35.00", "1,234.56", "1,234,567", "0.125"
    Ambiguous,  // one mark followed by exactly three digits: "1,234", "1.234"
};
[[nodiscard]] MarkEvidence classify_amount(std::string_view value);

/// What one date says about the layout.
enum class DateShape {
    None,        // not three numbers with a 4-digit year: left to parse_date to reject
    Iso,         // 2026-03-14
    DayFirst,    // 14/03/2026
    MonthFirst,  // 3/14/2026
    Ambiguous,   // 03/04/2026
    Symmetric,   // 03/03/2026: the same date either way
};
[[nodiscard]] DateShape classify_date(std::string_view value);

/// Drops a time of day after a date: "2026-03-14 10:00:00", "2026-03-14T10:00:00Z".
[[nodiscard]] std::string_view strip_time(std::string_view value);

class DecimalDetector {
public:
    void add(std::string_view value, int line);
    /// Comma or Point from the evidence; without any, `fallback`. Conflicting evidence is an error.
    [[nodiscard]] Result<DecimalMark> decide(DecimalMark fallback) const;

private:
    struct Example {
        int line = 0;
        std::string value;
    };
    std::optional<Example> comma_;
    std::optional<Example> point_;
};

class DateDetector {
public:
    void add(std::string_view value, int line);
    /// The layout all dates share; an error for mixed, conflicting or only ambiguous dates.
    [[nodiscard]] Result<DateFormat> decide() const;

private:
    struct Example {
        int line = 0;
        std::string value;
    };
    std::optional<Example> iso_, day_first_, month_first_, ambiguous_, symmetric_;
};

}  // namespace relance::csv::detail
