// SPDX-License-Identifier: MIT
#include "adapters/store/sql/migration.h"

namespace relance::sql {

Error newer_schema(std::int64_t found, int latest) {
    return make_error(ErrorCode::Rejected, "store schema version " + std::to_string(found) +
                                               " is newer than this relance (" +
                                               std::to_string(latest) + "): upgrade relance");
}

Result<MigrationRun> apply_migrations(Connection& conn, std::span<const Migration> all,
                                      const SchemaVersioning& versioning) {
    MigrationRun run;
    bool first = true;
    for (const auto& m : all) {
        auto tx = Transaction::begin(conn);
        if (!tx) return unexpected(std::move(tx).error());
        if (auto s = versioning.lock(conn); !s) return unexpected(std::move(s).error());
        // Read again under the lock: another process may have migrated in the meantime.
        auto version = versioning.read(conn);
        if (!version) return unexpected(std::move(version).error());
        if (first) {
            run.from = run.to = *version;
            first = false;
            if (*version > all.back().version) return unexpected(newer_schema(*version, all.back().version));
        }
        if (*version >= m.version) continue;  // the transaction rolls back: nothing to do
        const std::string what =
            "migration " + std::to_string(m.version) + " (" + std::string(m.name) + ")";
        if (*version != m.version - 1) {
            return fail(ErrorCode::Internal,
                        what + ": the store is at schema version " + std::to_string(*version));
        }
        auto applied = conn.exec(m.sql);
        if (!applied) return unexpected(std::move(applied).error().with_context(what));
        auto stamped = versioning.write(conn, m.version);
        if (!stamped) return unexpected(std::move(stamped).error().with_context(what));
        auto committed = tx->commit();
        if (!committed) return unexpected(std::move(committed).error().with_context(what));
        run.to = m.version;
    }
    return run;
}

}  // namespace relance::sql
