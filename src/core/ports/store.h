// SPDX-License-Identifier: MIT
// Store: the engine's memory (invoices, holds, the reminder outbox, runs, daily snapshots).
// Implementations: adapters/store/sqlite (default). Every method is atomic on its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/planner/planner.h"
#include "core/policy/policy.h"
#include "core/ports/source.h"
#include "core/ports/statistics.h"

namespace relance {

/// An invoice the store knows, with its dunning history.
struct StoredInvoice {
    Invoice invoice;
    DunningHistory history;            // from reminders in any state but Failed
    std::int64_t last_seen_run = 0;    // the run whose listing last contained it
    /// When that run started: how old its data is (the freshness window of a source).
    std::optional<std::chrono::sys_seconds> last_seen_at;
    std::string remote_id;             // the tool's own id ("" = the number), for fetch_invoice
};

/// Everything the planner needs: invoices not resolved, their customers, every hold.
struct OpenBook {
    std::vector<Customer> customers;  // of the open invoices; Customer.id is unique per source
    std::vector<std::string> customer_sources;  // parallel to customers
    std::vector<StoredInvoice> invoices;
    std::vector<Hold> holds;
};

struct SyncCounts {
    int inserted = 0;   // invoices new to the store
    int updated = 0;    // known invoices whose data changed
    int unchanged = 0;
    int resolved = 0;   // recorded as paid/void/credited today (listed so, or missing from a complete listing)
    int reopened = 0;   // resolved before, listed as open again
};

/// planned -> sending -> sent | failed (retried by the next run) | rejected (refused for good, e.g.
/// SMTP 5xx: kept until a person retries it) | uncertain (may have gone out: a person settles it).
enum class ReminderState { Planned, Sending, Sent, Failed, Uncertain, Rejected };
[[nodiscard]] std::string_view to_string(ReminderState s);

/// A row of the outbox: one (invoice, level, channel) at most, ever.
struct ReminderRow {
    std::int64_t id = 0;
    std::string source;
    std::string invoice_number;
    int level = 0;
    std::string channel;
    std::string message_id;
    ReminderState state = ReminderState::Planned;
    Date planned_on{};         // company date of the run that planned it
    std::int64_t run_id = 0;
    std::string recipient;     // e-mail address(es), ", "-separated
    std::string subject;
    Money amount_due;
    std::string detail;        // file written, server reply, error
};

struct RunRecord {
    std::int64_t id = 0;
    Date run_date{};
    std::chrono::sys_seconds started_at{};
    std::chrono::sys_seconds finished_at{};
    std::string status;        // "running", "ok", "partial", "failed"
    std::string summary_json;
};

/// Overdue invoices at one level on one day (level 0 = overdue, no reminder yet).
struct LevelSnapshot {
    int level = 0;
    std::string currency;
    std::int64_t count = 0;
    std::int64_t amount_minor = 0;
};

class Store {
public:
    virtual ~Store() = default;

    // --- Sync ---------------------------------------------------------------------------------
    /// Writes a listing in one transaction: upserts customers and invoices (marking them seen by
    /// `run_id`), records invoices the listing shows as paid/void/credited/uncollectible as resolved
    /// on `today`, and, only when `listing.complete` is true, also resolves (as "paid") the
    /// invoices of that source that are open in the store but absent from the listing, except
    /// those named in listing.rejected. Invoices of other sources are never touched.
    [[nodiscard]] virtual Result<SyncCounts> apply_listing(const SourceListing& listing, Date today,
                                                           std::int64_t run_id) = 0;
    /// Invoices that are not resolved, with their customers, history and every hold.
    [[nodiscard]] virtual Result<OpenBook> load_open_book() = 0;

    // --- Holds --------------------------------------------------------------------------------
    /// Adds or replaces the hold on (scope, source, key); audited with `actor`.
    [[nodiscard]] virtual Status put_hold(const Hold& hold, std::string_view actor) = 0;
    /// Lifts it; false when there was none.
    [[nodiscard]] virtual Result<bool> remove_hold(HoldScope scope, std::string_view source,
                                                   std::string_view key, std::string_view actor) = 0;
    [[nodiscard]] virtual Result<std::vector<Hold>> list_holds() = 0;
    /// Whether a customer id / invoice number exists in the store for that source (any state).
    [[nodiscard]] virtual Result<bool> exists(HoldScope scope, std::string_view source,
                                              std::string_view key) = 0;

    // --- Outbox -------------------------------------------------------------------------------
    /// Inserts each row as Planned in one transaction and sets its id. A row whose key
    /// (source, invoice, level, channel) already exists is not inserted (result false), unless
    /// the existing row is Failed: then it is planned again (result true, same id).
    [[nodiscard]] virtual Result<std::vector<bool>> claim(std::span<ReminderRow> rows) = 0;
    /// Moves rows to `state` in one transaction, with a detail per row (same size as ids, or empty).
    [[nodiscard]] virtual Status set_state(std::span<const std::int64_t> ids, ReminderState state,
                                           std::span<const std::string> details) = 0;
    /// Rows left in Sending or Planned by an interrupted run, oldest first.
    [[nodiscard]] virtual Result<std::vector<ReminderRow>> interrupted() = 0;
    /// Rows, newest first; `limit` 0 = all.
    [[nodiscard]] virtual Result<std::vector<ReminderRow>> reminders(std::size_t limit) = 0;
    /// Rows that need a person (uncertain, rejected, failed), oldest first.
    [[nodiscard]] virtual Result<std::vector<ReminderRow>> to_settle() = 0;
    /// A person settles one row left uncertain, rejected or failed: `to` is Sent (it did arrive)
    /// or Failed (send it again on the next run). Audited with `actor` and `note`. NotFound: no
    /// such id; Conflict: the row is in another state (planned, sending or sent).
    [[nodiscard]] virtual Result<ReminderRow> settle(std::int64_t id, ReminderState to,
                                                     std::string_view note,
                                                     std::string_view actor) = 0;

    // --- Dashboard reads (core/ports/statistics.h) ---------------------------------------------
    /// The headline figures as of the company date `today`.
    [[nodiscard]] virtual Result<Overview> overview(Date today) = 0;
    /// Daily snapshots of the days in [from, to], ordered by day, level, currency.
    [[nodiscard]] virtual Result<std::vector<DaySnapshot>> snapshots(Date from, Date to) = 0;
    /// Overdue invoices as of `today` that match `filter`, most days late first.
    [[nodiscard]] virtual Result<OverdueList> overdue(const OverdueFilter& filter, Date today) = 0;
    /// One invoice, with its holds and audit entries. NotFound when the store has no such invoice.
    [[nodiscard]] virtual Result<InvoiceTimeline> timeline(std::string_view source,
                                                           std::string_view number) = 0;
    /// The reminder rows of one invoice, oldest first (every state).
    [[nodiscard]] virtual Result<std::vector<ReminderRow>> reminders_of(std::string_view source,
                                                                        std::string_view number) = 0;
    /// Audit rows, newest first; `limit` 0 = all.
    [[nodiscard]] virtual Result<std::vector<AuditEntry>> audit_log(std::size_t limit) = 0;
    /// Writes one audit row for an action that changes nothing else (e.g. a preview).
    [[nodiscard]] virtual Status append_audit(std::string_view actor, std::string_view action,
                                              std::string_view detail) = 0;

    // --- Runs and statistics ------------------------------------------------------------------
    [[nodiscard]] virtual Result<std::int64_t> begin_run(Date run_date,
                                                         std::chrono::sys_seconds started_at) = 0;
    [[nodiscard]] virtual Status finish_run(std::int64_t run_id,
                                            std::chrono::sys_seconds finished_at,
                                            std::string_view status,
                                            std::string_view summary_json) = 0;
    [[nodiscard]] virtual Result<std::vector<RunRecord>> runs(std::size_t limit) = 0;
    /// Replaces the snapshot of `day` with these rows.
    [[nodiscard]] virtual Status put_snapshot(Date day, std::span<const LevelSnapshot> rows) = 0;
    [[nodiscard]] virtual Result<std::vector<LevelSnapshot>> snapshot(Date day) = 0;

    // --- Daemon coordination ------------------------------------------------------------------
    /// Takes the lease `name` for `owner` until now + ttl, if it is free, expired, or already
    /// `owner`'s (then renewed). False when another owner holds it: two daemons on one store
    /// never run a pass at the same time, and a daemon that died frees it when the lease ends.
    [[nodiscard]] virtual Result<bool> try_lease(std::string_view name, std::string_view owner,
                                                 std::chrono::sys_seconds now,
                                                 std::chrono::seconds ttl) = 0;
    /// Gives the lease back (if `owner` holds it).
    [[nodiscard]] virtual Status release_lease(std::string_view name, std::string_view owner) = 0;
    /// A small persisted value (e.g. the daemon's next run time); empty when never set.
    [[nodiscard]] virtual Result<std::string> get_value(std::string_view key) = 0;
    [[nodiscard]] virtual Status put_value(std::string_view key, std::string_view value) = 0;
};

}  // namespace relance
