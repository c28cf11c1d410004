// SPDX-License-Identifier: MIT
#include "adapters/store/postgres/pg_connection.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <vector>

namespace relance::pq {
namespace {

constexpr Oid kText = 25;
constexpr Oid kInt8 = 20;

class PgStatement final : public sql::StatementImpl {
public:
    PgStatement(PgConnection& conn, std::string_view original, std::string rewritten, int params)
        : conn_(conn),
          original_(original),
          sql_(std::move(rewritten)),
          params_(static_cast<std::size_t>(params)) {}

    void bind_text(int index, std::string_view text) override {
        if (Param* p = at(index)) *p = Param{'t', text, {}};
    }
    void bind_int64(int index, std::int64_t value) override {
        if (Param* p = at(index)) {
            p->kind = 'i';
            // int8 in binary: 8 bytes, big-endian.
            auto u = static_cast<std::uint64_t>(value);
            for (int i = 7; i >= 0; --i) {
                p->int_bytes[static_cast<std::size_t>(i)] = static_cast<char>(u & 0xffU);
                u >>= 8U;
            }
        }
    }
    void bind_null(int index) override {
        if (Param* p = at(index)) *p = Param{};
    }

    [[nodiscard]] Result<bool> step() override {
        if (result_ == nullptr) {
            if (auto s = execute(); !s) return unexpected(std::move(s).error());
            row_ = 0;
        } else {
            ++row_;
        }
        return row_ < PQntuples(result_.get());
    }

    void reset() override {
        result_.reset();
        row_ = -1;
        std::fill(params_.begin(), params_.end(), Param{});
    }

    [[nodiscard]] std::string_view text(int column) const override {
        if (!valid(column)) return {};
        return {PQgetvalue(result_.get(), row_, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
    }
    [[nodiscard]] std::int64_t int64(int column) const override {
        const std::string_view t = text(column);
        if (t == "t") return 1;  // a boolean expression, as SQLite's 1/0
        if (t == "f") return 0;
        std::int64_t v = 0;
        std::from_chars(t.data(), t.data() + t.size(), v);  // numeric aggregates: "123"
        return v;
    }
    [[nodiscard]] bool is_null(int column) const override {
        return !valid(column) || PQgetisnull(result_.get(), row_, column) != 0;
    }
    [[nodiscard]] std::string_view sql() const override { return original_; }

private:
    struct Param {
        char kind = 'n';  // n(ull), t(ext), i(nt8)
        std::string_view text;
        std::array<char, 8> int_bytes{};
    };

    Param* at(int index) {
        if (index < 1 || static_cast<std::size_t>(index) > params_.size()) return nullptr;
        return &params_[static_cast<std::size_t>(index - 1)];
    }
    [[nodiscard]] bool valid(int column) const {
        return result_ != nullptr && row_ >= 0 && row_ < PQntuples(result_.get()) && column >= 0 &&
               column < PQnfields(result_.get());
    }

    Status execute() {
        const std::size_t n = params_.size();
        std::string types(n, 'n');
        // Every NULL the stores bind stands for a text (an optional date, a resolution): sent as
        // a text NULL, so that `?1 IS NULL` has a type for the server too.
        std::vector<Oid> oids(n, kText);
        std::vector<const char*> values(n, nullptr);
        std::vector<int> lengths(n, 0);
        std::vector<int> formats(n, 1);
        static constexpr char kEmpty = '\0';
        for (std::size_t i = 0; i < n; ++i) {
            const Param& p = params_[i];
            types[i] = p.kind;
            if (p.kind == 't') {
                oids[i] = kText;
                values[i] = p.text.data() != nullptr ? p.text.data() : &kEmpty;
                lengths[i] = static_cast<int>(p.text.size());
            } else if (p.kind == 'i') {
                oids[i] = kInt8;
                values[i] = p.int_bytes.data();
                lengths[i] = 8;
            }
        }
        if (auto s = conn_.reconnect_if_lost(); !s) return s;
        auto name = conn_.prepared(sql_, types, oids);
        if (!name) return unexpected(std::move(name).error());
        ResultPtr r(PQexecPrepared(conn_.raw(), name->c_str(), static_cast<int>(n), values.data(),
                                   lengths.data(), formats.data(), 0));
        const auto status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            return unexpected(result_error(r.get(), conn_.raw(), "statement failed")
                                  .with_context("SQL: " + std::string(original_.substr(0, 60))));
        }
        std::int64_t changed = 0;
        const char* tuples = PQcmdTuples(r.get());
        std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), changed);
        conn_.set_changes(changed);
        result_ = std::move(r);
        return ok();
    }

    PgConnection& conn_;
    std::string_view original_;
    std::string sql_;
    std::vector<Param> params_;
    ResultPtr result_;
    int row_ = -1;
};

class PgBulkInsert final : public sql::BulkInsertImpl {
public:
    PgBulkInsert(PgConnection& conn, std::string copy_sql) : conn_(conn), sql_(std::move(copy_sql)) {}

    void text(std::string_view value) override {
        separate();
        append_copy_text(data_, value);
    }
    void int64(std::int64_t value) override {
        separate();
        data_ += std::to_string(value);
    }
    void null() override {
        separate();
        data_ += "\\N";
    }
    [[nodiscard]] Status end_row() override {
        data_ += '\n';
        first_ = true;
        ++rows_;
        return ok();
    }
    [[nodiscard]] Status finish() override {
        if (rows_ == 0) return ok();
        PGconn* c = conn_.raw();
        ResultPtr start(PQexec(c, sql_.c_str()));
        if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) {
            return unexpected(result_error(start.get(), c, "cannot start COPY"));
        }
        constexpr std::size_t kChunk = 1 << 20;  // 1 MiB per PQputCopyData (deps.md 4.5)
        for (std::size_t pos = 0; pos < data_.size(); pos += kChunk) {
            const auto len = std::min(kChunk, data_.size() - pos);
            if (PQputCopyData(c, data_.data() + pos, static_cast<int>(len)) != 1) {
                return unexpected(result_error(nullptr, c, "COPY failed"));
            }
        }
        if (PQputCopyEnd(c, nullptr) != 1) return unexpected(result_error(nullptr, c, "COPY failed"));
        Status status = ok();
        while (PGresult* raw = PQgetResult(c)) {
            ResultPtr r(raw);
            if (PQresultStatus(r.get()) != PGRES_COMMAND_OK && status) {
                status = unexpected(result_error(r.get(), c, "COPY failed"));
            }
        }
        conn_.set_changes(rows_);
        data_.clear();
        rows_ = 0;
        return status;
    }

private:
    void separate() {
        if (!first_) data_ += '\t';
        first_ = false;
    }
    PgConnection& conn_;
    std::string sql_;
    std::string data_;
    bool first_ = true;
    std::int64_t rows_ = 0;
};

}  // namespace

std::string dollar_placeholders(std::string_view sql, int& count) {
    std::string out;
    out.reserve(sql.size() + 8);
    count = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {  // a literal or a quoted name: copy to its end
            const auto end = sql.find(c, i + 1);
            const auto stop = end == std::string_view::npos ? sql.size() : end + 1;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a comment line
            const auto end = sql.find('\n', i);
            const auto stop = end == std::string_view::npos ? sql.size() : end;
            out.append(sql.substr(i, stop - i));
            i = stop - 1;
        } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            int n = 0;
            std::size_t j = i + 1;
            while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') n = n * 10 + (sql[j++] - '0');
            count = std::max(count, n);
            out += '$';
            out.append(sql.substr(i + 1, j - i - 1));
            i = j - 1;
        } else {
            out += c;
        }
    }
    return out;
}

void append_copy_text(std::string& out, std::string_view value) {
    for (const char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
}

Status PgConnection::reconnect_if_lost() {
    if (PQstatus(conn_.get()) != CONNECTION_BAD || in_transaction_) return ok();
    PQreset(conn_.get());
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
        return unexpected(result_error(nullptr, conn_.get(), "the connection to the PostgreSQL server was lost "
                                                             "and cannot be opened again"));
    }
    prepared_.clear();  // the server forgot them with the session
    return pq::exec(conn_.get(), session_sql_, "cannot set up the session again");
}

Status PgConnection::exec(std::string_view sql) {
    if (auto s = reconnect_if_lost(); !s) return s;
    return pq::exec(conn_.get(), sql, "statement failed");
}

Result<std::unique_ptr<sql::StatementImpl>> PgConnection::prepare(std::string_view sql) {
    int count = 0;
    std::string rewritten = dollar_placeholders(sql, count);
    return std::unique_ptr<sql::StatementImpl>(
        std::make_unique<PgStatement>(*this, sql, std::move(rewritten), count));
}

Result<std::string> PgConnection::prepared(const std::string& sql, const std::string& types,
                                           std::span<const Oid> oids) {
    std::string key = sql;
    key += '\0';
    key += types;
    if (const auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    std::string name = "relance_" + std::to_string(prepared_.size() + 1);
    ResultPtr r(PQprepare(conn_.get(), name.c_str(), sql.c_str(), static_cast<int>(oids.size()),
                          oids.data()));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
        return unexpected(result_error(r.get(), conn_.get(), "cannot prepare statement")
                              .with_context("SQL: " + sql.substr(0, 60)));
    }
    prepared_.emplace(std::move(key), name);
    return name;
}

Result<std::unique_ptr<sql::BulkInsertImpl>> PgConnection::bulk_insert(
    std::string_view table, std::span<const std::string_view> columns) {
    std::string copy = "COPY " + std::string(table) + " (";
    for (std::size_t i = 0; i < columns.size(); ++i) {
        if (i > 0) copy += ", ";
        copy += columns[i];
    }
    copy += ") FROM STDIN";
    return std::unique_ptr<sql::BulkInsertImpl>(std::make_unique<PgBulkInsert>(*this, std::move(copy)));
}

Result<std::int64_t> PgConnection::last_insert_id() {
    // The session's last sequence value: the identity of the row the last INSERT created.
    ResultPtr r(PQexec(conn_.get(), "SELECT lastval()"));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) {
        return unexpected(result_error(r.get(), conn_.get(), "cannot read the new row's id"));
    }
    std::int64_t id = 0;
    const char* v = PQgetvalue(r.get(), 0, 0);
    std::from_chars(v, v + std::char_traits<char>::length(v), id);
    return id;
}

Status PgConnection::begin(bool write) {
    in_transaction_ = false;  // a new transaction may start on a new session
    auto s = write ? exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(lock_key_) + ")")
                   : exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
    // A lock that timed out leaves the transaction open but aborted: end it, or every later
    // statement of the connection would fail.
    if (!s) {
        rollback();
        return s;
    }
    in_transaction_ = true;
    return s;
}

Status PgConnection::commit() {
    auto s = pq::exec(conn_.get(), "COMMIT", "statement failed");
    in_transaction_ = false;
    return s;
}

void PgConnection::rollback() {
    in_transaction_ = false;
    ResultPtr r(PQexec(conn_.get(), "ROLLBACK"));
}

}  // namespace relance::pq
