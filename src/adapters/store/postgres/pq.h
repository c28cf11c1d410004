// SPDX-License-Identifier: MIT
// A thin RAII layer over libpq: a connection, a result, and PostgreSQL's SQLSTATEs turned into
// relance Errors. Never throws. Internal to adapters/store/postgres.
//
// Secrets: the password never appears in an error or a log line. URLs are shown through
// redact_url() (the password replaced by ***); libpq's own messages, which may echo the URL, are
// scrubbed of it and of every password (scrubbed()) before they are wrapped. Prefer
// giving the password outside the URL: PGPASSWORD, ~/.pgpass (PGPASSFILE) or `password_env`.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libpq-fe.h>

#include "core/error.h"

namespace relance::pq {

/// Whether `url` names a PostgreSQL store (postgres:// or postgresql://).
[[nodiscard]] bool is_postgres_url(std::string_view url);

/// `url` with the password of its user part and any password= parameter (or conninfo key)
/// replaced by ***. The user part ends at the LAST '@' (postgresql://u:p@ss@host/db: the
/// password is p@ss), so an '@' in the query must be written %40. Any text may be given: one
/// without a password comes back as it is.
[[nodiscard]] std::string redact_url(std::string_view url);

/// The passwords `url` holds (user part, password= values), as written and percent-decoded.
[[nodiscard]] std::vector<std::string> secrets_of(std::string_view url);

/// `message` with `url` replaced by redact_url(url) and each of `secrets` by ***.
[[nodiscard]] std::string scrubbed(std::string message, std::string_view url,
                                   const std::vector<std::string>& secrets);

/// `url` as libpq must read it: the '@', '/', '?', '#', '[' and ']' of its password
/// percent-encoded (libpq ends the user part at the first '@').
[[nodiscard]] std::string libpq_url(std::string_view url);

/// The relance error for a failed result: Conflict (23505 unique violation), NotFound (23503 a
/// row refers to one that does not exist), InvalidInput (23502, 23514, 22xxx bad data),
/// Unavailable (08xxx connection, 40001/40P01 serialisation or deadlock, 55P03 lock timeout,
/// 57Pxx server shutting down, 53xxx out of resources: try again later), Internal otherwise.
[[nodiscard]] Error result_error(const PGresult* result, const PGconn* conn, std::string_view what);

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};
using ConnPtr = std::unique_ptr<PGconn, ConnDeleter>;

struct ConnectOptions {
    /// The password, when not in the URL nor given by PGPASSWORD / ~/.pgpass (e.g. read from
    /// the variable named by [store] password_env). Empty: libpq's own ways.
    std::string password;
    std::chrono::seconds connect_timeout{10};
    /// What pg_stat_activity shows for the session ("relance", "relance/acme" for a tenant).
    std::string application_name = "relance";
};

/// Connects to `url`. A URL libpq cannot read is InvalidInput; an unreachable server is
/// Unavailable, naming host:port and database and saying what to check; a refused login is
/// Rejected. No message contains the URL's password nor options.password.
[[nodiscard]] Result<ConnPtr> connect(const std::string& url, const ConnectOptions& options);

/// Runs `sql` (one or more statements, no parameters) and checks it succeeded.
[[nodiscard]] Status exec(PGconn* conn, std::string_view sql, std::string_view what);

}  // namespace relance::pq
