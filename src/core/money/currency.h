// SPDX-License-Identifier: MIT
// ISO 4217 currencies and their minor-unit exponents (EUR 2, JPY 0, KWD 3).
// Pure data: no locale, no formatting (that belongs to adapters/render).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/error.h"

namespace relance {

class Currency {
public:
    constexpr Currency() = default;
    /// Looks the code up in the ISO 4217 table; unknown codes are InvalidInput.
    [[nodiscard]] static Result<Currency> from_code(std::string_view code);
    [[nodiscard]] static Currency eur() { return Currency{"EUR", 2}; }

    [[nodiscard]] std::string_view code() const { return {code_.data(), 3}; }
    /// Number of decimal digits of the minor unit.
    [[nodiscard]] int exponent() const { return exponent_; }
    /// 10^exponent: minor units per major unit.
    [[nodiscard]] long long minor_per_major() const;

    friend bool operator==(const Currency& a, const Currency& b) { return a.code_ == b.code_; }

private:
    constexpr Currency(std::string_view code, int exponent) : exponent_(exponent) {
        code_[0] = code[0];
        code_[1] = code[1];
        code_[2] = code[2];
    }
    std::array<char, 3> code_{'E', 'U', 'R'};
    int exponent_ = 2;
};

}  // namespace relance
