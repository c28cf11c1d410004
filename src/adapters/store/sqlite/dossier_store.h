// SPDX-License-Identifier: MIT
// SqliteDossierStore: the DossierStore over the same SQLite file as SqliteStore (its own
// connection; the file is in WAL mode). Tables `customer_postal` and `collection` come from the
// store's migration "letters and collection" (migrations.cpp); the queries live here. Must not
// decide anything, read the host's local time or let an exception escape.
#pragma once

#include <memory>
#include <string>

#include "adapters/store/sqlite/sqlite_store.h"
#include "core/ports/dossier.h"

namespace relance {

class SqliteDossierStore final : public DossierStore {
public:
    /// Opens the store at `path` (creating and migrating it as SqliteStore::open does).
    [[nodiscard]] static Result<std::unique_ptr<SqliteDossierStore>> open(const std::string& path,
                                                                          SqliteOptions options = {});
    SqliteDossierStore(const SqliteDossierStore&) = delete;
    SqliteDossierStore& operator=(const SqliteDossierStore&) = delete;
    ~SqliteDossierStore() override;

    [[nodiscard]] Status put_postal(std::string_view source, std::span<const Customer> customers) override;
    [[nodiscard]] Status fill_postal(std::span<Customer> customers,
                                     std::span<const std::string> sources) override;
    [[nodiscard]] Result<int> hand_to_collection(std::span<const InvoiceKey> invoices,
                                                 std::span<const int> levels, Date day) override;
    [[nodiscard]] Result<std::map<InvoiceKey, CollectionEntry>> in_collection() override;

private:
    struct Impl;
    explicit SqliteDossierStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace relance
