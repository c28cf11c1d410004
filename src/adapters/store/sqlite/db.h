// SPDX-License-Identifier: MIT
// A thin RAII layer over the SQLite C API for the SQLite store: one connection, prepared
// statements, and SQLite result codes turned into relance Errors (transactions and queries of
// one value are the SQL layer's, sql/connection.h, over sqlite_connection.h).
// Internal to adapters/store/sqlite: it knows nothing of invoices, and it never throws (SQLite
// reports through return codes; nothing here allocates except error messages and strings read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/error.h"

namespace relance::sqlite {

/// The relance error for a SQLite result code: Unavailable for SQLITE_BUSY/SQLITE_LOCKED (another
/// process holds the lock: try again later), Conflict for a unique-key clash, NotFound for a
/// foreign key to a missing row, InvalidInput for a CHECK/NOT NULL violation, Internal otherwise.
[[nodiscard]] Error db_error(int rc, std::string_view what, sqlite3* db);

/// One prepared statement. Text bound with bind() is NOT copied: it must outlive the step.
class Statement {
public:
    Statement() = default;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&& other) noexcept;
    ~Statement();

    [[nodiscard]] static Result<Statement> prepare(sqlite3* db, std::string_view sql);

    // Parameters are 1-based, as in SQL (?1, ?2 ...).
    void bind(int index, std::string_view text);
    void bind(int index, const char* text) { bind(index, std::string_view{text}); }
    void bind(int index, std::string&& text) = delete;  // would dangle: bind a named string
    void bind(int index, std::int64_t value);
    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind_null(int index);
    void bind_optional(int index, const std::optional<std::string>& text);
    void bind_optional(int index, std::optional<std::string>&& text) = delete;  // would dangle

    /// Steps once: true when a row is available, false when done.
    [[nodiscard]] Result<bool> step();
    /// Steps to completion (statements that return no row).
    [[nodiscard]] Status run();
    /// Resets the statement and clears its bindings so it can be run again.
    void reset();

    // Columns are 0-based, as in the C API. Text is valid until the next step or reset.
    [[nodiscard]] std::string_view text(int column) const;
    [[nodiscard]] std::int64_t int64(int column) const;
    [[nodiscard]] int int32(int column) const;
    [[nodiscard]] bool is_null(int column) const;

    [[nodiscard]] sqlite3_stmt* handle() const { return stmt_; }
    [[nodiscard]] std::string_view sql() const;

private:
    explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
    sqlite3_stmt* stmt_ = nullptr;
};

/// An open connection.
class Connection {
public:
    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    ~Connection();

    /// Opens (creating if needed) the file, single-threaded use (SQLITE_OPEN_NOMUTEX).
    [[nodiscard]] static Result<Connection> open(const std::string& path);

    /// Runs one or more statements that return no data (DDL, PRAGMA assignments).
    [[nodiscard]] Status exec(std::string_view sql);
    [[nodiscard]] Result<Statement> prepare(std::string_view sql) const {
        return Statement::prepare(db_, sql);
    }

    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int changes() const;
    [[nodiscard]] sqlite3* handle() const { return db_; }

private:
    explicit Connection(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

}  // namespace relance::sqlite
