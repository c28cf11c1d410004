// SPDX-License-Identifier: MIT
// The JSON API's bodies and the Prometheus exposition, built from the store's figures. Amounts are
// written as exact decimal strings ("1234.56") next to their integer minor units and currency:
// never through a floating-point number. Pure: no store, no HTTP, no clock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/ports/store.h"
#include "engine/daily_pass.h"

namespace relance::web {

/// What a run's summary_json says, for the tables and /metrics.
struct RunFigures {
    std::int64_t messages_sent = 0;
    std::int64_t failed = 0;
    std::int64_t refused = 0;
    std::int64_t uncertain = 0;
    std::int64_t reminders_sent = 0;  // summed over levels
    std::int64_t open_invoices = 0;
};
[[nodiscard]] RunFigures run_figures(const RunRecord& run);

[[nodiscard]] std::string overview_json(const Overview& o, const std::vector<RunRecord>& last_run);
[[nodiscard]] std::string trend_json(const std::vector<DaySnapshot>& days);
[[nodiscard]] std::string runs_json(const std::vector<RunRecord>& runs);
[[nodiscard]] std::string overdue_json(const OverdueList& list);
[[nodiscard]] std::string timeline_json(const InvoiceTimeline& t, const std::vector<ReminderRow>& reminders);
[[nodiscard]] std::string audit_json(const std::vector<AuditEntry>& log);
[[nodiscard]] std::string preview_json(Date day, const PassSummary& summary);
/// {"error": message} (and "code" for machines).
[[nodiscard]] std::string error_json(std::string_view code, std::string_view message);
/// {"ok": true, ...fields as strings}.
[[nodiscard]] std::string ok_json(const std::vector<std::pair<std::string, std::string>>& fields);

/// The Prometheus text format (version 0.0.4): overdue amount and count per level and currency,
/// unpaid per currency, reminders per state, the last pass's time, status and messages.
[[nodiscard]] std::string metrics_text(const Overview& o, const std::vector<RunRecord>& last_run);

/// The string, number and boolean fields of a JSON object body, as text ("" when not an object).
[[nodiscard]] std::map<std::string, std::string> json_fields(std::string_view body);

/// "1234.56" for 123456 minor units of a currency with 2 decimals; "" for an unknown currency.
[[nodiscard]] std::string decimal_text(std::int64_t minor, std::string_view currency);

}  // namespace relance::web
