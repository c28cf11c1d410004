// SPDX-License-Identifier: MIT
// InvoiceSource: where unpaid invoices come from (a CSV export, an invoicing tool's API).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/invoice/invoice.h"

namespace relance {

/// One input row that could not be read. The run goes on without it.
struct RejectedRow {
    std::string file;            // path or source name
    int line = 0;                // 1-based physical line where the record starts (0: n/a)
    std::string field;           // the column at fault ("" for the whole row)
    std::string message;         // what is wrong and what is expected
    std::string invoice_number;  // when it could be read: that invoice keeps its stored data
};

/// What a source returned in one fetch.
struct SourceListing {
    std::string source;  // configured source name
    std::vector<Customer> customers;
    std::vector<Invoice> invoices;  // open ones, and any paid/void ones the source still lists
    std::vector<RejectedRow> rejected;
    /// True when the listing is known to hold every unpaid invoice of the source. Only then may an
    /// invoice that is missing from it be recorded as resolved.
    bool complete = true;
};

class InvoiceSource {
public:
    virtual ~InvoiceSource() = default;
    /// Configured name, e.g. "csv".
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Fetches the listing. An error means nothing usable was read: the caller changes nothing.
    [[nodiscard]] virtual Result<SourceListing> list_unpaid() = 0;
};

}  // namespace relance
