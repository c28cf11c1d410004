// SPDX-License-Identifier: MIT
// The PostgreSQL engine of the SQL layer (adapters/store/sql/connection.h) over libpq (pq.h).
// - Statements: the stores' ?N placeholders become $N; parameters are sent in binary with
//   explicit types (text: OID 25, integer: int8 OID 20, NULL: a text NULL, as every NULL the
//   stores bind is an optional text), and
//   each (SQL, parameter types) is prepared once per connection and reused. A statement's result
//   is read whole when it first steps, so other statements can run while its rows are read (as
//   SQLite allows).
// - Write transactions take a transaction-level advisory lock on the store's schema, as SQLite's
//   BEGIN IMMEDIATE takes the file's write lock: writers of one store run one at a time, which is
//   what the store's read-then-write methods (apply_listing's merge) assume. lock_timeout bounds
//   the wait (then Unavailable).
// - Bulk inserts: COPY ... FROM STDIN (text format), sent when finish() is called.
// - A connection the server dropped is opened again before the next transaction or statement
//   outside one (never within a transaction).
// Must not: throw, put a password in an error, or be used from two threads at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "adapters/store/postgres/pq.h"
#include "adapters/store/sql/connection.h"

namespace relance::pq {

class PgConnection final : public sql::ConnectionImpl {
public:
    /// `lock_key`: the advisory lock of the store (one per schema); `session_sql`: the settings
    /// of the session (search_path ...), run again after a reconnection.
    PgConnection(ConnPtr conn, std::int64_t lock_key, std::string session_sql)
        : conn_(std::move(conn)), lock_key_(lock_key), session_sql_(std::move(session_sql)) {}

    [[nodiscard]] sql::Engine engine() const override { return sql::Engine::Postgres; }
    [[nodiscard]] Status exec(std::string_view sql) override;
    [[nodiscard]] Result<std::unique_ptr<sql::StatementImpl>> prepare(std::string_view sql) override;
    [[nodiscard]] Result<std::unique_ptr<sql::BulkInsertImpl>> bulk_insert(
        std::string_view table, std::span<const std::string_view> columns) override;
    [[nodiscard]] Result<std::int64_t> last_insert_id() override;
    [[nodiscard]] std::int64_t changes() const override { return changes_; }
    [[nodiscard]] Status begin(bool write) override;
    [[nodiscard]] Status commit() override;
    void rollback() override;
    /// A connection the server dropped (restart, network) is opened again before the next
    /// statement, but only between transactions: within one, the failure stands (Unavailable)
    /// and the transaction is lost, never continued on a new session.
    [[nodiscard]] Status reconnect_if_lost();

    [[nodiscard]] PGconn* raw() const { return conn_.get(); }
    /// The name of the server-side statement for `sql` with parameter `types`, prepared on
    /// first use.
    [[nodiscard]] Result<std::string> prepared(const std::string& sql, const std::string& types,
                                               std::span<const Oid> oids);
    void set_changes(std::int64_t n) { changes_ = n; }

private:
    ConnPtr conn_;
    std::int64_t lock_key_ = 0;
    std::string session_sql_;
    std::int64_t changes_ = 0;
    bool in_transaction_ = false;
    std::map<std::string, std::string, std::less<>> prepared_;  // sql + '\0' + types -> name
};

/// The stores' SQL with ?N placeholders rewritten as $N (outside quotes and comments); `count`
/// receives the highest N.
[[nodiscard]] std::string dollar_placeholders(std::string_view sql, int& count);

/// One text value in COPY's text format: backslash, tab, newline and CR escaped.
void append_copy_text(std::string& out, std::string_view value);

}  // namespace relance::pq
