// SPDX-License-Identifier: MIT
// The SQLite store's schema as versioned migrations, embedded in the binary. The version of a
// store file is PRAGMA user_version; migration N brings a store from N-1 to N in one transaction.
// Append new migrations at the end; never edit one that has shipped (stores in the field have
// already applied it). All SQL of the schema lives here; queries live in sqlite_store.cpp.
#pragma once

#include <span>
#include <string_view>

namespace relance::sqlite {

struct Migration {
    int version = 0;        // 1, 2, ... consecutive
    std::string_view name;  // "initial schema"
    std::string_view sql;   // one or more statements
};

/// Every migration, in order. The last one's version is the schema this binary writes.
[[nodiscard]] std::span<const Migration> migrations();
[[nodiscard]] int latest_schema_version();

}  // namespace relance::sqlite
