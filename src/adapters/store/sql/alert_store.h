// SPDX-License-Identifier: MIT
// SqlAlertStore: the AlertStore, written once over the SQL layer (connection.h) for both engines
// (SqlAlertStore, PostgresAlertStore: each opens its own connection to the store the main
// Store migrated). The tables are the migration "alerts and tasks" (5); the queries live here.
// Every method is one transaction.
//
// Must not: decide which alerts or tasks exist (core/alerts does), read the host's local time,
// open or migrate anything, or let an exception escape (failures come back as Result errors,
// with the store's label as context).
#pragma once

#include <memory>
#include <string>

#include "adapters/store/sql/connection.h"
#include "core/ports/clock.h"
#include "core/ports/alerts.h"

namespace relance {

class SqlAlertStore : public AlertStore {
public:
    SqlAlertStore(const SqlAlertStore&) = delete;
    SqlAlertStore& operator=(const SqlAlertStore&) = delete;
    ~SqlAlertStore() override;

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

protected:
    /// `clock` stamps rows (null: the system clock); `label` names the store in errors. Call
    /// prepare() before anything else.
    SqlAlertStore(sql::Connection conn, const Clock* clock, std::string label);
    [[nodiscard]] Status prepare();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// The sources named in a run summary's "source_errors" object (PassSummary::to_json), with
/// their errors: "source csv: cannot open 'x.csv'". Empty when there is none.
[[nodiscard]] std::string source_problems_of_summary(std::string_view summary_json);

}  // namespace relance
