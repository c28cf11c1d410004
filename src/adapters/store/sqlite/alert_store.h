// SPDX-License-Identifier: MIT
// SqliteAlertStore: the AlertStore (SqlAlertStore, adapters/store/sql/alert_store.h) over the same
// SQLite file as SqliteStore, on its own connection (the file is in WAL mode, so both may be
// open at once). Opening creates, checks and migrates the file as SqliteStore::open does.
#pragma once

#include <memory>
#include <string>

#include "adapters/store/sql/alert_store.h"
#include "adapters/store/sqlite/sqlite_store.h"

namespace relance {

class SqliteAlertStore final : public SqlAlertStore {
public:
    [[nodiscard]] static Result<std::unique_ptr<SqliteAlertStore>> open(const std::string& path,
                                                                        SqliteOptions options = {});

private:
    using SqlAlertStore::SqlAlertStore;
};

}  // namespace relance
