// SPDX-License-Identifier: MIT
// `relance penalties INVOICE [--on DATE]`: the late-payment penalties of one open invoice of the
// store, computed step by step by core/penalty (rules.md §0 and §10: simple interest per day,
// the rate of each half-year, rounded once half-up) and printed with the formula of each
// segment, the fixed indemnity, the legal basis and the rate table's last entry date.
#include <chrono>
#include <cstdio>
#include <optional>

#include "adapters/render/locale_format.h"
#include "app/cli/commands.h"
#include "app/wiring/penalty_wiring.h"
#include "app/wiring/wiring.h"
#include "core/time/date.h"

namespace relance::cli {
namespace {

std::string money(const Money& m) { return format_money(m, "fr"); }
std::string rate(int bps) { return format_rate(bps, "fr"); }
std::string points(int bps) {
    std::string s = rate_percent_text(bps);
    for (char& ch : s) ch = ch == '.' ? ',' : ch;
    return s + " points";
}

// `s` right-aligned in `width` characters (UTF-8 continuation bytes take no room).
std::string right(const std::string& s, std::size_t width) {
    std::size_t chars = 0;
    for (char ch : s) chars += (static_cast<unsigned char>(ch) & 0xC0U) != 0x80U ? 1 : 0;
    return chars >= width ? s : std::string(width - chars, ' ') + s;
}

std::string kind_label(std::string_view kind) {
    if (kind == rate_kind::kEcbMro) return "ECB MRO rate";
    if (kind == rate_kind::kFrLegalOther) return "legal rate (autres cas)";
    if (kind == rate_kind::kFrLegalIndividuals) return "legal rate (particuliers)";
    if (kind == rate_kind::kDeBase) return "Basiszinssatz";
    if (kind == rate_kind::kUkReference) return "UK reference rate";
    return std::string(kind);
}

// "ECB MRO rate 2,40 % (in force since 2026-06-17) + 10,00 points", "contractual rate".
std::string origin_text(const RateOrigin& o) {
    if (o.kind.empty()) return "contractual rate";
    std::string s = o.multiplier != 1 ? std::to_string(o.multiplier) + " × " : "";
    s += kind_label(o.kind) + " " + rate(o.reference_bps) + " (since " + to_iso(o.effective_from) +
         ")";
    if (o.margin_bps != 0) s += " + " + points(o.margin_bps);
    return s;
}

// The company date today, or --on.
std::optional<Date> date_for(const std::string& on, const Settings& settings) {
    if (!on.empty()) {
        auto d = parse_iso_date(on);
        if (!d) {
            err("--on '" + on + "': expected a date such as 2026-04-30");
            return std::nullopt;
        }
        return *d;
    }
    const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    auto today = today_in(settings.timezone, now);
    if (!today) {
        err(today.error().describe());
        return std::nullopt;
    }
    return *today;
}

// The sending date of the invoice's formal notice (the reminder of a formal_notice level that
// went out), which starts interest on a consumer debt (FR-B2C-04).
std::optional<Date> formal_notice_of(Store& store, const Settings& settings, const Invoice& inv) {
    auto rows = store.reminders(0);
    if (!rows) return std::nullopt;
    std::optional<Date> first;
    for (const ReminderRow& r : *rows) {
        const Level* level = settings.policy.level(r.level);
        const bool went_out = r.state == ReminderState::Sent || r.state == ReminderState::Uncertain;
        if (r.source == inv.source && r.invoice_number == inv.number && went_out &&
            level != nullptr && level->formal_notice && (!first || r.planned_on < *first)) {
            first = r.planned_on;
        }
    }
    return first;
}

void print_breakdown(const PenaltyBreakdown& b, const Invoice& inv, const Customer& customer,
                     Date on, const LoadedPenalties& loaded) {
    const bool b2b = customer.type == CustomerType::B2B;
    std::printf("Invoice %s — %s (%s), source %s\n", inv.number.c_str(), customer.name.c_str(),
                b2b ? "business" : "consumer", inv.source.c_str());
    std::printf("Owed %s incl. VAT (total %s, paid %s), due %s\n", money(inv.amount_due()).c_str(),
                money(inv.total).c_str(),
                money(Money{inv.paid.minor() + inv.credited.minor(), inv.total.currency()}).c_str(),
                inv.due_date ? to_iso(*inv.due_date).c_str() : "-");
    std::printf("Penalties as of %s, %s law%s%s\n", to_iso(on).c_str(),
                std::string(to_string(b.jurisdiction)).c_str(), b.rate_rule.empty() ? "" : ": ",
                b.rate_rule.c_str());
    if (b.segments.empty()) {
        std::printf("No interest is due.\n");
    } else {
        std::printf("Interest runs from %s to %s included: %d days, simple interest on the amount "
                    "still owed, never compounded\n\n",
                    to_iso(b.segments.front().from).c_str(), to_iso(b.end).c_str(), b.days);
        std::printf("  %-10s  %-10s  %4s  %s  %s  %s\n", "from", "to", "days",
                    right("balance", 14).c_str(), right("rate", 8).c_str(),
                    "where the rate comes from");
        for (const PenaltySegment& s : b.segments) {
            std::printf("  %s  %s  %4d  %s  %s  %s\n", to_iso(s.from).c_str(), to_iso(s.to).c_str(),
                        s.days, right(money(s.balance), 14).c_str(), right(rate(s.rate_bps), 8).c_str(),
                        origin_text(s.origin).c_str());
            std::printf("      %s × %s × %d / %d = %s\n", money(s.balance).c_str(),
                        rate(s.rate_bps).c_str(), s.days, s.year_days, money(s.amount).c_str());
        }
        std::printf("\n");
    }
    const auto total_line = [](const char* label, const Money& amount) {
        std::printf("%-44s %s\n", label, right(money(amount), 14).c_str());
    };
    total_line("Interest (exact sum, rounded once, half-up)", b.interest);
    total_line("Fixed recovery indemnity", b.indemnity);
    if (!b.indemnity_rule.empty()) std::printf("  %s\n", b.indemnity_rule.c_str());
    total_line("Penalties", b.total());
    total_line("Total claimed (owed + penalties)",
               Money{inv.amount_due().minor() + b.total().minor(), inv.total.currency()});
    for (const auto& w : b.warnings) std::printf("WARNING: %s\n", w.c_str());
    for (const auto& n : b.notes) std::printf("note: %s\n", n.c_str());
    const auto last = loaded.setup.rates.last_entry();
    std::printf("\nRate table: %s, last entry %s\n", loaded.rate_table_origin.c_str(),
                last ? to_iso(*last).c_str() : "(empty)");
}

}  // namespace

int cmd_penalties(const Common& common, const std::string& number, const std::string& on,
                  const std::string& notice) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto loaded = load_penalties(settings->penalties);
    if (!loaded) {
        err(loaded.error().describe());
        return 1;
    }
    const auto day = date_for(on, *settings);
    if (!day) return 1;
    std::optional<Date> notice_date;
    if (!notice.empty()) {
        auto d = parse_iso_date(notice);
        if (!d) {
            err("--notice '" + notice + "': expected a date such as 2026-03-10");
            return 1;
        }
        notice_date = *d;
    }
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    auto book = (*store)->load_open_book();
    if (!book) {
        err(book.error().describe());
        return 3;
    }
    const StoredInvoice* found = nullptr;
    for (const StoredInvoice& si : book->invoices) {
        if (si.invoice.number != number) continue;
        if (found != nullptr) {
            err("invoice '" + number + "' exists in sources '" + found->invoice.source + "' and '" +
                si.invoice.source + "'");
            return 1;
        }
        found = &si;
    }
    if (found == nullptr) {
        err("no open invoice '" + number + "' in the store (run `relance run` first; paid "
            "invoices are not kept open)");
        return 1;
    }
    const Invoice& inv = found->invoice;
    Customer customer{inv.customer_id, inv.customer_id, {}, "", {}, CustomerType::B2B};
    for (std::size_t i = 0; i < book->customers.size(); ++i) {
        const std::string& src = i < book->customer_sources.size() ? book->customer_sources[i] : "";
        if (src == inv.source && book->customers[i].id == inv.customer_id) customer = book->customers[i];
    }
    if (!notice_date && customer.type == CustomerType::B2C) {
        notice_date = formal_notice_of(**store, *settings, inv);
    }
    auto b = invoice_penalty(loaded->setup, inv, customer, *day, notice_date);
    if (!b) {
        err(b.error().describe());
        return 1;
    }
    print_breakdown(*b, inv, customer, *day, *loaded);
    return b->warnings.empty() ? 0 : 2;
}

}  // namespace relance::cli
