// SPDX-License-Identifier: MIT
// Money: an int64 count of minor units plus its Currency. Never a double: amounts are parsed
// from decimal text digit by digit, and arithmetic is checked for currency and overflow.
// Display formatting ("1 234,56 €") lives in adapters/render, not here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/money/currency.h"

namespace relance {

/// Which character separates the decimals in a text amount.
enum class DecimalMark { Point, Comma };

class Money {
public:
    /// Largest magnitude accepted from input: 10^15 minor units (10 trillion EUR). Anything
    /// larger is a data error, and sums of many such amounts still fit in int64.
    static constexpr std::int64_t kMaxMinor = 1'000'000'000'000'000;

    constexpr Money() = default;
    Money(std::int64_t minor, Currency currency) : minor_(minor), currency_(currency) {}
    [[nodiscard]] static Money zero(Currency currency) { return {0, currency}; }

    [[nodiscard]] std::int64_t minor() const { return minor_; }
    [[nodiscard]] Currency currency() const { return currency_; }
    [[nodiscard]] bool is_positive() const { return minor_ > 0; }
    [[nodiscard]] bool is_negative() const { return minor_ < 0; }
    [[nodiscard]] bool is_zero() const { return minor_ == 0; }

    /// Exact decimal text with the currency's number of decimals and a point: "1234.56", "-5", "1.250".
    [[nodiscard]] std::string to_plain_string() const;

    friend bool operator==(const Money& a, const Money& b) = default;

private:
    std::int64_t minor_ = 0;
    Currency currency_{};
};

/// a + b; fails on a currency mismatch or overflow.
[[nodiscard]] Result<Money> add(const Money& a, const Money& b);
/// a - b; fails on a currency mismatch or overflow.
[[nodiscard]] Result<Money> sub(const Money& a, const Money& b);
/// Compares amounts of one currency (callers check the currency first).
[[nodiscard]] inline bool less(const Money& a, const Money& b) { return a.minor() < b.minor(); }

/// Parses amounts as people write them: "1234.56", "1 234,56 €", "1.234,56", "$1,020.00",
/// "12,5", "-35" or "(35.00)". `mark` says which character is the decimal mark; the other one
/// (and spaces, no-break spaces, apostrophes) may group thousands, in groups of three.
/// More decimals than the currency allows is an error: never rounded silently.
[[nodiscard]] Result<Money> parse_money(std::string_view text, Currency currency, DecimalMark mark);

}  // namespace relance
