// SPDX-License-Identifier: MIT
// How the stores write values as column text: civil dates as 'YYYY-MM-DD', instants as
// UTC 'YYYY-MM-DDTHH:MM:SSZ', string lists as JSON arrays, enums as lower-case words.
// Pure functions, no SQL and no local time (a TZ setting never changes what is stored).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/policy/policy.h"
#include "core/ports/store.h"
#include "core/time/date.h"

namespace relance::sql {

/// 'YYYY-MM-DD' (years 0000-9999).
[[nodiscard]] std::string date_text(Date d);
[[nodiscard]] std::optional<std::string> date_text(const std::optional<Date>& d);
/// Reads exactly 'YYYY-MM-DD'; anything else is nullopt.
[[nodiscard]] std::optional<Date> parse_date_text(std::string_view text);

/// 'YYYY-MM-DDTHH:MM:SSZ' in UTC.
[[nodiscard]] std::string instant_text(std::chrono::sys_seconds t);
/// Reads exactly 'YYYY-MM-DDTHH:MM:SSZ'; anything else is nullopt.
[[nodiscard]] std::optional<std::chrono::sys_seconds> parse_instant_text(std::string_view text);

/// ["a","b"] with JSON string escapes, so the column stays readable and queryable (json_each).
[[nodiscard]] std::string string_list_json(const std::vector<std::string>& items);
/// Reads what string_list_json writes (any valid JSON array of strings); nullopt otherwise.
[[nodiscard]] std::optional<std::vector<std::string>> parse_string_list_json(std::string_view text);

[[nodiscard]] std::string_view to_text(CustomerType t);
[[nodiscard]] std::optional<CustomerType> parse_customer_type(std::string_view text);
[[nodiscard]] std::string_view to_text(HoldScope s);
[[nodiscard]] std::optional<HoldScope> parse_hold_scope(std::string_view text);
/// The stored status word is to_string(InvoiceStatus): "open", "paid" ...
[[nodiscard]] std::optional<InvoiceStatus> parse_status_text(std::string_view text);
[[nodiscard]] std::optional<ReminderState> parse_reminder_state(std::string_view text);

}  // namespace relance::sql
