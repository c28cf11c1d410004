// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/sqlite_connection.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace relance::sqlite {
namespace {

class SqliteStatement final : public sql::StatementImpl {
public:
    explicit SqliteStatement(Statement st) : st_(std::move(st)) {}
    void bind_text(int index, std::string_view text) override { st_.bind(index, text); }
    void bind_int64(int index, std::int64_t value) override { st_.bind(index, value); }
    void bind_null(int index) override { st_.bind_null(index); }
    [[nodiscard]] Result<bool> step() override { return st_.step(); }
    void reset() override { st_.reset(); }
    [[nodiscard]] std::string_view text(int column) const override { return st_.text(column); }
    [[nodiscard]] std::int64_t int64(int column) const override { return st_.int64(column); }
    [[nodiscard]] bool is_null(int column) const override { return st_.is_null(column); }
    [[nodiscard]] std::string_view sql() const override { return st_.sql(); }

private:
    Statement st_;
};

class SqliteBulkInsert final : public sql::BulkInsertImpl {
public:
    explicit SqliteBulkInsert(Statement st) : st_(std::move(st)) {}
    void text(std::string_view value) override { st_.bind(++column_, value); }
    void int64(std::int64_t value) override { st_.bind(++column_, value); }
    void null() override { st_.bind_null(++column_); }
    [[nodiscard]] Status end_row() override {
        column_ = 0;
        auto s = st_.run();
        st_.reset();
        return s;
    }
    [[nodiscard]] Status finish() override { return ok(); }

private:
    Statement st_;
    int column_ = 0;
};

}  // namespace

Result<std::unique_ptr<sql::StatementImpl>> SqliteConnection::prepare(std::string_view sql) {
    auto st = conn_.prepare(sql);
    if (!st) return unexpected(std::move(st).error());
    return std::unique_ptr<sql::StatementImpl>(std::make_unique<SqliteStatement>(std::move(*st)));
}

Result<std::unique_ptr<sql::BulkInsertImpl>> SqliteConnection::bulk_insert(
    std::string_view table, std::span<const std::string_view> columns) {
    std::string sql = "INSERT INTO " + std::string(table) + " (";
    std::string values;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0) {
            sql += ", ";
            values += ", ";
        }
        sql += columns[i];
        values += "?" + std::to_string(i + 1);
    }
    sql += ") VALUES (" + values + ")";
    auto st = conn_.prepare(sql);
    if (!st) return unexpected(std::move(st).error());
    return std::unique_ptr<sql::BulkInsertImpl>(std::make_unique<SqliteBulkInsert>(std::move(*st)));
}

Status SqliteConnection::begin(bool write) {
    return conn_.exec(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

void SqliteConnection::rollback() {
    sqlite3_exec(conn_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

Result<Connection> open_raw(const std::string& path, std::chrono::milliseconds busy_timeout) {
    auto conn = Connection::open(path);
    if (!conn) return unexpected(std::move(conn).error());
    const auto ms = std::clamp<std::int64_t>(busy_timeout.count(), 0, std::numeric_limits<int>::max());
    sqlite3_busy_timeout(conn->handle(), static_cast<int>(ms));
    return conn;
}

sql::Connection neutral(Connection conn) {
    return sql::Connection{std::make_unique<SqliteConnection>(std::move(conn))};
}

}  // namespace relance::sqlite
