// SPDX-License-Identifier: MIT
#include "adapters/store/sqlite/dossier_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <exception>
#include <limits>

#include "adapters/store/sqlite/codec.h"
#include "adapters/store/sqlite/db.h"

namespace relance {
namespace {

using sqlite::Connection;
using sqlite::ResetGuard;
using sqlite::Statement;
using sqlite::Transaction;

// Only non-empty values replace what was recorded: an export that leaves the address out does
// not erase it.
constexpr std::string_view kPostalUpsert = R"sql(
INSERT INTO customer_postal (source, id, address, siren) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (source, id) DO UPDATE SET
    address = CASE WHEN excluded.address = '[]' THEN address ELSE excluded.address END,
    siren = CASE WHEN excluded.siren = '' THEN siren ELSE excluded.siren END
)sql";
constexpr std::string_view kPostalAll = "SELECT source, id, address, siren FROM customer_postal";
constexpr std::string_view kCollectionInsert =
    "INSERT INTO collection (source, invoice_number, since, level) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (source, invoice_number) DO NOTHING";
constexpr std::string_view kCollectionAll =
    "SELECT source, invoice_number, since, level FROM collection ORDER BY source, invoice_number";

}  // namespace

struct SqliteDossierStore::Impl {
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

SqliteDossierStore::SqliteDossierStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SqliteDossierStore::~SqliteDossierStore() = default;

Result<std::unique_ptr<SqliteDossierStore>> SqliteDossierStore::open(const std::string& path,
                                                                     SqliteOptions options) {
    // The main store creates the file, checks it and applies every migration.
    auto main = SqliteStore::open(path, options);
    if (!main) return unexpected(std::move(main).error());
    main->reset();
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    auto opened = impl->run<Status>("open", [&]() -> Status {
        auto conn = Connection::open(path);
        if (!conn) return unexpected(std::move(conn).error());
        const auto ms = std::min<std::int64_t>(options.busy_timeout.count(), std::numeric_limits<int>::max());
        sqlite3_busy_timeout(conn->handle(), static_cast<int>(std::max<std::int64_t>(ms, 0)));
        if (auto s = conn->exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON"); !s) return s;
        impl->conn = std::move(*conn);
        return ok();
    });
    if (!opened) return unexpected(std::move(opened).error());
    return std::unique_ptr<SqliteDossierStore>(new SqliteDossierStore(std::move(impl)));
}

Status SqliteDossierStore::put_postal(std::string_view source, std::span<const Customer> customers) {
    Impl& im = *impl_;
    return im.run<Status>("record postal addresses", [&]() -> Status {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto st = im.conn.prepare(kPostalUpsert);
        if (!st) return unexpected(std::move(st).error());
        const std::string src(source);
        for (const Customer& c : customers) {
            if (c.address.empty() && c.siren.empty()) continue;
            const std::string address = sqlite::string_list_json(c.address);
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

Status SqliteDossierStore::fill_postal(std::span<Customer> customers, std::span<const std::string> sources) {
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
            auto address = sqlite::parse_string_list_json(st->text(2));
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

Result<int> SqliteDossierStore::hand_to_collection(std::span<const InvoiceKey> invoices,
                                                   std::span<const int> levels, Date day) {
    Impl& im = *impl_;
    return im.run<Result<int>>("hand over to collection", [&]() -> Result<int> {
        auto tx = Transaction::begin(im.conn);
        if (!tx) return unexpected(std::move(tx).error());
        auto st = im.conn.prepare(kCollectionInsert);
        if (!st) return unexpected(std::move(st).error());
        const std::string since = sqlite::date_text(day);
        int added = 0;
        for (std::size_t i = 0; i < invoices.size(); ++i) {
            ResetGuard guard(*st);
            st->bind(1, invoices[i].first);
            st->bind(2, invoices[i].second);
            st->bind(3, since);
            st->bind(4, i < levels.size() ? levels[i] : 0);
            if (auto s = st->run(); !s) return unexpected(std::move(s).error());
            added += im.conn.changes();
        }
        if (auto s = tx->commit(); !s) return unexpected(std::move(s).error());
        return added;
    });
}

Result<std::map<InvoiceKey, CollectionEntry>> SqliteDossierStore::in_collection() {
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
            auto since = sqlite::parse_date_text(st->text(2));
            if (!since) return fail(ErrorCode::Internal, "collection.since is not a date");
            out[{std::string(st->text(0)), std::string(st->text(1))}] = CollectionEntry{*since, st->int32(3)};
        }
    });
}

}  // namespace relance
