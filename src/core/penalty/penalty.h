// SPDX-License-Identifier: MIT
// The late-payment penalty engine: simple interest per day on the amount still owed incl. VAT,
// from the day after the start date up to and including the computation (or payment) date, at
// the rate of each half-year, plus the fixed recovery indemnity. Rules and figures: rules.md §0
// (conventions), §1 (FR-PEN-01..07, France B2B, L441-10 II), §2 (FR-IND-01..07, the 40 €),
// §4 (FR-B2C-01..05, consumers), §8 (DE, UK and Directive 2011/7/EU presets).
//
// Exactness: amounts are int64 minor units, rates integer basis points; every daily accrual is
// summed exactly as a fraction (__int128 numerator) and rounded ONCE, half-up, to the minor unit
// (rules.md §0 "Rounding"). Never compounded: interest is computed on the principal only.
//
// Must not: read the clock, files or the environment (the caller passes the date and the rate
// table), log, or clamp a rate to the legal floor (FR-PEN-04b: the floor binds contracts only).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/money/money.h"
#include "core/penalty/rate_table.h"
#include "core/time/date.h"

namespace relance {

/// Which law prices the delay (rules.md §8 presets).
enum class Jurisdiction {
    France,         // FR: L441-10 II (B2B), Code civil 1231-6 (B2C)
    Germany,        // DE: § 288 BGB, Basiszinssatz + 9 (B2B) / + 5 (B2C)
    UnitedKingdom,  // UK: Late Payment of Commercial Debts (Interest) Act 1998, reference + 8
    EuDirective,    // EU: Directive 2011/7/EU default, ECB + 8
};
/// "FR", "DE", "UK", "EU".
[[nodiscard]] std::string_view to_string(Jurisdiction j);
/// "FR", "DE", "UK" (or "GB"), "EU", any case.
[[nodiscard]] Result<Jurisdiction> parse_jurisdiction(std::string_view text);

/// France: which half-year's rate prices a day (FR-PEN-03 reading A, the default; FR-PEN-03b
/// reading B behind a flag). DE and the EU preset always use the rate of each half-year; the
/// UK always fixes the rate at the start (Rate of Interest (No. 3) Order 2002, art. 4).
enum class HalfYearMode {
    PerHalfYear,   // reading A: each day at the rate of its own half-year
    FixedAtStart,  // reading B: the rate of the half-year in which the delay began
};

/// Year basis of the daily rate (rules.md §0 "Year basis"): 365, or the actual days of the year
/// of each day (366 in leap years).
enum class DayCount { Days365, Actual };

/// Who the creditor is; picks the French legal-rate category for consumer debts (FR-B2C-02).
enum class CreditorKind {
    Business,    // "tous les autres cas" (any company): 2.62 % in 2026 H1
    Individual,  // a natural person not acting for professional needs: 6.67 % in 2026 H1
};

/// The B2B rate: the law's default, or what the terms of sale say (FR-PEN-04).
enum class RateBasis {
    Statutory,        // the jurisdiction's default (FR: ECB + 10 points, FR-PEN-02)
    ThreeTimesLegal,  // FR only: "3 fois le taux d'intérêt légal" ("autres cas"), each half-year
    Contractual,      // a fixed contractual rate
};

struct RateRule {
    RateBasis basis = RateBasis::Statutory;
    int contractual_bps = 0;  // Contractual only

    friend bool operator==(const RateRule&, const RateRule&) = default;
};
/// "statutory", "3x_legal" or a percent such as "12.00" (the config's spelling).
[[nodiscard]] Result<RateRule> parse_rate_rule(std::string_view text);
/// The config's spelling of `rule`.
[[nodiscard]] std::string to_string(const RateRule& rule);

/// How one creditor prices late payment.
struct PenaltyTerms {
    Jurisdiction jurisdiction = Jurisdiction::France;
    RateRule rate;  // applies to business debtors; consumers always get the statutory rate
    HalfYearMode half_year = HalfYearMode::PerHalfYear;
    DayCount day_count = DayCount::Days365;
    CreditorKind creditor = CreditorKind::Business;
};

/// A payment (or credit) placed at the creditor's disposal on `on` (rules.md §0 "Payment date").
/// It reduces the balance from the next day: the day of payment still bears interest (TV5).
struct Payment {
    Date on{};
    Money amount;
};

/// One late invoice to price.
struct PenaltyCase {
    Money principal;  // amount owed incl. VAT on the due date (total less credit notes)
    Date due_date{};
    CustomerType debtor = CustomerType::B2B;
    std::vector<Payment> payments;       // any order; those after `on` are ignored
    std::optional<Date> formal_notice;   // FR B2C: sending date of the mise en demeure (FR-B2C-04)
    std::optional<Date> start_override;  // when default begins later than the due date (DE: a
                                         // Mahnung, § 286 BGB); interest runs from the next day
    Date on{};                           // computation date, counted (inclusive)
};

/// Where a segment's rate comes from, for the step-by-step display.
struct RateOrigin {
    std::string kind;        // rate_kind::kEcbMro ...; empty for a contractual rate
    Date effective_from{};   // the table row used
    int reference_bps = 0;   // the row's rate
    int multiplier = 1;      // 3 for "3 x the legal rate"
    int margin_bps = 0;      // + 10 points (FR), + 9 (DE B2B), + 8 (UK, EU) ...
};

/// Days with one balance, one rate and one year basis.
struct PenaltySegment {
    Date from{};  // first day counted
    Date to{};    // last day counted (inclusive)
    int days = 0;
    Money balance;
    int rate_bps = 0;
    int year_days = 365;
    RateOrigin origin;
    Money amount;  // this segment alone, rounded half-up: for display; the total is rounded once
};

struct PenaltyBreakdown {
    Jurisdiction jurisdiction = Jurisdiction::France;
    CustomerType debtor = CustomerType::B2B;
    std::string rate_rule;       // legal basis of the rate, one line
    std::string indemnity_rule;  // legal basis of the indemnity; empty when none is due
    Date start{};                // interest runs from the day after (due date, notice ...)
    Date end{};                  // last day counted: the computation date or the final payment
    int days = 0;                // days counted (sum of the segments)
    std::vector<PenaltySegment> segments;
    Money interest;   // exact sum of the daily accruals, rounded once, half-up
    Money indemnity;  // fixed recovery indemnity, once per invoice (FR-IND-03)
    std::vector<std::string> warnings;  // compliance problems (FR-PEN-04 floor)
    std::vector<std::string> notes;     // why nothing or less is due, assumptions made

    /// interest + indemnity.
    [[nodiscard]] Money total() const {
        return Money{interest.minor() + indemnity.minor(), interest.currency()};
    }
    /// The rate of the last segment (the one in force on `end`); 0 without segments.
    [[nodiscard]] int current_rate_bps() const {
        return segments.empty() ? 0 : segments.back().rate_bps;
    }
};

/// Prices one case. InvalidInput for inconsistent input (currencies, a negative principal, a
/// rule the jurisdiction does not know); NotFound when the table lacks a rate a day needs (a
/// missing half-year is never filled in, rules.md §5.2).
[[nodiscard]] Result<PenaltyBreakdown> compute_penalty(const PenaltyCase& c,
                                                       const PenaltyTerms& terms,
                                                       const RateTable& rates);

/// What a company configured: its terms, per-customer rate overrides and the rate table.
struct PenaltySetup {
    PenaltyTerms terms;
    std::map<std::string, RateRule, std::less<>> customer_rates;  // customer id -> its contract
    RateTable rates;

    /// The company's terms with the customer's own rate when it has one.
    [[nodiscard]] PenaltyTerms terms_for(const Customer& customer) const;
};

/// The case for an invoice known by its totals only: the principal is total less credit notes,
/// and `invoice.paid` (whose dates the sources do not give) is counted as paid by the due date,
/// the lowest claim. The note saying so is added by invoice_penalty().
[[nodiscard]] PenaltyCase case_for(const Invoice& invoice, const Customer& customer, Date on,
                                   std::optional<Date> formal_notice);

/// compute_penalty(case_for(...), setup.terms_for(customer), setup.rates), with a note when a
/// payment of unknown date was counted. InvalidInput when the invoice has no due date.
[[nodiscard]] Result<PenaltyBreakdown> invoice_penalty(const PenaltySetup& setup,
                                                       const Invoice& invoice,
                                                       const Customer& customer, Date on,
                                                       std::optional<Date> formal_notice);

}  // namespace relance
