// SPDX-License-Identifier: MIT
// InvoiceSource: where unpaid invoices come from (a CSV export, an invoicing tool's API).
#pragma once

#include <chrono>
#include <map>
#include <optional>
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
    /// The tool's own id of a listed invoice, by invoice number, when it is not the number (API
    /// sources): the store keeps it so that fetch_invoice can read that invoice again.
    std::map<std::string, std::string> remote_ids;
};

/// One invoice read on its own by fetch_invoice, whatever its status now.
struct FetchedInvoice {
    Invoice invoice;
    std::optional<Customer> customer;  // when the answer names it
    std::string remote_id;             // the tool's own id
};

class InvoiceSource {
public:
    virtual ~InvoiceSource() = default;
    /// Configured name, e.g. "csv".
    [[nodiscard]] virtual std::string_view name() const = 0;
    /// Fetches the listing. An error means nothing usable was read: the caller changes nothing.
    /// An API source returns an error for a listing it could not read to its end.
    [[nodiscard]] virtual Result<SourceListing> list_unpaid() = 0;
    /// How long data this source listed in an earlier run still counts as confirmed when today's
    /// listing fails (configured per source). Zero, the default: only today's listing counts, and
    /// a source that could not be listed gets no reminder.
    [[nodiscard]] virtual std::chrono::seconds freshness() const { return std::chrono::seconds{0}; }
    /// Whether fetch_invoice works (invoicing APIs); a file export cannot read one invoice.
    [[nodiscard]] virtual bool can_fetch() const { return false; }
    /// Reads one invoice by the tool's id (SourceListing::remote_ids, else its number), whatever
    /// its status now (paid, void, credited included): an invoice that left the unpaid listing is
    /// confirmed this way before it is recorded as resolved. NotFound: the tool no longer has it.
    [[nodiscard]] virtual Result<FetchedInvoice> fetch_invoice(std::string_view id) {
        return fail(ErrorCode::Rejected,
                    "source '" + std::string(name()) + "' cannot read one invoice (" + std::string(id) + ")");
    }
};

}  // namespace relance
