// SPDX-License-Identifier: MIT
#include "adapters/sources/csv/values.h"

#include <cstdint>

#include "adapters/sources/csv/presets.h"

namespace relance::csv::detail {
namespace {

bool is_ascii_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != prefix[i]) return false;
    }
    return true;
}

// Length of a control or line-separating character at s[i] (C0, DEL, C1, U+2028, U+2029), or 0.
std::size_t control_at(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7F) return 1;
    if (c == 0xC2 && i + 1 < s.size()) {
        const auto d = static_cast<unsigned char>(s[i + 1]);
        if (d >= 0x80 && d <= 0x9F) return 2;
    }
    if (c == 0xE2 && i + 2 < s.size() && s[i + 1] == '\x80' &&
        (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
        return 3;
    }
    return 0;
}

}  // namespace

std::string_view trim_slow(std::string_view s) {
    for (;;) {
        if (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
            s.remove_prefix(1);
        } else if (s.size() >= 2 && s[0] == '\xC2' && s[1] == '\xA0') {
            s.remove_prefix(2);
        } else {
            break;
        }
    }
    for (;;) {
        if (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
            s.remove_suffix(1);
        } else if (s.size() >= 2 && s[s.size() - 2] == '\xC2' && s.back() == '\xA0') {
            s.remove_suffix(2);
        } else {
            break;
        }
    }
    return s;
}

std::string_view email_problem(std::string_view e) {
    for (std::size_t i = 0; i < e.size(); ++i) {
        const char c = e[i];
        if (is_ascii_alnum(c) || c == '.' || c == '@' || c == '-' || c == '_' || c == '+') continue;
        if (c == '\r' || c == '\n') return "contains a line break";
        if (c == ' ' || c == '\t' || (c == '\xC2' && i + 1 < e.size() && e[i + 1] == '\xA0')) {
            return "contains a space";
        }
        if (control_at(e, i) != 0) return "contains a control character";
        if (c == '<' || c == '>')
            return "contains '<' or '>' (write the bare address, local@domain)";
        if (c == '"' || c == '(' || c == ')' || c == '[' || c == ']' || c == '\\' || c == ':') {
            return "contains a character an address cannot have";
        }
    }
    const std::size_t at = e.find('@');
    if (at == std::string_view::npos) return "has no '@'";
    if (e.find('@', at + 1) != std::string_view::npos) return "has more than one '@'";
    const std::string_view local = e.substr(0, at);
    const std::string_view domain = e.substr(at + 1);
    if (local.empty()) return "has nothing before '@'";
    if (local.size() > 64) return "has more than 64 characters before '@'";
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
        return "has a misplaced '.' before '@'";
    }
    if (domain.find('.') == std::string_view::npos) return "has no domain with a '.' after '@'";
    std::string_view rest = domain;
    std::string_view label;
    while (true) {
        const std::size_t dot = rest.find('.');
        label = rest.substr(0, dot);
        if (label.empty()) return "has an empty part in its domain";
        if (label.front() == '-' || label.back() == '-')
            return "has a domain part starting or ending with '-'";
        for (char c : label) {
            if (!is_ascii_alnum(c) && c != '-' && static_cast<unsigned char>(c) < 0x80) {
                return "has a character a domain cannot have";
            }
        }
        if (dot == std::string_view::npos) break;
        rest.remove_prefix(dot + 1);
    }
    // `label` is the top-level domain now.
    if (label.size() < 2) return "has a top-level domain shorter than 2 letters";
    bool all_digits = true;
    for (char c : label)
        all_digits = all_digits && c >= '0' && c <= '9';
    if (all_digits) return "has a numeric top-level domain";
    return "";
}

void clean_name(std::string_view name, std::string& out) {
    // Most names need no cleaning: no control byte, no C1/U+2028 lead byte, no double space.
    bool clean = !name.empty() && name.front() != ' ' && name.back() != ' ';
    for (std::size_t i = 0; clean && i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        clean = c >= 0x20 && c != 0x7F && c != 0xC2 && c != 0xE2 &&
                !(c == ' ' && i + 1 < name.size() && name[i + 1] == ' ');
    }
    if (clean) {
        out.assign(name);
        return;
    }
    out.clear();
    bool pending_space = false;
    for (std::size_t i = 0; i < name.size();) {
        std::size_t skip = control_at(name, i);
        if (skip == 0 && name[i] == ' ') skip = 1;
        if (skip != 0) {
            pending_space = true;
            i += skip;
            continue;
        }
        if (pending_space && !out.empty()) out += ' ';
        pending_space = false;
        out += name[i];
        ++i;
    }
}

std::string_view link_problem(std::string_view url) {
    if (!starts_with_ci(url, "https://") && !starts_with_ci(url, "http://")) {
        return "is not an http:// or https:// link";
    }
    for (std::size_t i = 0; i < url.size(); ++i) {
        const char c = url[i];
        if (is_ascii_alnum(c) || c == '/' || c == '.' || c == '-' || c == '_') continue;
        if (c == ' ' || control_at(url, i) != 0) return "contains a space or a control character";
        if (c == '"' || c == '<' || c == '>') return "contains '\"', '<' or '>'";
    }
    const std::size_t host = url.find("://") + 3;
    if (host >= url.size() || url[host] == '/') return "has no host name";
    return "";
}

bool is_language_tag(std::string_view code) {
    std::size_t i = 0;
    while (i < code.size() &&
           ((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= 'A' && code[i] <= 'Z'))) {
        ++i;
    }
    if (i < 2 || i > 3) return false;
    while (i < code.size()) {
        if (code[i] != '-' && code[i] != '_') return false;
        const std::size_t start = ++i;
        while (i < code.size() && is_ascii_alnum(code[i]))
            ++i;
        if (i - start < 2 || i - start > 8) return false;
    }
    return true;
}

std::optional<Money> parse_plain_amount(std::string_view text, Currency currency,
                                        DecimalMark mark) {
    const char dec = mark == DecimalMark::Comma ? ',' : '.';
    const auto exponent = static_cast<std::size_t>(currency.exponent());
    std::int64_t value = 0;
    std::size_t i = 0;
    // Leaving as soon as the value passes kMaxMinor (10^15) keeps value * 10 far from overflow.
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        value = value * 10 + (text[i] - '0');
        if (value > Money::kMaxMinor) return std::nullopt;
        ++i;
    }
    if (i == 0) return std::nullopt;
    std::size_t decimals = 0;
    if (i < text.size()) {
        if (text[i] != dec) return std::nullopt;
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && decimals <= exponent) {
            value = value * 10 + (text[i] - '0');
            if (value > Money::kMaxMinor) return std::nullopt;
            ++i;
            ++decimals;
        }
        if (decimals == 0 || decimals > exponent || i != text.size()) return std::nullopt;
    }
    for (std::size_t k = decimals; k < exponent; ++k) {
        value *= 10;
        if (value > Money::kMaxMinor) return std::nullopt;
    }
    return Money{value, currency};
}

std::optional<bool> parse_flag(std::string_view value) {
    const std::string w = normalize_word(value);
    if (w.empty() || w == "no" || w == "n" || w == "false" || w == "0" || w == "non") return false;
    if (w == "yes" || w == "y" || w == "true" || w == "1" || w == "oui" || w == "o" || w == "x") {
        return true;
    }
    return std::nullopt;
}

std::optional<CustomerType> parse_customer_type(std::string_view value) {
    const std::string w = normalize_word(value);
    if (w.empty() || w == "b2b" || w == "pro" || w == "professionnel" || w == "professional" ||
        w == "business" || w == "entreprise" || w == "company" || w == "societe") {
        return CustomerType::B2B;
    }
    if (w == "b2c" || w == "particulier" || w == "consumer" || w == "individual" ||
        w == "private" || w == "prive" || w == "personne") {
        return CustomerType::B2C;
    }
    return std::nullopt;
}

}  // namespace relance::csv::detail
