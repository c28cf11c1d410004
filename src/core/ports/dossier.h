// SPDX-License-Identifier: MIT
// DossierStore: what the formal-notice letters and the collection hand-off keep beside the Store
// (the same database): the customers' postal address and SIREN (for the letter's recipient
// block), and the invoices handed to collection (state `collection`: no automatic message any
// more; `relance collection export` writes their dossier). Every method is atomic on its own.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"
#include "core/time/date.h"

namespace relance {

/// (source, invoice number).
using InvoiceKey = std::pair<std::string, std::string>;

/// An invoice in collection.
struct CollectionEntry {
    Date since{};   // company date of the hand-off
    int level = 0;  // the last level sent before it
};

class DossierStore {
public:
    virtual ~DossierStore() = default;
    /// Records the postal address and SIREN of the customers of a listing of `source` (a customer
    /// listed without them keeps what was recorded before: exports often leave them out).
    [[nodiscard]] virtual Status put_postal(std::string_view source,
                                            std::span<const Customer> customers) = 0;
    /// Fills Customer::address and ::siren of `customers` (`sources` parallel to it) from what
    /// was recorded; customers with nothing recorded are left as they are.
    [[nodiscard]] virtual Status fill_postal(std::span<Customer> customers,
                                             std::span<const std::string> sources) = 0;
    /// Hands the invoices to collection on `day` after `level`; an invoice already there keeps
    /// its date. Returns how many were new to collection.
    [[nodiscard]] virtual Result<int> hand_to_collection(std::span<const InvoiceKey> invoices,
                                                         std::span<const int> levels, Date day) = 0;
    /// Every invoice in collection.
    [[nodiscard]] virtual Result<std::map<InvoiceKey, CollectionEntry>> in_collection() = 0;
};

}  // namespace relance
