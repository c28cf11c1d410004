// SPDX-License-Identifier: MIT
// `relance migrate`: applies the store's pending schema migrations and prints from -> to. The
// PostgreSQL engine is migrated only by this command (a normal command on a store that is
// behind refuses and points here); a SQLite file also migrates itself on open, so on SQLite
// this is only a way to do it ahead of time.
#include <cstdio>
#include <filesystem>
#include <optional>

#include "app/cli/commands.h"
#include "app/wiring/store_wiring.h"

namespace relance::cli {

int cmd_migrate(const Common& common, const std::string& tenant) {
    // No source needed, nor a config: the store may come from RELANCE_STORE alone.
    std::string path = common.config;
    if (path.empty() && std::filesystem::exists("relance.toml")) path = "relance.toml";
    std::optional<Settings> settings;
    if (path.empty()) {
        settings.emplace();
        apply_store_environment(*settings);
    } else if (auto loaded = load_settings(path)) {
        settings = std::move(*loaded);
    } else {
        err(loaded.error().describe());
    }
    if (!settings) return 1;
    const StoreTarget target = store_target(*settings, tenant);
    auto run = migrate_store(target);
    if (!run) {
        err(run.error().describe());
        return run.error().code == ErrorCode::InvalidInput ? 1 : 3;
    }
    const std::string where = shown_location(target.location) +
                              (tenant.empty() ? std::string() : " (tenant " + tenant + ")");
    if (common.json) {
        std::printf("{\"store\":%s,\"tenant\":%s,\"from\":%lld,\"to\":%lld}\n", json_text(where).c_str(),
                    json_text(tenant).c_str(), static_cast<long long>(run->from),
                    static_cast<long long>(run->to));
    } else if (run->from == run->to) {
        std::printf("%s: schema version %lld, up to date (nothing to migrate)\n", where.c_str(),
                    static_cast<long long>(run->to));
    } else {
        std::printf("%s: migrated schema version %lld -> %lld\n", where.c_str(),
                    static_cast<long long>(run->from), static_cast<long long>(run->to));
    }
    return 0;
}

}  // namespace relance::cli
