// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/db.h"

#include <limits>
#include <utility>

namespace relance::sqlite {
namespace {

int length_of(std::string_view text) {
    // SQLite takes an int length; a single value of 2 GiB is not something a store should hold.
    return text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())
               ? std::numeric_limits<int>::max()
               : static_cast<int>(text.size());
}

}  // namespace

Error db_error(int rc, std::string_view what, sqlite3* db) {
    const int primary = rc & 0xff;
    std::string message = std::string(what) + ": ";
    // sqlite3_errmsg describes the most recent failure on the connection, which is this one.
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    ErrorCode code = ErrorCode::Internal;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
        code = ErrorCode::Unavailable;
        message += " (the store is locked by another process: try again later)";
    } else if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        code = ErrorCode::Conflict;
    } else if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
        code = ErrorCode::NotFound;  // a row refers to one that does not exist
    } else if (rc == SQLITE_CONSTRAINT_CHECK || rc == SQLITE_CONSTRAINT_NOTNULL) {
        code = ErrorCode::InvalidInput;
    }
    return make_error(code, std::move(message));
}

// --- Statement ----------------------------------------------------------------------------------

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(stmt_);
        stmt_ = std::exchange(other.stmt_, nullptr);
    }
    return *this;
}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Result<Statement> Statement::prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql.data(), length_of(sql), SQLITE_PREPARE_PERSISTENT,
                                      &stmt, nullptr);
    if (rc == SQLITE_OK && stmt == nullptr) {
        return fail(ErrorCode::Internal, "cannot prepare an empty statement");
    }
    if (rc != SQLITE_OK) {
        sqlite3_finalize(stmt);
        return unexpected(db_error(rc, "cannot prepare statement", db)
                              .with_context("SQL: " + std::string(sql.substr(0, 60))));
    }
    return Statement{stmt};
}

void Statement::bind(int index, std::string_view text) {
    // SQLITE_STATIC: no copy. The caller keeps the text alive until the statement is stepped.
    sqlite3_bind_text(stmt_, index, text.data(), length_of(text), SQLITE_STATIC);
}

void Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
}

void Statement::bind_null(int index) {
    sqlite3_bind_null(stmt_, index);
}

void Statement::bind_optional(int index, const std::optional<std::string>& text) {
    if (text) {
        bind(index, std::string_view{*text});
    } else {
        bind_null(index);
    }
}

Result<bool> Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    return unexpected(db_error(rc, "statement failed", sqlite3_db_handle(stmt_)));
}

Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return unexpected(std::move(row).error());
        if (!*row) return ok();
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string_view Statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_, column);
    const int size = sqlite3_column_bytes(stmt_, column);  // after column_text, per the docs
    if (data == nullptr) return {};
    return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(size)};
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

int Statement::int32(int column) const {
    return sqlite3_column_int(stmt_, column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::string_view Statement::sql() const {
    const char* s = sqlite3_sql(stmt_);
    return s == nullptr ? std::string_view{} : std::string_view{s};
}

// --- Connection ---------------------------------------------------------------------------------

Connection::Connection(Connection&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

Connection::~Connection() {
    sqlite3_close_v2(db_);
}

Result<Connection> Connection::open(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &db,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
        nullptr);
    if (rc != SQLITE_OK) {
        Error e = db_error(rc, "cannot open the store", db);
        sqlite3_close_v2(db);
        return unexpected(std::move(e));
    }
    sqlite3_extended_result_codes(db, 1);
    return Connection{db};
}

Status Connection::exec(std::string_view sql) {
    const std::string owned(sql);  // sqlite3_exec needs a terminated string
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, owned.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);  // db_error reads the same text from sqlite3_errmsg
    if (rc != SQLITE_OK) return unexpected(db_error(rc, "statement failed", db_));
    return ok();
}

std::int64_t Connection::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_);
}

int Connection::changes() const {
    return sqlite3_changes(db_);
}

}  // namespace relance::sqlite
