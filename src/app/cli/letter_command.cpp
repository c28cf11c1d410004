// SPDX-License-Identifier: MIT
// `relance letter INVOICE|CUSTOMER [--on DATE]`: the formal-notice letter on demand, written into
// the letters folder (its path printed): for an invoice, that invoice; for a customer, every
// open invoice of theirs that is past due (disputed ones left out). The penalties are those of
// the letter's date (core/penalty, as the daily pass computes them).
// `relance letters`: the registered letters recorded to post (outbox rows on channel "letter").
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>

#include "app/cli/commands.h"
#include "app/cli/letter_context.h"
#include "app/wiring/letter_wiring.h"
#include "app/wiring/penalty_wiring.h"
#include "app/wiring/wiring.h"
#include "core/time/date.h"

namespace relance::cli {
namespace {

// The level whose messages are formal notices (the last one when none says so).
int notice_level(const Policy& policy) {
    for (const Level& l : policy.levels) {
        if (l.formal_notice) return l.number;
    }
    return static_cast<int>(policy.levels.size());
}

}  // namespace

std::optional<LetterContext> open_letter_context(const Settings& settings, const std::string& on,
                                                 int& exit_code) {
    exit_code = 1;
    LetterContext c;
    if (!on.empty()) {
        auto d = parse_iso_date(on);
        if (!d) {
            err("--on '" + on + "': expected a date such as 2026-12-03");
            return std::nullopt;
        }
        c.day = *d;
    } else {
        const auto now = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
        auto today = today_in(settings.timezone, now);
        if (!today) {
            err(today.error().describe());
            return std::nullopt;
        }
        c.day = *today;
    }
    auto loaded = load_penalties(settings.penalties);
    if (!loaded) {
        err(loaded.error().describe());
        return std::nullopt;
    }
    c.penalties = std::move(*loaded);
    exit_code = 3;
    auto store = open_store(settings);
    if (!store) {
        err(store.error().describe());
        return std::nullopt;
    }
    c.store = std::move(*store);
    auto letters = wire_letters(settings);
    if (!letters) {
        err(letters.error().describe());
        if (letters.error().code == ErrorCode::InvalidInput) exit_code = 1;
        return std::nullopt;
    }
    c.letters = std::move(*letters);
    auto book = c.store->load_open_book();
    if (!book) {
        err(book.error().describe());
        return std::nullopt;
    }
    c.book = std::move(*book);
    if (auto st = c.letters.dossier->fill_postal(c.book.customers, c.book.customer_sources); !st) {
        err(st.error().describe());
        return std::nullopt;
    }
    exit_code = 0;
    return c;
}

int cmd_letter(const Common& common, const std::string& who, const std::string& on) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    int code = 0;
    auto ctx = open_letter_context(*settings, on, code);
    if (!ctx) return code;
    const Date* day = &ctx->day;
    const OpenBook* book = &ctx->book;
    const LoadedPenalties* loaded = &ctx->penalties;
    const WiredLetters* letters = &ctx->letters;
    // The invoice named, else the customer named: (source, customer id) and the invoices.
    std::vector<const StoredInvoice*> chosen;
    for (const StoredInvoice& si : book->invoices) {
        if (si.invoice.number == who) chosen.push_back(&si);
    }
    const bool by_customer = chosen.empty();
    if (by_customer) {
        for (const StoredInvoice& si : book->invoices) {
            const Invoice& inv = si.invoice;
            const bool overdue = inv.due_date && days_between(*inv.due_date, *day) > 0;
            if (inv.customer_id == who && overdue && inv.status == InvoiceStatus::Open &&
                inv.amount_due().is_positive()) {
                chosen.push_back(&si);
            }
        }
    }
    if (chosen.empty()) {
        err("no open invoice '" + who + "' and no customer '" + who +
            "' with an overdue invoice in the store (run `relance run` first)");
        return 1;
    }
    const Invoice& lead = chosen.front()->invoice;
    for (const StoredInvoice* si : chosen) {
        if (si->invoice.source != lead.source || si->invoice.customer_id != lead.customer_id) {
            err("'" + who + "' names invoices of several sources or customers: give an invoice number");
            return 1;
        }
        if (!(si->invoice.total.currency() == lead.total.currency())) {
            err("customer '" + who + "' owes invoices in several currencies: give an invoice number");
            return 1;
        }
    }
    Customer customer{lead.customer_id, lead.customer_id, {}, "", {}, CustomerType::B2B};
    for (std::size_t i = 0; i < book->customers.size(); ++i) {
        const std::string& src = i < book->customer_sources.size() ? book->customer_sources[i] : "";
        if (src == lead.source && book->customers[i].id == lead.customer_id) customer = book->customers[i];
    }
    std::vector<InvoiceLine> lines;
    std::vector<std::string> problems;
    const int level = notice_level(settings->policy);
    for (const StoredInvoice* si : chosen) {
        if (!si->invoice.due_date) {
            problems.push_back(si->invoice.number + ": no due date, left out");
            continue;
        }
        lines.push_back(letter_line(si->invoice, customer, level, *day, &loaded->setup, problems));
    }
    for (const auto& p : problems) std::fprintf(stderr, "relance: warning: %s\n", p.c_str());
    if (lines.empty()) {
        err("nothing to claim in a letter for '" + who + "'");
        return 1;
    }
    const LetterFacts facts = letter_facts(letters->setup, customer, std::move(lines), *day, &loaded->setup);
    auto written = write_letter(letters->setup, facts, lead.source);
    if (!written) {
        err(written.error().describe());
        return written.error().code == ErrorCode::InvalidInput ? 1 : 3;
    }
    std::printf("%s\n", written->path.c_str());
    for (const auto& m : written->missing) {
        std::fprintf(stderr, "relance: warning: the letter lacks %s\n", m.c_str());
    }
    return written->missing.empty() && problems.empty() ? 0 : 2;
}

int cmd_letters(const Common& common) {
    auto settings = settings_for(common);
    if (!settings) return 1;
    auto store = open_store(*settings);
    if (!store) {
        err(store.error().describe());
        return 3;
    }
    auto rows = (*store)->reminders(0);
    if (!rows) {
        err(rows.error().describe());
        return 3;
    }
    int n = 0;
    for (const ReminderRow& r : *rows) {
        if (r.channel != kLetterChannel) continue;
        if (n++ == 0) std::printf("Registered letters (LRAR) to post, newest first:\n");
        std::printf("%s  %-16s level %d  %s\n", to_iso(r.planned_on).c_str(), r.invoice_number.c_str(),
                    r.level, r.detail.c_str());
    }
    if (n == 0) std::printf("No registered letter recorded yet.\n");
    return 0;
}

}  // namespace relance::cli
