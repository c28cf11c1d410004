// SPDX-License-Identifier: MIT
#include "core/money/money.h"

#include <gtest/gtest.h>

namespace relance {
namespace {

Currency cur(const char* code) { return *Currency::from_code(code); }

std::int64_t minor(std::string_view text, DecimalMark mark, const char* code = "EUR") {
    auto m = parse_money(text, cur(code), mark);
    EXPECT_TRUE(m.has_value()) << text << ": " << m.error().describe();
    return m ? m->minor() : -1;
}

std::string error_of(std::string_view text, DecimalMark mark, const char* code = "EUR") {
    auto m = parse_money(text, cur(code), mark);
    EXPECT_FALSE(m.has_value()) << text << " parsed as " << (m ? m->minor() : 0);
    return m ? "" : m.error().message;
}

TEST(CurrencyTest, KnowsIsoExponents) {
    EXPECT_EQ(cur("EUR").exponent(), 2);
    EXPECT_EQ(cur("JPY").exponent(), 0);
    EXPECT_EQ(cur("KWD").exponent(), 3);
    EXPECT_EQ(cur("eur").code(), "EUR");
    EXPECT_FALSE(Currency::from_code("EURO").has_value());
    EXPECT_FALSE(Currency::from_code("XYZ").has_value());
}

// Case 08: French amounts in a decimal-comma export.
TEST(ParseMoneyTest, DecimalCommaAmountsOfCase08) {
    EXPECT_EQ(minor("35,00", DecimalMark::Comma), 3500);
    EXPECT_EQ(minor("1\xC2\xA0" "234,56", DecimalMark::Comma), 123456);  // no-break space
    EXPECT_EQ(minor("1\xE2\x80\xAF" "234,56 \xE2\x82\xAC", DecimalMark::Comma), 123456);
    EXPECT_EQ(minor("1.234,56", DecimalMark::Comma), 123456);
    EXPECT_EQ(minor("12,5", DecimalMark::Comma), 1250);
    EXPECT_NE(error_of("1,234", DecimalMark::Comma).find("3 decimals but EUR allows 2"),
              std::string::npos);
}

TEST(ParseMoneyTest, DecimalPointAmountsGiveTheSameValues) {
    EXPECT_EQ(minor("35.00", DecimalMark::Point), 3500);
    EXPECT_EQ(minor("1,234.56", DecimalMark::Point), 123456);
    EXPECT_EQ(minor("$1,020.00", DecimalMark::Point), 102000);
    EXPECT_EQ(minor("45.0", DecimalMark::Point), 4500);
    EXPECT_EQ(minor("7", DecimalMark::Point), 700);
}

TEST(ParseMoneyTest, ZeroAndThreeDecimalCurrencies) {
    EXPECT_EQ(minor("1 500", DecimalMark::Comma, "JPY"), 1500);
    EXPECT_FALSE(error_of("1500,5", DecimalMark::Comma, "JPY").empty());
    EXPECT_EQ(minor("12.345", DecimalMark::Point, "KWD"), 12345);
    EXPECT_EQ(minor("12.3", DecimalMark::Point, "KWD"), 12300);
}

TEST(ParseMoneyTest, NegativeAmounts) {
    EXPECT_EQ(minor("-35,00", DecimalMark::Comma), -3500);
    EXPECT_EQ(minor("(35.00)", DecimalMark::Point), -3500);
}

TEST(ParseMoneyTest, RejectsWhatIsNotAnAmount) {
    error_of("", DecimalMark::Comma);
    error_of("abc", DecimalMark::Comma);
    error_of("1,2,3", DecimalMark::Comma);
    error_of("12.5", DecimalMark::Comma);       // a point is a thousands separator here
    error_of("1.23.45", DecimalMark::Point);
    error_of("12,34", DecimalMark::Point);      // groups of 3 only
    error_of("99999999999999999999", DecimalMark::Point);
    EXPECT_NE(error_of("10000000000000.01", DecimalMark::Point).find("too large"), std::string::npos);
}

TEST(MoneyTest, PlainStringHasTheCurrencyDecimals) {
    EXPECT_EQ((Money{123456, cur("EUR")}.to_plain_string()), "1234.56");
    EXPECT_EQ((Money{-5, cur("EUR")}.to_plain_string()), "-0.05");
    EXPECT_EQ((Money{1500, cur("JPY")}.to_plain_string()), "1500");
    EXPECT_EQ((Money{1250, cur("KWD")}.to_plain_string()), "1.250");
}

TEST(MoneyTest, ArithmeticChecksCurrencyAndOverflow) {
    const Money a{100, cur("EUR")};
    EXPECT_EQ(add(a, Money{50, cur("EUR")})->minor(), 150);
    EXPECT_EQ(sub(a, Money{150, cur("EUR")})->minor(), -50);
    EXPECT_FALSE(add(a, Money{1, cur("USD")}).has_value());
    EXPECT_FALSE(add(Money{INT64_MAX, cur("EUR")}, Money{1, cur("EUR")}).has_value());
}

}  // namespace
}  // namespace relance
