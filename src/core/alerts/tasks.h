// SPDX-License-Identifier: MIT
// Follow-up tasks: what a person has to do by hand because the automatic reminders cannot
// (call the customer when a level asks for an internal decision, post the registered letter of a
// formal notice, find a missing e-mail address, fix an address the mail server refused, settle
// a message that may or may not have gone out). Pure: derived from today's plan and the outbox
// rows that need a person; each task has a stable (kind, subject) so it is created once.
//
// Must not: store, send or close tasks (the store and the engine do), read a clock.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/planner/planner.h"
#include "core/policy/policy.h"
#include "core/ports/store.h"

namespace relance {

enum class TaskKind {
    CallCustomer,     // a level with internal_alert (not a formal notice) was reached
    PostLetter,       // a formal-notice level was reached: the registered letter goes by post
    FindEmail,        // a reminder is due but the customer has no e-mail address
    FixEmail,         // the mail server refused a reminder for good (rejected)
    SettleUncertain,  // a reminder may have gone out: check, then `relance outbox confirm|retry`
};
[[nodiscard]] std::string_view to_string(TaskKind k);  // "call", "letter", "find_email", ...
[[nodiscard]] Result<TaskKind> parse_task_kind(std::string_view text);

/// One task to create, before the store says whether it already exists.
struct TaskCandidate {
    TaskKind kind = TaskKind::CallCustomer;
    std::string subject;  // unique per kind: "invoice:csv/F-1#3", "customer:csv/C-9", "reminder:42"
    std::string title;    // "Call Garage Petit & Fils about F-2026-0103"
    std::string detail;   // why, with the figures
    std::string source;
    std::string invoice_number;  // empty for a customer task
    std::string customer_id;
    std::string customer_name;
    Money amount_due;
    std::optional<Date> due_date;
    int level = 0;
};

/// Tasks due from today's plan (items and decisions, same order) and from the outbox rows that
/// need a person (Store::to_settle: rejected and uncertain rows; failed ones retry by themselves).
/// A level task is created for the level the invoice is at today (sent today or before).
[[nodiscard]] std::vector<TaskCandidate> derive_tasks(std::span<const PlanItem> items,
                                                      std::span<const Decision> decisions,
                                                      std::span<const ReminderRow> to_settle,
                                                      const Policy& policy);

}  // namespace relance
