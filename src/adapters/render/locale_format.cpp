// SPDX-License-Identifier: MIT
#include "adapters/render/locale_format.h"

#include <array>
#include <cstdint>

namespace relance {
namespace {

// Digits of `n` with `sep` between groups of three, from the right.
std::string group_digits(std::uint64_t n, std::string_view sep) {
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + (digits.size() / 3) * sep.size());
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return out;
}

constexpr std::array<std::string_view, 12> kEnglishMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

void append_two_digits(std::string& out, unsigned v) {
    out += static_cast<char>('0' + (v / 10) % 10);
    out += static_cast<char>('0' + v % 10);
}

}  // namespace

NumberStyle number_style(std::string_view lang) {
    if (lang.size() >= 2 && (lang[0] == 'e' || lang[0] == 'E') &&
        (lang[1] == 'n' || lang[1] == 'N') &&
        (lang.size() == 2 || lang[2] == '-' || lang[2] == '_')) {
        return NumberStyle::English;
    }
    return NumberStyle::French;
}

std::string_view currency_symbol(Currency currency) {
    const std::string_view code = currency.code();
    if (code == "EUR") return "\xE2\x82\xAC";  // €
    if (code == "USD") return "$";
    if (code == "GBP") return "\xC2\xA3";  // £
    if (code == "JPY") return "\xC2\xA5";  // ¥
    return {};
}

std::string format_money(const Money& amount, std::string_view lang) {
    const NumberStyle style = number_style(lang);
    const bool english = style == NumberStyle::English;
    const std::int64_t minor = amount.minor();
    // Magnitude in unsigned arithmetic so INT64_MIN cannot overflow.
    const std::uint64_t mag =
        minor < 0 ? 0ULL - static_cast<std::uint64_t>(minor) : static_cast<std::uint64_t>(minor);
    const int exponent = amount.currency().exponent();
    const auto per = static_cast<std::uint64_t>(amount.currency().minor_per_major());

    std::string number = group_digits(mag / per, english ? std::string_view(",") : kNarrowNbsp);
    if (exponent > 0) {
        number += english ? '.' : ',';
        std::string frac = std::to_string(mag % per);
        number.append(static_cast<std::size_t>(exponent) - frac.size(), '0');
        number += frac;
    }

    const std::string_view symbol = currency_symbol(amount.currency());
    const std::string_view sign = minor < 0 ? "-" : "";
    std::string out;
    out.reserve(number.size() + 8);
    if (english) {
        out += sign;
        if (symbol.empty()) {
            out += amount.currency().code();
            out += kNbsp;
        } else {
            out += symbol;
        }
        out += number;
    } else {
        out += sign;
        out += number;
        out += kNbsp;
        out += symbol.empty() ? amount.currency().code() : symbol;
    }
    return out;
}

std::string format_rate(int rate_bps, std::string_view lang) {
    const bool english = number_style(lang) == NumberStyle::English;
    const unsigned mag = rate_bps < 0 ? 0U - static_cast<unsigned>(rate_bps)
                                      : static_cast<unsigned>(rate_bps);
    std::string out = rate_bps < 0 ? "-" : "";
    out += std::to_string(mag / 100);
    out += english ? '.' : ',';
    append_two_digits(out, mag % 100);
    if (!english) out += kNarrowNbsp;
    out += '%';
    return out;
}

std::string format_date(Date date, std::string_view lang) {
    const auto day = static_cast<unsigned>(date.day());
    const auto month = static_cast<unsigned>(date.month());
    const int year = static_cast<int>(date.year());
    std::string out;
    if (number_style(lang) == NumberStyle::English) {
        out = std::to_string(day);
        out += ' ';
        out += (month >= 1 && month <= 12) ? kEnglishMonths[month - 1] : std::string_view("?");
        out += ' ';
        out += std::to_string(year);
        return out;
    }
    append_two_digits(out, day);
    out += '/';
    append_two_digits(out, month);
    out += '/';
    if (year >= 0 && year < 1000) out.append(year < 10 ? 3 : year < 100 ? 2 : 1, '0');
    out += std::to_string(year);
    return out;
}

}  // namespace relance
