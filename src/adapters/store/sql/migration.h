// SPDX-License-Identifier: MIT
// Versioned migrations, the same numbers and names for both engines (sqlite/migrations.cpp,
// postgres/migrations.cpp each hold their own DDL for a version). Migration N brings a store
// from N-1 to N in one transaction. Append new migrations at the end of BOTH lists; never edit
// one that has shipped (stores in the field have already applied it).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "adapters/store/sql/connection.h"
#include "core/error.h"

namespace relance::sql {

struct Migration {
    int version = 0;        // 1, 2, ... consecutive
    std::string_view name;  // "initial schema"
    std::string_view sql;   // one or more statements
};

/// How an engine records its schema version, and serialises migrations between processes.
struct SchemaVersioning {
    /// Called inside each migration's transaction, first: takes the lock that keeps two
    /// processes from migrating at once (SQLite: BEGIN IMMEDIATE already did; nothing to do).
    std::function<Status(Connection&)> lock;
    std::function<Result<std::int64_t>(Connection&)> read;
    std::function<Status(Connection&, int)> write;
};

/// What a migrate run did.
struct MigrationRun {
    std::int64_t from = 0;
    std::int64_t to = 0;
};

/// Applies the pending migrations of `all`, each in its own transaction, re-reading the version
/// under the lock (another process may have migrated meanwhile). A version newer than the last
/// migration is Rejected ("upgrade relance").
[[nodiscard]] Result<MigrationRun> apply_migrations(Connection& conn, std::span<const Migration> all,
                                                    const SchemaVersioning& versioning);

/// The error for a store whose schema is newer than this binary.
[[nodiscard]] Error newer_schema(std::int64_t found, int latest);

}  // namespace relance::sql
