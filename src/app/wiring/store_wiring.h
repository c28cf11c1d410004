// SPDX-License-Identifier: MIT
// Store selection: which engine and which store a command (or a worker, per tenant) opens. A
// postgres:// or postgresql:// location is the PostgreSQL engine (one schema per tenant, see
// adapters/store/postgres/postgres_store.h); anything else is a SQLite file path (the default,
// no tenants). Settings give the location: RELANCE_STORE, else [store] url, else [store] path.
//
// PostgreSQL stores are migrated by `relance migrate` only (migrate_store); opening one whose
// schema is behind the binary fails and says so. SQLite files migrate themselves on open.
// One open store is one connection (no pool): open one per tenant per worker thread.
#pragma once

#include <memory>
#include <string>

#include "app/config/settings.h"
#include "core/error.h"
#include "core/ports/alerts.h"
#include "core/ports/dossier.h"
#include "core/ports/store.h"

namespace relance {

/// Where a store is and how to reach it.
struct StoreTarget {
    std::string location;      // postgres://... URL, or SQLite file path
    std::string tenant;        // PostgreSQL only; "" = the default tenant (schema public)
    std::string password_env;  // PostgreSQL only: variable holding the password ("" = none)
};

/// The settings' store (RELANCE_STORE > [store] url > [store] path) for `tenant` (default:
/// settings.store_tenant).
[[nodiscard]] StoreTarget store_target(const Settings& settings, const std::string& tenant = "");

/// The location as it may be shown (a URL's password replaced by ***).
[[nodiscard]] std::string shown_location(const std::string& location);

[[nodiscard]] Result<std::unique_ptr<Store>> open_store(const StoreTarget& target);
/// open_store({location, tenant}): a postgres:// URL or a SQLite path, and a tenant ("" = default;
/// PostgreSQL only). The password, if any, from PGPASSWORD / ~/.pgpass.
[[nodiscard]] Result<std::unique_ptr<Store>> open_store(const std::string& location, const std::string& tenant);
[[nodiscard]] Result<std::unique_ptr<AlertStore>> open_alert_store(const StoreTarget& target);
[[nodiscard]] Result<std::unique_ptr<DossierStore>> open_dossier_store(const StoreTarget& target);

/// What `relance migrate` did: the schema versions before and after, and the latest.
struct MigrateOutcome {
    std::int64_t from = 0;
    std::int64_t to = 0;
};
/// Applies the pending migrations of the target's store (creating the tenant's schema).
[[nodiscard]] Result<MigrateOutcome> migrate_store(const StoreTarget& target);

}  // namespace relance
