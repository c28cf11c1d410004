// SPDX-License-Identifier: MIT
// What the Store reports for the dashboard, the JSON API and /metrics: plain figures computed as
// of a company date, in integer minor units per currency (never floating point), plus the audit
// log. Data only: no formatting (render/ and app/web do that), no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/invoice/invoice.h"
#include "core/policy/policy.h"
#include "core/time/date.h"

namespace relance {

/// One row of the audit log: who paused, resumed, held, settled or previewed what.
struct AuditEntry {
    std::int64_t id = 0;
    std::chrono::sys_seconds at{};
    std::string actor;   // "cli", "web:alice", "web:token", "web:local"
    std::string action;  // "pause", "resume" (customer holds), "hold", "unhold" (invoice holds),
                         // "outbox confirm", "outbox retry", "preview" ...
    std::string detail;  // "customer csv/C-017: negotiation, until 2026-05-12"
};

/// A count and an amount in one currency.
struct CurrencyAmount {
    std::string currency;
    std::int64_t count = 0;
    std::int64_t amount_minor = 0;
};

/// Overdue invoices whose highest reminder is `level` (0 = overdue, no reminder yet).
struct LevelAmount {
    int level = 0;
    std::string currency;
    std::int64_t count = 0;
    std::int64_t amount_minor = 0;
};

/// Overdue invoices by days late: [from_days, to_days], to_days -1 = no upper bound.
/// The buckets are 1-30 (shown "0-30"), 31-60, 61-90 and 91+ ("90+").
struct AgeingBucket {
    int from_days = 0;
    int to_days = -1;
    std::string currency;
    std::int64_t count = 0;
    std::int64_t amount_minor = 0;
};

/// What became of the invoices that reached one level (every invoice ever stored, draft excluded).
/// An invoice "reached" level L >= 1 when a reminder of level L was recorded for it (not failed,
/// not rejected); level 0 is reached by being overdue (due date before the payment day, or before
/// today while it is open). Its "level" is then the highest level reached.
struct LevelOutcome {
    int level = 0;
    std::int64_t reached = 0;   // invoices that reached this level
    std::int64_t paid = 0;      // paid while this was their highest level (after it, before the next)
    std::int64_t moved_on = 0;  // went on to a higher level
    std::int64_t open = 0;      // still open at this level
    std::int64_t closed_otherwise = 0;  // void, credited or written off at this level
    /// Over the `paid` ones: days from reaching this level (the day its reminder was planned; for
    /// level 0, the due date) to the day the invoice was recorded paid. Mean = total / paid.
    std::int64_t days_to_pay_total = 0;

    /// Share of `reached` that was `paid`, in basis points (10000 = 100 %); 0 when none reached.
    [[nodiscard]] std::int64_t paid_rate_bps() const {
        return reached == 0 ? 0 : (paid * 10000 + reached / 2) / reached;
    }
};

/// Days sales outstanding over the last `kDsoDays` days, per currency: receivable / sales x days.
/// Sales are the totals of the invoices relance has seen issued in that window (it only sees
/// invoices that appeared in an export of unpaid invoices).
inline constexpr int kDsoDays = 90;
struct CurrencyDso {
    std::string currency;
    std::int64_t receivable_minor = 0;  // still owed on open invoices, due or not
    std::int64_t sales_minor = 0;       // totals issued in (today - 90 days, today]
    std::optional<std::int64_t> days;   // rounded half up; none without sales
};

/// Reminder rows by level and state (sent, failed, rejected, uncertain, planned, sending).
struct ReminderCount {
    int level = 0;
    std::string state;
    std::int64_t count = 0;
};

/// The dashboard's headline figures as of `today`. Open = not resolved, status open or disputed,
/// something left to pay; overdue = open with a due date before today.
struct Overview {
    Date today{};
    std::vector<CurrencyAmount> unpaid;        // open, due or not (no due date included)
    std::vector<CurrencyAmount> overdue;       // open and past due
    std::vector<CurrencyAmount> not_due;       // open, due today or later
    std::vector<LevelAmount> overdue_by_level; // ordered by level, currency
    std::vector<AgeingBucket> ageing;          // per currency with overdue invoices, 4 buckets each
    std::vector<LevelOutcome> outcomes;        // levels 0 .. highest level reached, in order
    std::vector<CurrencyDso> dso;              // per currency with receivables or sales
    std::vector<ReminderCount> reminders;      // ordered by level, state
};

/// One day of the daily snapshots (written by each pass).
struct DaySnapshot {
    Date day{};
    int level = 0;
    std::string currency;
    std::int64_t count = 0;
    std::int64_t amount_minor = 0;
};

/// Filters of the overdue list; every one is optional.
struct OverdueFilter {
    std::optional<int> level;              // highest reminder level (0 = none yet)
    std::string customer;                  // part of the customer's id or name (ASCII case ignored)
    std::optional<std::int64_t> min_amount_minor;  // amount still owed, at least
    std::optional<std::int64_t> max_amount_minor;  // at most
    std::optional<bool> held;              // on hold (a hold on it or its customer active today,
                                           // disputed, or a customer tag in hold_tags) or not
    std::vector<std::string> hold_tags;    // the policy's pausing tags
    std::size_t limit = 200;               // rows returned (0 = all); `total` counts every match
};

struct OverdueRow {
    std::string source;
    std::string number;
    std::string customer_id;
    std::string customer_name;
    std::optional<Date> due_date;
    int days_late = 0;
    int level = 0;                     // highest reminder level (0 = none yet)
    std::optional<Date> last_contact;  // latest reminder
    Money total;
    Money amount_due;
    InvoiceStatus status = InvoiceStatus::Open;
    bool held = false;
    std::string held_because;          // the hold's reason, "disputed", or "tag <t>"
};

struct OverdueList {
    std::int64_t total = 0;            // rows matching the filter, before the limit
    std::vector<OverdueRow> rows;      // most days late first, then the largest amount
};

/// Everything the store knows about one invoice, for its timeline (its reminders come from
/// Store::reminders_of).
struct InvoiceTimeline {
    Invoice invoice;
    std::string customer_name;
    Date first_seen_on{};
    std::optional<Date> resolved_on;
    std::string resolution;            // "paid", "void" ...; empty while open
    int level = 0;                     // highest reminder level (not failed, not rejected)
    std::vector<Hold> holds;           // holds on it or its customer, as they are now
    std::vector<AuditEntry> audit;     // its holds, its customer's pauses, its reminders settled;
                                       // oldest first
};

}  // namespace relance
