// SPDX-License-Identifier: MIT
// PostgresStore: the Store on a PostgreSQL server (optional engine; SQLite stays the default).
// The Store's logic is SqlStore's (adapters/store/sql/), the same code as SQLite's; this file
// connects, selects the tenant's schema and checks (or applies) the migrations.
//
// Tenants: one PostgreSQL schema per tenant, `tenant_<id>` (id: [a-z0-9_], 1 to 40 characters),
// selected with SET search_path on the connection; no tenant (the default) is the schema
// `public`. `relance migrate` (PostgresStore::migrate) creates the schema and applies the
// migrations; a normal open REFUSES a store whose schema is older than the binary and points to
// `relance migrate` (a shared server is migrated on purpose, by one command, not by whichever
// daemon starts first), and refuses one newer than the binary ("upgrade relance").
// Pooling: none; one open store is one connection (use it from one thread at a time); open one
// store per tenant per worker. A session the server dropped fails its next statement as
// Unavailable (not retried: it may have run) and is opened again for the one after, between
// transactions only. pg_stat_activity shows it as application_name "relance" or
// "relance/<tenant>".
// Must not: let an exception escape, or show a password (errors name the URL through
// pq::redact_url, host:port and database).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "adapters/store/sql/alert_store.h"
#include "adapters/store/sql/dossier_store.h"
#include "adapters/store/sql/migration.h"
#include "adapters/store/sql/sql_store.h"
#include "core/error.h"
#include "core/ports/clock.h"

namespace relance {

struct PostgresOptions {
    /// The tenant whose schema the store uses; empty: the default tenant (schema `public`).
    std::string tenant;
    /// The password when it is not given by the URL, PGPASSWORD or ~/.pgpass (e.g. read from
    /// the variable [store] password_env names). Never shown.
    std::string password;
    /// Stamps reminders.updated_at and audit rows; null: the system clock (always UTC).
    const Clock* clock = nullptr;
    /// How long a write waits for another writer of the same store (then Unavailable).
    std::chrono::milliseconds lock_timeout{5000};
    /// Apply pending migrations on open instead of refusing (tests, `relance migrate`).
    bool migrate = false;
};

/// Whether `location` names a PostgreSQL store (postgres:// or postgresql://), not a file.
[[nodiscard]] bool is_postgres_url(std::string_view location);

/// `url` with its password (user part or password= parameter) replaced by ***: pq::redact_url,
/// the one redaction of store locations (any location may be given; a path comes back as is).
[[nodiscard]] std::string redact_postgres_url(std::string_view url);

/// Whether `location` may be opened as a store, before anything is opened or created: a
/// postgres:// or postgresql:// URL, or a SQLite file path. InvalidInput (the location shown
/// redacted, saying what to write instead) for another scheme (mysql://...) and for a libpq
/// key=value connection string (host=... password=...), which would otherwise be taken for a
/// file name.
[[nodiscard]] Status check_store_location(std::string_view location);

/// Whether `tenant` is a valid tenant id ([a-z0-9_], 1 to 40 characters); InvalidInput naming the
/// rule otherwise. The empty id is the default tenant and is valid.
[[nodiscard]] Status validate_tenant(std::string_view tenant);
/// The schema of a tenant: `public` for the default tenant, `tenant_<id>` otherwise.
[[nodiscard]] std::string tenant_schema(std::string_view tenant);

class PostgresStore final : public SqlStore {
public:
    /// Connects to `url` (postgres:// or postgresql://), selects the tenant's schema and checks
    /// its version (see the file comment). Unreachable server: Unavailable naming host:port.
    [[nodiscard]] static Result<std::unique_ptr<PostgresStore>> open(const std::string& url,
                                                                     PostgresOptions options = {});
    /// Creates the tenant's schema if needed and applies the pending migrations, each in its own
    /// transaction, one process at a time: the versions before and after.
    [[nodiscard]] static Result<sql::MigrationRun> migrate(const std::string& url,
                                                           const PostgresOptions& options = {});
    [[nodiscard]] static int schema_version();

    /// The URL without its password, and the tenant: what errors name.
    [[nodiscard]] const std::string& label() const { return label_; }

private:
    PostgresStore(sql::Connection conn, const PostgresOptions& options, std::string label)
        : SqlStore(std::move(conn), options.clock, label), label_(std::move(label)) {}
    std::string label_;
};

/// The AlertStore on a PostgreSQL store (its own connection; the schema must be up to date).
class PostgresAlertStore final : public SqlAlertStore {
public:
    [[nodiscard]] static Result<std::unique_ptr<PostgresAlertStore>> open(const std::string& url,
                                                                          PostgresOptions options = {});

private:
    using SqlAlertStore::SqlAlertStore;
};

/// The DossierStore on a PostgreSQL store (its own connection; the schema must be up to date).
class PostgresDossierStore final : public SqlDossierStore {
public:
    [[nodiscard]] static Result<std::unique_ptr<PostgresDossierStore>> open(const std::string& url,
                                                                            PostgresOptions options = {});

private:
    using SqlDossierStore::SqlDossierStore;
};

/// A connection to the tenant's schema (search_path set, lock_timeout, no schema check), for
/// tables of one's own next to the store's (e.g. the workers' control tables): run DDL with
/// exec(), queries with prepare() (?N placeholders). `check_schema`: also refuse a schema that
/// is not at this binary's version.
[[nodiscard]] Result<sql::Connection> open_postgres_connection(const std::string& url,
                                                               const PostgresOptions& options,
                                                               bool check_schema);

}  // namespace relance
