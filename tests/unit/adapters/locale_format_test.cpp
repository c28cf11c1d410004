// SPDX-License-Identifier: MIT
// Exact bytes of amounts and dates in French and English. Spaces are spelled as escapes:
// NN = U+202F narrow no-break space (E2 80 AF), NB = U+00A0 no-break space (C2 A0).
#include "adapters/render/locale_format.h"

#include <clocale>
#include <cstdlib>
#include <ctime>

#include <gtest/gtest.h>

namespace relance {
namespace {

using namespace std::chrono;

#define NN "\xE2\x80\xAF"
#define NB "\xC2\xA0"
#define EURO "\xE2\x82\xAC"

Currency cur(std::string_view code) {
    return *Currency::from_code(code);
}
Money eur(std::int64_t cents) {
    return Money{cents, Currency::eur()};
}

TEST(FormatMoneyTest, FrenchEuroUsesNarrowNbspForThousandsAndNbspBeforeTheSign) {
    EXPECT_EQ(format_money(eur(123456), "fr"), "1" NN "234,56" NB EURO);
}

TEST(FormatMoneyTest, EnglishEuroPutsTheSignFirstWithCommaGroups) {
    EXPECT_EQ(format_money(eur(123456), "en"), EURO "1,234.56");
}

TEST(FormatMoneyTest, SmallAmountsKeepTheirLeadingZeros) {
    EXPECT_EQ(format_money(eur(0), "fr"), "0,00" NB EURO);
    EXPECT_EQ(format_money(eur(5), "fr"), "0,05" NB EURO);
    EXPECT_EQ(format_money(eur(100), "en"), EURO "1.00");
    EXPECT_EQ(format_money(eur(99900), "fr"), "999,00" NB EURO);
}

TEST(FormatMoneyTest, LargeAmountsGroupEveryThreeDigits) {
    EXPECT_EQ(format_money(eur(100000000), "fr"), "1" NN "000" NN "000,00" NB EURO);
    EXPECT_EQ(format_money(eur(1'000'000'000'000'000), "fr"),
              "10" NN "000" NN "000" NN "000" NN "000,00" NB EURO);
    EXPECT_EQ(format_money(eur(1'000'000'000'000'000), "en"), EURO "10,000,000,000,000.00");
}

TEST(FormatMoneyTest, NegativeAmountsCarryALeadingMinus) {
    EXPECT_EQ(format_money(eur(-123456), "fr"), "-1" NN "234,56" NB EURO);
    EXPECT_EQ(format_money(eur(-123456), "en"), "-" EURO "1,234.56");
    EXPECT_EQ(format_money(Money{-1234567, cur("KWD")}, "en"), "-KWD" NB "1,234.567");
}

TEST(FormatMoneyTest, ZeroDecimalCurrencyHasNoDecimalMark) {
    EXPECT_EQ(format_money(Money{1234567, cur("JPY")}, "fr"), "1" NN "234" NN "567" NB "\xC2\xA5");
    EXPECT_EQ(format_money(Money{1234567, cur("JPY")}, "en"),
              "\xC2\xA5"
              "1,234,567");
    EXPECT_EQ(format_money(Money{0, cur("JPY")}, "en"),
              "\xC2\xA5"
              "0");
}

TEST(FormatMoneyTest, ThreeDecimalCurrencyIsWrittenWithItsCode) {
    EXPECT_EQ(format_money(Money{1234567, cur("KWD")}, "fr"), "1" NN "234,567" NB "KWD");
    EXPECT_EQ(format_money(Money{1234567, cur("KWD")}, "en"), "KWD" NB "1,234.567");
    EXPECT_EQ(format_money(Money{5, cur("KWD")}, "fr"), "0,005" NB "KWD");
}

TEST(FormatMoneyTest, DollarPoundAndOtherCurrencies) {
    EXPECT_EQ(format_money(Money{123456, cur("USD")}, "en"), "$1,234.56");
    EXPECT_EQ(format_money(Money{123456, cur("USD")}, "fr"), "1" NN "234,56" NB "$");
    EXPECT_EQ(format_money(Money{123456, cur("GBP")}, "en"),
              "\xC2\xA3"
              "1,234.56");
    EXPECT_EQ(format_money(Money{123456, cur("CHF")}, "fr"), "1" NN "234,56" NB "CHF");
    EXPECT_EQ(format_money(Money{123456, cur("CHF")}, "en"), "CHF" NB "1,234.56");
}

TEST(FormatMoneyTest, LanguageTagsPickTheStyle) {
    EXPECT_EQ(format_money(eur(123456), "en-GB"), EURO "1,234.56");
    EXPECT_EQ(format_money(eur(123456), "EN_us"), EURO "1,234.56");
    EXPECT_EQ(format_money(eur(123456), "fr-FR"), "1" NN "234,56" NB EURO);
    EXPECT_EQ(format_money(eur(123456), ""), "1" NN "234,56" NB EURO);
    EXPECT_EQ(format_money(eur(123456), "eng"), "1" NN "234,56" NB EURO);  // not an "en" tag
}

TEST(FormatMoneyTest, HostLocaleDoesNotMatter) {
    const std::string before = format_money(eur(123456), "en");
    const char* old = std::setlocale(LC_ALL, nullptr);
    const std::string saved = old != nullptr ? old : "C";
    std::setlocale(LC_ALL, "C.UTF-8");

    const std::string after = format_money(eur(123456), "en");
    const std::string date = format_date(2026y / March / 15d, "en");
    std::setlocale(LC_ALL, saved.c_str());

    EXPECT_EQ(after, before);
    EXPECT_EQ(date, "15 March 2026");
}

TEST(FormatDateTest, FrenchIsDayMonthYearWithTwoDigits) {
    EXPECT_EQ(format_date(2026y / March / 15d, "fr"), "15/03/2026");
    EXPECT_EQ(format_date(2026y / March / 5d, "fr"), "05/03/2026");
    EXPECT_EQ(format_date(2026y / December / 31d, "fr"), "31/12/2026");
    EXPECT_EQ(format_date(2028y / February / 29d, "fr"), "29/02/2028");
}

TEST(FormatDateTest, EnglishSpellsTheMonth) {
    EXPECT_EQ(format_date(2026y / March / 15d, "en"), "15 March 2026");
    EXPECT_EQ(format_date(2026y / March / 5d, "en"), "5 March 2026");
    EXPECT_EQ(format_date(2026y / January / 1d, "en"), "1 January 2026");
    EXPECT_EQ(format_date(2028y / February / 29d, "en-GB"), "29 February 2028");
}

// Case 04: a due date is printed as stored, whatever zone the machine or the company is in.
TEST(FormatDateTest, Case04DueDateNeverMovesWithTheTimeZone) {
    const char* old = std::getenv("TZ");
    const std::string saved = old != nullptr ? old : "";
    for (const char* zone : {"UTC", "Europe/Paris", "Pacific/Auckland", "America/Los_Angeles"}) {
        setenv("TZ", zone, 1);
        tzset();

        EXPECT_EQ(format_date(2026y / March / 31d, "fr"), "31/03/2026") << zone;
        EXPECT_EQ(format_date(2026y / March / 31d, "en"), "31 March 2026") << zone;
    }
    if (old != nullptr) {
        setenv("TZ", saved.c_str(), 1);
    } else {
        unsetenv("TZ");
    }
    tzset();
}

}  // namespace
}  // namespace relance
