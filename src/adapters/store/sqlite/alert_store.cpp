// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/alert_store.h"

namespace relance {

Result<std::unique_ptr<SqliteAlertStore>> SqliteAlertStore::open(const std::string& path,
                                                                 SqliteOptions options) {
    auto conn = open_sqlite_side_connection(path, options);
    if (!conn) return unexpected(std::move(conn).error());
    std::unique_ptr<SqliteAlertStore> store(new SqliteAlertStore(std::move(*conn), options.clock, path));
    if (auto s = store->prepare(); !s) return unexpected(std::move(s).error());
    return store;
}

}  // namespace relance
