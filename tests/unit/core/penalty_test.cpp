// SPDX-License-Identifier: MIT
// Penalty engine tests. Every figure is a worked example of rules.md §10 (TV1..TV9, TV11) or
// case 12 (/work/shared/cases/12-fees-never-compound.md), copied from the text, never from the
// engine's output; the other figures are worked out by hand from the formula of FR-PEN-07 and
// shown next to them. The rate rows are copied from rates.csv (rules.md §5), so these tests stay
// pure: the shipped file itself is checked in tests/unit/adapters/rates_test.cpp.
#include "core/penalty/penalty.h"
#include "core/policy/policy.h"

#include <gtest/gtest.h>

namespace relance {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}
Money eur(std::int64_t cents) { return Money{cents, Currency::eur()}; }
Money gbp(std::int64_t pence) { return Money{pence, *Currency::from_code("GBP")}; }

// The rows of rates.csv that the vectors use.
RateTable table() {
    std::vector<RateEntry> rows = {
        {"ecb_mro", ymd(2023, 9, 20), 450},   {"ecb_mro", ymd(2024, 6, 12), 425},
        {"ecb_mro", ymd(2024, 9, 18), 365},   {"ecb_mro", ymd(2024, 10, 23), 340},
        {"ecb_mro", ymd(2024, 12, 18), 315},  {"ecb_mro", ymd(2025, 2, 5), 290},
        {"ecb_mro", ymd(2025, 3, 12), 265},   {"ecb_mro", ymd(2025, 4, 23), 240},
        {"ecb_mro", ymd(2025, 6, 11), 215},   {"ecb_mro", ymd(2026, 6, 17), 240},
        {"ecb_mro", ymd(2026, 9, 16), 265},
        {"fr_interet_legal_autres_cas", ymd(2024, 1, 1), 507},
        {"fr_interet_legal_autres_cas", ymd(2024, 7, 1), 492},
        {"fr_interet_legal_autres_cas", ymd(2025, 1, 1), 371},
        {"fr_interet_legal_autres_cas", ymd(2025, 7, 1), 276},
        {"fr_interet_legal_autres_cas", ymd(2026, 1, 1), 262},
        {"fr_interet_legal_particuliers", ymd(2025, 7, 1), 665},
        {"fr_interet_legal_particuliers", ymd(2026, 1, 1), 667},
        {"de_basiszinssatz", ymd(2026, 1, 1), 127},
        {"de_basiszinssatz", ymd(2026, 7, 1), 152},
        {"uk_late_payment_reference_rate", ymd(2025, 1, 1), 475},
        {"uk_late_payment_reference_rate", ymd(2025, 7, 1), 425},
        {"uk_late_payment_reference_rate", ymd(2026, 1, 1), 375},
        {"uk_late_payment_reference_rate", ymd(2026, 7, 1), 375},
    };
    auto t = RateTable::from_entries(std::move(rows));
    EXPECT_TRUE(t.has_value()) << t.error().describe();
    return std::move(t).value();
}

PenaltyCase a_case(Money principal, Date due, Date on, CustomerType debtor = CustomerType::B2B) {
    PenaltyCase c;
    c.principal = principal;
    c.due_date = due;
    c.on = on;
    c.debtor = debtor;
    return c;
}

PenaltyTerms terms(Jurisdiction j = Jurisdiction::France, RateRule rule = {}) {
    PenaltyTerms t;
    t.jurisdiction = j;
    t.rate = rule;
    return t;
}

// (days, rate in basis points) of each segment: the split the vectors describe.
using DaysAtRates = std::vector<std::pair<int, int>>;
DaysAtRates days_at_rates(const PenaltyBreakdown& b) {
    DaysAtRates out;
    for (const auto& s : b.segments) out.emplace_back(s.days, s.rate_bps);
    return out;
}

PenaltyBreakdown compute(const PenaltyCase& c, const PenaltyTerms& t) {
    auto b = compute_penalty(c, t, table());
    EXPECT_TRUE(b.has_value()) << b.error().describe();
    return b.has_value() ? std::move(b).value() : PenaltyBreakdown{};
}

// --- France, B2B (L441-10 II) ----------------------------------------------------------------

// TV1: 12 000 € due 2026-03-31, paid 2026-06-14: 75 days at 12.15 % -> 299.59 €, + 40 €.
TEST(PenaltyTest, Tv1FrenchDefaultRateWithinOneHalfYear) {
    const auto c = a_case(eur(1'200'000), ymd(2026, 3, 31), ymd(2026, 6, 14));

    const auto b = compute(c, terms());

    EXPECT_EQ(b.interest, eur(29'959));
    EXPECT_EQ(b.indemnity, eur(4'000));
    EXPECT_EQ(b.total(), eur(33'959));
    EXPECT_EQ(b.days, 75);
    ASSERT_EQ(b.segments.size(), 1U);
    EXPECT_EQ(b.segments[0].from, ymd(2026, 4, 1));
    EXPECT_EQ(b.segments[0].to, ymd(2026, 6, 14));
    EXPECT_EQ(b.segments[0].rate_bps, 1215);
    EXPECT_EQ(b.segments[0].origin.kind, "ecb_mro");
    EXPECT_EQ(b.segments[0].origin.reference_bps, 215);  // ECB in force on 1 Jan 2026
    EXPECT_EQ(b.segments[0].origin.margin_bps, 1000);
    EXPECT_TRUE(b.warnings.empty());
}

// TV2 and TV3: the rate changes inside the late period. Reading A (FR-PEN-03) prices each
// half-year at its own rate; reading B (FR-PEN-03b) keeps the rate of the half-year the delay
// began in.
//  TV2: 8 000 € due 2026-05-31, paid 2026-08-14: 30 d at 12.15 % + 45 d at 12.40 % -> 202.19 €
//       (reading B: 199.73 €); the 2.40 % ECB rate took effect on 17 June, before 1 July.
//  TV3: 25 000 € due 2025-06-15, paid 2025-07-31: 15 d at 13.15 % + 31 d at 12.15 % -> 393.08 €
//       (reading B: 414.32 €).
TEST(PenaltyTest, Tv2Tv3RateChangeInsideTheLatePeriodReadingsAAndB) {
    const struct {
        const char* name;
        std::int64_t principal_cents;
        Date due, paid;
        DaysAtRates reading_a;
        std::int64_t a_cents, b_cents;
    } vectors[] = {
        {"TV2", 800'000, ymd(2026, 5, 31), ymd(2026, 8, 14), {{30, 1215}, {45, 1240}}, 20'219,
         19'973},
        {"TV3", 2'500'000, ymd(2025, 6, 15), ymd(2025, 7, 31), {{15, 1315}, {31, 1215}}, 39'308,
         41'432},
    };
    PenaltyTerms reading_b = terms();
    reading_b.half_year = HalfYearMode::FixedAtStart;
    for (const auto& v : vectors) {
        const auto c = a_case(eur(v.principal_cents), v.due, v.paid);

        const auto a = compute(c, terms());
        const auto b = compute(c, reading_b);

        EXPECT_EQ(days_at_rates(a), v.reading_a) << v.name;
        EXPECT_EQ(a.interest, eur(v.a_cents)) << v.name;
        EXPECT_EQ(days_at_rates(b), (DaysAtRates{{v.reading_a[0].first + v.reading_a[1].first,
                                                  v.reading_a[0].second}}))
            << v.name;
        EXPECT_EQ(b.interest, eur(v.b_cents)) << v.name;
        EXPECT_EQ(a.indemnity, eur(4'000)) << v.name;
        EXPECT_EQ(b.indemnity, eur(4'000)) << v.name;
    }
}

TEST(PenaltyTest, Tv2SegmentStartsOnTheFirstOfJulyWithTheRateInForceThen) {
    const auto b = compute(a_case(eur(800'000), ymd(2026, 5, 31), ymd(2026, 8, 14)), terms());

    ASSERT_EQ(b.segments.size(), 2U);
    EXPECT_EQ(b.segments[0].to, ymd(2026, 6, 30));
    EXPECT_EQ(b.segments[1].from, ymd(2026, 7, 1));
    EXPECT_EQ(b.segments[1].origin.effective_from, ymd(2026, 6, 17));
    EXPECT_EQ(b.segments[1].origin.reference_bps, 240);
}

// TV4: "3 fois le taux d'intérêt légal", 5 000 € due 2026-01-31, paid 2026-03-02: 30 d at
// 7.86 % -> 32.30 €, + 40 €; at the floor, so compliant.
TEST(PenaltyTest, Tv4ThreeTimesTheLegalRate) {
    const auto c = a_case(eur(500'000), ymd(2026, 1, 31), ymd(2026, 3, 2));

    const auto b = compute(c, terms(Jurisdiction::France, {RateBasis::ThreeTimesLegal, 0}));

    EXPECT_EQ(b.interest, eur(3'230));
    EXPECT_EQ(b.indemnity, eur(4'000));
    EXPECT_EQ(b.days, 30);
    ASSERT_EQ(b.segments.size(), 1U);
    EXPECT_EQ(b.segments[0].rate_bps, 786);
    EXPECT_EQ(b.segments[0].origin.multiplier, 3);
    EXPECT_EQ(b.segments[0].origin.reference_bps, 262);
    EXPECT_TRUE(b.warnings.empty());
}

// TV4's validation check: a contractual 7.86 % is at the floor; 7 % triggers the FR-PEN-04
// warning and is still applied as agreed: 5 000 × 0.07 × 30 / 365 = 10 500 / 365 = 28.767 ->
// 28.77 €.
TEST(PenaltyTest, Tv4ContractualRateBelowTheFloorWarnsAndIsNotReplaced) {
    const auto c = a_case(eur(500'000), ymd(2026, 1, 31), ymd(2026, 3, 2));

    const auto at_floor = compute(c, terms(Jurisdiction::France, {RateBasis::Contractual, 786}));
    const auto below = compute(c, terms(Jurisdiction::France, {RateBasis::Contractual, 700}));

    EXPECT_EQ(at_floor.interest, eur(3'230));
    EXPECT_TRUE(at_floor.warnings.empty());
    EXPECT_EQ(below.interest, eur(2'877));
    EXPECT_EQ(below.segments[0].rate_bps, 700);
    ASSERT_EQ(below.warnings.size(), 1U);
    EXPECT_NE(below.warnings[0].find("FR-PEN-04"), std::string::npos);
    EXPECT_NE(below.warnings[0].find("7.86 %"), std::string::npos);
    EXPECT_NE(below.warnings[0].find("2026 H1"), std::string::npos);
}

// FR-PEN-04b: in 2024 H1 the default (4.50 + 10 = 14.50 %) is below the floor (15.21 %) and is
// not clamped: 10 000 € due 2024-01-31, on 2024-03-01 (30 d) -> 10 000 × 0.145 × 30 / 365 =
// 119.178 -> 119.18 €.
TEST(PenaltyTest, DefaultRateIsNeverClampedToTheContractFloor) {
    const auto c = a_case(eur(1'000'000), ymd(2024, 1, 31), ymd(2024, 3, 1));

    const auto b = compute(c, terms());

    EXPECT_EQ(b.segments[0].rate_bps, 1450);
    EXPECT_EQ(b.interest, eur(11'918));
    EXPECT_TRUE(b.warnings.empty());
}

// TV5: 10 000 € due 2026-02-28, 4 000 € paid 2026-03-20, the 6 000 € balance 2026-04-29:
// 10 000 € for 20 d + 6 000 € for 40 d at 12.15 % -> 146.47 €; one 40 € indemnity.
TEST(PenaltyTest, Tv5PartialPaymentSplitsTheBalanceTimeline) {
    auto c = a_case(eur(1'000'000), ymd(2026, 2, 28), ymd(2026, 4, 29));
    c.payments = {{ymd(2026, 4, 29), eur(600'000)}, {ymd(2026, 3, 20), eur(400'000)}};

    const auto b = compute(c, terms());

    EXPECT_EQ(b.interest, eur(14'647));
    EXPECT_EQ(b.indemnity, eur(4'000));
    ASSERT_EQ(b.segments.size(), 2U);
    EXPECT_EQ(b.segments[0].from, ymd(2026, 3, 1));
    EXPECT_EQ(b.segments[0].to, ymd(2026, 3, 20));
    EXPECT_EQ(b.segments[0].days, 20);
    EXPECT_EQ(b.segments[0].balance, eur(1'000'000));
    EXPECT_EQ(b.segments[1].from, ymd(2026, 3, 21));
    EXPECT_EQ(b.segments[1].days, 40);
    EXPECT_EQ(b.segments[1].balance, eur(600'000));
}

// TV5 with a computation date after the final payment: interest stops on the payment day.
TEST(PenaltyTest, InterestStopsOnTheDayOfTheFinalPayment) {
    auto c = a_case(eur(1'000'000), ymd(2026, 2, 28), ymd(2026, 6, 1));
    c.payments = {{ymd(2026, 3, 20), eur(400'000)}, {ymd(2026, 4, 29), eur(600'000)}};

    const auto b = compute(c, terms());

    EXPECT_EQ(b.interest, eur(14'647));
    EXPECT_EQ(b.end, ymd(2026, 4, 29));
    EXPECT_EQ(b.days, 60);
}

// Case 12: 1 000,00 € due 2026-01-31, unpaid, priced every day from 2026-02-01 to 2026-04-30
// (and several times on 2026-03-17). Each day's figure is the formula on the principal alone,
// 1 000 × 12.15 % × days / 365, so nothing ever bears interest on earlier penalties; the 40 €
// appears once; a re-run the same day gives the same figure; on 2026-04-30 (89 days):
// 1 000 × 0.1215 × 89 / 365 = 10 813.5 / 365 = 29.626 -> 29.63 €.
TEST(PenaltyTest, Case12PenaltiesAreBookedOnceAndNeverCompound) {
    const Date due = ymd(2026, 1, 31);
    for (int k = 1; k <= 89; ++k) {
        const Date on = add_days(due, k);
        // cents = 100 000 × 1 215 × k / (10 000 × 365), half-up
        const std::int64_t numerator = std::int64_t{100'000} * 1215 * k;
        const std::int64_t expected = (2 * numerator + 3'650'000) / (2 * 3'650'000);

        const auto b = compute(a_case(eur(100'000), due, on), terms());

        EXPECT_EQ(b.interest, eur(expected)) << to_iso(on);
        EXPECT_EQ(b.indemnity, eur(4'000)) << to_iso(on);
        ASSERT_EQ(b.segments.size(), 1U);
        EXPECT_EQ(b.segments[0].balance, eur(100'000)) << to_iso(on);
    }
    const auto hourly1 = compute(a_case(eur(100'000), due, ymd(2026, 3, 17)), terms());
    const auto hourly2 = compute(a_case(eur(100'000), due, ymd(2026, 3, 17)), terms());
    EXPECT_EQ(hourly1.total(), hourly2.total());

    const auto last = compute(a_case(eur(100'000), due, ymd(2026, 4, 30)), terms());

    EXPECT_EQ(last.days, 89);
    EXPECT_EQ(last.interest, eur(2'963));
    EXPECT_EQ(last.total(), eur(6'963));
}

// rules.md §0: the exact accruals are summed and rounded once. 51.10 € at 10 % for 1 day, then
// 14.60 € for 1 day: (5.11 + 1.46) / 365 = 0.018 -> 0.02 €, where rounding each segment would
// give 0.01 + 0.00.
TEST(PenaltyTest, RoundsOnceAtTheEndNotPerSegment) {
    auto c = a_case(eur(5'110), ymd(2026, 3, 2), ymd(2026, 3, 4));
    c.payments = {{ymd(2026, 3, 3), eur(3'650)}};

    const auto b = compute(c, terms(Jurisdiction::France, {RateBasis::Contractual, 1000}));

    ASSERT_EQ(b.segments.size(), 2U);
    EXPECT_EQ(b.segments[0].amount, eur(1));
    EXPECT_EQ(b.segments[1].amount, eur(0));
    EXPECT_EQ(b.interest, eur(2));
}

// Half-up: 18.25 € at 10 % for 1 day = 0.005 € exactly -> 0.01 €.
TEST(PenaltyTest, AnExactHalfCentRoundsUp) {
    const auto c = a_case(eur(1'825), ymd(2026, 3, 2), ymd(2026, 3, 3));

    const auto b = compute(c, terms(Jurisdiction::France, {RateBasis::Contractual, 1000}));

    EXPECT_EQ(b.interest, eur(1));
}

TEST(PenaltyTest, NothingIsDueOnTheDueDateOrWhenPaidOnTime) {
    const auto on_due = compute(a_case(eur(100'000), ymd(2026, 3, 31), ymd(2026, 3, 31)), terms());
    auto paid = a_case(eur(100'000), ymd(2026, 3, 31), ymd(2026, 5, 1));
    paid.payments = {{ymd(2026, 3, 31), eur(100'000)}};

    const auto on_time = compute(paid, terms());

    EXPECT_EQ(on_due.total(), eur(0));
    EXPECT_TRUE(on_due.segments.empty());
    EXPECT_EQ(on_time.total(), eur(0));
    EXPECT_TRUE(on_time.segments.empty());
}

// rules.md §0, year basis "actual": 3 660 € at a contractual 10 % (DE, no floor check) from
// 2027-12-22 to 2028-01-10: 9 d of 2027 / 365 + 10 d of 2028 / 366 = 9.0247 + 10.0000 ->
// 19.02 €; with 365: 3 660 × 0.1 × 19 / 365 = 19.052 -> 19.05 €.
TEST(PenaltyTest, ActualDayCountSplitsAtTheNewYearAndUses366InALeapYear) {
    const auto c = a_case(eur(366'000), ymd(2027, 12, 22), ymd(2028, 1, 10));
    PenaltyTerms actual = terms(Jurisdiction::Germany, {RateBasis::Contractual, 1000});
    actual.day_count = DayCount::Actual;

    const auto b = compute(c, actual);
    const auto b365 = compute(c, terms(Jurisdiction::Germany, {RateBasis::Contractual, 1000}));

    ASSERT_EQ(b.segments.size(), 2U);
    EXPECT_EQ(b.segments[0].days, 9);
    EXPECT_EQ(b.segments[0].year_days, 365);
    EXPECT_EQ(b.segments[1].days, 10);
    EXPECT_EQ(b.segments[1].year_days, 366);
    EXPECT_EQ(b.interest, eur(1'902));
    EXPECT_EQ(b365.segments.size(), 1U);
    EXPECT_EQ(b365.interest, eur(1'905));
}

// --- France, B2C (§4) ------------------------------------------------------------------------

// TV6: 1 500 € due 2026-02-15, mise en demeure sent 2026-03-10, paid 2026-04-24: 45 d at the
// "autres cas" legal rate 2.62 % -> 4.85 €, no indemnity. Control: an individual creditor's
// rate 6.67 % -> 12.33 €; paid 2026-03-09, before the notice -> 0.00 €.
TEST(PenaltyTest, Tv6ConsumerDebtFromTheFormalNoticeAtTheLegalRate) {
    auto c = a_case(eur(150'000), ymd(2026, 2, 15), ymd(2026, 4, 24), CustomerType::B2C);
    c.formal_notice = ymd(2026, 3, 10);
    PenaltyTerms individual = terms();
    individual.creditor = CreditorKind::Individual;
    auto early = c;
    early.on = ymd(2026, 3, 9);
    early.payments = {{ymd(2026, 3, 9), eur(150'000)}};

    const auto b = compute(c, terms());
    const auto control = compute(c, individual);
    const auto before_notice = compute(early, terms());

    EXPECT_EQ(b.start, ymd(2026, 3, 10));
    EXPECT_EQ(b.days, 45);
    EXPECT_EQ(b.segments[0].rate_bps, 262);
    EXPECT_EQ(b.interest, eur(485));
    EXPECT_EQ(b.indemnity, eur(0));
    EXPECT_EQ(control.segments[0].rate_bps, 667);
    EXPECT_EQ(control.interest, eur(1'233));
    EXPECT_EQ(control.indemnity, eur(0));
    EXPECT_EQ(before_notice.total(), eur(0));
}

TEST(PenaltyTest, ConsumerDebtWithoutFormalNoticeBearsNothingYet) {
    const auto c = a_case(eur(150'000), ymd(2026, 2, 15), ymd(2026, 4, 24), CustomerType::B2C);

    const auto b = compute(c, terms(Jurisdiction::France, {RateBasis::Contractual, 1200}));

    EXPECT_EQ(b.total(), eur(0));
    EXPECT_TRUE(b.segments.empty());
    ASSERT_FALSE(b.notes.empty());
}

// The message of a computation the table cannot price (NotFound), "" when it was priced.
std::string refusal(const PenaltyCase& c) {
    const auto b = compute_penalty(c, terms(), table());
    if (b.has_value()) return "";
    EXPECT_EQ(b.error().code, ErrorCode::NotFound);
    return b.error().message;
}

// rules.md §5.2: the 2026 H2 legal rates are not in rates.csv, so consumer interest for days
// after 2026-06-30 MUST be refused, not priced at the H1 rate.
TEST(PenaltyTest, RefusesAHalfYearMissingFromTheTable) {
    auto c = a_case(eur(150'000), ymd(2026, 6, 1), ymd(2026, 7, 15), CustomerType::B2C);
    c.formal_notice = ymd(2026, 6, 10);

    EXPECT_NE(refusal(c).find("fr_interet_legal_autres_cas rate for 2026 H2"), std::string::npos);
}

// The ECB decisions after the table's last entry (2026-09-16) are unknown: 2027 H1 is refused.
TEST(PenaltyTest, RefusesAHalfYearThatStartsAfterTheTable) {
    const auto c = a_case(eur(100'000), ymd(2026, 12, 15), ymd(2027, 1, 20));

    EXPECT_NE(refusal(c).find("in force on 2027-01-01"), std::string::npos);
}

// FR-PEN-04 with a contract crossing into 2026 H2: the floor cannot be checked, which is said,
// and the contractual rate is still applied.
TEST(PenaltyTest, ContractualRateFloorUncheckedForAMissingHalfYear) {
    const auto c = a_case(eur(500'000), ymd(2026, 6, 20), ymd(2026, 7, 10));

    const auto b = compute(c, terms(Jurisdiction::France, {RateBasis::Contractual, 900}));

    EXPECT_EQ(b.days, 20);
    ASSERT_EQ(b.warnings.size(), 1U);
    EXPECT_NE(b.warnings[0].find("2026 H2 could not be checked"), std::string::npos);
}

// --- Other jurisdictions (§8) ----------------------------------------------------------------

// TV7: 10 000 € due 2026-05-15, paid 2026-07-20: 46 d at 1.27 + 9 = 10.27 % and 20 d at
// 1.52 + 9 = 10.52 % -> 187.07 €, + 40 € Pauschale. TV7b (consumer, + 5): 114.75 €, no Pauschale.
TEST(PenaltyTest, Tv7GermanyBusinessAndConsumer) {
    const auto b2b = a_case(eur(1'000'000), ymd(2026, 5, 15), ymd(2026, 7, 20));
    const auto b2c = a_case(eur(1'000'000), ymd(2026, 5, 15), ymd(2026, 7, 20), CustomerType::B2C);

    const auto business = compute(b2b, terms(Jurisdiction::Germany));
    const auto consumer = compute(b2c, terms(Jurisdiction::Germany));

    EXPECT_EQ(days_at_rates(business), (DaysAtRates{{46, 1027}, {20, 1052}}));
    EXPECT_EQ(business.interest, eur(18'707));
    EXPECT_EQ(business.indemnity, eur(4'000));
    EXPECT_EQ(days_at_rates(consumer), (DaysAtRates{{46, 627}, {20, 652}}));
    EXPECT_EQ(consumer.interest, eur(11'475));
    EXPECT_EQ(consumer.indemnity, eur(0));
}

// The UK fixes the rate for the whole debt at the half-year interest starts in (Order 2002,
// art. 4), and adds a fixed sum by size of the debt.
//  TV8: £8 400 due 2026-02-15, paid 2026-04-16: 60 d at 3.75 + 8 = 11.75 % -> £162.25, + £70.
//  TV9: £25 000 due 2025-06-20, paid 2025-08-19: interest starts in 2025 H1, so 4.75 + 8 =
//       12.75 % for all 60 days although the reference moved on 1 July -> £523.97, + £100.
TEST(PenaltyTest, Tv8Tv9UnitedKingdomFixedRateAndFixedSum) {
    const struct {
        const char* name;
        std::int64_t principal_pence;
        Date due, paid;
        int rate_bps;
        std::int64_t interest_pence, fixed_pence;
    } vectors[] = {
        {"TV8", 840'000, ymd(2026, 2, 15), ymd(2026, 4, 16), 1175, 16'225, 7'000},
        {"TV9", 2'500'000, ymd(2025, 6, 20), ymd(2025, 8, 19), 1275, 52'397, 10'000},
    };
    for (const auto& v : vectors) {
        const auto c = a_case(gbp(v.principal_pence), v.due, v.paid);

        const auto b = compute(c, terms(Jurisdiction::UnitedKingdom));

        EXPECT_EQ(days_at_rates(b), (DaysAtRates{{60, v.rate_bps}})) << v.name;
        EXPECT_EQ(b.interest, gbp(v.interest_pence)) << v.name;
        EXPECT_EQ(b.indemnity, gbp(v.fixed_pence)) << v.name;
    }
    EXPECT_EQ(compute(a_case(gbp(840'000), ymd(2026, 2, 15), ymd(2026, 4, 16)),
                      terms(Jurisdiction::UnitedKingdom))
                  .total(),
              gbp(23'225));  // TV8's total
}

// Directive 2011/7/EU default (ECB + 8, each half-year, 40 €) on TV11's figures, which are the
// directive's default before the Dutch yearly compounding starts: 20 000 € due 2026-06-15, paid
// 2026-07-15: 15 d at 10.15 % + 15 d at 10.40 % -> 168.90 €, + 40 €.
TEST(PenaltyTest, Tv11EuDirectiveDefault) {
    const auto c = a_case(eur(2'000'000), ymd(2026, 6, 15), ymd(2026, 7, 15));

    const auto b = compute(c, terms(Jurisdiction::EuDirective));

    EXPECT_EQ(days_at_rates(b), (DaysAtRates{{15, 1015}, {15, 1040}}));
    EXPECT_EQ(b.interest, eur(16'890));
    EXPECT_EQ(b.indemnity, eur(4'000));
}

TEST(PenaltyTest, UkAndEuPresetsDoNotCoverConsumers) {
    const auto c = a_case(gbp(840'000), ymd(2026, 2, 15), ymd(2026, 4, 16), CustomerType::B2C);

    const auto uk = compute(c, terms(Jurisdiction::UnitedKingdom));

    EXPECT_EQ(uk.total(), gbp(0));
    ASSERT_FALSE(uk.notes.empty());
}

TEST(PenaltyTest, UnitedKingdomFixedSumDependsOnTheDebt) {
    const auto small = compute(a_case(gbp(99'999), ymd(2026, 2, 15), ymd(2026, 3, 1)),
                               terms(Jurisdiction::UnitedKingdom));
    const auto mid = compute(a_case(gbp(999'999), ymd(2026, 2, 15), ymd(2026, 3, 1)),
                             terms(Jurisdiction::UnitedKingdom));
    const auto large = compute(a_case(gbp(1'000'000), ymd(2026, 2, 15), ymd(2026, 3, 1)),
                               terms(Jurisdiction::UnitedKingdom));

    EXPECT_EQ(small.indemnity, gbp(4'000));
    EXPECT_EQ(mid.indemnity, gbp(7'000));
    EXPECT_EQ(large.indemnity, gbp(10'000));
}

// --- Errors and setup ------------------------------------------------------------------------

TEST(PenaltyTest, RejectsInconsistentInput) {
    auto mixed = a_case(eur(100'000), ymd(2026, 3, 31), ymd(2026, 5, 1));
    mixed.payments = {{ymd(2026, 4, 2), gbp(100)}};
    const auto c = a_case(eur(100'000), ymd(2026, 3, 31), ymd(2026, 5, 1));

    const auto currency = compute_penalty(mixed, terms(), table());
    const auto three_x_de =
        compute_penalty(c, terms(Jurisdiction::Germany, {RateBasis::ThreeTimesLegal, 0}), table());

    ASSERT_FALSE(currency.has_value());
    EXPECT_EQ(currency.error().code, ErrorCode::InvalidInput);
    ASSERT_FALSE(three_x_de.has_value());
    EXPECT_EQ(three_x_de.error().code, ErrorCode::InvalidInput);
}

TEST(PenaltySetupTest, CustomerRateOverridesTheCompanyRate) {
    PenaltySetup setup;
    setup.rates = table();
    setup.customer_rates["C-2"] = RateRule{RateBasis::ThreeTimesLegal, 0};
    Customer c1{"C-1", "Atelier Roux", {}, "fr", {}, CustomerType::B2B};
    Customer c2{"C-2", "Garage Nord", {}, "fr", {}, CustomerType::B2B};

    EXPECT_EQ(setup.terms_for(c1).rate.basis, RateBasis::Statutory);
    EXPECT_EQ(setup.terms_for(c2).rate.basis, RateBasis::ThreeTimesLegal);
}

// TV1 through an invoice known by its totals: 12 000 € with 2 000 € paid at an unknown date is
// priced on 10 000 €: 10 000 × 0.1215 × 75 / 365 = 249.657 -> 249.66 €, and says so.
TEST(PenaltySetupTest, InvoicePaymentsOfUnknownDateCountAsPaidByTheDueDate) {
    PenaltySetup setup;
    setup.rates = table();
    Customer customer{"C-1", "Atelier Roux", {}, "fr", {}, CustomerType::B2B};
    Invoice inv;
    inv.number = "F-1";
    inv.due_date = ymd(2026, 3, 31);
    inv.total = eur(1'200'000);
    inv.paid = eur(200'000);
    inv.credited = eur(0);

    auto b = invoice_penalty(setup, inv, customer, ymd(2026, 6, 14), std::nullopt);

    ASSERT_TRUE(b.has_value()) << b.error().describe();
    EXPECT_EQ(b->interest, eur(24'966));
    EXPECT_EQ(b->segments[0].balance, eur(1'000'000));
    EXPECT_NE(b->notes.back().find("2000.00 EUR"), std::string::npos);
}

// Issue 8: by default level 2 mentions the penalty figures and level 4 claims them.
TEST(PenaltyPolicyTest, Level2MentionsAndLevel4ClaimsByDefault) {
    const Policy p = Policy::defaults();

    EXPECT_FALSE(p.levels[0].speaks_of_penalties());
    EXPECT_TRUE(p.levels[1].mention_penalties);
    EXPECT_FALSE(p.levels[1].claim_penalties);
    EXPECT_FALSE(p.levels[2].claim_penalties);
    EXPECT_TRUE(p.levels[3].claim_penalties);
}

// --- Rate table ------------------------------------------------------------------------------

TEST(RateTableTest, StepFunctionAndHalfYearLookups) {
    const RateTable t = table();

    EXPECT_EQ(t.in_force("ecb_mro", ymd(2026, 6, 16))->rate_bps, 215);
    EXPECT_EQ(t.in_force("ecb_mro", ymd(2026, 6, 17))->rate_bps, 240);
    EXPECT_EQ(t.ecb_for_half_year(ymd(2026, 8, 1))->rate_bps, 240);
    EXPECT_EQ(t.for_half_year("de_basiszinssatz", ymd(2026, 12, 31))->rate_bps, 152);
    EXPECT_FALSE(t.for_half_year("fr_interet_legal_autres_cas", ymd(2026, 7, 1)).has_value());
    EXPECT_FALSE(t.in_force("ecb_mro", ymd(2020, 1, 1)).has_value());
    EXPECT_FALSE(t.in_force("nl_handelsrente", ymd(2026, 1, 1)).has_value());
    EXPECT_EQ(*t.last_entry(), ymd(2026, 9, 16));
    EXPECT_EQ(*t.last_entry("fr_interet_legal_autres_cas"), ymd(2026, 1, 1));
}

TEST(RateTableTest, RejectsMisdatedAndDuplicatedRows) {
    auto t = RateTable::from_entries({{"de_basiszinssatz", ymd(2026, 2, 1), 127},
                                      {"ecb_mro", ymd(2026, 6, 17), 240},
                                      {"ecb_mro", ymd(2026, 6, 17), 250}});

    ASSERT_FALSE(t.has_value());
    EXPECT_EQ(t.error().code, ErrorCode::InvalidInput);
    EXPECT_NE(t.error().message.find("2 problem(s)"), std::string::npos);
}

TEST(RateTableTest, ParsesPercentsExactlyIntoBasisPoints) {
    EXPECT_EQ(*parse_rate_percent("12.15"), 1215);
    EXPECT_EQ(*parse_rate_percent("-0.88"), -88);
    EXPECT_EQ(*parse_rate_percent("10"), 1000);
    EXPECT_EQ(*parse_rate_percent("7.5"), 750);
    EXPECT_EQ(*parse_rate_percent("0.00"), 0);
    EXPECT_FALSE(parse_rate_percent("7.865").has_value());
    EXPECT_FALSE(parse_rate_percent("7,86").has_value());
    EXPECT_FALSE(parse_rate_percent("12.").has_value());
    EXPECT_FALSE(parse_rate_percent("").has_value());
    EXPECT_FALSE(parse_rate_percent("12 %").has_value());
    EXPECT_EQ(rate_percent_text(1215), "12.15");
    EXPECT_EQ(rate_percent_text(-88), "-0.88");
    EXPECT_EQ(rate_percent_text(1000), "10.00");
}

}  // namespace
}  // namespace relance
