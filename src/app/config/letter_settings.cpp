// SPDX-License-Identifier: MIT
#include "app/config/letter_settings.h"

namespace relance {
namespace {

std::string compact(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == ' ' || c == '\t' || c == '-') continue;
        out += c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}
bool digit(char c) { return c >= '0' && c <= '9'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

bool valid_siren(const std::string& siren) {
    const std::string s = compact(siren);
    if (s.size() != 9) return false;
    int sum = 0;
    for (std::size_t i = 0; i < 9; ++i) {
        if (!digit(s[i])) return false;
        int d = s[i] - '0';
        if (i % 2 == 1) {  // every second digit from the left is doubled (Luhn on 9 digits)
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

bool valid_iban(const std::string& iban) {
    const std::string s = compact(iban);
    if (s.size() < 15 || s.size() > 34 || !upper(s[0]) || !upper(s[1]) || !digit(s[2]) ||
        !digit(s[3])) {
        return false;
    }
    // ISO 13616: move the first four characters to the end, letters become 10..35, mod 97 == 1.
    const std::string r = s.substr(4) + s.substr(0, 4);
    int mod = 0;
    for (char c : r) {
        if (digit(c)) {
            mod = (mod * 10 + (c - '0')) % 97;
        } else if (upper(c)) {
            const int v = c - 'A' + 10;
            mod = (mod * 100 + v) % 97;
        } else {
            return false;
        }
    }
    return mod == 1;
}

bool valid_bic(const std::string& bic) {
    const std::string s = compact(bic);
    if (s.size() != 8 && s.size() != 11) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const bool ok = i < 6 ? upper(s[i]) : (upper(s[i]) || digit(s[i]));
        if (!ok) return false;
    }
    return true;
}

}  // namespace relance
