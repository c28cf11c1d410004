// SPDX-License-Identifier: MIT
#include "adapters/sources/csv/csv_source.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <system_error>

#include <sys/stat.h>

#include "adapters/sources/csv/detect.h"
#include "adapters/sources/csv/encoding.h"
#include "adapters/sources/csv/presets.h"
#include "adapters/sources/csv/string_index.h"
#include "adapters/sources/csv/tokenizer.h"
#include "adapters/sources/csv/values.h"
#include "core/money/money.h"

namespace relance::csv {
namespace detail {
namespace {

// Records before the header that may be skipped: Invoice Ninja v4 puts 3 lines of preamble.
constexpr int kMaxPreambleRecords = 10;
constexpr std::size_t kNoSlot = std::numeric_limits<std::size_t>::max();

constexpr std::size_t idx(Field f) {
    return static_cast<std::size_t>(f);
}

std::string join(const std::vector<std::string_view>& items, std::string_view sep = ", ") {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += sep;
        out += items[i];
    }
    return out;
}

std::string field_list() {
    std::vector<std::string_view> names;
    for (std::size_t f = 0; f < kFieldCount; ++f)
        names.push_back(field_name(static_cast<Field>(f)));
    return join(names);
}

// ---------------------------------------------------------------------------------------------
// Options

struct Settings {
    const Preset* preset = nullptr;
    std::array<std::vector<std::string>, kFieldCount> candidates;    // normalised header names
    std::array<std::vector<std::string>, kFieldCount> shown;         // as written, for messages
    std::array<bool, kFieldCount> configured{};                      // set in CsvOptions::columns
    std::map<std::string, std::string, std::less<>> status_aliases;  // normalised word -> status
    char separator = 0;                                              // 0: detect
    Encoding encoding = Encoding::Auto;
    std::optional<DecimalMark> decimal;
    std::optional<DateFormat> date_format;
    Currency default_currency = Currency::eur();
};

Result<Settings> make_settings(const CsvOptions& o) {
    Settings s;
    s.preset = find_preset(o.preset);
    if (s.preset == nullptr) {
        return fail(ErrorCode::InvalidInput,
                    "unknown preset '" + o.preset + "' (expected " + join(preset_names()) + ")");
    }
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        for (std::string_view h : s.preset->headers[f]) {
            s.candidates[f].push_back(normalize_header(h));
            s.shown[f].emplace_back(h);
        }
    }
    for (const auto& [field, header] : o.columns) {
        const auto f = field_from_name(field);
        if (!f) {
            return fail(ErrorCode::InvalidInput, "unknown field '" + field +
                                                     "' in the column mapping (expected one of " +
                                                     field_list() + ")");
        }
        const std::size_t i = idx(*f);
        s.candidates[i].clear();
        s.shown[i].clear();
        s.configured[i] = false;
        if (!trim(header).empty()) {
            s.candidates[i].push_back(normalize_header(header));
            s.shown[i].emplace_back(trim(header));
            s.configured[i] = true;
        }
    }
    for (const auto& [word, status] : s.preset->status_aliases) {
        s.status_aliases[normalize_word(word)] = std::string(status);
    }
    for (const auto& [word, status] : o.status_aliases) {
        if (auto st = parse_invoice_status(status); !st || trim(status).empty()) {
            return fail(ErrorCode::InvalidInput,
                        "status alias '" + word + "' maps to '" + status +
                            "', which is not a status (expected open, paid, void, uncollectible, "
                            "credited, disputed or draft)");
        }
        s.status_aliases[normalize_word(word)] = status;
    }

    if (o.separator == "auto") {
        s.separator = 0;
    } else if (o.separator == "," || o.separator == ";") {
        s.separator = o.separator[0];
    } else if (o.separator == "tab" || o.separator == "\t") {
        s.separator = '\t';
    } else {
        return fail(
            ErrorCode::InvalidInput,
            "separator '" + o.separator + "' is not supported (expected auto, ',', ';' or tab)");
    }

    if (o.encoding == "auto") {
        s.encoding = Encoding::Auto;
    } else if (o.encoding == "utf-8" || o.encoding == "utf8" || o.encoding == "UTF-8") {
        s.encoding = Encoding::Utf8;
    } else if (o.encoding == "windows-1252" || o.encoding == "cp1252" ||
               o.encoding == "WINDOWS-1252") {
        s.encoding = Encoding::Windows1252;
    } else {
        return fail(ErrorCode::InvalidInput, "encoding '" + o.encoding +
                                                 "' is not supported (expected auto, utf-8 or "
                                                 "windows-1252)");
    }

    if (o.decimal == ",") {
        s.decimal = DecimalMark::Comma;
    } else if (o.decimal == ".") {
        s.decimal = DecimalMark::Point;
    } else if (o.decimal != "auto") {
        return fail(ErrorCode::InvalidInput,
                    "decimal '" + o.decimal + "' is not supported (expected auto, ',' or '.')");
    }

    if (o.date_format == "iso") {
        s.date_format = DateFormat::Iso;
    } else if (o.date_format == "dmy") {
        s.date_format = DateFormat::DayMonthYear;
    } else if (o.date_format == "mdy") {
        s.date_format = DateFormat::MonthDayYear;
    } else if (o.date_format != "auto") {
        return fail(ErrorCode::InvalidInput,
                    "date_format '" + o.date_format +
                        "' is not supported (expected auto, iso, dmy or mdy)");
    }

    auto currency = Currency::from_code(o.default_currency);
    if (!currency) {
        return unexpected(std::move(currency).error().with_context("default_currency"));
    }
    s.default_currency = *currency;
    return s;
}

// ---------------------------------------------------------------------------------------------
// Header

struct Layout {
    std::array<int, kFieldCount> column{};  // -1: not in the file
    std::vector<std::string> names;         // header cells, trimmed
    std::size_t raw_count = 0;              // fields in the header record
    std::size_t named_count = 0;            // up to the last non-empty header cell
};

// Maps `header` onto the fields. `fits` tells whether it has every required column (whether it
// is the header at all); the result is an error when it fits but is ambiguous, or when it does
// not fit (the error then lists what is missing).
Result<Layout> resolve_header(const Record& header, const Settings& s, bool& fits) {
    fits = false;
    Layout l;
    l.column.fill(-1);
    l.raw_count = header.fields.size();
    std::vector<std::string> normalized;
    normalized.reserve(header.fields.size());
    for (std::size_t i = 0; i < header.fields.size(); ++i) {
        l.names.emplace_back(trim(header.fields[i]));
        normalized.push_back(normalize_header(header.fields[i]));
        if (!normalized.back().empty()) l.named_count = i + 1;
    }
    std::string ambiguity;
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        for (const std::string& candidate : s.candidates[f]) {
            for (std::size_t i = 0; i < normalized.size(); ++i) {
                if (normalized[i] != candidate) continue;
                if (l.column[f] < 0) {
                    l.column[f] = static_cast<int>(i);
                } else if (l.column[f] != static_cast<int>(i) && ambiguity.empty()) {
                    ambiguity = "columns '" + l.names[static_cast<std::size_t>(l.column[f])] +
                                "' and '" + l.names[i] + "' both hold " +
                                std::string(field_name(static_cast<Field>(f))) +
                                "; remove one or name the right one in the column mapping";
                }
            }
        }
    }

    auto expected = [&](Field f) {
        std::string out = std::string(field_name(f));
        const auto& shown = s.shown[idx(f)];
        if (shown.empty()) return out + " (not mapped)";
        out += " (header ";
        for (std::size_t k = 0; k < shown.size(); ++k) {
            if (k > 0) out += " or ";
            out += "'" + shown[k] + "'";
        }
        return out + ")";
    };
    std::vector<std::string> missing;
    for (Field f : {Field::InvoiceNumber, Field::Total}) {
        if (l.column[idx(f)] < 0) missing.push_back(expected(f));
    }
    if (l.column[idx(Field::CustomerName)] < 0 && l.column[idx(Field::CustomerId)] < 0) {
        missing.push_back(expected(Field::CustomerName) + " or " + expected(Field::CustomerId));
    }
    if (s.preset->mode == RowMode::Ledger && l.column[idx(Field::Account)] < 0) {
        missing.push_back(expected(Field::Account));
    }
    for (std::size_t f = 0; f < kFieldCount; ++f) {
        if (s.configured[f] && l.column[f] < 0) missing.push_back(expected(static_cast<Field>(f)));
    }
    if (!missing.empty()) {
        std::string msg = "missing required column";
        msg += missing.size() > 1 ? "s: " : ": ";
        for (std::size_t k = 0; k < missing.size(); ++k) {
            if (k > 0) msg += "; ";
            msg += missing[k];
        }
        msg += ". Headers found: ";
        for (std::size_t i = 0; i < l.names.size(); ++i) {
            if (i > 0) msg += ", ";
            msg += "'" + l.names[i] + "'";
        }
        return unexpected(make_error(ErrorCode::InvalidInput, msg)
                              .with_context("line " + std::to_string(header.line)));
    }
    fits = true;
    if (!ambiguity.empty()) {
        return unexpected(make_error(ErrorCode::InvalidInput, ambiguity)
                              .with_context("line " + std::to_string(header.line)));
    }
    return l;
}

bool field_count_ok(const Record& r, const Layout& l) {
    const std::size_t n = r.fields.size();
    if (n == l.raw_count) return true;
    if (n < l.named_count) return false;
    for (std::size_t i = l.named_count; i < n; ++i) {
        if (!trim(r.fields[i]).empty()) return false;
    }
    return true;
}

std::string_view get(const Record& r, const Layout& l, Field f) {
    const int c = l.column[idx(f)];
    if (c < 0 || static_cast<std::size_t>(c) >= r.fields.size()) return {};
    return trim(r.fields[static_cast<std::size_t>(c)]);
}

// ---------------------------------------------------------------------------------------------
// Rows

// One row's values, parsed.
struct RowData {
    Currency currency;
    Money amount;  // total, line total (SumLineTotals) or signed ledger amount
    Money paid;
    Money credited;
    std::optional<Date> issue;
    std::optional<Date> due;
    std::optional<Date> settled;
    InvoiceStatus status = InvoiceStatus::Open;
    bool disputed = false;
};

// Per invoice, beside listing.invoices.
struct Meta {
    int first_line = 0;
    std::size_t customer = 0;
    std::optional<Date> settled;
    bool disputed = false;
    bool has_positive = false;  // ledger: a positive receivable row was seen
    bool dropped = false;
};

struct Entry {
    int first_line = 0;
    std::size_t slot = kNoSlot;  // index in listing.invoices, kNoSlot when its first row failed
};

class Mapper {
public:
    Mapper(const Settings& s, const CsvOptions& o, const Layout& l, std::string_view label,
           std::string_view text, DecimalMark mark, DateFormat dates)
        : s_(s),
          o_(o),
          l_(l),
          label_(label),
          mark_(mark),
          dates_(dates),
          mode_(s.preset->mode),
          index_(text) {
        listing_.source = o.source_name;
    }

    void reserve(std::size_t rows) {
        listing_.invoices.reserve(rows);
        meta_.reserve(rows);
        entries_.reserve(rows);
        index_.reserve(rows);
    }

    void row(const Record& rec);
    Result<SourceListing> finish(char separator);

private:
    [[nodiscard]] std::string_view header_of(Field f) const {
        const int c = l_.column[idx(f)];
        return c < 0 ? field_name(f) : std::string_view(l_.names[static_cast<std::size_t>(c)]);
    }
    void reject(int line, std::string_view field, std::string message, std::string_view number) {
        listing_.rejected.push_back(RejectedRow{std::string(label_), line, std::string(field),
                                                std::move(message), std::string(number)});
        if (number.empty()) listing_.complete = false;
    }
    void reject(int line, Field f, std::string message, std::string_view number) {
        reject(line, header_of(f), std::move(message), number);
    }
    // Rejects a row whose invoice number was read: in line-item modes the whole invoice goes.
    void reject_invoice_row(int line, Field f, std::string message, Entry& entry,
                            std::string_view number) {
        reject(line, f, std::move(message), number);
        if (mode_ != RowMode::OnePerInvoice && entry.slot != kNoSlot)
            meta_[entry.slot].dropped = true;
    }
    bool read(const Record& r, RowData& d, Field& bad_field, std::string& why);
    bool read_money(std::string_view text, Currency c, Money& out, std::string& why) const;
    bool read_date(std::string_view text, std::optional<Date>& out, std::string& why) const;
    bool read_customer(const Record& r, Field& bad_field, std::string& why);
    std::size_t add_customer(const Record& r);

    const Settings& s_;
    const CsvOptions& o_;
    const Layout& l_;
    std::string_view label_;
    DecimalMark mark_;
    DateFormat dates_;
    RowMode mode_;

    SourceListing listing_;
    std::vector<Meta> meta_;
    std::vector<Entry> entries_;
    StringIndex index_;      // invoice number -> entries_
    StringIndex customers_;  // customer key -> listing_.customers (keys copied: few, kept hot)

    // Per-row scratch, reused so that a row costs no allocation once warmed up.
    std::string name_;
    std::string key_;            // customer key when built (lower-cased e-mail, cleaned name)
    std::string_view key_view_;  // the row's customer key: the id cell, or key_
    std::string_view first_email_;
    std::uint64_t customer_hash_ = 0;

    std::string last_currency_code_;
    Currency last_currency_;
    std::string last_status_text_;
    InvoiceStatus last_status_ = InvoiceStatus::Open;

public:
    std::size_t data_rows = 0;
    std::size_t wrong_count = 0;
};

bool Mapper::read_money(std::string_view text, Currency c, Money& out, std::string& why) const {
    if (const auto plain = parse_plain_amount(text, c, mark_)) {
        out = *plain;
        return true;
    }
    auto m = parse_money(text, c, mark_);
    if (!m) {
        why = m.error().message + (mark_ == DecimalMark::Comma
                                       ? "; amounts in this file are read with a decimal comma"
                                       : "; amounts in this file are read with a decimal point");
        return false;
    }
    out = *m;
    return true;
}

bool Mapper::read_date(std::string_view text, std::optional<Date>& out, std::string& why) const {
    out.reset();
    if (text.empty()) return true;
    std::string_view v = strip_time(text);
    // ISO layout written with '/' or '.' (2026/03/14): same order, core wants '-'.
    std::array<char, 10> buf{};
    if (dates_ == DateFormat::Iso && v.size() == 10 && (v[4] == '/' || v[4] == '.') &&
        v[7] == v[4]) {
        std::copy(v.begin(), v.end(), buf.begin());
        buf[4] = buf[7] = '-';
        v = std::string_view(buf.data(), buf.size());
    }
    auto d = parse_date(v, dates_);
    if (!d) {
        why = d.error().message;
        return false;
    }
    out = *d;
    return true;
}

bool Mapper::read_customer(const Record& r, Field& bad, std::string& why) {
    const bool has_name = l_.column[idx(Field::CustomerName)] >= 0;
    const std::string_view id = get(r, l_, Field::CustomerId);
    clean_name(has_name ? get(r, l_, Field::CustomerName) : id, name_);
    if (name_.empty()) {
        bad = has_name ? Field::CustomerName : Field::CustomerId;
        why = has_name ? "the customer name is empty" : "the customer id is empty";
        return false;
    }
    first_email_ = {};
    bool ok = true;
    for_each_item(get(r, l_, Field::CustomerEmail), [&](std::string_view e) {
        if (!ok) return;
        if (const std::string_view problem = email_problem(e); !problem.empty()) {
            ok = false;
            why = "e-mail address '" + std::string(e) + "' " + std::string(problem);
            return;
        }
        if (first_email_.empty()) first_email_ = e;
    });
    if (!ok) {
        bad = Field::CustomerEmail;
        return false;
    }
    // Customer key: the id, else the first e-mail (lower case), else the name.
    if (!id.empty()) {
        key_view_ = id;
    } else if (!first_email_.empty()) {
        key_.assign(first_email_);
        for (char& c : key_) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        key_view_ = key_;
    } else {
        key_ = name_;
        key_view_ = key_;
    }
    if (const std::string_view lang = get(r, l_, Field::Language);
        !lang.empty() && !is_language_tag(lang)) {
        bad = Field::Language;
        why = "language '" + std::string(lang) + "' is not a language code such as fr or en";
        return false;
    }
    if (const std::string_view type = get(r, l_, Field::CustomerType); !parse_customer_type(type)) {
        bad = Field::CustomerType;
        why = "customer type '" + std::string(type) + "' is neither b2b nor b2c";
        return false;
    }
    return true;
}

bool Mapper::read(const Record& r, RowData& d, Field& bad, std::string& why) {
    if (!read_customer(r, bad, why)) return false;
    customer_hash_ = customers_.prefetch(key_view_);  // looked up in add_customer

    // Currency (the last code is cached: exports rarely mix currencies).
    if (const std::string_view code = get(r, l_, Field::Currency); code.empty()) {
        d.currency = s_.default_currency;
    } else if (code == last_currency_code_) {
        d.currency = last_currency_;
    } else {
        auto c = Currency::from_code(code);
        if (!c) {
            bad = Field::Currency;
            why = c.error().message;
            return false;
        }
        last_currency_code_.assign(code);
        last_currency_ = *c;
        d.currency = *c;
    }

    bad = Field::Total;
    const std::string_view total = get(r, l_, Field::Total);
    if (total.empty()) {
        why = "the amount is empty";
        return false;
    }
    if (!read_money(total, d.currency, d.amount, why)) return false;
    if (d.amount.is_negative() &&
        (mode_ == RowMode::OnePerInvoice || mode_ == RowMode::RepeatedTotals)) {
        why = "the total is negative (" + d.amount.to_plain_string() +
              "); a credit note belongs in the credited column of the invoice it credits";
        return false;
    }

    d.paid = Money::zero(d.currency);
    if (l_.column[idx(Field::Paid)] >= 0) {
        bad = Field::Paid;
        if (const std::string_view paid = get(r, l_, Field::Paid); !paid.empty()) {
            if (!read_money(paid, d.currency, d.paid, why)) return false;
            if (d.paid.is_negative()) {
                why = "the amount paid is negative (" + d.paid.to_plain_string() + ")";
                return false;
            }
        }
    } else if (l_.column[idx(Field::Balance)] >= 0) {
        bad = Field::Balance;
        const std::string_view balance = get(r, l_, Field::Balance);
        if (balance.empty()) {
            why = "the balance (amount still due) is empty";
            return false;
        }
        Money due;
        if (!read_money(balance, d.currency, due, why)) return false;
        if (due.minor() > d.amount.minor()) {
            why = "the balance (" + due.to_plain_string() + ") is larger than the total (" +
                  d.amount.to_plain_string() + ")";
            return false;
        }
        d.paid = Money{d.amount.minor() - due.minor(), d.currency};  // both within kMaxMinor
    }

    d.credited = Money::zero(d.currency);
    if (const std::string_view credited = get(r, l_, Field::Credited); !credited.empty()) {
        bad = Field::Credited;
        if (!read_money(credited, d.currency, d.credited, why)) return false;
        if (d.credited.is_negative()) {
            why = "the credited amount is negative (" + d.credited.to_plain_string() + ")";
            return false;
        }
    }

    bad = Field::IssueDate;
    if (!read_date(get(r, l_, Field::IssueDate), d.issue, why)) return false;
    bad = Field::DueDate;
    if (!read_date(get(r, l_, Field::DueDate), d.due, why)) return false;
    bad = Field::SettledDate;
    if (!read_date(get(r, l_, Field::SettledDate), d.settled, why)) return false;
    if (const std::string_view terms = get(r, l_, Field::TermsDays); !terms.empty()) {
        int days = 0;
        bool digits = terms.size() <= 3;
        for (char c : terms) {
            digits = digits && c >= '0' && c <= '9';
            days = days * 10 + (c - '0');
        }
        if (!digits) {
            bad = Field::TermsDays;
            why = "payment terms '" + std::string(terms) + "' are not a number of days (0 to 999)";
            return false;
        }
        if (!d.due && d.issue) d.due = add_days(*d.issue, days);
    }

    if (const std::string_view st = get(r, l_, Field::Status); st.empty()) {
        d.status = InvoiceStatus::Open;
    } else if (st == last_status_text_) {
        d.status = last_status_;
    } else {
        const std::string word = normalize_word(st);
        const auto alias = s_.status_aliases.find(word);
        auto parsed = parse_invoice_status(alias != s_.status_aliases.end() ? alias->second : word);
        if (!parsed) {
            bad = Field::Status;
            why = "unknown status '" + std::string(st) +
                  "' (expected open, paid, void, uncollectible, credited, disputed or draft, or "
                  "a word added under status_aliases)";
            return false;
        }
        d.status = *parsed;
        last_status_text_.assign(st);
        last_status_ = *parsed;
    }

    if (const std::string_view flag = get(r, l_, Field::Disputed); !flag.empty()) {
        const auto disputed = parse_flag(flag);
        if (!disputed) {
            bad = Field::Disputed;
            why = "'" + std::string(flag) + "' is not yes or no";
            return false;
        }
        d.disputed = *disputed;
    }

    for (Field f : {Field::PaymentLink, Field::PdfUrl}) {
        if (const std::string_view link = get(r, l_, f); !link.empty()) {
            if (const std::string_view problem = link_problem(link); !problem.empty()) {
                bad = f;
                why = "link '" + std::string(link) + "' " + std::string(problem);
                return false;
            }
        }
    }
    return true;
}

std::size_t Mapper::add_customer(const Record& r) {
    const auto [id, inserted] = customers_.insert(key_view_, customer_hash_);
    if (!inserted) return id;  // first row wins
    Customer c;
    c.id = std::string(key_view_);
    c.name = name_;
    for_each_item(get(r, l_, Field::CustomerEmail), [&](std::string_view e) {
        const bool seen = std::any_of(c.emails.begin(), c.emails.end(), [&](const std::string& x) {
            return normalize_word(x) == normalize_word(e);
        });
        if (!seen) c.emails.emplace_back(e);
    });
    std::string lang(get(r, l_, Field::Language));
    for (char& ch : lang) {
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (ch == '_') ch = '-';
    }
    c.language = std::move(lang);
    for_each_item(get(r, l_, Field::Tags), [&](std::string_view t) {
        if (!c.has_tag(t)) c.tags.emplace_back(t);
    });
    c.type = parse_customer_type(get(r, l_, Field::CustomerType)).value_or(CustomerType::B2B);
    // Postal address: one line per line break inside the (quoted) field, or per '|'.
    const std::string_view address = get(r, l_, Field::CustomerAddress);
    std::size_t start = 0;
    while (start <= address.size()) {
        std::size_t end = address.find_first_of("\n|", start);
        if (end == std::string_view::npos) end = address.size();
        std::string_view part = address.substr(start, end - start);
        while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
        while (!part.empty() && (part.back() == ' ' || part.back() == '\t' || part.back() == '\r')) {
            part.remove_suffix(1);
        }
        if (!part.empty()) c.address.emplace_back(part);
        start = end + 1;
    }
    c.siren.assign(get(r, l_, Field::CustomerSiren));
    listing_.customers.push_back(std::move(c));
    return listing_.customers.size() - 1;
}

void Mapper::row(const Record& rec) {
    if (rec.blank()) return;
    ++data_rows;
    const int line = rec.line;
    if (!rec.problem.empty()) {
        const std::size_t f = rec.problem_field;
        const std::string column =
            f < l_.names.size() ? "column '" + l_.names[f] + "'" : "field " + std::to_string(f + 1);
        reject(line, "", std::string(rec.problem) + " (" + column + ")", {});
        return;
    }
    if (!field_count_ok(rec, l_)) {
        ++wrong_count;
        reject(line, "",
               "the row has " + std::to_string(rec.fields.size()) + " fields but the header has " +
                   std::to_string(l_.raw_count) + " (a separator inside an unquoted value?)",
               {});
        return;
    }
    if (mode_ == RowMode::Ledger &&
        normalize_header(get(rec, l_, Field::Account)) != s_.preset->ledger_account) {
        return;  // another account of the ledger: not a receivable
    }

    const std::string_view number = get(rec, l_, Field::InvoiceNumber);
    if (number.empty()) {
        reject(line, Field::InvoiceNumber, "the invoice number is empty", {});
        return;
    }
    if (std::any_of(number.begin(), number.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        reject(line, Field::InvoiceNumber,
               "the invoice number contains a line break or a control character", {});
        return;
    }

    // The number's slot is fetched from memory while the row is read, then looked up.
    const std::uint64_t hash = index_.prefetch(number);
    RowData d;
    Field bad = Field::InvoiceNumber;
    std::string why;
    const bool readable = read(rec, d, bad, why);

    const auto [id, first] = index_.insert(number, hash);
    if (first) entries_.push_back(Entry{line, kNoSlot});
    Entry& entry = entries_[id];
    if (!first && mode_ == RowMode::OnePerInvoice) {
        reject(line, Field::InvoiceNumber,
               "duplicate invoice number '" + std::string(number) + "': line " +
                   std::to_string(entry.first_line) + " already has it, this row is ignored",
               number);
        return;
    }
    if (!readable) {
        reject_invoice_row(line, bad, std::move(why), entry, number);
        return;
    }

    if (first) {
        const std::size_t customer = add_customer(rec);
        entry.slot = listing_.invoices.size();
        Invoice& inv = listing_.invoices.emplace_back();  // filled in place: no move of 232 bytes
        inv.source = o_.source_name;
        inv.number.assign(number);
        inv.customer_id.assign(key_view_);
        inv.issue_date = d.issue;
        inv.due_date = d.due;
        inv.total = d.amount;
        inv.paid = d.paid;
        inv.credited = d.credited;
        inv.status = d.status;
        inv.payment_link.assign(get(rec, l_, Field::PaymentLink));
        inv.pdf_url.assign(get(rec, l_, Field::PdfUrl));
        Meta m{line, customer, d.settled, d.disputed, true, false};
        if (mode_ == RowMode::Ledger && d.amount.is_negative()) {
            inv.total = Money::zero(d.currency);
            inv.paid = Money{-d.amount.minor(), d.currency};
            inv.issue_date.reset();
            m.has_positive = false;
        }
        meta_.push_back(m);
        return;
    }

    // A further row of an invoice already seen (line-item and ledger layouts).
    if (entry.slot == kNoSlot) return;  // its first row was rejected: the invoice is out already
    Invoice& inv = listing_.invoices[entry.slot];
    Meta& m = meta_[entry.slot];
    if (m.dropped) return;
    if (key_view_ != inv.customer_id) {
        reject_invoice_row(line, Field::CustomerName,
                           "rows of invoice '" + std::string(number) +
                               "' name different customers (line " + std::to_string(m.first_line) +
                               ": '" + inv.customer_id + "', this row: '" + std::string(key_view_) +
                               "')",
                           entry, number);
        return;
    }
    if (!(d.currency == inv.total.currency())) {
        reject_invoice_row(line, Field::Currency,
                           "rows of invoice '" + std::string(number) +
                               "' have different currencies (line " + std::to_string(m.first_line) +
                               ": " + std::string(inv.total.currency().code()) + ")",
                           entry, number);
        return;
    }
    switch (mode_) {
        case RowMode::OnePerInvoice:
            break;  // handled above
        case RowMode::RepeatedTotals:
            if (!(d.amount == inv.total) || !(d.paid == inv.paid)) {
                const bool total_differs = !(d.amount == inv.total);
                reject_invoice_row(
                    line,
                    total_differs
                        ? Field::Total
                        : (l_.column[idx(Field::Paid)] >= 0 ? Field::Paid : Field::Balance),
                    "the rows of invoice '" + std::string(number) + "' disagree: line " +
                        std::to_string(m.first_line) + " has " +
                        (total_differs ? inv.total.to_plain_string() : inv.paid.to_plain_string()) +
                        ", this row " +
                        (total_differs ? d.amount.to_plain_string() : d.paid.to_plain_string()),
                    entry, number);
            }
            break;
        case RowMode::SumLineTotals:
        case RowMode::Ledger: {
            const bool to_total = mode_ == RowMode::SumLineTotals || !d.amount.is_negative();
            Money& target = to_total ? inv.total : inv.paid;
            const Money add_me = to_total ? d.amount : Money{-d.amount.minor(), d.currency};
            auto sum = add(target, add_me);
            if (!sum || sum->minor() > Money::kMaxMinor || sum->minor() < -Money::kMaxMinor) {
                reject_invoice_row(line, Field::Total,
                                   "the amounts of invoice '" + std::string(number) +
                                       "' add up to more than relance accepts",
                                   entry, number);
                return;
            }
            target = *sum;
            if (mode_ == RowMode::Ledger && !d.amount.is_negative() && !m.has_positive) {
                m.has_positive = true;
                inv.issue_date = d.issue;
            }
            break;
        }
    }
}

Result<SourceListing> Mapper::finish(char separator) {
    if (data_rows > 0 && wrong_count * 2 > data_rows) {
        return fail(
            ErrorCode::InvalidInput,
            std::to_string(wrong_count) + " of " + std::to_string(data_rows) +
                " rows do not have the header's " + std::to_string(l_.raw_count) +
                " fields: is the separator right (read as " +
                (separator == '\t' ? std::string("tab") : "'" + std::string(1, separator) + "'") +
                ") and is the file a single table?");
    }

    // Whole-invoice checks and the status the columns imply.
    std::vector<std::size_t> customer_uses(listing_.customers.size(), 0);
    for (std::size_t i = 0; i < listing_.invoices.size(); ++i) {
        Invoice& inv = listing_.invoices[i];
        Meta& m = meta_[i];
        if (m.dropped) continue;
        if (mode_ == RowMode::SumLineTotals && inv.total.is_negative()) {
            reject(m.first_line, Field::Total,
                   "the line totals of invoice '" + inv.number + "' add up to a negative total (" +
                       inv.total.to_plain_string() + ")",
                   inv.number);
            m.dropped = true;
            continue;
        }
        const bool settled = m.settled && (!o_.as_of || *m.settled <= *o_.as_of);
        if (settled &&
            (inv.status == InvoiceStatus::Open || inv.status == InvoiceStatus::Disputed ||
             inv.status == InvoiceStatus::Paid)) {
            inv.status = InvoiceStatus::Paid;
            if (inv.paid.minor() < inv.total.minor() - inv.credited.minor()) {
                inv.paid = Money{inv.total.minor() - inv.credited.minor(), inv.total.currency()};
            }
        } else if (m.disputed && inv.status == InvoiceStatus::Open) {
            inv.status = InvoiceStatus::Disputed;
        }
        if (mode_ == RowMode::Ledger && inv.status == InvoiceStatus::Open &&
            inv.total.is_positive() && inv.paid.minor() >= inv.total.minor()) {
            inv.status = InvoiceStatus::Paid;
        }
        ++customer_uses[m.customer];
    }

    // Drop the invoices that could not be read whole, and customers left without invoices.
    std::size_t out = 0;
    for (std::size_t i = 0; i < listing_.invoices.size(); ++i) {
        if (meta_[i].dropped) continue;
        if (out != i) listing_.invoices[out] = std::move(listing_.invoices[i]);
        ++out;
    }
    listing_.invoices.resize(out);
    out = 0;
    for (std::size_t i = 0; i < listing_.customers.size(); ++i) {
        if (customer_uses[i] == 0) continue;
        if (out != i) listing_.customers[out] = std::move(listing_.customers[i]);
        ++out;
    }
    listing_.customers.resize(out);
    std::stable_sort(listing_.rejected.begin(), listing_.rejected.end(),
                     [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
    return std::move(listing_);
}

// ---------------------------------------------------------------------------------------------
// Decimal mark and date layout

// Rows read before the mapping pass to make a provisional decision.
constexpr int kProvisionalRecords = 1000;

struct Formats {
    DecimalMark mark = DecimalMark::Point;
    DateFormat dates = DateFormat::Iso;
    friend bool operator==(const Formats&, const Formats&) = default;
};

// What the amounts and dates of the rows say; only for the settings left to "auto".
class Evidence {
public:
    Evidence(bool decimal, bool dates, bool semicolon)
        : decimal_(decimal), dates_(dates), semicolon_(semicolon) {}

    [[nodiscard]] bool wanted() const { return decimal_ || dates_; }

    void add(const Record& rec, const Layout& l) {
        if (!wanted() || rec.blank() || !rec.problem.empty() || !field_count_ok(rec, l)) return;
        if (decimal_) {
            for (Field f : {Field::Total, Field::Paid, Field::Balance, Field::Credited}) {
                if (const auto v = get(rec, l, f); !v.empty()) dec_.add(v, rec.line);
            }
        }
        if (dates_) {
            for (Field f : {Field::IssueDate, Field::DueDate, Field::SettledDate}) {
                if (const auto v = get(rec, l, f); !v.empty()) dat_.add(v, rec.line);
            }
        }
    }

    /// `configured` with the collected settings replaced by what the evidence says.
    [[nodiscard]] Result<Formats> decide(Formats configured) const {
        if (decimal_) {
            // Nothing tells (only integers, or "1,234"-like values): ';' files are French-style.
            auto mark = dec_.decide(semicolon_ ? DecimalMark::Comma : DecimalMark::Point);
            if (!mark) return unexpected(std::move(mark).error());
            configured.mark = *mark;
        }
        if (dates_) {
            auto dates = dat_.decide();
            if (!dates) return unexpected(std::move(dates).error());
            configured.dates = *dates;
        }
        return configured;
    }

private:
    bool decimal_;
    bool dates_;
    bool semicolon_;
    DecimalDetector dec_;
    DateDetector dat_;
};

Result<SourceListing> read(std::string_view bytes, const CsvOptions& options,
                           std::string_view label) {
    auto settings = make_settings(options);
    if (!settings) return unexpected(std::move(settings).error());
    const Settings& s = *settings;

    auto decoded = decode(bytes, s.encoding);
    if (!decoded) return unexpected(std::move(decoded).error());
    const std::string_view text = decoded->text();
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        return fail(ErrorCode::InvalidInput, "the file is empty");
    }

    char sep = s.separator;
    if (sep == 0) {
        auto detected = detect_separator(text);
        if (!detected) return unexpected(std::move(detected).error());
        sep = *detected;
    }

    // Header: the first record that has the required columns, after at most a short preamble.
    Tokenizer tok(text, sep);
    Record rec;
    rec.fields.reserve(64);
    std::optional<Layout> layout;
    std::optional<Error> first_miss;
    for (int seen = 0; seen < kMaxPreambleRecords && tok.next(rec);) {
        if (rec.blank()) continue;
        ++seen;
        bool fits = false;
        auto resolved = resolve_header(rec, s, fits);
        if (fits) {
            if (!resolved) return unexpected(std::move(resolved).error());
            layout = std::move(*resolved);
            break;
        }
        if (!first_miss) first_miss = std::move(resolved).error();
    }
    if (tok.error()) return unexpected(*tok.error());
    if (!layout) {
        if (first_miss) return unexpected(std::move(*first_miss));
        return fail(ErrorCode::InvalidInput, "the file has no header line");
    }
    const std::size_t body_offset = tok.offset();
    const int body_line = tok.line();
    const Layout& l = *layout;

    // Decimal mark and date layout, decided over the whole file unless configured. To read the
    // file once, the first rows give a provisional decision, the mapping pass collects the
    // evidence of every row, and the rows are mapped again in the rare case where the whole-file
    // decision differs from the provisional one. The result is as if decided before mapping.
    Evidence evidence(!s.decimal, !s.date_format, sep == ';');
    Formats formats{s.decimal.value_or(DecimalMark::Point),
                    s.date_format.value_or(DateFormat::Iso)};
    if (evidence.wanted()) {
        Evidence first_rows(!s.decimal, !s.date_format, sep == ';');
        Tokenizer scan(text, sep, body_offset, body_line);
        for (int n = 0; n < kProvisionalRecords && scan.next(rec); ++n)
            first_rows.add(rec, l);
        if (auto provisional = first_rows.decide(formats)) formats = *provisional;
    }
    const auto rows_estimate = static_cast<std::size_t>(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(body_offset), text.end(), '\n'));

    std::optional<Mapper> mapper;
    mapper.emplace(s, options, l, label, text, formats.mark, formats.dates);
    mapper->reserve(rows_estimate);
    Tokenizer body(text, sep, body_offset, body_line);
    while (body.next(rec)) {
        mapper->row(rec);
        evidence.add(rec, l);
    }
    if (body.error()) return unexpected(*body.error());
    if (evidence.wanted()) {
        auto decided = evidence.decide(formats);
        if (!decided) return unexpected(std::move(decided).error());
        if (!(*decided == formats)) {
            formats = *decided;
            mapper.emplace(s, options, l, label, text, formats.mark, formats.dates);
            mapper->reserve(rows_estimate);
            Tokenizer again(text, sep, body_offset, body_line);
            while (again.next(rec))
                mapper->row(rec);
        }
    }
    return mapper->finish(sep);
}

}  // namespace
}  // namespace detail

Status validate_options(const CsvOptions& options) {
    auto s = detail::make_settings(options);
    if (!s) return unexpected(std::move(s).error());
    return ok();
}

std::vector<std::string_view> csv_presets() {
    return detail::preset_names();
}

Result<SourceListing> read_csv_invoices(std::string_view bytes, const CsvOptions& options,
                                        std::string_view file_label) {
    auto listing = detail::read(bytes, options, file_label);
    if (!listing) {
        return unexpected(
            std::move(listing).error().with_context("file " + std::string(file_label)));
    }
    return listing;
}

CsvSource::CsvSource(std::string path, CsvOptions options)
    : path_(std::move(path)), options_(std::move(options)) {}

Result<SourceListing> CsvSource::list_unpaid() {
    std::FILE* f = std::fopen(path_.c_str(), "rb");
    if (f == nullptr) {
        const int err = errno;
        const std::string why = std::generic_category().message(err);
        const ErrorCode code = err == ENOENT ? ErrorCode::NotFound
                               : (err == EACCES || err == EISDIR || err == ENOTDIR)
                                   ? ErrorCode::InvalidInput
                                   : ErrorCode::Unavailable;
        return unexpected(
            make_error(code, "cannot open the file: " + why).with_context("file " + path_));
    }
    struct stat info {};
    if (fstat(fileno(f), &info) == 0 && S_ISDIR(info.st_mode)) {
        std::fclose(f);
        return unexpected(make_error(ErrorCode::InvalidInput, "this is a folder, not a CSV file")
                              .with_context("file " + path_));
    }
    std::string bytes;
    if (S_ISREG(info.st_mode) && info.st_size > 0)
        bytes.reserve(static_cast<std::size_t>(info.st_size));
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        bytes.append(buf, n);
    const bool failed = std::ferror(f) != 0;
    const int err = errno;
    std::fclose(f);
    if (failed) {
        const ErrorCode code = err == EISDIR ? ErrorCode::InvalidInput : ErrorCode::Unavailable;
        return unexpected(
            make_error(code, "cannot read the file: " + std::generic_category().message(err))
                .with_context("file " + path_));
    }
    return read_csv_invoices(bytes, options_, path_);
}

}  // namespace relance::csv
