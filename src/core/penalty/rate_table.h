// SPDX-License-Identifier: MIT
// RateTable: the reference rates the penalty engine prices late days with (ECB MRO, French legal
// rates, German Basiszinssatz, UK reference rate ...), as a plain value. Each series is a step
// function: a rate applies from its effective date until the next row of the same kind
// (rules.md §5.3). Rates are integer basis points (1 bp = 0.01 %), never doubles.
//
// Must not: read files or know the CSV layout (adapters/rates parses it and builds this value),
// carry a half-yearly rate forward into a half-year the table does not have (rules.md §5.2, §5.3:
// "a missing half-year MUST be an error").
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/time/date.h"

namespace relance {

/// Series names, as in the `kind` column of rates.csv (rules.md §5.3).
namespace rate_kind {
inline constexpr std::string_view kEcbMro = "ecb_mro";  // by effective date, any day
inline constexpr std::string_view kFrLegalIndividuals = "fr_interet_legal_particuliers";
inline constexpr std::string_view kFrLegalOther = "fr_interet_legal_autres_cas";
inline constexpr std::string_view kFrDefault = "fr_l441_10_default_rate";  // derived: ECB + 10
inline constexpr std::string_view kFrFloor = "fr_l441_10_contract_floor";  // derived: 3 x legal
inline constexpr std::string_view kDeBase = "de_basiszinssatz";            // § 247 BGB
inline constexpr std::string_view kUkReference = "uk_late_payment_reference_rate";
inline constexpr std::string_view kBeCommercial = "be_commercial_rate";
}  // namespace rate_kind

/// True for the kinds published once per half-year (every kind above but ecb_mro): their rows
/// must be dated 1 January or 1 July, and a half-year without a row has no rate.
[[nodiscard]] bool is_half_yearly(std::string_view kind);

/// First day of the half-year holding `day` (1 January or 1 July).
[[nodiscard]] Date half_year_start(Date day);
/// First day of the next half-year.
[[nodiscard]] Date next_half_year_start(Date day);
/// "2026 H1", "2026 H2".
[[nodiscard]] std::string half_year_label(Date day);

/// "12.15", "-0.88", "10", "7.5" (percent, at most two decimals, optional sign) -> basis points.
/// More decimals, a comma, a '%' or anything else is InvalidInput: never rounded silently.
[[nodiscard]] Result<int> parse_rate_percent(std::string_view text);
/// Basis points as a plain percent with two decimals: 1215 -> "12.15", -88 -> "-0.88".
[[nodiscard]] std::string rate_percent_text(int rate_bps);

/// One row of the table.
struct RateEntry {
    std::string kind;
    Date effective_from{};
    int rate_bps = 0;
};

/// A rate looked up, with the row it comes from (for the step-by-step breakdown).
struct RateLookup {
    int rate_bps = 0;
    Date effective_from{};  // the row's date
};

class RateTable {
public:
    /// Rows in any order. InvalidInput, listing every problem: an empty kind, two rows of one
    /// kind on the same date, a half-yearly row not dated 1 Jan / 1 Jul, a rate beyond ±1000 %.
    [[nodiscard]] static Result<RateTable> from_entries(std::vector<RateEntry> entries);

    /// The step function: the latest row of `kind` on or before `day`. NotFound when the table
    /// has no such kind, or `day` is before its first row.
    [[nodiscard]] Result<RateLookup> in_force(std::string_view kind, Date day) const;
    /// The row of a half-yearly `kind` for the half-year holding `day`. NotFound when the table
    /// has no row for that very half-year: the previous one is never carried forward.
    [[nodiscard]] Result<RateLookup> for_half_year(std::string_view kind, Date day) const;
    /// The ECB MRO rate in force on the first day of the half-year holding `day` (L441-10 II,
    /// FR-PEN-03; Directive 2011/7 art. 2(7)). NotFound when that first day is after the table's
    /// last entry: the table cannot know the decisions taken since it was last updated.
    [[nodiscard]] Result<RateLookup> ecb_for_half_year(Date day) const;

    /// The latest effective date of any row (shown with every computation), none when empty.
    [[nodiscard]] std::optional<Date> last_entry() const;
    /// The latest effective date of one kind.
    [[nodiscard]] std::optional<Date> last_entry(std::string_view kind) const;
    [[nodiscard]] std::size_t size() const { return size_; }
    /// Kind -> rows sorted by date.
    [[nodiscard]] const std::map<std::string, std::vector<RateLookup>, std::less<>>& series() const {
        return series_;
    }

private:
    std::map<std::string, std::vector<RateLookup>, std::less<>> series_;
    std::size_t size_ = 0;
};

}  // namespace relance
