// SPDX-License-Identifier: MIT
// The SQLite engine of the SQL layer (adapters/store/sql/connection.h) over db.h: statements are
// SQLite's own prepared statements (?N placeholders as written), bulk inserts are a prepared
// INSERT stepped per row (SQLite's fastest path), transactions are BEGIN IMMEDIATE / DEFERRED.
// Must not: throw, or be used from two threads at once.
#pragma once

#include <chrono>
#include <string>

#include "adapters/store/sql/connection.h"
#include "adapters/store/sqlite/db.h"

namespace relance::sqlite {

class SqliteConnection final : public sql::ConnectionImpl {
public:
    explicit SqliteConnection(Connection conn) : conn_(std::move(conn)) {}

    [[nodiscard]] sql::Engine engine() const override { return sql::Engine::Sqlite; }
    [[nodiscard]] Status exec(std::string_view sql) override { return conn_.exec(sql); }
    [[nodiscard]] Result<std::unique_ptr<sql::StatementImpl>> prepare(std::string_view sql) override;
    [[nodiscard]] Result<std::unique_ptr<sql::BulkInsertImpl>> bulk_insert(
        std::string_view table, std::span<const std::string_view> columns) override;
    [[nodiscard]] Result<std::int64_t> last_insert_id() override { return conn_.last_insert_rowid(); }
    [[nodiscard]] std::int64_t changes() const override { return conn_.changes(); }
    [[nodiscard]] Status begin(bool write) override;
    [[nodiscard]] Status commit() override { return conn_.exec("COMMIT"); }
    void rollback() override;

    [[nodiscard]] Connection& raw() { return conn_; }

private:
    Connection conn_;
};

/// Opens (creating if needed) the file with the given busy timeout (how long a write waits for
/// another process's lock before failing with Unavailable).
[[nodiscard]] Result<Connection> open_raw(const std::string& path, std::chrono::milliseconds busy_timeout);

/// `conn` as an engine-neutral connection.
[[nodiscard]] sql::Connection neutral(Connection conn);

}  // namespace relance::sqlite
