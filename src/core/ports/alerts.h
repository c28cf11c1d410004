// SPDX-License-Identifier: MIT
// Ports of the internal alerts and follow-up tasks: AlertStore (what was raised, the tasks, their
// outbox of deliveries, the passes) and NoticeChannel (Slack, e-mail to the finance manager,
// Notion, Airtable, a JSON webhook). Implementations: adapters/store/sqlite (SqliteAlertStore),
// adapters/delivery/alerts.
//
// Must not: hold rules (core/alerts) or vendor types.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/alerts/alert_rules.h"
#include "core/alerts/tasks.h"
#include "core/error.h"
#include "core/ports/channel.h"
#include "core/ports/store.h"

namespace relance {

/// One alert as recorded: unique (kind, subject, occurrence).
struct AlertNotice {
    std::int64_t id = 0;
    AlertCandidate alert;
    int occurrence = 1;
    RaiseReason why = RaiseReason::New;
    Date raised_on{};
    std::int64_t run_id = 0;  // the pass that raised it (0: `relance alerts check`)
};

/// One follow-up task: unique (kind, subject); open until a person closes it.
struct TaskRecord {
    std::int64_t id = 0;
    TaskCandidate task;
    Date created_on{};
    std::int64_t run_id = 0;
    bool done = false;
    std::optional<Date> done_on;
    std::string note;   // the person's note when closing it
    std::string actor;  // who closed it
};

enum class NoticeType { Alert, Task };
[[nodiscard]] std::string_view to_string(NoticeType t);

/// A row of the notice outbox: one delivery of one alert or task to one channel, ever (unique
/// type x notice x channel). States as for reminders: planned -> sending -> sent | failed
/// (retried next run) | rejected (refused for good) | uncertain (may have arrived).
struct NoticeDelivery {
    std::int64_t id = 0;
    NoticeType type = NoticeType::Alert;
    std::int64_t notice_id = 0;
    std::string channel;
    ReminderState state = ReminderState::Planned;
    Date planned_on{};
    std::int64_t run_id = 0;
    int attempts = 0;     // deliveries tried (a retry by a later run counts again)
    std::string detail;   // what the service answered, the error, the file written
    std::string title;    // the alert's or task's title (listings)
};

class AlertStore {
public:
    virtual ~AlertStore() = default;

    // --- Alerts -------------------------------------------------------------------------------
    /// The latest occurrence of every (kind, subject) ever raised.
    [[nodiscard]] virtual Result<std::vector<AlertRecord>> latest_alerts() = 0;
    /// Records alerts in one transaction with a Planned delivery row for each of `channels`
    /// (so that a crash never leaves an alert recorded but never delivered), and sets their ids.
    /// One whose (kind, subject, occurrence) is already recorded is not written again (false)
    /// and gets the existing id.
    [[nodiscard]] virtual Result<std::vector<bool>> record_alerts(
        std::span<AlertNotice> alerts, std::span<const std::string> channels) = 0;
    /// Alerts, newest first; `limit` 0 = all.
    [[nodiscard]] virtual Result<std::vector<AlertNotice>> alerts(std::size_t limit) = 0;
    /// NotFound when there is none.
    [[nodiscard]] virtual Result<AlertNotice> alert(std::int64_t id) = 0;

    // --- Tasks --------------------------------------------------------------------------------
    /// Creates tasks in one transaction, each with a Planned delivery row for each of
    /// `channels`, and sets their ids. One whose (kind, subject) exists (open or done) is not
    /// created again (false) and gets the existing id.
    [[nodiscard]] virtual Result<std::vector<bool>> open_tasks(
        std::span<TaskRecord> tasks, std::span<const std::string> channels) = 0;
    /// Open tasks (with `done`, every task), oldest first.
    [[nodiscard]] virtual Result<std::vector<TaskRecord>> tasks(bool with_done) = 0;
    [[nodiscard]] virtual Result<TaskRecord> task(std::int64_t id) = 0;
    /// Closes an open task, audited with `actor` and `note`. NotFound: no such task; Conflict:
    /// already done.
    [[nodiscard]] virtual Result<TaskRecord> close_task(std::int64_t id, Date on, std::string_view note,
                                                        std::string_view actor) = 0;

    // --- Notice outbox ------------------------------------------------------------------------
    /// Inserts each row as Planned in one transaction and sets its id. A row whose key (type,
    /// notice, channel) exists is not inserted (false), unless it is Failed: then it is planned
    /// again (true, same id).
    [[nodiscard]] virtual Result<std::vector<bool>> claim_notices(std::span<NoticeDelivery> rows) = 0;
    /// Moves rows to `state` in one transaction, with a detail per row (same size, or empty).
    /// Moving to Sending counts an attempt.
    [[nodiscard]] virtual Status set_notice_state(std::span<const std::int64_t> ids, ReminderState state,
                                                  std::span<const std::string> details) = 0;
    /// Rows in `state`, oldest first.
    [[nodiscard]] virtual Result<std::vector<NoticeDelivery>> notices_in(ReminderState state) = 0;
    /// Rows, newest first; `limit` 0 = all.
    [[nodiscard]] virtual Result<std::vector<NoticeDelivery>> notices(std::size_t limit) = 0;
    /// A person settles a row left uncertain, rejected or failed: Sent (it did arrive) or Failed
    /// (deliver it again on the next run). Audited. NotFound / Conflict as Store::settle.
    [[nodiscard]] virtual Result<NoticeDelivery> settle_notice(std::int64_t id, ReminderState to,
                                                               std::string_view note,
                                                               std::string_view actor) = 0;

    // --- What the rules read ------------------------------------------------------------------
    /// The latest `limit` passes (runs table), newest first. `problem` says when a pass could not
    /// read a source.
    [[nodiscard]] virtual Result<std::vector<PassRecord>> passes(std::size_t limit) = 0;
    /// Invoices that are the only one the store ever knew for their customer (any state).
    [[nodiscard]] virtual Result<InvoiceKeySet> only_invoices() = 0;
};

/// What one delivery carries: one alert, several alerts (a digest), or one task.
struct Notice {
    std::string key;  // stable per delivery: "alert-12", "task-3", "digest-2026-12-03-12-15"
    std::vector<AlertNotice> alerts;
    std::optional<TaskRecord> task;
    Date date{};                      // the company's date of the delivery
    std::chrono::sys_seconds now{};   // stamped on e-mails
};

/// Delivers notices to one service. Holds no alert logic.
class NoticeChannel {
public:
    virtual ~NoticeChannel() = default;
    /// "slack", "email", "notion", "airtable", "webhook": in config, logs and the outbox.
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// As Channel::idempotent: delivering twice has the effect of once (a file named after the key).
    [[nodiscard]] virtual bool idempotent() const = 0;
    /// Whether several alerts may go in one message (a digest). Channels that create one record
    /// per notice (Notion, Airtable) take one alert at a time.
    [[nodiscard]] virtual bool takes_digest() const = 0;
    /// Errors: Unavailable (nothing was delivered: try again on the next run, e.g. still 429 or
    /// 5xx after the retries), Rejected (refused for good: a 4xx, with the service's message),
    /// Uncertain (the request may have taken effect: never repeated automatically),
    /// InvalidInput (a notice the channel cannot present). Never a secret in the message.
    [[nodiscard]] virtual Result<DeliveryReceipt> deliver(const Notice& notice) = 0;
};

}  // namespace relance
