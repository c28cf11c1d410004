// SPDX-License-Identifier: MIT
// SqlDossierStore: the DossierStore, written once over the SQL layer (connection.h) for both
// engines (SqlDossierStore, PostgresDossierStore open its connection). Tables
// `customer_postal` and `collection` come from the migration "letters and collection" (6); the
// queries live here. Must not decide anything, read the host's local time, open or migrate
// anything, or let an exception escape.
#pragma once

#include <memory>
#include <string>

#include "adapters/store/sql/connection.h"
#include "core/ports/dossier.h"

namespace relance {

class SqlDossierStore : public DossierStore {
public:
    SqlDossierStore(const SqlDossierStore&) = delete;
    SqlDossierStore& operator=(const SqlDossierStore&) = delete;
    ~SqlDossierStore() override;

    [[nodiscard]] Status put_postal(std::string_view source, std::span<const Customer> customers) override;
    [[nodiscard]] Status fill_postal(std::span<Customer> customers,
                                     std::span<const std::string> sources) override;
    [[nodiscard]] Result<int> hand_to_collection(std::span<const InvoiceKey> invoices,
                                                 std::span<const int> levels, Date day) override;
    [[nodiscard]] Result<std::map<InvoiceKey, CollectionEntry>> in_collection() override;

protected:
    /// `label` names the store in errors.
    SqlDossierStore(sql::Connection conn, std::string label);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace relance
