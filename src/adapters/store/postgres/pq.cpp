// SPDX-License-Identifier: MIT
#include "adapters/store/postgres/pq.h"

#include <array>
#include <string>

namespace relance::pq {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

/// libpq's message on one line, without its final newline.
std::string trimmed(const char* message) {
    std::string m;
    for (const char* p = message; p != nullptr && *p != '\0'; ++p) {
        if (*p == '\n' || *p == '\t') {
            if (!m.empty() && m.back() != ' ') m += ' ';
        } else {
            m += *p;
        }
    }
    while (!m.empty() && m.back() == ' ') m.pop_back();
    return m;
}

}  // namespace

bool is_postgres_url(std::string_view url) {
    return starts_with(url, "postgres://") || starts_with(url, "postgresql://");
}

std::string redact_url(std::string_view url) {
    std::string out(url);
    const auto scheme = out.find("://");
    if (scheme != std::string::npos) {
        const auto start = scheme + 3;
        const auto end = out.find_first_of("/?#", start);
        const auto authority_end = end == std::string::npos ? out.size() : end;
        const auto at = out.rfind('@', authority_end);
        if (at != std::string::npos && at >= start) {
            const auto colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
        }
    }
    // password=... among the query parameters (or a key=value conninfo string).
    for (std::size_t pos = out.find("password="); pos != std::string::npos;
         pos = out.find("password=", pos + 1)) {
        const auto value = pos + 9;
        const auto value_end = out.find_first_of("& ", value);
        out.replace(value, (value_end == std::string::npos ? out.size() : value_end) - value, "***");
    }
    return out;
}

Error result_error(const PGresult* result, const PGconn* conn, std::string_view what) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string sqlstate = state != nullptr ? state : "";
    std::string message = trimmed(result != nullptr ? PQresultErrorMessage(result) : nullptr);
    if (message.empty()) message = trimmed(conn != nullptr ? PQerrorMessage(conn) : nullptr);
    message = std::string(what) + ": " + message;
    ErrorCode code = ErrorCode::Internal;
    const std::string klass = sqlstate.substr(0, 2);
    if (sqlstate == "23505") {
        code = ErrorCode::Conflict;
    } else if (sqlstate == "23503") {
        code = ErrorCode::NotFound;  // a row refers to one that does not exist
    } else if (sqlstate == "23502" || sqlstate == "23514" || klass == "22") {
        code = ErrorCode::InvalidInput;
    } else if (sqlstate == "55P03") {
        code = ErrorCode::Unavailable;
        message += " (another relance is writing to this store: try again later)";
    } else if (klass == "08" || klass == "53" || klass == "57" || sqlstate == "40001" ||
               sqlstate == "40P01") {
        code = ErrorCode::Unavailable;
        message += " (the PostgreSQL server is busy or unreachable: try again later)";
    } else if (sqlstate.empty() && conn != nullptr && PQstatus(conn) == CONNECTION_BAD) {
        code = ErrorCode::Unavailable;
        message += " (the connection to the PostgreSQL server was lost)";
    }
    if (!sqlstate.empty()) message += " [SQLSTATE " + sqlstate + "]";
    return make_error(code, std::move(message));
}

Result<ConnPtr> connect(const std::string& url, const ConnectOptions& options) {
    const std::string timeout = std::to_string(options.connect_timeout.count());
    std::array<const char*, 5> keys{"dbname", "connect_timeout", "application_name", nullptr, nullptr};
    std::array<const char*, 5> values{url.c_str(), timeout.c_str(), options.application_name.c_str(),
                                      nullptr, nullptr};
    if (!options.password.empty()) {
        keys[3] = "password";
        values[3] = options.password.c_str();
    }
    // expand_dbname = 1: the URL's parts (host, port, user, options) apply.
    ConnPtr conn(PQconnectdbParams(keys.data(), values.data(), 1));
    if (conn == nullptr) return fail(ErrorCode::Internal, "cannot connect to PostgreSQL: out of memory");
    if (PQstatus(conn.get()) == CONNECTION_OK) return conn;

    const std::string host = PQhost(conn.get()) != nullptr ? PQhost(conn.get()) : "";
    const std::string port = PQport(conn.get()) != nullptr ? PQport(conn.get()) : "";
    const std::string db = PQdb(conn.get()) != nullptr ? PQdb(conn.get()) : "";
    const std::string user = PQuser(conn.get()) != nullptr ? PQuser(conn.get()) : "";
    const std::string detail = trimmed(PQerrorMessage(conn.get()));
    const std::string where = host + ":" + port + " (database " + db + ", user " + user + ")";
    const bool auth = detail.find("password") != std::string::npos ||
                      detail.find("authentication") != std::string::npos ||
                      detail.find("role") != std::string::npos;
    if (auth) {
        return fail(ErrorCode::Rejected,
                    "PostgreSQL at " + where + " refused the login: " + detail +
                        " -- check the user and its password (PGPASSWORD, ~/.pgpass or [store] "
                        "password_env), and pg_hba.conf on the server");
    }
    if (detail.find("does not exist") != std::string::npos) {
        return fail(ErrorCode::InvalidInput, "PostgreSQL at " + where + ": " + detail +
                                                 " -- create the database first (createdb " + db + ")");
    }
    return fail(ErrorCode::Unavailable,
                "cannot reach the PostgreSQL server at " + where + ": " + detail +
                    " -- check that the server is running and accepts TCP connections there "
                    "(listen_addresses, port, firewall), and the host and port in [store] url "
                    "or RELANCE_STORE");
}

Status exec(PGconn* conn, std::string_view sql, std::string_view what) {
    const std::string owned(sql);
    ResultPtr r(PQexec(conn, owned.c_str()));
    const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return ok();
    return unexpected(result_error(r.get(), conn, what));
}

}  // namespace relance::pq
