// SPDX-License-Identifier: MIT
// The PostgreSQL store's schema: the same versioned migrations as SQLite's (same numbers and
// names, sqlite/migrations.cpp), with PostgreSQL's DDL. The version of a store (one schema) is
// the row of its relance_schema table. Append new migrations at the end of both lists.
#pragma once

#include <span>

#include "adapters/store/sql/migration.h"

namespace relance::pq {

/// Every migration, in order. The last one's version is the schema this binary writes.
[[nodiscard]] std::span<const sql::Migration> migrations();
[[nodiscard]] int latest_schema_version();

}  // namespace relance::pq
