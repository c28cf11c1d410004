// SPDX-License-Identifier: MIT
#include "adapters/store/sql/codec.h"

#include <array>
#include <cstdint>

namespace relance::sql {
namespace {

void put_digits(std::string& out, unsigned value, int width) {
    std::array<char, 8> buf{};
    for (int i = width - 1; i >= 0; --i) {
        buf[static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    out.append(buf.data(), static_cast<std::size_t>(width));
}

// Reads `width` digits at text[pos]; false if any is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t width, unsigned& out) {
    out = 0;
    for (std::size_t i = 0; i < width; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<unsigned>(c - '0');
    }
    return true;
}

void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool read_hex4(std::string_view text, std::size_t pos, std::uint32_t& out) {
    if (pos + 4 > text.size()) return false;
    out = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const char c = text[pos + i];
        std::uint32_t v = 0;
        if (c >= '0' && c <= '9') {
            v = static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v = static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v = static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return false;
        }
        out = out * 16 + v;
    }
    return true;
}

// Parses one JSON string starting at text[pos] == '"'; leaves pos after the closing quote.
bool read_json_string(std::string_view text, std::size_t& pos, std::string& out) {
    if (pos >= text.size() || text[pos] != '"') return false;
    ++pos;
    while (pos < text.size()) {
        const char c = text[pos++];
        if (c == '"') return true;
        if (static_cast<unsigned char>(c) < 0x20) return false;
        if (c != '\\') {
            out += c;
            continue;
        }
        if (pos >= text.size()) return false;
        const char e = text[pos++];
        switch (e) {
            case '"':
                out += '"';
                break;
            case '\\':
                out += '\\';
                break;
            case '/':
                out += '/';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            case 't':
                out += '\t';
                break;
            case 'u': {
                std::uint32_t cp = 0;
                if (!read_hex4(text, pos, cp)) return false;
                pos += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF) {  // high surrogate: a low one must follow
                    std::uint32_t low = 0;
                    if (pos + 6 > text.size() || text[pos] != '\\' || text[pos + 1] != 'u' ||
                        !read_hex4(text, pos + 2, low) || low < 0xDC00 || low > 0xDFFF) {
                        return false;
                    }
                    pos += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return false;
                }
                append_utf8(out, cp);
                break;
            }
            default:
                return false;
        }
    }
    return false;
}

void skip_space(std::string_view text, std::size_t& pos) {
    while (pos < text.size() &&
           (text[pos] == ' ' || text[pos] == '\t' || text[pos] == '\n' || text[pos] == '\r')) {
        ++pos;
    }
}

}  // namespace

std::string date_text(Date d) {
    std::string out;
    out.reserve(10);
    const int y = static_cast<int>(d.year());
    put_digits(out, static_cast<unsigned>(y < 0 ? 0 : y), 4);
    out += '-';
    put_digits(out, static_cast<unsigned>(d.month()), 2);
    out += '-';
    put_digits(out, static_cast<unsigned>(d.day()), 2);
    return out;
}

std::optional<std::string> date_text(const std::optional<Date>& d) {
    if (!d) return std::nullopt;
    return date_text(*d);
}

std::optional<Date> parse_date_text(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    unsigned y = 0;
    unsigned m = 0;
    unsigned d = 0;
    if (!read_digits(text, 0, 4, y) || !read_digits(text, 5, 2, m) || !read_digits(text, 8, 2, d)) {
        return std::nullopt;
    }
    const Date date{std::chrono::year{static_cast<int>(y)}, std::chrono::month{m},
                    std::chrono::day{d}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string instant_text(std::chrono::sys_seconds t) {
    const auto day = std::chrono::floor<std::chrono::days>(t);
    const auto secs = (t - day).count();  // 0 .. 86399
    std::string out = date_text(Date{day});
    out.reserve(20);
    out += 'T';
    put_digits(out, static_cast<unsigned>(secs / 3600), 2);
    out += ':';
    put_digits(out, static_cast<unsigned>(secs / 60 % 60), 2);
    out += ':';
    put_digits(out, static_cast<unsigned>(secs % 60), 2);
    out += 'Z';
    return out;
}

std::optional<std::chrono::sys_seconds> parse_instant_text(std::string_view text) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text[19] != 'Z') {
        return std::nullopt;
    }
    const auto day = parse_date_text(text.substr(0, 10));
    unsigned h = 0;
    unsigned m = 0;
    unsigned s = 0;
    if (!day || !read_digits(text, 11, 2, h) || !read_digits(text, 14, 2, m) ||
        !read_digits(text, 17, 2, s) || h > 23 || m > 59 || s > 59) {
        return std::nullopt;
    }
    return std::chrono::sys_seconds{std::chrono::sys_days{*day}} + std::chrono::hours{h} +
           std::chrono::minutes{m} + std::chrono::seconds{s};
}

std::string string_list_json(const std::vector<std::string>& items) {
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += ',';
        out += '"';
        for (const char c : items[i]) {
            const auto u = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (u < 0x20) {
                out += "\\u00";
                out += kHex[u >> 4];
                out += kHex[u & 0xF];
            } else {
                out += c;
            }
        }
        out += '"';
    }
    out += ']';
    return out;
}

std::optional<std::vector<std::string>> parse_string_list_json(std::string_view text) {
    std::vector<std::string> items;
    std::size_t pos = 0;
    skip_space(text, pos);
    if (pos >= text.size() || text[pos] != '[') return std::nullopt;
    ++pos;
    skip_space(text, pos);
    if (pos < text.size() && text[pos] == ']') {
        ++pos;
    } else {
        for (;;) {
            std::string item;
            skip_space(text, pos);
            if (!read_json_string(text, pos, item)) return std::nullopt;
            items.push_back(std::move(item));
            skip_space(text, pos);
            if (pos >= text.size()) return std::nullopt;
            if (text[pos] == ']') {
                ++pos;
                break;
            }
            if (text[pos] != ',') return std::nullopt;
            ++pos;
        }
    }
    skip_space(text, pos);
    if (pos != text.size()) return std::nullopt;
    return items;
}

std::string_view to_text(CustomerType t) {
    return t == CustomerType::B2C ? "b2c" : "b2b";
}

std::optional<CustomerType> parse_customer_type(std::string_view text) {
    if (text == "b2b") return CustomerType::B2B;
    if (text == "b2c") return CustomerType::B2C;
    return std::nullopt;
}

std::string_view to_text(HoldScope s) {
    return s == HoldScope::Invoice ? "invoice" : "customer";
}

std::optional<HoldScope> parse_hold_scope(std::string_view text) {
    if (text == "customer") return HoldScope::Customer;
    if (text == "invoice") return HoldScope::Invoice;
    return std::nullopt;
}

std::optional<InvoiceStatus> parse_status_text(std::string_view text) {
    static constexpr std::array kAll = {
        InvoiceStatus::Open,          InvoiceStatus::Paid,     InvoiceStatus::Void,
        InvoiceStatus::Uncollectible, InvoiceStatus::Credited, InvoiceStatus::Disputed,
        InvoiceStatus::Draft,
    };
    for (const auto s : kAll) {
        if (to_string(s) == text) return s;
    }
    return std::nullopt;
}

std::optional<ReminderState> parse_reminder_state(std::string_view text) {
    static constexpr std::array kAll = {ReminderState::Planned, ReminderState::Sending,
                                        ReminderState::Sent, ReminderState::Failed,
                                        ReminderState::Uncertain, ReminderState::Rejected};
    for (const auto s : kAll) {
        if (to_string(s) == text) return s;
    }
    return std::nullopt;
}

}  // namespace relance::sql
