// SPDX-License-Identifier: MIT
// SqliteAlertStore: the AlertStore over the same SQLite file as SqliteStore (its own connection;
// the file is in WAL mode, so both may be open at once). The tables are the store's migration
// "alerts and tasks" (migrations.cpp); the queries live here. Every method is one transaction.
//
// Must not: decide which alerts or tasks exist (core/alerts does), read the host's local time,
// or let an exception escape (SQLite failures come back as Result errors, path as context).
#pragma once

#include <memory>
#include <string>

#include "adapters/store/sqlite/sqlite_store.h"
#include "core/ports/alerts.h"

namespace relance {

class SqliteAlertStore final : public AlertStore {
public:
    /// Opens the store at `path` (creating and migrating it as SqliteStore::open does).
    [[nodiscard]] static Result<std::unique_ptr<SqliteAlertStore>> open(const std::string& path,
                                                                        SqliteOptions options = {});
    SqliteAlertStore(const SqliteAlertStore&) = delete;
    SqliteAlertStore& operator=(const SqliteAlertStore&) = delete;
    ~SqliteAlertStore() override;

    [[nodiscard]] Result<std::vector<AlertRecord>> latest_alerts() override;
    [[nodiscard]] Result<std::vector<bool>> record_alerts(std::span<AlertNotice> alerts,
                                                          std::span<const std::string> channels) override;
    [[nodiscard]] Result<std::vector<AlertNotice>> alerts(std::size_t limit) override;
    [[nodiscard]] Result<AlertNotice> alert(std::int64_t id) override;

    [[nodiscard]] Result<std::vector<bool>> open_tasks(std::span<TaskRecord> tasks,
                                                       std::span<const std::string> channels) override;
    [[nodiscard]] Result<std::vector<TaskRecord>> tasks(bool with_done) override;
    [[nodiscard]] Result<TaskRecord> task(std::int64_t id) override;
    [[nodiscard]] Result<TaskRecord> close_task(std::int64_t id, Date on, std::string_view note,
                                                std::string_view actor) override;

    [[nodiscard]] Result<std::vector<bool>> claim_notices(std::span<NoticeDelivery> rows) override;
    [[nodiscard]] Status set_notice_state(std::span<const std::int64_t> ids, ReminderState state,
                                          std::span<const std::string> details) override;
    [[nodiscard]] Result<std::vector<NoticeDelivery>> notices_in(ReminderState state) override;
    [[nodiscard]] Result<std::vector<NoticeDelivery>> notices(std::size_t limit) override;
    [[nodiscard]] Result<NoticeDelivery> settle_notice(std::int64_t id, ReminderState to,
                                                       std::string_view note,
                                                       std::string_view actor) override;

    /// `problem` is read from the run's summary: the sources it could not read.
    [[nodiscard]] Result<std::vector<PassRecord>> passes(std::size_t limit) override;
    [[nodiscard]] Result<InvoiceKeySet> only_invoices() override;

private:
    struct Impl;
    explicit SqliteAlertStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

/// The sources named in a run summary's "source_errors" object (PassSummary::to_json), with
/// their errors: "source csv: cannot open 'x.csv'". Empty when there is none.
[[nodiscard]] std::string source_problems_of_summary(std::string_view summary_json);

}  // namespace relance
