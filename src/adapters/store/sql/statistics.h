// SPDX-License-Identifier: MIT
// The store's dashboard reads (core/ports/statistics.h), for both engines: SQL aggregates over
// invoices, invoice_history, reminders, holds, daily_snapshots and the audit log.
// Internal to adapters/store (SqlStore forwards to these inside its error guard). Reads
// only: nothing here writes, and nothing reads the clock (`today` is always given).
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "adapters/store/sql/connection.h"
#include "core/error.h"
#include "core/policy/policy.h"
#include "core/ports/statistics.h"

namespace relance::sql {

[[nodiscard]] Result<Overview> read_overview(Connection& conn, Date today);
[[nodiscard]] Result<std::vector<DaySnapshot>> read_snapshots(Connection& conn, Date from, Date to);
/// `holds`: every hold of the store (an invoice is held by its own or its customer's).
[[nodiscard]] Result<OverdueList> read_overdue(Connection& conn, const OverdueFilter& filter,
                                               Date today, std::span<const Hold> holds);
/// NotFound when the store has no such invoice. `holds`: every hold of the store.
[[nodiscard]] Result<InvoiceTimeline> read_timeline(Connection& conn, std::string_view source,
                                                    std::string_view number,
                                                    std::span<const Hold> holds);
/// One audit_log row from columns (id, at, actor, action, detail).
[[nodiscard]] Result<AuditEntry> read_audit_entry(const Statement& st);

}  // namespace relance::sql
