// SPDX-License-Identifier: MIT
// The rates.csv reader and the table shipped with the program: it parses, its derived series
// agree with their definitions (rules.md §1 and §5.3: L441-10 default = ECB in force on 1 Jan /
// 1 Jul + 10 points; contract floor = 3 × the "autres cas" legal rate), and it reproduces
// rules.md's TV1 (299.59 €) and TV2 (202.19 €) figures.
#include "adapters/rates/rate_file.h"

#include <gtest/gtest.h>

#include "testing/sandbox.h"

#include "core/penalty/penalty.h"

namespace relance {
namespace {

Date ymd(int y, unsigned m, unsigned d) {
    return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
}

RateTable builtin() {
    auto t = builtin_rate_table();
    EXPECT_TRUE(t.has_value()) << t.error().describe();
    return t.has_value() ? std::move(t).value() : RateTable{};
}

TEST(BuiltinRatesTest, ShipsEveryRowOfRatesCsvWithItsLastDate) {
    const RateTable t = builtin();

    EXPECT_EQ(t.size(), 124U);  // rates.csv: 124 rows under its header
    EXPECT_EQ(t.series().size(), 8U);
    EXPECT_EQ(*t.last_entry(), ymd(2026, 9, 16));  // ECB decision of 10 Sep 2026
    EXPECT_EQ(*t.last_entry("fr_interet_legal_autres_cas"), ymd(2026, 1, 1));
    EXPECT_EQ(t.in_force("de_basiszinssatz", ymd(2019, 1, 1))->rate_bps, -88);
}

TEST(BuiltinRatesTest, DerivedFrenchDefaultIsTheEcbRatePlusTenPoints) {
    const RateTable t = builtin();
    const auto& rows = t.series().at("fr_l441_10_default_rate");

    ASSERT_EQ(rows.size(), 16U);
    for (const RateLookup& row : rows) {
        auto ecb = t.ecb_for_half_year(row.effective_from);
        ASSERT_TRUE(ecb.has_value()) << ecb.error().describe();
        EXPECT_EQ(ecb->rate_bps + 1000, row.rate_bps) << to_iso(row.effective_from);
    }
}

TEST(BuiltinRatesTest, DerivedContractFloorIsThreeTimesTheLegalRate) {
    const RateTable t = builtin();
    const auto& rows = t.series().at("fr_l441_10_contract_floor");

    ASSERT_EQ(rows.size(), 13U);
    for (const RateLookup& row : rows) {
        auto legal = t.for_half_year("fr_interet_legal_autres_cas", row.effective_from);
        ASSERT_TRUE(legal.has_value()) << legal.error().describe();
        EXPECT_EQ(3 * legal->rate_bps, row.rate_bps) << to_iso(row.effective_from);
    }
}

TEST(BuiltinRatesTest, ReproducesTheWorkedExamples) {
    PenaltyCase tv1;
    tv1.principal = Money{1'200'000, Currency::eur()};
    tv1.due_date = ymd(2026, 3, 31);
    tv1.on = ymd(2026, 6, 14);
    PenaltyCase tv2 = tv1;
    tv2.principal = Money{800'000, Currency::eur()};
    tv2.due_date = ymd(2026, 5, 31);
    tv2.on = ymd(2026, 8, 14);

    const auto b1 = compute_penalty(tv1, PenaltyTerms{}, builtin());
    const auto b2 = compute_penalty(tv2, PenaltyTerms{}, builtin());

    ASSERT_TRUE(b1.has_value()) << b1.error().describe();
    ASSERT_TRUE(b2.has_value()) << b2.error().describe();
    EXPECT_EQ(b1->interest.minor(), 29'959);
    EXPECT_EQ(b2->interest.minor(), 20'219);
}

TEST(ParseRateCsvTest, ReadsCommentsQuotesCrlfAndAByteOrderMark) {
    const std::string text =
        "\xEF\xBB\xBF# updated by hand\r\n"
        "kind,effective_from,rate_percent,source\r\n"
        "\r\n"
        "ecb_mro,2026-06-17,2.40,\"ECB, \"\"press release\"\"\"\r\n"
        "# next decision\r\n"
        "fr_interet_legal_autres_cas,2026-07-01,2.51\r\n";

    auto t = parse_rate_csv(text, "rates.csv");

    ASSERT_TRUE(t.has_value()) << t.error().describe();
    EXPECT_EQ(t->size(), 2U);
    EXPECT_EQ(t->for_half_year("fr_interet_legal_autres_cas", ymd(2026, 9, 1))->rate_bps, 251);
}

TEST(ParseRateCsvTest, ReportsEveryBadRowWithItsLine) {
    const std::string text =
        "kind,effective_from,rate_percent,source\n"
        "ecb_mro,2026-06-17,2.405,x\n"
        "ecb_mro,17/06/2026,2.40,x\n"
        "ECB MRO,2026-06-17,2.40,x\n"
        "ecb_mro,2026-06-17,\"2.40,x\n";

    auto t = parse_rate_csv(text, "rates.csv");

    ASSERT_FALSE(t.has_value());
    EXPECT_EQ(t.error().code, ErrorCode::InvalidInput);
    const std::string& m = t.error().message;
    EXPECT_NE(m.find("4 problem(s)"), std::string::npos) << m;
    EXPECT_NE(m.find("rates.csv:2: rate_percent"), std::string::npos) << m;
    EXPECT_NE(m.find("rates.csv:3: effective_from"), std::string::npos) << m;
    EXPECT_NE(m.find("rates.csv:4: kind"), std::string::npos) << m;
    EXPECT_NE(m.find("rates.csv:5: a quoted field"), std::string::npos) << m;
}

TEST(ParseRateCsvTest, RejectsAWrongHeaderAndAMisdatedHalfYear) {
    auto header = parse_rate_csv("type,date,rate\necb_mro,2026-06-17,2.40\n", "a.csv");
    auto misdated =
        parse_rate_csv("kind,effective_from,rate_percent\nde_basiszinssatz,2026-06-17,1.27\n",
                       "b.csv");

    ASSERT_FALSE(header.has_value());
    EXPECT_NE(header.error().message.find("a.csv:1: expected the header"), std::string::npos);
    ASSERT_FALSE(misdated.has_value());
    EXPECT_NE(misdated.error().describe().find("1 January or 1 July"), std::string::npos);
}

TEST(LoadRateFileTest, ReadsAUserFileAndSaysWhenItIsMissing) {
    const test::Sandbox dir;
    test::write_file(dir / "rates.csv",
                     "kind,effective_from,rate_percent,source\necb_mro,2026-12-17,2.90,test\n");

    auto loaded = load_rate_file(dir / "rates.csv");
    auto missing = load_rate_file(dir / "missing.csv");

    ASSERT_TRUE(loaded.has_value()) << loaded.error().describe();
    EXPECT_EQ(*loaded->last_entry(), ymd(2026, 12, 17));
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
}

}  // namespace
}  // namespace relance
