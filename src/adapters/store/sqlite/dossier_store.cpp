// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/dossier_store.h"

namespace relance {

Result<std::unique_ptr<SqliteDossierStore>> SqliteDossierStore::open(const std::string& path,
                                                                     SqliteOptions options) {
    auto conn = open_sqlite_side_connection(path, options);
    if (!conn) return unexpected(std::move(conn).error());
    return std::unique_ptr<SqliteDossierStore>(new SqliteDossierStore(std::move(*conn), path));
}

}  // namespace relance
