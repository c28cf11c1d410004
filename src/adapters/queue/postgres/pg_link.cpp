// SPDX-License-Identifier: MIT
#include "adapters/queue/postgres/pg_link.h"

#include <charconv>

#include "adapters/store/postgres/pq.h"

namespace relance::pgq {

struct Link::Conn {
    pq::ConnPtr pg;
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

Link::Link(std::unique_ptr<Conn> conn) : conn_(std::move(conn)) {}
Link::Link(Link&&) noexcept = default;
Link& Link::operator=(Link&&) noexcept = default;
Link::~Link() = default;

Result<Link> Link::connect(const std::string& url) {
    auto pg = pq::connect(url, pq::ConnectOptions{});
    if (!pg) return unexpected(std::move(pg).error().with_context("work queue"));
    // The server's notices ("relation already exists, skipping") are not for the user.
    PQsetNoticeProcessor(pg->get(), [](void*, const char*) {}, nullptr);
    return Link(std::make_unique<Conn>(Conn{std::move(*pg)}));
}

Result<Rows> Link::exec(const std::string& sql, const Params& params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
    pq::ResultPtr res(PQexecParams(conn_->pg.get(), sql.c_str(), static_cast<int>(values.size()), nullptr,
                                   values.data(), nullptr, nullptr, 0));
    const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        return unexpected(pq::result_error(res.get(), conn_->pg.get(), "PostgreSQL"));
    }
    const int nrows = PQntuples(res.get());
    const int ncols = PQnfields(res.get());
    std::vector<std::vector<std::optional<std::string>>> cells(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
        auto& row = cells[static_cast<std::size_t>(r)];
        row.reserve(static_cast<std::size_t>(ncols));
        for (int c = 0; c < ncols; ++c) {
            if (PQgetisnull(res.get(), r, c) != 0) {
                row.emplace_back(std::nullopt);
            } else {
                row.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                             static_cast<std::size_t>(PQgetlength(res.get(), r, c))));
            }
        }
    }
    return Rows(std::move(cells));
}

Status Link::run(const std::string& sql) { return pq::exec(conn_->pg.get(), sql, "PostgreSQL"); }

}  // namespace relance::pgq
