// SPDX-License-Identifier: MIT
#include "adapters/store/sql/dossier_store.h"

#include <algorithm>
#include <exception>
#include <limits>

#include "adapters/store/sql/codec.h"
#include "adapters/store/sql/connection.h"

namespace relance {
namespace {

using sql::Connection;
using sql::ResetGuard;
using sql::Statement;
using sql::Transaction;

// Only non-empty values replace what was recorded: an export that leaves the address out does
// not erase it.
constexpr std::string_view kPostalUpsert = R"sql(
INSERT INTO customer_postal (source, id, address, siren) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (source, id) DO UPDATE SET
    address = CASE WHEN excluded.address = '[]' THEN customer_postal.address ELSE excluded.address END,
    siren = CASE WHEN excluded.siren = '' THEN customer_postal.siren ELSE excluded.siren END
)sql";
constexpr std::string_view kPostalAll = "SELECT source, id, address, siren FROM customer_postal";
constexpr std::string_view kCollectionInsert =
    "INSERT INTO collection (source, invoice_number, since, level) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (source, invoice_number) DO NOTHING";
constexpr std::string_view kCollectionAll =
    "SELECT source, invoice_number, since, level FROM collection ORDER BY source, invoice_number";

}  // namespace

struct SqlDossierStore::Impl {
    std::string path;
    Connection conn;

    template <class R, class Fn>
    R run(const char* what, Fn&& fn) {
        try {
            R r = fn();
            if (!r) return unexpected(std::move(r).error().with_context(what).with_context("store " + path));
            return r;
        } catch (const std::exception& e) {
            return fail(ErrorCode::Internal, "store " + path + ": " + what + ": " + e.what());
        }
    }
};

SqlDossierStore::SqlDossierStore(sql::Connection conn, std::string label)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = std::move(label);
    impl_->conn = std::move(conn);
}
SqlDossierStore::~SqlDossierStore() = default;

Status SqlDossierStore::put_postal(std::string_view source, std::span<const Customer> customers) {
    Impl& im = *impl_;
    return im.run<Status>("record postal addresses", [&]() -> Status {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto st = im.conn.prepare(kPostalUpsert);
        if (!st) return unexpected(std::move(st).error());
        const std::string src(source);
        for (const Customer& c : customers) {
            if (c.address.empty() && c.siren.empty()) continue;
            const std::string address = sql::string_list_json(c.address);
            ResetGuard guard(*st);
            st->bind(1, src);
            st->bind(2, c.id);
            st->bind(3, address);
            st->bind(4, c.siren);
            if (auto s = st->run(); !s) return s;
        }
        return tx->commit();
    });
}

Status SqlDossierStore::fill_postal(std::span<Customer> customers, std::span<const std::string> sources) {
    Impl& im = *impl_;
    return im.run<Status>("read postal addresses", [&]() -> Status {
        std::map<InvoiceKey, std::size_t> index;
        for (std::size_t i = 0; i < customers.size(); ++i) {
            index[{i < sources.size() ? sources[i] : std::string(), customers[i].id}] = i;
        }
        auto st = im.conn.prepare(kPostalAll);
        if (!st) return unexpected(std::move(st).error());
        for (;;) {
            auto has = st->step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) break;
            const auto it = index.find({std::string(st->text(0)), std::string(st->text(1))});
            if (it == index.end()) continue;
            auto address = sql::parse_string_list_json(st->text(2));
            if (!address) {
                return fail(ErrorCode::Internal, "customer_postal.address is not a JSON list of texts");
            }
            Customer& c = customers[it->second];
            if (c.address.empty()) c.address = std::move(*address);
            if (c.siren.empty()) c.siren = st->text(3);
        }
        return ok();
    });
}

Result<int> SqlDossierStore::hand_to_collection(std::span<const InvoiceKey> invoices,
                                                   std::span<const int> levels, Date day) {
    Impl& im = *impl_;
    return im.run<Result<int>>("hand over to collection", [&]() -> Result<int> {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto st = im.conn.prepare(kCollectionInsert);
        if (!st) return unexpected(std::move(st).error());
        const std::string since = sql::date_text(day);
        int added = 0;
        for (std::size_t i = 0; i < invoices.size(); ++i) {
            ResetGuard guard(*st);
            st->bind(1, invoices[i].first);
            st->bind(2, invoices[i].second);
            st->bind(3, since);
            st->bind(4, i < levels.size() ? levels[i] : 0);
            if (auto s = st->run(); !s) return unexpected(std::move(s).error());
            added += static_cast<int>(im.conn.changes());
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return added;
    });
}

Result<std::map<InvoiceKey, CollectionEntry>> SqlDossierStore::in_collection() {
    Impl& im = *impl_;
    using Out = std::map<InvoiceKey, CollectionEntry>;
    return im.run<Result<Out>>("read collection", [&]() -> Result<Out> {
        auto st = im.conn.prepare(kCollectionAll);
        if (!st) return unexpected(std::move(st).error());
        Out out;
        for (;;) {
            auto has = st->step();
            if (!has) return unexpected(std::move(has).error());
            if (!*has) return out;
            auto since = sql::parse_date_text(st->text(2));
            if (!since) return fail(ErrorCode::Internal, "collection.since is not a date");
            out[{std::string(st->text(0)), std::string(st->text(1))}] = CollectionEntry{*since, st->int32(3)};
        }
    });
}

}  // namespace relance
