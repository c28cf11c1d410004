// SPDX-License-Identifier: MIT
// A thin RAII layer over the SQLite C API for the SQLite store: one connection, prepared
// statements, transactions, and SQLite result codes turned into relance Errors.
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

/// Resets a statement when the scope ends, so that no statement keeps a read lock open after an
/// early return.
class ResetGuard {
public:
    explicit ResetGuard(Statement& stmt) : stmt_(stmt) {}
    ResetGuard(const ResetGuard&) = delete;
    ResetGuard& operator=(const ResetGuard&) = delete;
    ~ResetGuard() { stmt_.reset(); }

private:
    Statement& stmt_;
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
    /// Runs a query returning a single integer (e.g. "PRAGMA user_version").
    [[nodiscard]] Result<std::int64_t> query_int(std::string_view sql);
    /// Runs a query returning a single text value (e.g. "PRAGMA journal_mode=WAL").
    [[nodiscard]] Result<std::string> query_text(std::string_view sql);

    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int changes() const;
    [[nodiscard]] sqlite3* handle() const { return db_; }

private:
    explicit Connection(sqlite3* db) : db_(db) {}
    sqlite3* db_ = nullptr;
};

/// A transaction; rolls back unless commit() succeeded. Writes use begin() (BEGIN IMMEDIATE: the
/// write lock is taken at once, so a busy store is reported before any work is done); reads
/// that span several statements use begin_read() (BEGIN DEFERRED: one consistent snapshot).
class Transaction {
public:
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction(Transaction&& other) noexcept : conn_(other.conn_) { other.conn_ = nullptr; }
    Transaction& operator=(Transaction&&) = delete;
    ~Transaction();

    [[nodiscard]] static Result<Transaction> begin(Connection& conn);
    [[nodiscard]] static Result<Transaction> begin_read(Connection& conn);
    [[nodiscard]] Status commit();

private:
    explicit Transaction(Connection& conn) : conn_(&conn) {}
    Connection* conn_ = nullptr;
};

}  // namespace relance::sqlite
