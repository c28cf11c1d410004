// SPDX-License-Identifier: MIT
#include "adapters/sources/api/json_payload.h"

#include <chrono>
#include <utility>
#include <vector>

namespace relance::api {
namespace {

// Builds the tree like nlohmann's own DOM parser, except that a number with a fraction or an
// exponent is stored as its exact source text: amounts never pass through a double.
class RawNumberSax {
public:
    using number_integer_t = Json::number_integer_t;
    using number_unsigned_t = Json::number_unsigned_t;
    using number_float_t = Json::number_float_t;
    using string_t = Json::string_t;
    using binary_t = Json::binary_t;

    bool null() { return put(Json(nullptr)); }
    bool boolean(bool b) { return put(Json(b)); }
    bool number_integer(number_integer_t v) { return put(Json(v)); }
    bool number_unsigned(number_unsigned_t v) { return put(Json(v)); }
    bool number_float(number_float_t /*unused*/, const string_t& raw) { return put(Json(raw)); }
    bool string(string_t& s) { return put(Json(std::move(s))); }
    bool binary(binary_t& b) { return put(Json::binary(std::move(b))); }
    bool start_object(std::size_t /*unused*/) { return open(Json::object()); }
    bool key(string_t& k) {
        key_ = std::move(k);
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t /*unused*/) { return open(Json::array()); }
    bool end_array() { return close(); }
    bool parse_error(std::size_t position, const std::string& /*last_token*/,
                     const Json::exception& /*unused*/) {
        error_position_ = position;
        return false;
    }

    [[nodiscard]] Json take() { return std::move(root_); }
    [[nodiscard]] std::size_t error_position() const { return error_position_; }

private:
    // Only the open containers are held by pointer: a value is added to the innermost one, so
    // the containers further up (and their addresses) do not change meanwhile.
    Json* add(Json v) {
        if (stack_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Json& top = *stack_.back();
        if (top.is_array()) {
            top.push_back(std::move(v));
            return &top.back();
        }
        Json& slot = top[key_];
        slot = std::move(v);
        return &slot;
    }
    bool put(Json v) {
        add(std::move(v));
        return true;
    }
    bool open(Json v) {
        stack_.push_back(add(std::move(v)));
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    Json root_;
    std::vector<Json*> stack_;
    string_t key_;
    std::size_t error_position_ = 0;
};

// "1000.000" -> "1000" when the currency has no decimals; "12.50" stays for EUR. Only zeros are
// dropped, so the value never changes.
std::string trim_zero_decimals(std::string_view text, int exponent) {
    std::string s(text);
    const auto dot = s.find('.');
    if (dot == std::string::npos || s.find_first_of("eE") != std::string::npos) return s;
    const std::size_t keep = dot + 1 + static_cast<std::size_t>(exponent);
    while (s.size() > keep && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

bool all_digits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

}  // namespace

Result<Json> parse_payload(std::string_view body, std::string_view what) {
    RawNumberSax sax;
    bool parsed = false;
    try {
        parsed = Json::sax_parse(body.begin(), body.end(), &sax);
    } catch (const Json::exception& e) {
        return unexpected(make_error(ErrorCode::InvalidInput, std::string("malformed JSON: ") + e.what())
                              .with_context(std::string(what)));
    }
    if (!parsed) {
        return unexpected(make_error(ErrorCode::InvalidInput,
                                     "malformed JSON (at byte " + std::to_string(sax.error_position()) +
                                         " of " + std::to_string(body.size()) + ")")
                              .with_context(std::string(what)));
    }
    return sax.take();
}

const Json* member(const Json& j, std::string_view key) {
    if (!j.is_object()) return nullptr;
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return nullptr;
    return &*it;
}

const Json* path(const Json& j, std::initializer_list<std::string_view> keys) {
    const Json* at = &j;
    for (std::string_view k : keys) {
        at = member(*at, k);
        if (at == nullptr) return nullptr;
    }
    return at;
}

std::string text_of(const Json* v) {
    if (v == nullptr || v->is_null()) return {};
    if (v->is_string()) return v->get<std::string>();
    if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
    if (v->is_number_unsigned()) return std::to_string(v->get<Json::number_unsigned_t>());
    if (v->is_number_integer()) return std::to_string(v->get<Json::number_integer_t>());
    return {};
}

std::string text(const Json& j, std::string_view key) { return text_of(member(j, key)); }

const Json* array(const Json& j, std::string_view key) {
    const Json* v = member(j, key);
    return v != nullptr && v->is_array() ? v : nullptr;
}

Result<Money> decimal_amount_text(std::string_view text, Currency currency) {
    return parse_money(trim_zero_decimals(text, currency.exponent()), currency, DecimalMark::Point);
}

Result<Money> decimal_amount(const Json* v, Currency currency) {
    if (v == nullptr) return Money::zero(currency);
    if (!v->is_string() && !v->is_number_integer()) {
        return fail(ErrorCode::InvalidInput, "expected an amount, got " + std::string(v->type_name()));
    }
    return decimal_amount_text(text_of(v), currency);
}

Result<Money> minor_amount(const Json* v, Currency currency) {
    if (v == nullptr) return Money::zero(currency);
    if (v->is_number_integer()) {
        const auto n = v->get<Json::number_integer_t>();
        if (n > Money::kMaxMinor || n < -Money::kMaxMinor) {
            return fail(ErrorCode::InvalidInput, "amount out of range");
        }
        return Money{static_cast<std::int64_t>(n), currency};
    }
    const std::string t = text_of(v);
    const bool negative = !t.empty() && t.front() == '-';
    const std::string_view digits = std::string_view(t).substr(negative ? 1 : 0);
    if (!all_digits(digits) || digits.size() > 16) {
        return fail(ErrorCode::InvalidInput, "expected a whole number of minor units, got '" + t + "'");
    }
    const std::int64_t n = std::stoll(std::string(digits));
    if (n > Money::kMaxMinor) return fail(ErrorCode::InvalidInput, "amount out of range");
    return Money{negative ? -n : n, currency};
}

Result<Currency> currency_code(std::string_view code) {
    std::string up(code);
    for (char& c : up) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    }
    return Currency::from_code(up);
}

Result<std::optional<Date>> iso_date(std::string_view text) {
    if (text.empty()) return std::optional<Date>{};
    auto d = parse_iso_date(text.substr(0, 10));
    if (!d || (text.size() > 10 && text[10] != 'T' && text[10] != ' ')) {
        return fail(ErrorCode::InvalidInput, "expected a date such as 2026-03-14, got '" + std::string(text) + "'");
    }
    return std::optional<Date>{*d};
}

Result<Date> unix_date(std::int64_t seconds, std::string_view zone) {
    return today_in(zone, std::chrono::sys_seconds{std::chrono::seconds{seconds}});
}

Result<std::optional<Date>> ms_json_date(std::string_view text) {
    if (text.empty()) return std::optional<Date>{};
    const auto bad = [&] {
        return fail(ErrorCode::InvalidInput,
                    "expected a date such as /Date(1546128000000+0000)/, got '" + std::string(text) + "'");
    };
    constexpr std::string_view kOpen = "/Date(";
    constexpr std::string_view kClose = ")/";
    if (text.size() < kOpen.size() + kClose.size() + 1 || text.substr(0, kOpen.size()) != kOpen ||
        text.substr(text.size() - kClose.size()) != kClose) {
        return bad();
    }
    std::string_view inner = text.substr(kOpen.size(), text.size() - kOpen.size() - kClose.size());
    int offset_minutes = 0;
    if (const auto sign = inner.find_first_of("+-", 1); sign != std::string_view::npos) {
        const std::string_view off = inner.substr(sign + 1);
        if (off.size() != 4 || !all_digits(off)) return bad();
        const int hh = (off[0] - '0') * 10 + (off[1] - '0');
        const int mm = (off[2] - '0') * 10 + (off[3] - '0');
        offset_minutes = (inner[sign] == '-' ? -1 : 1) * (hh * 60 + mm);
        inner = inner.substr(0, sign);
    }
    const bool negative = !inner.empty() && inner.front() == '-';
    const std::string_view digits = inner.substr(negative ? 1 : 0);
    if (!all_digits(digits) || digits.size() > 15) return bad();
    const long long ms = std::stoll(std::string(digits)) * (negative ? -1 : 1);
    const auto instant = std::chrono::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}} +
                         std::chrono::minutes{offset_minutes};
    return std::optional<Date>{Date{std::chrono::floor<std::chrono::days>(instant)}};
}

Status identify(FetchedInvoice& out, const Json& j, std::string_view number_key, std::string_view id_key) {
    out.remote_id = text(j, id_key);
    out.invoice.number = text(j, number_key);
    if (out.invoice.number.empty()) out.invoice.number = out.remote_id;
    if (out.invoice.number.empty()) {
        return fail(ErrorCode::InvalidInput, "an invoice without '" + std::string(id_key) + "'");
    }
    return ok();
}

}  // namespace relance::api
