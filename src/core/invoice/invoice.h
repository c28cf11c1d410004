// SPDX-License-Identifier: MIT
// Customers and invoices as the engine sees them, whichever tool they came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/money/money.h"
#include "core/time/date.h"

namespace relance {

enum class CustomerType { B2B, B2C };

struct Customer {
    std::string id;                   // stable key within a source
    std::string name;                 // as shown in messages
    std::vector<std::string> emails;  // dunning contacts; empty = cannot be e-mailed
    std::string language;             // "fr", "en"; empty = the company's
    std::vector<std::string> tags;    // "vip", "negotiation", "manual" ...
    CustomerType type = CustomerType::B2B;
    /// Postal address below the name, one line each (street, building, postcode and city,
    /// country): the recipient block of a formal-notice letter. Empty = unknown.
    std::vector<std::string> address;
    std::string siren;  // the debtor's SIREN (B2B), shown on a formal notice (rules.md §6.1 3.)

    [[nodiscard]] bool has_tag(std::string_view tag) const;
};

/// Lifecycle as reported by the source. Only Open invoices are dunned.
enum class InvoiceStatus {
    Open,
    Paid,
    Void,           // cancelled
    Uncollectible,  // written off
    Credited,       // closed by a credit note
    Disputed,       // the customer contests it: held, never dunned
    Draft,          // not issued yet: never dunned, not counted as resolved
};
[[nodiscard]] std::string_view to_string(InvoiceStatus s);
[[nodiscard]] Result<InvoiceStatus> parse_invoice_status(std::string_view text);

struct Invoice {
    std::string source;  // the configured source it came from, e.g. "csv"
    std::string number;  // unique within its source
    std::string customer_id;
    std::optional<Date> issue_date;
    std::optional<Date> due_date;  // none = never dunned, flagged for attention
    Money total;                   // incl. tax
    Money paid;                    // payments received
    Money credited;                // active credit notes (a cancelled credit note is not one)
    InvoiceStatus status = InvoiceStatus::Open;
    std::string payment_link;
    std::string pdf_url;
    /// The day the tool says it was paid, voided or credited (Stripe status_transitions.paid_at,
    /// Xero FullyPaidOnDate …), when it says so; none: unknown. The store records it as the
    /// resolution date (never later than the run's day); without it, the run's day.
    std::optional<Date> resolved_on;

    /// total - paid - credited (may be <= 0 for a settled or overpaid invoice).
    [[nodiscard]] Money amount_due() const {
        return Money{total.minor() - paid.minor() - credited.minor(), total.currency()};
    }
};

/// Invoice + customer, the unit the planner looks at.
struct InvoiceRef {
    const Invoice* invoice = nullptr;
    const Customer* customer = nullptr;
};

}  // namespace relance
