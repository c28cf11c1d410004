// SPDX-License-Identifier: MIT
// SqliteDossierStore: the DossierStore (SqlDossierStore, adapters/store/sql/dossier_store.h) over
// the same SQLite file as SqliteStore, on its own connection (the file is in WAL mode). Opening
// creates, checks and migrates the file as SqliteStore::open does.
#pragma once

#include <memory>
#include <string>

#include "adapters/store/sql/dossier_store.h"
#include "adapters/store/sqlite/sqlite_store.h"

namespace relance {

class SqliteDossierStore final : public SqlDossierStore {
public:
    [[nodiscard]] static Result<std::unique_ptr<SqliteDossierStore>> open(const std::string& path,
                                                                          SqliteOptions options = {});

private:
    using SqlDossierStore::SqlDossierStore;
};

}  // namespace relance
