// SPDX-License-Identifier: MIT
// Internal alert rules: which invoices (and which daily passes) a person must hear about, and
// when an alert already raised is raised again. Pure: every input is a value (today and the
// instant `now` included), every candidate carries the reason a person reads.
// Defaults are the tutorial's four: an overdue amount above 5 000 € per invoice, level 3
// reached, a VIP customer overdue, the first invoice of a new customer overdue; plus "the daily
// pass did not run or failed" (a missed run is never silent) and rules on invoice or customer
// fields with include/exclude tags.
//
// Must not: send, store or format anything for a channel; read a clock or the environment.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/money/money.h"
#include "core/planner/planner.h"
#include "core/time/date.h"

namespace relance {

/// One test on a field of an invoice or its customer: "amount_due >= 2000", "tags contains vip".
/// Fields: amount_due, total, paid (amounts, in the rule's currency), days_late, level (whole
/// numbers), invoice_number, customer_id, customer_name, customer_type, language, status,
/// currency, source, tags, email (texts). Operators: = != < <= > >= contains.
struct FieldCondition {
    std::string field;
    std::string op;
    std::string value;            // as written (texts compare without regard to ASCII case)
    std::int64_t number = 0;      // whole numbers and amounts (minor units of the rule's currency)
};

/// Parses "field op value" (spaces around the operator; the value may be in double quotes).
/// Amounts are read in `currency` ("5000", "5000.00", "1 234,56").
[[nodiscard]] Result<FieldCondition> parse_condition(std::string_view text, Currency currency);

/// A rule of the company's own: alerts on every overdue invoice whose fields meet all of `when`,
/// whose customer has one of `include_tags` (when any are given) and none of `exclude_tags`.
struct FieldRule {
    std::string name;  // kind "rule:<name>"
    std::vector<FieldCondition> when;
    std::vector<std::string> include_tags;
    std::vector<std::string> exclude_tags;
    Currency currency = Currency::eur();
};

struct AlertRules {
    bool enabled = true;
    /// Overdue amount above which one invoice raises an alert (kind "amount"); none = off.
    std::optional<Money> amount_threshold = Money{500000, Currency::eur()};
    int level = 3;                                // "level": this level reached (0 = off)
    std::vector<std::string> vip_tags{"vip"};     // "vip": a customer with one of them overdue
    bool first_invoice = true;                    // "first_invoice": a new customer's only invoice overdue
    /// The four defaults skip customers with one of these tags (e.g. "manual-pay").
    std::vector<std::string> exclude_tags;
    std::vector<FieldRule> rules;
    /// "pass_missed": no daily pass finished for this many hours (0 = off).
    int missed_run_hours = 26;
    /// "pass_failed": a pass could not read a source, or started and never finished.
    bool failed_run = true;
    /// A run still "running" this long after it started has crashed (or was killed).
    int stuck_run_hours = 2;
    /// An alert whose subject is still in the same state is raised again after this many days
    /// (0 = never): a reminder that it was not dealt with.
    int remind_after_days = 30;
};

/// Every problem at once ("alerts.level: ...").
[[nodiscard]] std::vector<std::string> validate(const AlertRules& rules);

/// Why an alert is raised now.
enum class RaiseReason { New, Worse, Reminder };
[[nodiscard]] std::string_view to_string(RaiseReason r);

/// One alert a rule would raise today, before deduplication.
struct AlertCandidate {
    std::string kind;     // "amount", "level", "vip", "first_invoice", "rule:<name>", "pass_missed", "pass_failed"
    std::string subject;  // "invoice:<source>/<number>", "pass:after-run-12", "pass:run-13"
    std::string title;    // short: "Overdue amount above 5000.00 EUR"
    std::string reason;   // one sentence with the figures
    int level = 0;        // how bad (invoice level; days of a missed pass): higher is worse
    Money amount;         // amount due (zero for pass alerts): higher is worse
    bool remindable = true;  // raised again after remind_after_days while it lasts
    /// A higher level makes it worse ("level", "vip", "pass_missed"); the other kinds get worse
    /// only with a higher amount (the "level" alert already tells of each new level).
    bool escalates_on_level = true;
    // The invoice, for invoice alerts (empty for pass alerts).
    std::string source;
    std::string invoice_number;
    std::string customer_id;
    std::string customer_name;
    std::optional<Date> due_date;
    int days_late = 0;
    Money total;
    std::string payment_link;
};

/// Invoice keys ("<source>\x1f<number>") of invoices that are the only one the store ever knew
/// for their customer (the first invoice of a new customer).
using InvoiceKeySet = std::set<std::string>;
[[nodiscard]] std::string invoice_key(std::string_view source, std::string_view number);

/// The invoice rules on today's plan (items and their decisions, same order). Settled invoices,
/// invoices not due yet or whose data is stale raise nothing; held ones (a dispute, a pause, a
/// negotiation tag: a person already deals with them) raise only the company's own rules; each
/// rule raises at most one candidate per invoice.
[[nodiscard]] std::vector<AlertCandidate> evaluate_invoices(std::span<const PlanItem> items,
                                                            std::span<const Decision> decisions,
                                                            const InvoiceKeySet& first_invoices,
                                                            const AlertRules& rules);

/// A daily pass as the alert rules see it (the runs table).
struct PassRecord {
    std::int64_t id = 0;
    Date run_date{};
    std::chrono::sys_seconds started_at{};
    std::optional<std::chrono::sys_seconds> finished_at;  // none: still running, or crashed
    std::string status;                                   // "running", "ok", "partial", "failed"
    std::string problem;  // what went wrong (a source unread), "" when nothing did
};

/// The pass rules at the instant `now`: "pass_missed" when no pass finished within
/// missed_run_hours (subject names the last pass that did, so each outage is one alert, raised
/// again as it lasts: level = whole days without a pass); "pass_failed" for a pass with a
/// problem or one stuck running (subject names that run). `passes` is any order; the pass with
/// id `current_run` (the one running now, 0 if none) is not judged. No pass at all: nothing
/// (relance has not been set up yet).
[[nodiscard]] std::vector<AlertCandidate> evaluate_passes(std::span<const PassRecord> passes,
                                                          std::chrono::sys_seconds now,
                                                          std::int64_t current_run,
                                                          const AlertRules& rules);

/// The latest alert raised for one (kind, subject).
struct AlertRecord {
    std::string kind;
    std::string subject;
    int occurrence = 0;  // 1 for the first time it was raised
    Date raised_on{};
    int level = 0;
    Money amount;
};

/// A candidate that is raised: its occurrence (1 + the last one's) and why.
struct RaisedAlert {
    AlertCandidate alert;
    int occurrence = 1;
    RaiseReason why = RaiseReason::New;
};

/// Deduplication: a candidate is raised when its (kind, subject) was never raised, when it got
/// worse than the last time (a higher level where the kind escalates on levels, or a higher
/// amount in the same currency), or when
/// remind_after_days passed since the last time; otherwise it stays quiet. `last` is the latest
/// record of each (kind, subject), any order. Order follows the candidates.
[[nodiscard]] std::vector<RaisedAlert> decide_raises(std::span<const AlertCandidate> candidates,
                                                     std::span<const AlertRecord> last, Date today,
                                                     const AlertRules& rules);

}  // namespace relance
