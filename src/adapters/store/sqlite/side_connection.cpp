// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/side_connection.h"

#include <algorithm>
#include <limits>

namespace relance::sqlite {

Result<Connection> open_side_connection(const std::string& path, const SqliteOptions& options) {
    {
        auto main = SqliteStore::open(path, options);  // creates, checks and migrates the file
        if (!main) return unexpected(std::move(main).error());
    }
    auto conn = Connection::open(path);
    if (!conn) return unexpected(std::move(conn).error().with_context("store " + path));
    const auto ms = std::clamp<std::int64_t>(options.busy_timeout.count(), 0, std::numeric_limits<int>::max());
    sqlite3_busy_timeout(conn->handle(), static_cast<int>(ms));
    if (auto s = conn->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON"); !s) {
        return unexpected(std::move(s).error().with_context("store " + path));
    }
    return conn;
}

}  // namespace relance::sqlite
