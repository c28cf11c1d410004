// SPDX-License-Identifier: MIT
// The engine-neutral SQL layer the stores are written against: a connection, prepared
// statements, transactions and bulk inserts, implemented by adapters/store/sqlite (SQLite C API)
// and adapters/store/postgres (libpq). The stores' SQL is written once, with ?N placeholders
// (1-based, reusable); an engine rewrites them as it needs ($N for PostgreSQL). Where the two
// dialects really differ (day arithmetic, substring search, index hints), the store asks
// `engine()` and picks (dialect.h).
//
// Must not: know anything of invoices, throw, or let an engine's handle leak out (the stores
// never see sqlite3* or PGconn*). Values are text or 64-bit integers, as in the schema.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/error.h"

namespace relance::sql {

enum class Engine { Sqlite, Postgres };

/// What an engine implements for one prepared statement.
class StatementImpl {
public:
    StatementImpl() = default;
    StatementImpl(const StatementImpl&) = delete;
    StatementImpl& operator=(const StatementImpl&) = delete;
    virtual ~StatementImpl() = default;

    virtual void bind_text(int index, std::string_view text) = 0;
    virtual void bind_int64(int index, std::int64_t value) = 0;
    virtual void bind_null(int index) = 0;
    [[nodiscard]] virtual Result<bool> step() = 0;
    virtual void reset() = 0;
    [[nodiscard]] virtual std::string_view text(int column) const = 0;
    [[nodiscard]] virtual std::int64_t int64(int column) const = 0;
    [[nodiscard]] virtual bool is_null(int column) const = 0;
    [[nodiscard]] virtual std::string_view sql() const = 0;
};

/// Rows appended to one table, as fast as the engine can take them (PostgreSQL: COPY; SQLite: a
/// prepared INSERT per row, which is what SQLite is fastest at). Values are given column by
/// column, in the order of the columns named when it was opened; nothing is visible to other
/// statements of the connection before finish() succeeded.
class BulkInsertImpl {
public:
    BulkInsertImpl() = default;
    BulkInsertImpl(const BulkInsertImpl&) = delete;
    BulkInsertImpl& operator=(const BulkInsertImpl&) = delete;
    virtual ~BulkInsertImpl() = default;

    virtual void text(std::string_view value) = 0;
    virtual void int64(std::int64_t value) = 0;
    virtual void null() = 0;
    [[nodiscard]] virtual Status end_row() = 0;
    [[nodiscard]] virtual Status finish() = 0;
};

/// What an engine implements for one connection.
class ConnectionImpl {
public:
    ConnectionImpl() = default;
    ConnectionImpl(const ConnectionImpl&) = delete;
    ConnectionImpl& operator=(const ConnectionImpl&) = delete;
    virtual ~ConnectionImpl() = default;

    [[nodiscard]] virtual Engine engine() const = 0;
    [[nodiscard]] virtual Status exec(std::string_view sql) = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<StatementImpl>> prepare(std::string_view sql) = 0;
    [[nodiscard]] virtual Result<std::unique_ptr<BulkInsertImpl>> bulk_insert(
        std::string_view table, std::span<const std::string_view> columns) = 0;
    /// The id given to the row the last INSERT created (an INTEGER PRIMARY KEY / identity).
    [[nodiscard]] virtual Result<std::int64_t> last_insert_id() = 0;
    /// Rows changed by the last INSERT/UPDATE/DELETE (not counting triggers).
    [[nodiscard]] virtual std::int64_t changes() const = 0;
    /// BEGIN for a write (SQLite: IMMEDIATE, the write lock at once) or for a consistent read.
    [[nodiscard]] virtual Status begin(bool write) = 0;
    [[nodiscard]] virtual Status commit() = 0;
    virtual void rollback() = 0;
};

/// One prepared statement. Text bound with bind() is NOT copied: it must outlive the step.
class Statement {
public:
    Statement() = default;
    explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}

    // Parameters are 1-based, as in SQL (?1, ?2 ...).
    void bind(int index, std::string_view text) { impl_->bind_text(index, text); }
    void bind(int index, const char* text) { bind(index, std::string_view{text}); }
    void bind(int index, std::string&& text) = delete;  // would dangle: bind a named string
    void bind(int index, std::int64_t value) { impl_->bind_int64(index, value); }
    void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
    void bind_null(int index) { impl_->bind_null(index); }
    void bind_optional(int index, const std::optional<std::string>& text) {
        if (text) {
            bind(index, std::string_view{*text});
        } else {
            bind_null(index);
        }
    }
    void bind_optional(int index, std::optional<std::string>&& text) = delete;  // would dangle

    /// Steps once: true when a row is available, false when done.
    [[nodiscard]] Result<bool> step() { return impl_->step(); }
    /// Steps to completion (statements that return no row).
    [[nodiscard]] Status run();
    /// Resets the statement and clears its bindings so it can be run again.
    void reset() {
        if (impl_) impl_->reset();
    }

    // Columns are 0-based. Text is valid until the next step or reset.
    [[nodiscard]] std::string_view text(int column) const { return impl_->text(column); }
    [[nodiscard]] std::int64_t int64(int column) const { return impl_->int64(column); }
    [[nodiscard]] int int32(int column) const { return static_cast<int>(impl_->int64(column)); }
    [[nodiscard]] bool is_null(int column) const { return impl_->is_null(column); }
    [[nodiscard]] std::string_view sql() const { return impl_->sql(); }

private:
    std::unique_ptr<StatementImpl> impl_;
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

/// Rows for one table (see BulkInsertImpl): add values in column order, end_row(), finish().
class BulkInsert {
public:
    explicit BulkInsert(std::unique_ptr<BulkInsertImpl> impl) : impl_(std::move(impl)) {}
    // Text is NOT copied by every engine: it must outlive end_row().
    void add(std::string_view value) { impl_->text(value); }
    void add(const std::string& value) { impl_->text(value); }
    void add(std::string&& value) = delete;  // would dangle: add a named string
    void add(const char* value) { impl_->text(value); }
    void add(std::int64_t value) { impl_->int64(value); }
    void add_optional(const std::optional<std::string>& value) {
        if (value) {
            impl_->text(*value);
        } else {
            impl_->null();
        }
    }
    void add_null() { impl_->null(); }
    [[nodiscard]] Status end_row() { return impl_->end_row(); }
    [[nodiscard]] Status finish() { return impl_->finish(); }

private:
    std::unique_ptr<BulkInsertImpl> impl_;
};

/// An open connection of either engine.
class Connection {
public:
    Connection() = default;
    explicit Connection(std::unique_ptr<ConnectionImpl> impl) : impl_(std::move(impl)) {}

    [[nodiscard]] bool is_open() const { return impl_ != nullptr; }
    [[nodiscard]] Engine engine() const { return impl_->engine(); }
    /// Runs one or more statements that return no data (DDL, settings).
    [[nodiscard]] Status exec(std::string_view sql) { return impl_->exec(sql); }
    [[nodiscard]] Result<Statement> prepare(std::string_view sql) const;
    [[nodiscard]] Result<BulkInsert> bulk_insert(std::string_view table,
                                                 std::span<const std::string_view> columns);
    /// Runs a query returning a single integer.
    [[nodiscard]] Result<std::int64_t> query_int(std::string_view sql);
    /// Runs a query returning a single text value.
    [[nodiscard]] Result<std::string> query_text(std::string_view sql);

    [[nodiscard]] Result<std::int64_t> last_insert_id() { return impl_->last_insert_id(); }
    [[nodiscard]] std::int64_t changes() const { return impl_->changes(); }
    [[nodiscard]] ConnectionImpl& impl() { return *impl_; }

private:
    std::unique_ptr<ConnectionImpl> impl_;
};

/// A transaction; rolls back unless commit() succeeded. Writes use begin() (SQLite: BEGIN
/// IMMEDIATE, so a busy store is reported before any work is done); reads that span several
/// statements use begin_read() (one consistent snapshot).
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

}  // namespace relance::sql
