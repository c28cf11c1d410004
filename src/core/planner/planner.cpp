// SPDX-License-Identifier: MIT
#include "core/planner/planner.h"

#include <map>
#include <tuple>

namespace relance {

std::string_view to_string(Outcome o) {
    switch (o) {
        case Outcome::Send: return "send";
        case Outcome::NotDue: return "not due yet";
        case Outcome::MinGap: return "minimum gap";
        case Outcome::Held: return "on hold";
        case Outcome::Settled: return "settled";
        case Outcome::NoDueDate: return "no due date";
        case Outcome::NoEmail: return "no e-mail address";
        case Outcome::Stale: return "stale data";
        case Outcome::Exhausted: return "all levels sent";
        case Outcome::ContactedToday: return "already contacted today";
        case Outcome::Collection: return "in collection";
    }
    return "?";
}

Decision decide(const PlanItem& item, const Policy& policy, Date today) {
    const Invoice& inv = *item.invoice;
    Decision d;
    d.level = item.history.last_level;
    d.amount_due = inv.amount_due();

    const bool disputed = inv.status == InvoiceStatus::Disputed;
    if (!disputed && (inv.status != InvoiceStatus::Open || !d.amount_due.is_positive())) {
        d.outcome = Outcome::Settled;
        return d;
    }
    if (inv.due_date) d.days_late = days_between(*inv.due_date, today);
    if (disputed) {  // held whatever is left to pay, until the dispute is settled
        d.outcome = Outcome::Held;
        return d;
    }
    if (!inv.due_date) {
        d.outcome = Outcome::NoDueDate;
        return d;
    }

    for (const Hold* h : item.holds) {
        if (h->active_on(today)) {
            d.outcome = Outcome::Held;
            d.hold = h;
            return d;
        }
    }

    if (item.customer != nullptr) {
        for (const std::string& tag : policy.hold_tags) {
            if (item.customer->has_tag(tag)) {
                d.outcome = Outcome::Held;
                d.hold_tag = &tag;
                return d;
            }
        }
    }

    if (item.history.collection_since) {  // handed over: no automatic message any more
        d.outcome = Outcome::Collection;
        return d;
    }
    const int levels = static_cast<int>(policy.levels.size());
    if (item.history.last_level >= levels) {
        d.outcome = Outcome::Exhausted;
        if (item.history.last_contact) {
            d.days_since_contact = days_between(*item.history.last_contact, today);
            if (policy.collection_after_days >= 0 &&
                d.days_since_contact >= policy.collection_after_days) {
                d.outcome = Outcome::Collection;  // the engine records the hand-off
            } else if (policy.collection_after_days >= 0) {
                d.next_date = add_days(*item.history.last_contact, policy.collection_after_days);
            }
        }
        return d;
    }
    int target = item.history.last_level + 1;
    if (policy.allow_skip) {
        for (int l = levels; l > target; --l) {
            if (d.days_late >= policy.level(l)->after_days) {
                target = l;
                break;
            }
        }
    }
    d.target_level = target;
    if (item.history.last_contact) {
        d.days_since_contact = days_between(*item.history.last_contact, today);
        if (d.days_since_contact <= 0) {  // at most one message per invoice per day
            d.outcome = Outcome::ContactedToday;
            return d;
        }
    }
    const Level& level = *policy.level(target);
    if (d.days_late < level.after_days) {
        d.outcome = Outcome::NotDue;
        d.next_date = add_days(*inv.due_date, level.after_days);
        return d;
    }
    if (item.history.last_contact) {
        if (d.days_since_contact < policy.min_gap_days) {
            d.outcome = Outcome::MinGap;
            d.next_date = add_days(*item.history.last_contact, policy.min_gap_days);
            return d;
        }
    }
    if (item.customer == nullptr || item.customer->emails.empty()) {
        d.outcome = Outcome::NoEmail;
        return d;
    }
    if (!item.fresh) {
        d.outcome = Outcome::Stale;
        return d;
    }
    d.outcome = Outcome::Send;
    d.level = target;
    return d;
}

namespace {

std::string days_text(int n) { return std::to_string(n) + (n == 1 || n == -1 ? " day" : " days"); }

}  // namespace

std::string explain(const Decision& d, const PlanItem& item, const Policy& policy) {
    const Invoice& inv = *item.invoice;
    const std::string lvl = "level " + std::to_string(d.target_level);
    const std::string late = inv.due_date ? (d.days_late < 0 ? "due in " + days_text(-d.days_late)
                                                             : days_text(d.days_late) + " late")
                                          : std::string();
    switch (d.outcome) {
        case Outcome::Send: {
            std::string s = lvl + ": " + late + " (due " + to_iso(*inv.due_date) + ")";
            if (d.days_since_contact >= 0) {
                s += ", last reminder " + days_text(d.days_since_contact) + " ago";
            }
            return s;
        }
        case Outcome::NotDue:
            return lvl + " due on " + to_iso(*d.next_date) + " (" + late + ")";
        case Outcome::MinGap:
            return lvl + " waits until " + to_iso(*d.next_date) + ": last reminder " +
                   days_text(d.days_since_contact) + " ago, minimum gap " +
                   days_text(policy.min_gap_days);
        case Outcome::Held: {
            if (d.hold_tag != nullptr) return "customer tagged '" + *d.hold_tag + "': reminders paused";
            if (d.hold == nullptr) return "disputed by the customer";
            const Hold& h = *d.hold;
            std::string s = h.scope == HoldScope::Customer ? "customer paused" : "invoice on hold";
            if (!h.reason.empty()) s += ": " + h.reason;
            if (h.until) s += " (until " + to_iso(*h.until) + ")";
            return s;
        }
        case Outcome::Settled:
            return inv.status != InvoiceStatus::Open
                       ? "status " + std::string(to_string(inv.status))
                       : "nothing left to pay";
        case Outcome::NoDueDate:
            return "not dunned until the invoice has a due date";
        case Outcome::NoEmail:
            return lvl + " due (" + late + ") but the customer has no e-mail address";
        case Outcome::Stale:
            return lvl + " due but today's data is not confirmed" +
                   (item.stale_reason.empty() ? "" : ": " + item.stale_reason);
        case Outcome::Exhausted:
            return "all " + std::to_string(policy.levels.size()) + " levels sent" +
                   (d.next_date ? ": handed to collection on " + to_iso(*d.next_date)
                                : ": hand-off to collection");
        case Outcome::Collection:
            return item.history.collection_since
                       ? "in collection since " + to_iso(*item.history.collection_since) +
                             ": no automatic message"
                       : "all " + std::to_string(policy.levels.size()) + " levels sent, last " +
                             days_text(d.days_since_contact) +
                             " ago: handed to collection today";
        case Outcome::ContactedToday:
            return "already reminded today";
    }
    return {};
}

std::vector<Decision> plan(std::span<const PlanItem> items, const Policy& policy, Date today) {
    std::vector<Decision> out;
    out.reserve(items.size());
    for (const PlanItem& item : items) out.push_back(decide(item, policy, today));
    return out;
}

std::vector<MessagePlan> group_messages(std::span<const PlanItem> items,
                                        std::span<const Decision> decisions, const Policy& policy) {
    std::vector<MessagePlan> out;
    // Keyed by level too: a message is written at one level (its tone, its penalty figures,
    // its formal-notice letter), so an invoice never goes out above the level it is due for.
    std::map<std::tuple<std::string, std::string, std::string, int>, std::size_t> by_customer;
    for (std::size_t i = 0; i < decisions.size(); ++i) {
        if (decisions[i].outcome != Outcome::Send) continue;
        if (!policy.group_by_customer) {
            out.push_back(MessagePlan{{i}});
            continue;
        }
        const Invoice& inv = *items[i].invoice;
        auto key = std::make_tuple(inv.source, inv.customer_id,
                                   std::string(inv.total.currency().code()), decisions[i].level);
        auto [it, inserted] = by_customer.try_emplace(key, out.size());
        if (inserted) out.emplace_back();
        out[it->second].items.push_back(i);
    }
    return out;
}

}  // namespace relance
