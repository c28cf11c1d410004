// SPDX-License-Identifier: MIT
// SQLite through its C API rather than SQLiteCpp: failures come back as result codes (no
// exception to translate at every call, and SQLITE_BUSY stays distinguishable from the rest),
// text is bound and read without copies in the million-row loops, and the RAII layer (db.h) is
// about as small as SQLiteCpp's own.
#include "adapters/store/sqlite/sqlite_store.h"

#include <utility>

#include "adapters/store/sql/guarded.h"
#include "adapters/store/sqlite/migrations.h"
#include "adapters/store/sqlite/sqlite_connection.h"

namespace relance {
namespace {

Status check_is_database(sql::Connection& conn, sqlite3* handle) {
    auto tables = conn.query_int("SELECT count(*) FROM sqlite_schema");
    if (tables) return ok();
    const int rc = sqlite3_extended_errcode(handle);
    if ((rc & 0xff) == SQLITE_NOTADB) {
        return fail(ErrorCode::InvalidInput,
                    "the file is not a SQLite database (is the store path right?)");
    }
    if ((rc & 0xff) == SQLITE_CORRUPT) {
        return fail(ErrorCode::Internal, "the store file is corrupt (restore it from a backup)");
    }
    return unexpected(std::move(tables).error());
}

// The version of a store file is PRAGMA user_version; BEGIN IMMEDIATE is the migration lock.
const sql::SchemaVersioning kVersioning{
    [](sql::Connection&) -> Status { return ok(); },
    [](sql::Connection& conn) { return conn.query_int("PRAGMA user_version"); },
    [](sql::Connection& conn, int version) {
        return conn.exec("PRAGMA user_version = " + std::to_string(version));
    },
};

/// Opens, checks, sets the pragmas and migrates: the connection of a SqliteStore.
Result<sql::Connection> open_checked(const std::string& path, const SqliteOptions& options,
                                     sql::MigrationRun* run) {
    if (path.empty()) return fail(ErrorCode::InvalidInput, "no store path given");
    auto raw = sqlite::open_raw(path, options.busy_timeout);
    if (!raw) return unexpected(std::move(raw).error());
    sqlite3* handle = raw->handle();
    sql::Connection conn = sqlite::neutral(std::move(*raw));

    if (auto s = check_is_database(conn, handle); !s) return unexpected(std::move(s).error());
    auto version = conn.query_int("PRAGMA user_version");
    if (!version) return unexpected(std::move(version).error());
    const int latest = sqlite::latest_schema_version();
    if (*version > latest) return unexpected(sql::newer_schema(*version, latest));
    if (*version == 0) {
        auto tables = conn.query_int("SELECT count(*) FROM sqlite_schema");
        if (!tables) return unexpected(std::move(tables).error());
        if (*tables > 0) {
            return fail(ErrorCode::InvalidInput,
                        "the file is a SQLite database but not a relance store");
        }
    }

    auto mode = conn.query_text("PRAGMA journal_mode = WAL");
    if (!mode) return unexpected(std::move(mode).error());
    if (*mode != "wal" && path != ":memory:") {
        return fail(ErrorCode::Internal, "cannot switch the store to WAL mode (got '" + *mode + "')");
    }
    // synchronous=NORMAL in WAL mode: a commit survives a crash of relance; only an OS crash
    // or a power loss can undo the last few. The page cache may grow to 256 MiB: measured
    // on a million invoices, it makes syncs and claims 20-30% faster than 64 MiB.
    if (auto s = conn.exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; "
                           "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -262144");
        !s) {
        return unexpected(std::move(s).error());
    }
    auto migrated = sql::apply_migrations(conn, sqlite::migrations(), kVersioning);
    if (!migrated) return unexpected(std::move(migrated).error());
    if (run != nullptr) *run = *migrated;
    return conn;
}

}  // namespace

Result<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path, SqliteOptions options) {
    return sql::guarded(path, "open", [&]() -> Result<std::unique_ptr<SqliteStore>> {
        auto conn = open_checked(path, options, nullptr);
        if (!conn) return unexpected(std::move(conn).error());
        std::unique_ptr<SqliteStore> store(new SqliteStore(std::move(*conn), options, path));
        if (auto s = store->prepare(); !s) return unexpected(std::move(s).error());
        return store;
    });
}

Result<sql::MigrationRun> SqliteStore::migrate(const std::string& path) {
    return sql::guarded(path, "migrate", [&]() -> Result<sql::MigrationRun> {
        sql::MigrationRun run;
        auto conn = open_checked(path, {}, &run);
        if (!conn) return unexpected(std::move(conn).error());
        return run;
    });
}

int SqliteStore::schema_version() {
    return sqlite::latest_schema_version();
}

Result<sql::Connection> open_sqlite_side_connection(const std::string& path,
                                                    const SqliteOptions& options) {
    {
        auto main = open_checked(path, options, nullptr);  // creates, checks and migrates the file
        if (!main) return unexpected(std::move(main).error().with_context("store " + path));
    }
    auto conn = sqlite::open_raw(path, options.busy_timeout);
    if (!conn) return unexpected(std::move(conn).error().with_context("store " + path));
    if (auto s = conn->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON"); !s) {
        return unexpected(std::move(s).error().with_context("store " + path));
    }
    return sqlite::neutral(std::move(*conn));
}

}  // namespace relance
