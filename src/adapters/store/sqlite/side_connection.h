// SPDX-License-Identifier: MIT
// A second connection to a store file, for the stores that keep their own tables next to
// SqliteStore's (SqliteAlertStore): the file is created, checked and migrated by SqliteStore::open
// first, then opened again with the same busy timeout and pragmas. WAL mode lets both be open.
//
// Must not: migrate anything itself, or be used from two threads at once.
#pragma once

#include <string>

#include "adapters/store/sqlite/db.h"
#include "adapters/store/sqlite/sqlite_store.h"

namespace relance::sqlite {

[[nodiscard]] Result<Connection> open_side_connection(const std::string& path, const SqliteOptions& options);

}  // namespace relance::sqlite
