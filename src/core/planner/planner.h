// SPDX-License-Identifier: MIT
// The planner: a pure function from (invoices with their history, policy, today) to decisions.
// It sends nothing and reads nothing; every decision carries a reason a person can read.
// Level semantics (docs/architecture.md): days late are calendar days between the due date and
// the company's today; level L is due when days late >= L.after_days, level L-1 was the last one
// sent (no skipping unless the policy allows it) and min_gap_days have passed since the last
// reminder. State-based, so a missed day is caught up on the next run.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/invoice/invoice.h"
#include "core/policy/policy.h"

namespace relance {

/// What has already happened to one invoice.
struct DunningHistory {
    int last_level = 0;                 // highest level recorded for it (0 = none)
    std::optional<Date> last_contact;   // company date of the latest reminder
    /// Company date the invoice was handed to collection (state `collection`): no automatic
    /// message any more. None: still dunned by the levels.
    std::optional<Date> collection_since;
};

struct PlanItem {
    const Invoice* invoice = nullptr;
    const Customer* customer = nullptr;
    DunningHistory history;
    std::vector<const Hold*> holds;  // holds on this invoice or its customer (active or not)
    bool fresh = true;               // false: today's data could not be confirmed
    std::string stale_reason;        // why it is not fresh
};

enum class Outcome {
    Send,            // send `level` now
    NotDue,          // next level not due yet (see next_date)
    MinGap,          // due, but the last reminder is too recent (see next_date)
    Held,            // hold on the invoice or customer, or disputed
    Settled,         // paid, void, credited or nothing left to pay
    NoDueDate,       // cannot be dunned: needs attention
    NoEmail,         // cannot be e-mailed: needs attention
    Stale,           // today's data not confirmed: nothing sent on stale data
    Exhausted,       // every level sent: waits for the collection delay (Policy)
    ContactedToday,  // already reminded today (at most one message per invoice per day)
    Collection,      // handed to collection (today, or earlier: history.collection_since)
};
[[nodiscard]] std::string_view to_string(Outcome o);

struct Decision {
    Outcome outcome = Outcome::NotDue;
    int level = 0;      // Send: the level to send; otherwise the last level sent
    int days_late = 0;  // 0 when there is no due date
    Money amount_due;
    int target_level = 0;           // the level concerned by this decision (0 if none)
    std::optional<Date> next_date;  // NotDue / MinGap: first day it may be sent
    const Hold* hold = nullptr;     // Held: the hold that applies (null for a dispute or a tag)
    const std::string* hold_tag = nullptr;  // Held: the customer tag that pauses it
    int days_since_contact = -1;    // -1 when never contacted
};

/// Decides for one invoice on `today` (the company's civil date). Decisions are plain data so
/// that planning a million invoices allocates nothing; explain() gives the sentence.
[[nodiscard]] Decision decide(const PlanItem& item, const Policy& policy, Date today);

/// The human-readable reason: "level 2: 16 days late (due 2026-03-14), last reminder 9 days ago".
[[nodiscard]] std::string explain(const Decision& d, const PlanItem& item, const Policy& policy);

/// decide() for every item, in order.
[[nodiscard]] std::vector<Decision> plan(std::span<const PlanItem> items, const Policy& policy,
                                         Date today);

/// One message to a customer: the items (indexes into the plan) it covers.
struct MessagePlan {
    std::vector<std::size_t> items;
};

/// Groups Send decisions into messages: one per invoice, or, with policy.group_by_customer, one
/// per customer, currency and level sent. Order follows the items (a message's place is that of
/// its first invoice). Every invoice of a message is at the message's level: a grouped message
/// never raises an invoice above the level it is due for by itself (a formal notice lists only
/// the invoices that reached it, its penalties and indemnities count only them), so a customer
/// whose invoices are due at different levels gets one message per level that day.
[[nodiscard]] std::vector<MessagePlan> group_messages(std::span<const PlanItem> items,
                                                      std::span<const Decision> decisions,
                                                      const Policy& policy);

}  // namespace relance
