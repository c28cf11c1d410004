// SPDX-License-Identifier: MIT
#include "app/wiring/store_wiring.h"

#include <cstdlib>

#include "adapters/store/postgres/postgres_store.h"
#include "adapters/store/sqlite/alert_store.h"
#include "adapters/store/sqlite/dossier_store.h"
#include "adapters/store/sqlite/sqlite_store.h"

namespace relance {
namespace {

/// The PostgreSQL options of a target: tenant, and the password from password_env.
Result<PostgresOptions> postgres_options(const StoreTarget& t) {
    PostgresOptions o;
    o.tenant = t.tenant;
    if (!t.password_env.empty()) {
        const char* value = std::getenv(t.password_env.c_str());
        if (value == nullptr || *value == '\0') {
            return fail(ErrorCode::InvalidInput, "store.password_env: the variable " + t.password_env +
                                                     " is not set (it should hold the PostgreSQL password)");
        }
        o.password = value;
    }
    return o;
}

Status sqlite_has_no_tenants(const StoreTarget& t) {
    if (t.tenant.empty()) return ok();
    return fail(ErrorCode::InvalidInput, "tenant '" + t.tenant +
                                             "': tenants need a PostgreSQL store ([store] url or "
                                             "RELANCE_STORE = postgresql://...)");
}

/// Opens the target with the engine its location names: Pg::open(url, options) or
/// Lite::open(path).
template <class Port, class Pg, class Lite>
Result<std::unique_ptr<Port>> open_with(const StoreTarget& t) {
    if (auto s = check_store_location(t.location); !s) return unexpected(std::move(s).error());
    if (is_postgres_url(t.location)) {
        auto options = postgres_options(t);
        if (!options) return unexpected(std::move(options).error());
        auto s = Pg::open(t.location, std::move(*options));
        if (!s) return unexpected(std::move(s).error());
        return std::unique_ptr<Port>(std::move(*s));
    }
    if (auto s = sqlite_has_no_tenants(t); !s) return unexpected(std::move(s).error());
    auto s = Lite::open(t.location);
    if (!s) return unexpected(std::move(s).error());
    return std::unique_ptr<Port>(std::move(*s));
}

}  // namespace

StoreTarget store_target(const Settings& settings, const std::string& tenant) {
    StoreTarget t;
    t.location = settings.store_url.empty() ? settings.store_path : settings.store_url;
    t.tenant = tenant.empty() ? settings.store_tenant : tenant;
    t.password_env = settings.store_password_env;
    return t;
}

std::string shown_location(const std::string& location) {
    return redact_postgres_url(location);
}

Result<std::unique_ptr<Store>> open_store(const StoreTarget& target) {
    return open_with<Store, PostgresStore, SqliteStore>(target);
}

Result<std::unique_ptr<Store>> open_store(const std::string& location, const std::string& tenant) {
    return open_store(StoreTarget{location, tenant, ""});
}

Result<std::unique_ptr<AlertStore>> open_alert_store(const StoreTarget& target) {
    return open_with<AlertStore, PostgresAlertStore, SqliteAlertStore>(target);
}

Result<std::unique_ptr<DossierStore>> open_dossier_store(const StoreTarget& target) {
    return open_with<DossierStore, PostgresDossierStore, SqliteDossierStore>(target);
}

Result<MigrateOutcome> migrate_store(const StoreTarget& target) {
    if (auto s = check_store_location(target.location); !s) return unexpected(std::move(s).error());
    if (is_postgres_url(target.location)) {
        auto options = postgres_options(target);
        if (!options) return unexpected(std::move(options).error());
        auto run = PostgresStore::migrate(target.location, *options);
        if (!run) return unexpected(std::move(run).error());
        return MigrateOutcome{run->from, run->to};
    }
    if (auto s = sqlite_has_no_tenants(target); !s) return unexpected(std::move(s).error());
    auto run = SqliteStore::migrate(target.location);
    if (!run) return unexpected(std::move(run).error());
    return MigrateOutcome{run->from, run->to};
}

}  // namespace relance
