// SPDX-License-Identifier: MIT
#include "core/money/money.h"

#include <string>
#include <vector>

namespace relance {
namespace {

// Removes a prefix or suffix if present; returns whether it did.
bool strip_prefix(std::string_view& s, std::string_view p) {
    if (s.substr(0, p.size()) != p) return false;
    s.remove_prefix(p.size());
    return true;
}
bool strip_suffix(std::string_view& s, std::string_view p) {
    if (s.size() < p.size() || s.substr(s.size() - p.size()) != p) return false;
    s.remove_suffix(p.size());
    return true;
}

// Spaces people put in and around amounts: ASCII, no-break (U+00A0), narrow no-break (U+202F),
// thin space (U+2009).
constexpr std::string_view kSpaces[] = {" ", "\t", "\xC2\xA0", "\xE2\x80\xAF", "\xE2\x80\x89"};

void trim_spaces(std::string_view& s) {
    bool changed = true;
    while (changed && !s.empty()) {
        changed = false;
        for (auto sp : kSpaces) changed = strip_prefix(s, sp) || strip_suffix(s, sp) || changed;
    }
}

Unexpected bad(std::string_view text, const std::string& why) {
    return fail(ErrorCode::InvalidInput, "amount '" + std::string(text) + "' " + why);
}

}  // namespace

std::string Money::to_plain_string() const {
    const long long per = currency_.minor_per_major();
    // Work on the magnitude in unsigned arithmetic so INT64_MIN cannot overflow.
    const bool neg = minor_ < 0;
    const auto mag = neg ? 0ULL - static_cast<unsigned long long>(minor_)
                         : static_cast<unsigned long long>(minor_);
    const auto uper = static_cast<unsigned long long>(per);
    std::string out = (neg ? "-" : "") + std::to_string(mag / uper);
    if (currency_.exponent() > 0) {
        std::string frac = std::to_string(mag % uper);
        out += '.';
        out += std::string(static_cast<std::size_t>(currency_.exponent()) - frac.size(), '0') + frac;
    }
    return out;
}

Result<Money> add(const Money& a, const Money& b) {
    if (!(a.currency() == b.currency())) {
        return fail(ErrorCode::InvalidInput, "cannot add " + std::string(a.currency().code()) +
                                                 " and " + std::string(b.currency().code()));
    }
    std::int64_t r = 0;
    if (__builtin_add_overflow(a.minor(), b.minor(), &r)) {
        return fail(ErrorCode::InvalidInput, "amount overflow");
    }
    return Money{r, a.currency()};
}

Result<Money> sub(const Money& a, const Money& b) {
    if (!(a.currency() == b.currency())) {
        return fail(ErrorCode::InvalidInput, "cannot subtract " + std::string(b.currency().code()) +
                                                 " from " + std::string(a.currency().code()));
    }
    std::int64_t r = 0;
    if (__builtin_sub_overflow(a.minor(), b.minor(), &r)) {
        return fail(ErrorCode::InvalidInput, "amount overflow");
    }
    return Money{r, a.currency()};
}

Result<Money> parse_money(std::string_view text, Currency currency, DecimalMark mark) {
    std::string_view s = text;
    trim_spaces(s);
    bool negative = false;
    if (strip_prefix(s, "(")) {
        if (!strip_suffix(s, ")")) return bad(text, "has an unbalanced parenthesis");
        negative = true;
        trim_spaces(s);
    }
    if (strip_prefix(s, "-")) negative = !negative;
    else if (strip_prefix(s, "\xE2\x88\x92")) negative = !negative;  // U+2212 minus sign
    else strip_prefix(s, "+");
    trim_spaces(s);
    // Currency symbol or code before or after the number.
    const std::string code(currency.code());
    for (std::string_view sym : {std::string_view("\xE2\x82\xAC"), std::string_view("$"),
                                 std::string_view("\xC2\xA3"), std::string_view("\xC2\xA5"),
                                 std::string_view(code)}) {
        if (strip_prefix(s, sym) || strip_suffix(s, sym)) break;
    }
    trim_spaces(s);
    if (!negative && strip_prefix(s, "-")) negative = true;  // "€-35" and the like
    if (s.empty()) return bad(text, "is empty");

    const char dec = mark == DecimalMark::Comma ? ',' : '.';
    const char group = mark == DecimalMark::Comma ? '.' : ',';

    std::string int_digits;
    std::string frac_digits;
    std::vector<std::size_t> group_sizes;  // digits in each group of the integer part
    std::size_t current = 0;
    bool in_frac = false;
    bool grouped = false;
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c >= '0' && c <= '9') {
            (in_frac ? frac_digits : int_digits) += c;
            if (!in_frac) ++current;
            ++i;
            continue;
        }
        if (c == dec) {
            if (in_frac) return bad(text, std::string("has two '") + dec + "' decimal marks");
            in_frac = true;
            ++i;
            continue;
        }
        std::size_t sep_len = 0;
        if (c == group || c == '\'') sep_len = 1;
        for (auto sp : kSpaces) {
            if (s.substr(i, sp.size()) == sp) sep_len = sp.size();
        }
        if (sep_len == 0 || in_frac) {
            if (c == group || (mark == DecimalMark::Comma && c == '.') ||
                (mark == DecimalMark::Point && c == ',')) {
                return bad(text, std::string("has '") + c + "' after the decimal mark");
            }
            return bad(text, "is not a number");
        }
        if (current == 0) return bad(text, "has a misplaced thousands separator");
        group_sizes.push_back(current);
        current = 0;
        grouped = true;
        i += sep_len;
    }
    if (int_digits.empty() && frac_digits.empty()) return bad(text, "has no digits");
    if (grouped) {
        group_sizes.push_back(current);
        if (group_sizes.front() > 3) return bad(text, "has a misplaced thousands separator");
        for (std::size_t g = 1; g < group_sizes.size(); ++g) {
            if (group_sizes[g] != 3) {
                return bad(text, std::string("has a thousands separator that does not group 3 digits")
                                     + (mark == DecimalMark::Comma
                                            ? " (this file uses a decimal comma)"
                                            : " (this file uses a decimal point)"));
            }
        }
    }
    if (frac_digits.size() > static_cast<std::size_t>(currency.exponent())) {
        return bad(text, "has " + std::to_string(frac_digits.size()) + " decimals but " + code +
                             " allows " + std::to_string(currency.exponent()) +
                             " (never rounded silently)");
    }
    frac_digits.append(static_cast<std::size_t>(currency.exponent()) - frac_digits.size(), '0');
    __extension__ using Wide = __int128;  // room for 19+ digits before the range check
    Wide value = 0;
    for (char c : int_digits + frac_digits) {
        value = value * 10 + (c - '0');
        if (value > Money::kMaxMinor) return bad(text, "is too large");
    }
    auto minor = static_cast<std::int64_t>(value);
    return Money{negative ? -minor : minor, currency};
}

}  // namespace relance
