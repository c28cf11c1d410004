// SPDX-License-Identifier: MIT
// Test helpers for the PostgreSQL store: the server of RELANCE_TEST_PG (scripts/test.sh starts
// a throwaway one), why it cannot be used (for a visible GTEST_SKIP), and fresh tenants: one
// schema per test, unique to this process (pid, counter, clock), dropped when the process ends,
// so that ctest -j and other people's test runs on the same server never share a store.
#pragma once

#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include <libpq-fe.h>
#include <unistd.h>

namespace relance::test {

inline std::string pg_url() {
    const char* url = std::getenv("RELANCE_TEST_PG");
    return url != nullptr ? std::string(url) : std::string();
}

/// Runs `sql` on a new connection to the test server; "" or libpq's error.
inline std::string pg_exec(const std::string& sql) {
    PGconn* conn = PQconnectdb(pg_url().c_str());
    std::string error;
    if (PQstatus(conn) != CONNECTION_OK) {
        error = PQerrorMessage(conn);
    } else {
        PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
        PGresult* r = PQexec(conn, sql.c_str());
        const auto status = PQresultStatus(r);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) error = PQresultErrorMessage(r);
        PQclear(r);
    }
    PQfinish(conn);
    return error;
}

/// Runs a query returning one value on a new connection; "" on any failure.
inline std::string pg_value(const std::string& sql) {
    PGconn* conn = PQconnectdb(pg_url().c_str());
    std::string out;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
        PQclear(r);
    }
    PQfinish(conn);
    return out;
}

/// Every value of the rows of the last statement of `sql`, joined by '|'; "" on any failure.
inline std::string pg_values(const std::string& sql) {
    PGconn* conn = PQconnectdb(pg_url().c_str());
    std::string out;
    if (PQstatus(conn) == CONNECTION_OK) {
        PGresult* r = PQexec(conn, sql.c_str());
        if (PQresultStatus(r) == PGRES_TUPLES_OK) {
            for (int row = 0; row < PQntuples(r); ++row) {
                for (int col = 0; col < PQnfields(r); ++col) {
                    if (!out.empty()) out += '|';
                    out += PQgetisnull(r, row, col) != 0 ? "NULL" : PQgetvalue(r, row, col);
                }
            }
        }
        PQclear(r);
    }
    PQfinish(conn);
    return out;
}

/// "" when the test server answers; otherwise why the PostgreSQL tests are skipped.
inline const std::string& pg_unavailable_reason() {
    static const std::string reason = []() -> std::string {
        if (pg_url().empty()) {
            return "RELANCE_TEST_PG is not set: PostgreSQL tests skipped (scripts/test.sh starts a "
                   "server and sets it)";
        }
        const std::string error = pg_exec("SELECT 1");
        if (!error.empty()) return "the PostgreSQL server of RELANCE_TEST_PG does not answer: " + error;
        return {};
    }();
    return reason;
}

/// The schemas this process created, dropped at exit.
class PgTenants {
public:
    static PgTenants& instance() {
        static PgTenants tenants;
        return tenants;
    }
    PgTenants(const PgTenants&) = delete;
    PgTenants& operator=(const PgTenants&) = delete;
    ~PgTenants() {
        for (const auto& t : tenants_) (void)pg_exec("DROP SCHEMA IF EXISTS tenant_" + t + " CASCADE");
    }
    std::string fresh() {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count() % 1000000;
        std::string t = "t" + std::to_string(::getpid()) + "_" + std::to_string(tenants_.size() + 1) +
                        "_" + std::to_string(stamp);
        (void)pg_exec("DROP SCHEMA IF EXISTS tenant_" + t + " CASCADE");
        tenants_.push_back(t);
        return t;
    }

private:
    PgTenants() = default;
    std::vector<std::string> tenants_;
};

inline std::string pg_fresh_tenant() {
    return PgTenants::instance().fresh();
}

}  // namespace relance::test
