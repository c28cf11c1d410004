// SPDX-License-Identifier: MIT
#include "core/alerts/tasks.h"

#include <array>
#include <map>
#include <set>

namespace relance {
namespace {

constexpr std::array<std::pair<TaskKind, std::string_view>, 5> kKinds{{
    {TaskKind::CallCustomer, "call"},
    {TaskKind::PostLetter, "letter"},
    {TaskKind::FindEmail, "find_email"},
    {TaskKind::FixEmail, "fix_email"},
    {TaskKind::SettleUncertain, "settle"},
}};

std::string money_text(const Money& m) {
    return m.to_plain_string() + " " + std::string(m.currency().code());
}

std::string key(std::string_view a, std::string_view b) {
    std::string k(a);
    k.push_back('\x1f');
    k.append(b);
    return k;
}

TaskCandidate for_invoice(TaskKind kind, const PlanItem& item, const Decision& d) {
    const Invoice& inv = *item.invoice;
    TaskCandidate t;
    t.kind = kind;
    t.source = inv.source;
    t.invoice_number = inv.number;
    t.customer_id = inv.customer_id;
    t.customer_name = item.customer != nullptr ? item.customer->name : inv.customer_id;
    t.amount_due = d.amount_due;
    t.due_date = inv.due_date;
    t.level = d.level;
    return t;
}

std::string late_text(const Decision& d) {
    return std::to_string(d.days_late) + (d.days_late == 1 ? " day" : " days") + " late";
}

}  // namespace

std::string_view to_string(TaskKind k) {
    for (const auto& [kind, name] : kKinds) {
        if (kind == k) return name;
    }
    return "call";
}

Result<TaskKind> parse_task_kind(std::string_view text) {
    for (const auto& [kind, name] : kKinds) {
        if (name == text) return kind;
    }
    return fail(ErrorCode::InvalidInput, "unknown task kind '" + std::string(text) + "'");
}

std::vector<TaskCandidate> derive_tasks(std::span<const PlanItem> items,
                                        std::span<const Decision> decisions,
                                        std::span<const ReminderRow> to_settle,
                                        const Policy& policy) {
    std::vector<TaskCandidate> out;
    std::set<std::string> customers_without_email;
    std::map<std::string, std::size_t> by_invoice;  // (source, number) -> item
    for (std::size_t i = 0; i < items.size() && i < decisions.size(); ++i) {
        const PlanItem& item = items[i];
        const Decision& d = decisions[i];
        const Invoice& inv = *item.invoice;
        by_invoice.emplace(key(inv.source, inv.number), i);
        // Paid, held (someone already deals with it: a dispute, a negotiation) or unconfirmed
        // today: nothing to do by hand.
        if (d.outcome == Outcome::Settled || d.outcome == Outcome::Held || d.outcome == Outcome::Stale) {
            continue;
        }
        if (d.outcome == Outcome::NoEmail &&
            customers_without_email.insert(key(inv.source, inv.customer_id)).second) {
            TaskCandidate t = for_invoice(TaskKind::FindEmail, item, d);
            t.subject = "customer:" + inv.source + "/" + inv.customer_id;
            t.level = d.target_level;
            t.title = "Find an e-mail address for " + t.customer_name;
            t.detail = "level " + std::to_string(d.target_level) + " is due for " + inv.number + " (" +
                       money_text(d.amount_due) + ", " + late_text(d) +
                       ") but the customer has no e-mail address: add one in the invoicing tool "
                       "(customer " + inv.customer_id + ")";
            out.push_back(std::move(t));
        }
        const Level* level = policy.level(d.level);
        if (level == nullptr || (!level->formal_notice && !level->internal_alert)) continue;
        const TaskKind kind = level->formal_notice ? TaskKind::PostLetter : TaskKind::CallCustomer;
        TaskCandidate t = for_invoice(kind, item, d);
        t.subject = "invoice:" + inv.source + "/" + inv.number + "#L" + std::to_string(d.level);
        const std::string facts = inv.number + ": " + money_text(d.amount_due) + " due, " +
                                  late_text(d) + ", level " + std::to_string(d.level) +
                                  (level->name.empty() ? "" : " (" + level->name + ")");
        if (kind == TaskKind::PostLetter) {
            t.title = "Post the registered letter to " + t.customer_name + " (" + inv.number + ")";
            t.detail = facts + ": the formal notice goes by registered letter with "
                               "acknowledgement of receipt; next step, a collection agency";
        } else {
            t.title = "Call " + t.customer_name + " about " + inv.number;
            t.detail = facts + ": the reminders were not enough; call the customer and decide "
                               "what comes next (payment plan, formal notice, hold)";
        }
        out.push_back(std::move(t));
    }
    for (const ReminderRow& row : to_settle) {
        if (row.state != ReminderState::Rejected && row.state != ReminderState::Uncertain) continue;
        TaskCandidate t;
        t.kind = row.state == ReminderState::Rejected ? TaskKind::FixEmail : TaskKind::SettleUncertain;
        // A row planned again after a retry has a new planned_on: a new refusal is a new task.
        t.subject = "reminder:" + std::to_string(row.id) + "@" + to_iso(row.planned_on);
        t.source = row.source;
        t.invoice_number = row.invoice_number;
        t.amount_due = row.amount_due;
        t.level = row.level;
        if (auto it = by_invoice.find(key(row.source, row.invoice_number)); it != by_invoice.end()) {
            const PlanItem& item = items[it->second];
            t.customer_id = item.invoice->customer_id;
            t.customer_name = item.customer != nullptr ? item.customer->name : t.customer_id;
            t.due_date = item.invoice->due_date;
        }
        const std::string who = t.customer_name.empty() ? row.recipient : t.customer_name;
        const std::string id = std::to_string(row.id);
        if (t.kind == TaskKind::FixEmail) {
            t.title = "Fix the e-mail address of " + who + " (" + row.invoice_number + ")";
            t.detail = "the mail server refused reminder " + id + " (level " +
                       std::to_string(row.level) + ") for " + row.recipient + ": " + row.detail +
                       "; fix the address in the invoicing tool, then `relance outbox retry " + id + "`";
        } else {
            t.title = "Check whether reminder " + id + " reached " + who + " (" + row.invoice_number + ")";
            t.detail = "the link to the mail server broke while reminder " + id + " (level " +
                       std::to_string(row.level) + ", to " + row.recipient +
                       ") was being sent: check the sent folder or the server log, then "
                       "`relance outbox confirm " + id + "` (it arrived) or `relance outbox retry " +
                       id + "`";
        }
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace relance
