// SPDX-License-Identifier: MIT
// SqlStore: the Store, written once over the engine-neutral SQL layer (connection.h) and used by
// both engines: SqliteStore (one file) and PostgresStore (one schema of a server). It keeps the
// engine's memory (customers, invoices, holds, the reminder outbox, runs, daily snapshots, an
// audit log) and implements every Store method as one transaction.
// It must not decide anything (that is the planner's job), read the host's local time, open or
// migrate anything (the engines' open() do), or let an exception escape: failures come back as
// Result errors (Unavailable when the store is locked or unreachable, Internal otherwise) with
// the store's label (path, or URL without password) as context.
// One instance is one connection: use it from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "adapters/store/sql/connection.h"
#include "core/error.h"
#include "core/ports/clock.h"
#include "core/ports/store.h"

namespace relance {

class SqlStore : public Store {
public:
    SqlStore(const SqlStore&) = delete;
    SqlStore& operator=(const SqlStore&) = delete;
    ~SqlStore() override;

    // --- Store --------------------------------------------------------------------------------
    /// As Store::apply_listing. Also: an invoice listed for the first time as already closed is
    /// stored resolved but counted only as inserted (resolved counts open -> closed changes); an
    /// open invoice with nothing left to pay is resolved as "paid"; a number listed twice in one
    /// listing is InvalidInput (nothing is written).
    [[nodiscard]] Result<SyncCounts> apply_listing(const SourceListing& listing, Date today,
                                                   std::int64_t run_id) override;
    [[nodiscard]] Result<OpenBook> load_open_book() override;

    [[nodiscard]] Status put_hold(const Hold& hold, std::string_view actor) override;
    [[nodiscard]] Result<bool> remove_hold(HoldScope scope, std::string_view source,
                                           std::string_view key, std::string_view actor) override;
    [[nodiscard]] Result<std::vector<Hold>> list_holds() override;
    [[nodiscard]] Result<bool> exists(HoldScope scope, std::string_view source,
                                      std::string_view key) override;

    /// As Store::claim. A row that is not claimed (false) still gets the id of the existing row.
    /// Claiming a reminder for an invoice the store does not know is NotFound (nothing written).
    [[nodiscard]] Result<std::vector<bool>> claim(std::span<ReminderRow> rows) override;
    /// As Store::set_state; an unknown id is NotFound (nothing written).
    [[nodiscard]] Status set_state(std::span<const std::int64_t> ids, ReminderState state,
                                   std::span<const std::string> details) override;
    [[nodiscard]] Result<std::vector<ReminderRow>> interrupted() override;
    [[nodiscard]] Result<std::vector<ReminderRow>> reminders(std::size_t limit) override;
    [[nodiscard]] Result<std::vector<ReminderRow>> to_settle() override;
    [[nodiscard]] Result<ReminderRow> settle(std::int64_t id, ReminderState to, std::string_view note,
                                             std::string_view actor) override;

    /// As Store::overview; computed with SQL aggregates over invoices, invoice_history and
    /// reminders in one read transaction.
    [[nodiscard]] Result<Overview> overview(Date today) override;
    [[nodiscard]] Result<std::vector<DaySnapshot>> snapshots(Date from, Date to) override;
    [[nodiscard]] Result<OverdueList> overdue(const OverdueFilter& filter, Date today) override;
    [[nodiscard]] Result<InvoiceTimeline> timeline(std::string_view source,
                                                   std::string_view number) override;
    [[nodiscard]] Result<std::vector<ReminderRow>> reminders_of(std::string_view source,
                                                                std::string_view number) override;
    [[nodiscard]] Status append_audit(std::string_view actor, std::string_view action,
                                      std::string_view detail) override;

    [[nodiscard]] Result<std::int64_t> begin_run(Date run_date,
                                                 std::chrono::sys_seconds started_at) override;
    /// An unknown run id is NotFound.
    [[nodiscard]] Status finish_run(std::int64_t run_id, std::chrono::sys_seconds finished_at,
                                    std::string_view status,
                                    std::string_view summary_json) override;
    /// Newest first; `limit` 0 = all. finished_at is the epoch while a run is still running.
    [[nodiscard]] Result<std::vector<RunRecord>> runs(std::size_t limit) override;
    /// Two rows with the same (level, currency) are Conflict (nothing written).
    [[nodiscard]] Status put_snapshot(Date day, std::span<const LevelSnapshot> rows) override;
    /// Ordered by level, then currency.
    [[nodiscard]] Result<std::vector<LevelSnapshot>> snapshot(Date day) override;
    [[nodiscard]] Result<bool> try_lease(std::string_view name, std::string_view owner,
                                         std::chrono::sys_seconds now, std::chrono::seconds ttl) override;
    [[nodiscard]] Status release_lease(std::string_view name, std::string_view owner) override;
    [[nodiscard]] Result<std::string> get_value(std::string_view key) override;
    [[nodiscard]] Status put_value(std::string_view key, std::string_view value) override;

    // --- Beyond the port ----------------------------------------------------------------------
    /// Audit rows, newest first; `limit` 0 = all.
    [[nodiscard]] Result<std::vector<AuditEntry>> audit_log(std::size_t limit) override;

protected:
    /// `clock` stamps reminders.updated_at and audit rows (null: the system clock, always UTC);
    /// `label` names the store in errors. Call prepare() before anything else.
    SqlStore(sql::Connection conn, const Clock* clock, std::string label);
    /// Prepares every statement of the store.
    [[nodiscard]] Status prepare();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace relance
