// SPDX-License-Identifier: MIT
// The escalation policy (levels, spacing) and holds. Data plus validation; no decisions here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/time/date.h"

namespace relance {

struct Level {
    int number = 1;            // 1-based, consecutive
    int after_days = 7;        // due when days late >= after_days
    std::string name;          // "courteous reminder"
    /// The messages of this level give the penalty figures (penalites, indemnite,
    /// total_reclame, taux_penalites) to the templates.
    bool mention_penalties = false;
    bool internal_alert = false;  // a person must decide what comes next
    bool formal_notice = false;   // mise en demeure: registered letter
    /// The messages of this level claim the penalties: the figures are given, and the
    /// templates ask for total_reclame rather than the principal alone.
    bool claim_penalties = false;

    [[nodiscard]] bool speaks_of_penalties() const { return mention_penalties || claim_penalties; }
};

struct Policy {
    std::vector<Level> levels;
    int min_gap_days = 7;      // between two reminders of one invoice
    bool allow_skip = false;   // jump straight to the highest level due (off: one level at a time)
    bool group_by_customer = false;  // one message per customer, currency and level per day
    /// Days after the last level before the invoice moves to state `collection` (no more
    /// automatic messages; `relance collection export` writes its dossier). Negative: never.
    int collection_after_days = 15;
    /// Customer tags that pause reminders as a hold would (a negotiation under way).
    std::vector<std::string> hold_tags{"negotiation", "négociation", "pause"};

    /// The tutorial's four levels: +7 courteous, +15 firm (mentions the penalties), +30 formal
    /// (alert), +45 formal notice (claims the penalties).
    [[nodiscard]] static Policy defaults();
    [[nodiscard]] const Level* level(int number) const;
};

/// Every problem at once, one per line ("levels[2].after_days: must be greater than ...").
[[nodiscard]] std::vector<std::string> validate(const Policy& policy);

enum class HoldScope { Customer, Invoice };

struct Hold {
    HoldScope scope = HoldScope::Customer;
    std::string source;  // the source of the customer or invoice
    std::string key;     // customer id or invoice number
    std::string reason;  // negotiation, dispute, payment plan, promise to pay ...
    std::optional<Date> until;  // last held day (inclusive); none = until lifted
    std::optional<Date> since;

    [[nodiscard]] bool active_on(Date today) const { return !until || today <= *until; }
};

}  // namespace relance
