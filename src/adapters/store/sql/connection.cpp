// SPDX-License-Identifier: MIT
#include "adapters/store/sql/connection.h"

#include <utility>

namespace relance::sql {

Status Statement::run() {
    for (;;) {
        auto row = step();
        if (!row) return unexpected(std::move(row).error());
        if (!*row) return ok();
    }
}

Result<Statement> Connection::prepare(std::string_view sql) const {
    auto st = impl_->prepare(sql);
    if (!st) return unexpected(std::move(st).error());
    return Statement{std::move(*st)};
}

Result<BulkInsert> Connection::bulk_insert(std::string_view table,
                                           std::span<const std::string_view> columns) {
    auto bulk = impl_->bulk_insert(table, columns);
    if (!bulk) return unexpected(std::move(bulk).error());
    return BulkInsert{std::move(*bulk)};
}

Result<std::int64_t> Connection::query_int(std::string_view sql) {
    auto stmt = prepare(sql);
    if (!stmt) return unexpected(std::move(stmt).error());
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) return fail(ErrorCode::Internal, "query returned no row: " + std::string(sql));
    return stmt->int64(0);
}

Result<std::string> Connection::query_text(std::string_view sql) {
    auto stmt = prepare(sql);
    if (!stmt) return unexpected(std::move(stmt).error());
    auto row = stmt->step();
    if (!row) return unexpected(std::move(row).error());
    if (!*row) return fail(ErrorCode::Internal, "query returned no row: " + std::string(sql));
    return std::string(stmt->text(0));
}

Result<Transaction> Transaction::begin(Connection& conn) {
    auto s = conn.impl().begin(true);
    if (!s) return unexpected(std::move(s).error().with_context("begin transaction"));
    return Transaction{conn};
}

Result<Transaction> Transaction::begin_read(Connection& conn) {
    auto s = conn.impl().begin(false);
    if (!s) return unexpected(std::move(s).error().with_context("begin read transaction"));
    return Transaction{conn};
}

Status Transaction::commit() {
    if (conn_ == nullptr) return fail(ErrorCode::Internal, "transaction already finished");
    auto s = conn_->impl().commit();
    if (!s) return unexpected(std::move(s).error().with_context("commit"));
    conn_ = nullptr;
    return ok();
}

Transaction::~Transaction() {
    // After a failed COMMIT the engine may already have rolled back; a second ROLLBACK is harmless.
    if (conn_ != nullptr) conn_->impl().rollback();
}

}  // namespace relance::sql
