// SPDX-License-Identifier: MIT
#include "adapters/store/postgres/postgres_store.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "adapters/store/postgres/migrations.h"
#include "adapters/store/postgres/pg_connection.h"
#include "adapters/store/postgres/pq.h"
#include "adapters/store/sql/guarded.h"

namespace relance {
namespace {

std::string label_of(const std::string& url, const PostgresOptions& options) {
    std::string label = pq::redact_url(url);
    if (!options.tenant.empty()) label += " (tenant " + options.tenant + ")";
    return label;
}

/// The advisory lock key of a schema: FNV-1a of its name, so that writers (and migrations) of
/// one store wait for each other and different tenants never do.
std::int64_t lock_key(std::string_view schema) {
    std::uint64_t h = 14695981039346656037ULL;
    for (const char c : std::string("relance:") + std::string(schema)) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return static_cast<std::int64_t>(h >> 1U);  // positive: easier to read in pg_locks
}

void ignore_notice(void* /*arg*/, const char* /*message*/) {}

Result<std::int64_t> read_version(sql::Connection& conn, const std::string& schema) {
    auto st = conn.prepare(
        "SELECT count(*) FROM pg_tables WHERE schemaname = ?1 AND tablename = 'relance_schema'");
    if (!st) return unexpected(std::move(st).error());
    st->bind(1, schema);
    auto row = st->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row || st->int64(0) == 0) return std::int64_t{0};
    return conn.query_int("SELECT coalesce(max(version), 0) FROM relance_schema");
}

sql::SchemaVersioning versioning(const std::string& schema) {
    return sql::SchemaVersioning{
        // begin() already holds the schema's advisory lock; the schema may not exist yet.
        [schema](sql::Connection& conn) -> Status {
            if (schema == "public") return ok();
            return conn.exec("CREATE SCHEMA IF NOT EXISTS \"" + schema + "\"");
        },
        [schema](sql::Connection& conn) { return read_version(conn, schema); },
        [](sql::Connection& conn, int version) {
            return conn.exec("CREATE TABLE IF NOT EXISTS relance_schema (version BIGINT NOT NULL); "
                             "DELETE FROM relance_schema; INSERT INTO relance_schema (version) VALUES (" +
                             std::to_string(version) + ")");
        },
    };
}

Result<sql::Connection> connect(const std::string& url, const PostgresOptions& options) {
    if (!pq::is_postgres_url(url)) {
        return fail(ErrorCode::InvalidInput, "not a PostgreSQL URL (postgres://... or postgresql://...)");
    }
    if (auto s = validate_tenant(options.tenant); !s) return unexpected(std::move(s).error());
    pq::ConnectOptions connect_options;
    connect_options.password = options.password;
    if (!options.tenant.empty()) connect_options.application_name = "relance/" + options.tenant;
    auto raw = pq::connect(url, connect_options);
    if (!raw) return unexpected(std::move(raw).error());
    PQsetNoticeProcessor(raw->get(), ignore_notice, nullptr);  // "schema already exists" ...
    const std::string schema = tenant_schema(options.tenant);
    // The schema is a validated name ([a-z0-9_]), quoted anyway.
    std::string session = "SET search_path TO \"" + schema + "\"; SET lock_timeout = " +
                          std::to_string(options.lock_timeout.count()) + "; SET TIME ZONE 'UTC'";
    if (auto s = pq::exec(raw->get(), session, "cannot select the tenant's schema"); !s) {
        return unexpected(std::move(s).error());
    }
    return sql::Connection{
        std::make_unique<pq::PgConnection>(std::move(*raw), lock_key(schema), std::move(session))};
}

/// Connects, and migrates (options.migrate) or checks the schema version.
Result<sql::Connection> open_checked(const std::string& url, const PostgresOptions& options,
                                     sql::MigrationRun* run) {
    auto conn = connect(url, options);
    if (!conn) return unexpected(std::move(conn).error());
    const std::string schema = tenant_schema(options.tenant);
    const int latest = pq::latest_schema_version();
    auto version = read_version(*conn, schema);
    if (!version) return unexpected(std::move(version).error());
    if (*version > latest) return unexpected(sql::newer_schema(*version, latest));
    if (*version == 0) {
        auto st = conn->prepare("SELECT count(*) FROM pg_tables WHERE schemaname = ?1");
        if (!st) return unexpected(std::move(st).error());
        st->bind(1, schema);
        auto row = st->step();
        if (!row) return unexpected(std::move(row).error());
        if (*row && st->int64(0) > 0) {
            return fail(ErrorCode::InvalidInput,
                        "the schema " + schema +
                            " holds tables but is not a relance store: give relance its own "
                            "database, or a tenant (its own schema)");
        }
    }
    if (options.migrate) {
        auto migrated = sql::apply_migrations(*conn, pq::migrations(), versioning(schema));
        if (!migrated) return unexpected(std::move(migrated).error());
        if (run != nullptr) *run = *migrated;
    } else if (*version < latest) {
        return fail(ErrorCode::Rejected,
                    "the store's schema is at version " + std::to_string(*version) +
                        ", this relance needs version " + std::to_string(latest) +
                        ": run `relance migrate` first (it applies the pending migrations)");
    }
    return conn;
}

}  // namespace

bool is_postgres_url(std::string_view location) {
    return pq::is_postgres_url(location);
}

std::string redact_postgres_url(std::string_view url) {
    return pq::redact_url(url);
}

Status check_store_location(std::string_view location) {
    if (pq::is_postgres_url(location)) return ok();
    const std::string shown = pq::redact_url(location);
    // scheme://... (RFC 3986: a letter, then letters, digits, + - .)
    if (const auto sep = location.find("://"); sep != std::string_view::npos && sep > 0) {
        const std::string_view scheme = location.substr(0, sep);
        const bool is_scheme = std::isalpha(static_cast<unsigned char>(scheme.front())) != 0 &&
                               std::all_of(scheme.begin(), scheme.end(), [](char c) {
                                   return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' ||
                                          c == '-' || c == '.';
                               });
        if (is_scheme) {
            return fail(ErrorCode::InvalidInput,
                        "unsupported store URL scheme '" + std::string(scheme) +
                            "': use a file path (SQLite) or postgresql:// (store " + shown + ")");
        }
    }
    // A libpq conninfo: words key=value, one of them a libpq connection key.
    static constexpr std::array<std::string_view, 12> kKeys{
        "host=",    "hostaddr=", "port=",    "dbname=",         "user=",    "password=",
        "passfile=", "sslmode=", "service=", "connect_timeout=", "options=", "application_name="};
    std::size_t pos = 0;
    while (pos < location.size()) {
        const auto start = location.find_first_not_of(" \t", pos);
        if (start == std::string_view::npos) break;
        const std::string_view word = location.substr(start);
        if (std::any_of(kKeys.begin(), kKeys.end(), [&](std::string_view k) { return word.starts_with(k); })) {
            return fail(ErrorCode::InvalidInput,
                        "the store '" + shown +
                            "' is a libpq key=value connection string, not a file path: use a "
                            "postgresql:// URL instead (postgresql://user@host:5432/database, the "
                            "password in PGPASSWORD, ~/.pgpass or [store] password_env)");
        }
        pos = location.find_first_of(" \t", start);
    }
    return ok();
}

Status validate_tenant(std::string_view tenant) {
    constexpr std::size_t kMax = 40;
    bool valid = tenant.size() <= kMax;
    for (const char c : tenant) {
        valid = valid && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (valid) return ok();
    return fail(ErrorCode::InvalidInput, "invalid tenant id '" + std::string(tenant.substr(0, kMax)) +
                                             "': use 1 to 40 of a-z, 0-9 and _");
}

std::string tenant_schema(std::string_view tenant) {
    return tenant.empty() ? std::string("public") : "tenant_" + std::string(tenant);
}

Result<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& url, PostgresOptions options) {
    const std::string label = label_of(url, options);
    return sql::guarded(label, "open", [&]() -> Result<std::unique_ptr<PostgresStore>> {
        auto conn = open_checked(url, options, nullptr);
        if (!conn) return unexpected(std::move(conn).error());
        std::unique_ptr<PostgresStore> store(new PostgresStore(std::move(*conn), options, label));
        if (auto s = store->prepare(); !s) return unexpected(std::move(s).error());
        return store;
    });
}

Result<sql::MigrationRun> PostgresStore::migrate(const std::string& url, const PostgresOptions& options) {
    return sql::guarded(label_of(url, options), "migrate", [&]() -> Result<sql::MigrationRun> {
        PostgresOptions migrating = options;
        migrating.migrate = true;
        sql::MigrationRun run;
        auto conn = open_checked(url, migrating, &run);
        if (!conn) return unexpected(std::move(conn).error());
        return run;
    });
}

int PostgresStore::schema_version() {
    return pq::latest_schema_version();
}

Result<std::unique_ptr<PostgresAlertStore>> PostgresAlertStore::open(const std::string& url,
                                                                     PostgresOptions options) {
    const std::string label = label_of(url, options);
    return sql::guarded(label, "open", [&]() -> Result<std::unique_ptr<PostgresAlertStore>> {
        auto conn = open_checked(url, options, nullptr);
        if (!conn) return unexpected(std::move(conn).error());
        std::unique_ptr<PostgresAlertStore> store(
            new PostgresAlertStore(std::move(*conn), options.clock, label));
        if (auto s = store->prepare(); !s) return unexpected(std::move(s).error());
        return store;
    });
}

Result<std::unique_ptr<PostgresDossierStore>> PostgresDossierStore::open(const std::string& url,
                                                                         PostgresOptions options) {
    const std::string label = label_of(url, options);
    return sql::guarded(label, "open", [&]() -> Result<std::unique_ptr<PostgresDossierStore>> {
        auto conn = open_checked(url, options, nullptr);
        if (!conn) return unexpected(std::move(conn).error());
        return std::unique_ptr<PostgresDossierStore>(new PostgresDossierStore(std::move(*conn), label));
    });
}

Result<sql::Connection> open_postgres_connection(const std::string& url, const PostgresOptions& options,
                                                 bool check_schema) {
    return sql::guarded(label_of(url, options), "connect", [&]() -> Result<sql::Connection> {
        if (check_schema) return open_checked(url, options, nullptr);
        return connect(url, options);
    });
}

}  // namespace relance
