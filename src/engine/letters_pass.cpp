// SPDX-License-Identifier: MIT
// The daily pass's letters and collection hand-off (DailyPass members declared in daily_pass.h,
// kept here so that daily_pass.cpp only calls them):
//  - one formal-notice letter per customer and day, listing every invoice of that customer sent
//    a formal-notice level today (in the message's currency), rendered and kept by the
//    LetterSink, attached to the e-mail when configured;
//  - once the e-mail has gone out (sent, or refused or uncertain: the letter is posted all the
//    same), one outbox row per invoice on channel "letter" records the registered letter to
//    post, with the PDF's path;
//  - invoices whose decision is Outcome::Collection are recorded as handed over (DossierStore).
#include <algorithm>

#include "engine/daily_pass.h"

namespace relance {

const WrittenLetter* DailyPass::letter_for(const std::vector<PlanItem>& items,
                                           const std::vector<Decision>& decisions,
                                           std::size_t first, int level,
                                           const PassOptions& options) {
    const Invoice& lead = *items[first].invoice;
    const Customer& customer = *items[first].customer;
    const std::string key = lead.source + '\x1f' + customer.id + '\x1f' +
                            std::string(lead.total.currency().code());
    if (auto it = letters_today_.find(key); it != letters_today_.end()) {
        return it->second.path.empty() ? nullptr : &it->second;
    }
    WrittenLetter& slot = letters_today_[key];  // empty path: could not be written today
    std::vector<InvoiceLine> lines;
    std::vector<std::string> problems;
    const PenaltySetup* penalties = penalties_ ? &*penalties_ : nullptr;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const Decision& d = decisions[i];
        const Invoice& inv = *items[i].invoice;
        if (d.outcome != Outcome::Send || d.level != level || inv.source != lead.source ||
            inv.customer_id != lead.customer_id || !(inv.total.currency() == lead.total.currency())) {
            continue;
        }
        lines.push_back(letter_line(inv, customer, level, options.today, penalties, problems));
    }
    for (auto& p : problems) letter_summary_.problems.push_back("letter without penalty figures: " + p);
    const LetterFacts facts = letter_facts(*letters_, customer, std::move(lines), options.today, penalties);
    auto written = write_letter(*letters_, facts, lead.source);
    if (!written) {
        letter_summary_.problems.push_back(written.error().describe());
        return nullptr;
    }
    slot = std::move(*written);
    letter_summary_.written.push_back(slot.path);
    if (!slot.missing.empty()) {
        std::string list;
        for (const auto& m : slot.missing) list += (list.empty() ? "" : "; ") + m;
        letter_summary_.problems.push_back(slot.path + ": incomplete formal notice, missing " + list);
    }
    return &slot;
}

Status DailyPass::record_letters(const std::vector<ReminderRow>& rows, const std::vector<std::size_t>& rs,
                                 const PassOptions& options) {
    const WrittenLetter* letter = std::exchange(letter_in_flight_, nullptr);
    if (letter == nullptr) return ok();
    std::vector<ReminderRow> posted;
    for (std::size_t r : rs) {
        const ReminderRow& email = rows[r];
        ReminderRow row;
        row.source = email.source;
        row.invoice_number = email.invoice_number;
        row.level = email.level;
        row.channel = std::string(kLetterChannel);
        row.message_id = reminder_message_id(email.source, email.invoice_number, email.level,
                                             kLetterChannel, company_.message_domain);
        row.planned_on = options.today;
        row.run_id = email.run_id;
        row.recipient = email.recipient;
        row.subject = "Lettre recommandée avec accusé de réception : mise en demeure";
        row.amount_due = email.amount_due;
        posted.push_back(std::move(row));
    }
    auto claimed = store_.claim(posted);
    if (!claimed) return unexpected(std::move(claimed).error());
    std::vector<std::int64_t> ids;
    for (std::size_t k = 0; k < posted.size(); ++k) {
        if ((*claimed)[k]) ids.push_back(posted[k].id);
    }
    if (ids.empty()) return ok();
    const std::vector<std::string> details(ids.size(), "to post by registered letter (LRAR): " + letter->path);
    if (auto st = store_.set_state(ids, ReminderState::Sent, details); !st) return st;
    letter_summary_.to_post += static_cast<std::int64_t>(ids.size());
    return ok();
}

Status DailyPass::hand_over(const std::vector<PlanItem>& items, const std::vector<Decision>& decisions,
                            const PassOptions& options) {
    std::vector<InvoiceKey> keys;
    std::vector<int> levels;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        if (decisions[i].outcome != Outcome::Collection || items[i].history.collection_since) continue;
        const Invoice& inv = *items[i].invoice;
        keys.emplace_back(inv.source, inv.number);
        levels.push_back(decisions[i].level);
        names.push_back(inv.number + " (" + (items[i].customer ? items[i].customer->name : inv.customer_id) + ")");
    }
    if (keys.empty()) return ok();
    if (!options.dry_run && dossier_ != nullptr) {
        auto added = dossier_->hand_to_collection(keys, levels, options.today);
        if (!added) return unexpected(std::move(added).error());
    }
    letter_summary_.handed_to_collection += static_cast<std::int64_t>(keys.size());
    letter_summary_.collection = std::move(names);
    return ok();
}

}  // namespace relance
