// SPDX-License-Identifier: MIT
#include "adapters/store/postgres/pq.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <vector>

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

namespace {

/// Where the password of `url`'s user part is: [begin, end), or begin == end when there is none.
/// The user part ends at the LAST '@' (a password may hold '@', '/', '?'); the password starts
/// after the first ':' of the user part, when that ':' comes before the first '@'.
std::pair<std::size_t, std::size_t> userinfo_password(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {0, 0};
    const auto start = scheme + 3;
    const auto first_at = url.find('@', start);
    const auto last_at = url.rfind('@');
    if (first_at == std::string_view::npos) return {0, 0};
    const auto colon = url.find(':', start);
    if (colon == std::string_view::npos || colon > first_at) return {0, 0};
    return {colon + 1, last_at};
}

/// The [begin, end) of each password= value (a query parameter or a conninfo key).
std::vector<std::pair<std::size_t, std::size_t>> password_values(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    for (auto pos = text.find("password="); pos != std::string_view::npos;
         pos = text.find("password=", pos + 1)) {
        const auto value = pos + 9;
        std::size_t end = 0;
        if (value < text.size() && text[value] == '\'') {  // conninfo: 'quoted value'
            end = value + 1;
            while (end < text.size() && text[end] != '\'') end += text[end] == '\\' ? std::size_t{2} : std::size_t{1};
            end = std::min(end + 1, text.size());
        } else {
            end = std::min(text.find_first_of("& \t\n#", value), text.size());
        }
        out.emplace_back(value, end);
    }
    return out;
}

std::string percent_decoded(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto hex = [](char c) {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

}  // namespace

std::string redact_url(std::string_view url) {
    std::string out(url);
    const auto [begin, end] = userinfo_password(out);
    if (end > begin) out.replace(begin, end - begin, "***");
    // password=... among the query parameters (or a key=value conninfo string), last first.
    const auto values = password_values(out);
    for (auto it = values.rbegin(); it != values.rend(); ++it) {
        out.replace(it->first, it->second - it->first, "***");
    }
    return out;
}

std::vector<std::string> secrets_of(std::string_view url) {
    std::vector<std::string> out;
    const auto add = [&out](std::string_view raw) {
        if (raw.empty()) return;
        out.emplace_back(raw);
        if (std::string decoded = percent_decoded(raw); decoded != raw) out.push_back(std::move(decoded));
    };
    const auto [begin, end] = userinfo_password(url);
    if (end > begin) add(url.substr(begin, end - begin));
    for (const auto& [b, e] : password_values(url)) {
        std::string_view v = url.substr(b, e - b);
        if (v.size() >= 2 && v.front() == '\'' && v.back() == '\'') v = v.substr(1, v.size() - 2);
        add(v);
    }
    return out;
}

std::string scrubbed(std::string message, std::string_view url, const std::vector<std::string>& secrets) {
    const auto replace_all = [&message](std::string_view what, std::string_view with) {
        if (what.empty()) return;
        for (auto pos = message.find(what); pos != std::string::npos; pos = message.find(what, pos + with.size())) {
            message.replace(pos, what.size(), with);
        }
    };
    if (!url.empty()) replace_all(url, redact_url(url));
    // Longest first, so that a secret holding another is replaced whole.
    std::vector<std::string> sorted = secrets;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
    for (const auto& s : sorted) {
        if (s.find_first_not_of('*') != std::string::npos) replace_all(s, "***");
    }
    return message;
}

std::string libpq_url(std::string_view url) {
    std::string out(url);
    const auto [begin, end] = userinfo_password(out);
    if (end <= begin) return out;
    std::string password;
    for (const char c : out.substr(begin, end - begin)) {
        switch (c) {
            case '@': password += "%40"; break;
            case '/': password += "%2F"; break;
            case '?': password += "%3F"; break;
            case '#': password += "%23"; break;
            case '[': password += "%5B"; break;
            case ']': password += "%5D"; break;
            default: password += c;
        }
    }
    out.replace(begin, end - begin, password);
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

Result<ConnPtr> connect(const std::string& given_url, const ConnectOptions& options) {
    // What may not appear in a message: the URL as given and as passed to libpq, its password
    // (raw and decoded) and the password option. libpq's own texts may echo the URL.
    const std::string url = libpq_url(given_url);
    std::vector<std::string> secrets = secrets_of(given_url);
    if (!options.password.empty()) secrets.push_back(options.password);
    const auto clean = [&](std::string message) {
        return scrubbed(scrubbed(std::move(message), url, secrets), given_url, secrets);
    };
    {
        char* parse_error = nullptr;
        PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &parse_error);
        if (parsed == nullptr) {
            std::string detail = trimmed(parse_error);
            PQfreemem(parse_error);
            return fail(ErrorCode::InvalidInput,
                        "invalid PostgreSQL URL " + redact_url(given_url) + ": " + clean(detail) +
                            " -- write it as postgresql://user@host:5432/database (an IPv6 host in "
                            "brackets, [::1]) in [store] url or RELANCE_STORE");
        }
        PQconninfoFree(parsed);
    }
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
    const std::string detail = clean(trimmed(PQerrorMessage(conn.get())));
    const std::string where = clean(host + ":" + port + " (database " + db + ", user " + user + ")");
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
