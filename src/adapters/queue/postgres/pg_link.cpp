// SPDX-License-Identifier: MIT
#include "adapters/queue/postgres/pg_link.h"

#include <libpq-fe.h>

#include <charconv>

namespace relance::pgq {
namespace {

// libpq's message without its trailing newline, on one line.
std::string one_line(const char* message) {
    std::string s = message != nullptr ? message : "";
    for (char& c : s) {
        if (c == '\n' || c == '\r') c = ' ';
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

// SQLSTATE classes: 08 connection exception, 57P01..03 shutdown, 53 insufficient resources,
// 40001/40P01 serialization/deadlock: all worth trying again; 23 integrity: a conflict.
ErrorCode code_of(const char* sqlstate) {
    const std::string s = sqlstate != nullptr ? sqlstate : "";
    if (s.empty() || s.rfind("08", 0) == 0 || s.rfind("57P", 0) == 0 || s.rfind("53", 0) == 0 ||
        s == "40001" || s == "40P01") {
        return ErrorCode::Unavailable;
    }
    if (s.rfind("23", 0) == 0) return ErrorCode::Conflict;
    return ErrorCode::Internal;
}

// The error of a statement that failed (frees `res`).
Error failure(PGconn* pg, PGresult* res, const std::string& where) {
    const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
    const ErrorCode code = PQstatus(pg) != CONNECTION_OK ? ErrorCode::Unavailable : code_of(state);
    std::string message =
        "PostgreSQL at " + where + ": " + one_line(res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(pg));
    if (res != nullptr) PQclear(res);
    return make_error(code, std::move(message));
}

}  // namespace

struct Link::Conn {
    PGconn* pg = nullptr;
    ~Conn() {
        if (pg != nullptr) PQfinish(pg);
    }
};

const std::string& Rows::text(std::size_t r, std::size_t c) const {
    static const std::string kEmpty;
    const auto& cell = cells_[r][c];
    return cell ? *cell : kEmpty;
}

std::int64_t Rows::integer(std::size_t r, std::size_t c) const {
    const std::string& s = text(r, c);
    std::int64_t v = 0;
    std::from_chars(s.data(), s.data() + s.size(), v);
    return v;
}

std::string redact_url(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return url.find("password") == std::string::npos ? url : "(conninfo)";
    const auto at = url.find('@', scheme + 3);
    const auto slash = url.find('/', scheme + 3);
    if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
    const auto colon = url.find(':', scheme + 3);
    if (colon == std::string::npos || colon > at) return url;
    return url.substr(0, colon) + url.substr(at);
}

Link::Link(std::unique_ptr<Conn> conn, std::string where) : conn_(std::move(conn)), where_(std::move(where)) {}
Link::Link(Link&&) noexcept = default;
Link& Link::operator=(Link&&) noexcept = default;
Link::~Link() = default;

Result<Link> Link::connect(const std::string& url) {
    // Defaults first: what the URL says (expanded from dbname) wins over them.
    const char* keys[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "relance-worker", url.c_str(), nullptr};
    auto conn = std::make_unique<Conn>();
    conn->pg = PQconnectdbParams(keys, values, 1);  // expand_dbname: the URL fills in the rest
    if (conn->pg == nullptr) return fail(ErrorCode::Internal, "libpq could not allocate a connection");
    const std::string host = PQhost(conn->pg) != nullptr ? PQhost(conn->pg) : "?";
    const std::string port = PQport(conn->pg) != nullptr ? PQport(conn->pg) : "?";
    const std::string db = PQdb(conn->pg) != nullptr ? PQdb(conn->pg) : "?";
    std::string where = host + ":" + port + "/" + db;
    if (PQstatus(conn->pg) != CONNECTION_OK) {
        return fail(ErrorCode::Unavailable,
                    "cannot reach the PostgreSQL server at " + where + " (" +
                        redact_url(url) + "): " + one_line(PQerrorMessage(conn->pg)) +
                        ". Is the server running and the URL right (--store or RELANCE_STORE)?");
    }
    // The server's notices ("relation already exists, skipping") are not for the user.
    PQsetNoticeProcessor(conn->pg, [](void*, const char*) {}, nullptr);
    return Link(std::move(conn), std::move(where));
}

Result<Rows> Link::exec(const std::string& sql, const Params& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    PGresult* res = PQexecParams(conn_->pg, sql.c_str(), static_cast<int>(values.size()), nullptr,
                                 values.data(), nullptr, nullptr, 0);
    const ExecStatusType st = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return unexpected(failure(conn_->pg, res, where_));
    const int nrows = PQntuples(res);
    const int ncols = PQnfields(res);
    std::vector<std::vector<std::optional<std::string>>> cells(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
        auto& row = cells[static_cast<std::size_t>(r)];
        row.reserve(static_cast<std::size_t>(ncols));
        for (int c = 0; c < ncols; ++c) {
            if (PQgetisnull(res, r, c) != 0) {
                row.emplace_back(std::nullopt);
            } else {
                row.emplace_back(std::string(PQgetvalue(res, r, c),
                                             static_cast<std::size_t>(PQgetlength(res, r, c))));
            }
        }
    }
    PQclear(res);
    return Rows(std::move(cells));
}

Status Link::run(const std::string& sql) {
    PGresult* res = PQexec(conn_->pg, sql.c_str());
    const ExecStatusType st = res != nullptr ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return unexpected(failure(conn_->pg, res, where_));
    PQclear(res);
    return ok();
}

}  // namespace relance::pgq
