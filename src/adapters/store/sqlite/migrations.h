// SPDX-License-Identifier: MIT
// The SQLite store's schema as versioned migrations, embedded in the binary. The version of a
// store file is PRAGMA user_version; migration N brings a store from N-1 to N in one transaction.
// Append new migrations at the end; never edit one that has shipped (stores in the field have
// already applied it). All SQL of the schema lives here; queries live in adapters/store/sql/. The same
// versions, with PostgreSQL's DDL, are in adapters/store/postgres/migrations.cpp.
#pragma once

#include <span>
#include <string_view>

#include "adapters/store/sql/migration.h"

namespace relance::sqlite {

using sql::Migration;

/// Every migration, in order. The last one's version is the schema this binary writes.
[[nodiscard]] std::span<const Migration> migrations();
[[nodiscard]] int latest_schema_version();

}  // namespace relance::sqlite
