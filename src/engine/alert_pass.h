// SPDX-License-Identifier: MIT
// The alerts and follow-up tasks of a pass, over the ports: evaluate the rules (core/alerts) on
// today's plan and on the passes recorded, keep only what is new or worse (or due for a
// reminder), record it, create the follow-up tasks, and deliver both through the notice outbox
// to the configured channels (Slack, e-mail, Notion, Airtable, webhook). Also run on its own by
// `relance alerts check` (a missed pass is never silent: cron runs it every hour).
//
// Exactly-once, as for reminders: each delivery is a row (unique alert-or-task x channel)
// claimed before delivery and settled after; a row found "sending" at start-up was interrupted:
// delivered again on an idempotent channel (a file named after it), otherwise "uncertain" (a
// person settles it with `relance alerts confirm|retry`). A failed delivery is retried by the
// next pass or check; one refused for good (a 4xx) is "rejected" and waits for a person.
//
// Must not: read a clock or the environment (today and now are arguments), or know a vendor.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/alerts/alert_rules.h"
#include "core/alerts/tasks.h"
#include "core/planner/planner.h"
#include "core/policy/policy.h"
#include "core/ports/alerts.h"
#include "core/ports/store.h"

namespace relance {

/// One alert raised (or that would be, on a dry run).
struct AlertLine {
    std::string kind;
    std::string subject;
    std::string title;
    std::string reason;
    RaiseReason why = RaiseReason::New;
    int occurrence = 1;
};

/// One task created (or that would be).
struct TaskLine {
    std::int64_t id = 0;  // 0 on a dry run
    TaskKind kind = TaskKind::CallCustomer;
    std::string title;
};

struct AlertSummary {
    bool evaluated = false;              // alerts are configured and were evaluated
    std::vector<AlertLine> raised;
    std::vector<TaskLine> tasks;
    std::int64_t delivered = 0;          // deliveries that reached their channel
    std::int64_t failed = 0;             // not delivered: tried again by the next pass or check
    std::int64_t rejected = 0;           // refused for good: `relance alerts` lists them
    std::int64_t uncertain = 0;          // may have arrived: a person settles them
    std::int64_t recovered = 0;          // interrupted earlier, delivered again
    std::vector<std::string> errors;     // one line per delivery that went wrong (no secrets)
    std::string error;                   // the alerts could not be evaluated (a store error)

    [[nodiscard]] bool needs_a_look() const { return failed + rejected + uncertain > 0 || !error.empty(); }
};

/// What one evaluation looks at.
struct AlertContext {
    std::span<const PlanItem> items;       // today's plan (empty for `relance alerts check`)
    std::span<const Decision> decisions;   // same order as items
    Date today{};                          // the company's date
    std::chrono::sys_seconds now{};
    std::int64_t run_id = 0;               // the pass under way (0: `relance alerts check`)
    std::string pass_problem;              // what went wrong in the pass under way ("" = nothing)
    bool dry_run = false;                  // evaluate only: nothing recorded, nothing delivered
};

class AlertPass {
public:
    /// `store` gives the reminder rows that need a person (tasks); `alerts` keeps alerts, tasks
    /// and their deliveries. Channels are named by NoticeChannel::name(); a channel may be in
    /// both lists. `digest`: one message per channel and evaluation listing every alert (on the
    /// channels that take one) instead of one message per alert.
    AlertPass(Store& store, AlertStore& alerts, std::vector<NoticeChannel*> alert_channels,
              std::vector<NoticeChannel*> task_channels, AlertRules rules, const Policy& policy,
              bool digest);

    /// Runs the invoice and pass rules, records what is raised, creates the tasks and delivers
    /// what is pending (today's and earlier failures). An error means a store could not be used.
    [[nodiscard]] Result<AlertSummary> run(const AlertContext& context);

private:
    [[nodiscard]] Status recover(const AlertContext& context, AlertSummary& summary);
    [[nodiscard]] Status deliver(const AlertContext& context, std::vector<NoticeDelivery>& rows,
                                 AlertSummary& summary);
    [[nodiscard]] NoticeChannel* channel(std::string_view name, NoticeType type) const;

    Store& store_;
    AlertStore& alerts_;
    std::vector<NoticeChannel*> alert_channels_;
    std::vector<NoticeChannel*> task_channels_;
    AlertRules rules_;
    Policy policy_;
    bool digest_ = false;
};

}  // namespace relance
