// SPDX-License-Identifier: MIT
// The few places where SQLite's and PostgreSQL's SQL really differ, as functions that write the
// expression for an engine. Everything else in the stores' SQL is common to both: ?N
// placeholders (PostgreSQL's connection rewrites them as $N), text dates 'YYYY-MM-DD', 64-bit
// integers, ON CONFLICT upserts, CASE instead of boolean values in result columns.
// Must not: hold state, or grow into a query builder: a difference belongs here only when no
// common spelling exists.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "adapters/store/sql/connection.h"

namespace relance::sql {

/// Whole days from the civil date `from` to `to` ('YYYY-MM-DD' texts), an integer: SQLite
/// subtracts julianday()s (exact for dates at midnight), PostgreSQL subtracts dates.
[[nodiscard]] inline std::string days_between(Engine e, std::string_view to, std::string_view from) {
    if (e == Engine::Postgres) {
        return "(CAST(" + std::string(to) + " AS date) - CAST(" + std::string(from) + " AS date))";
    }
    return "CAST(julianday(" + std::string(to) + ") - julianday(" + std::string(from) +
           ") AS INTEGER)";
}

/// Whether `needle` occurs in `haystack` (no pattern characters, unlike LIKE).
[[nodiscard]] inline std::string contains(Engine e, std::string_view haystack, std::string_view needle) {
    return std::string(e == Engine::Postgres ? "strpos(" : "instr(") + std::string(haystack) + ", " +
           std::string(needle) + ") > 0";
}

/// A LIMIT for `limit` rows, 0 meaning all: both engines take the largest int64 as "no limit"
/// (SQLite's -1 is an error in PostgreSQL).
[[nodiscard]] inline std::int64_t limit_of(std::size_t limit) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    if (limit == 0 || limit > static_cast<std::size_t>(kMax)) return kMax;
    return static_cast<std::int64_t>(limit);
}

/// INSERT of one row, dropped (no error, changes() = 0) when a row with the same key exists.
/// SQLite: ON CONFLICT DO NOTHING. PostgreSQL advances an identity's sequence on every INSERT
/// attempt, even one ON CONFLICT drops, so ids would grow gaps; they are shown to people
/// (`relance outbox confirm 12`, task #3), so PostgreSQL first checks that the key is new
/// (NOT EXISTS) and keeps ON CONFLICT for a concurrent insert. `values` are the row's
/// expressions, `key_match` the WHERE that finds an existing row with the same key.
[[nodiscard]] inline std::string insert_new(Engine e, std::string_view table, std::string_view columns,
                                            std::string_view values, std::string_view key_columns,
                                            std::string_view key_match) {
    std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") ";
    if (e == Engine::Postgres) {
        sql += "SELECT " + std::string(values) + " WHERE NOT EXISTS (SELECT 1 FROM " + std::string(table) +
               " WHERE " + std::string(key_match) + ")";
    } else {
        sql += "VALUES (" + std::string(values) + ")";
    }
    return sql + " ON CONFLICT (" + std::string(key_columns) + ") DO NOTHING";
}

}  // namespace relance::sql
