// SPDX-License-Identifier: MIT
#include "engine/letters.h"

#include <algorithm>

namespace relance {
namespace {

std::string safe(std::string_view s) {
    std::string out;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                        c == '-' || c == '_' || c == '.';
        out += ok ? c : '_';
        if (out.size() >= 64) break;
    }
    return out.empty() ? "x" : out;
}

}  // namespace

InvoiceLine letter_line(const Invoice& inv, const Customer& customer, int level, Date on,
                        const PenaltySetup* penalties, std::vector<std::string>& problems) {
    InvoiceLine line;
    line.number = inv.number;
    line.due_date = inv.due_date.value_or(on);
    line.issue_date = inv.issue_date;
    line.days_late = inv.due_date ? std::max(0, days_between(*inv.due_date, on)) : 0;
    line.level = level;
    line.total = inv.total;
    line.paid = Money{inv.paid.minor() + inv.credited.minor(), inv.total.currency()};
    line.amount_due = inv.amount_due();
    line.payment_link = inv.payment_link;
    if (penalties != nullptr && inv.due_date) {
        const std::optional<Date> notice =
            customer.type == CustomerType::B2C ? std::optional<Date>(on) : std::nullopt;
        auto p = invoice_penalty(*penalties, inv, customer, on, notice);
        if (p) {
            line.penalty = LinePenalty{p->interest, p->indemnity, p->current_rate_bps()};
        } else {
            problems.push_back(inv.number + ": " + p.error().describe());
        }
    }
    return line;
}

std::string letter_reference(std::string_view customer_id, Date on) {
    return "MED-" + safe(customer_id) + "-" + to_iso(on);
}

LetterFacts letter_facts(const LetterSetup& setup, const Customer& customer,
                         std::vector<InvoiceLine> lines, Date on, const PenaltySetup* penalties) {
    LetterFacts f;
    f.language = customer.language.empty() ? setup.language : customer.language;
    f.date = on;
    f.deadline_days = setup.deadline_days;
    f.reference = letter_reference(customer.id, on);
    f.creditor = setup.creditor;
    f.customer = customer;
    f.lines = std::move(lines);
    if (penalties != nullptr) f.rate_basis = to_string(penalties->terms_for(customer).rate);
    return f;
}

Result<WrittenLetter> write_letter(const LetterSetup& setup, const LetterFacts& facts,
                                   std::string_view source) {
    if (setup.renderer == nullptr || setup.sink == nullptr) {
        return fail(ErrorCode::Internal, "letters are not set up");
    }
    const std::string who = "letter to customer '" + facts.customer.id + "'";
    auto pdf = setup.renderer->render_letter(facts);
    if (!pdf) return unexpected(std::move(pdf).error().with_context(who));
    const std::string stem =
        "mise-en-demeure_" + safe(source) + "_" + safe(facts.customer.id) + "_" + to_iso(facts.date);
    auto path = setup.sink->put(stem, *pdf);
    if (!path) return unexpected(std::move(path).error().with_context(who));
    WrittenLetter w;
    w.path = std::move(*path);
    w.file_name = (facts.language.rfind("en", 0) == 0 ? "formal-notice_" : "mise-en-demeure_") +
                  safe(facts.customer.id) + "_" + to_iso(facts.date) + ".pdf";
    w.bytes = std::move(*pdf);
    w.missing = setup.renderer->missing_items(facts);
    return w;
}

}  // namespace relance
