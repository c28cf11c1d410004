// SPDX-License-Identifier: MIT
// SqliteStore: the default Store, one SQLite file in WAL mode with versioned migrations. The
// Store's logic is SqlStore's (adapters/store/sql/); this file opens the file, checks that it is a
// relance store, sets the pragmas and migrates it automatically (a file store has one user).
// Must not: let an exception escape (failures come back as Result errors: Unavailable when the file
// is locked by another process, Internal otherwise, with the store's path as context).
// One instance is one connection: use it from one thread at a time.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "adapters/store/sql/migration.h"
#include "adapters/store/sql/sql_store.h"
#include "core/error.h"
#include "core/ports/clock.h"

namespace relance {

struct SqliteOptions {
    /// How long a write waits for another process's lock before giving up with Unavailable.
    std::chrono::milliseconds busy_timeout{5000};
    /// Stamps reminders.updated_at and audit rows; null: the system clock (always UTC).
    const Clock* clock = nullptr;
};

class SqliteStore final : public SqlStore {
public:
    /// Opens the store at `path`, creating the file if needed, and brings its schema up to date
    /// (each migration in its own transaction). Fails with a clear message, naming the path, on
    /// a file that is not a SQLite database or not a relance store, and (Rejected) on a store
    /// whose schema is newer than this binary.
    [[nodiscard]] static Result<std::unique_ptr<SqliteStore>> open(const std::string& path,
                                                                   SqliteOptions options = {});
    /// Opens and migrates the store at `path` (`relance migrate`): the versions before and after.
    [[nodiscard]] static Result<sql::MigrationRun> migrate(const std::string& path);
    /// The schema version this binary writes (the last migration).
    [[nodiscard]] static int schema_version();

    [[nodiscard]] const std::string& path() const { return path_; }

private:
    SqliteStore(sql::Connection conn, const SqliteOptions& options, std::string path)
        : SqlStore(std::move(conn), options.clock, path), path_(std::move(path)) {}
    std::string path_;
};

/// Opens the file at `path` as SqliteStore::open does (checked and migrated), then returns a new
/// connection to it with the same busy timeout and pragmas: for the stores that keep their own
/// tables next to SqliteStore's (alert store, dossier store). WAL mode lets both be open.
[[nodiscard]] Result<sql::Connection> open_sqlite_side_connection(const std::string& path,
                                                                  const SqliteOptions& options);

}  // namespace relance
