// SPDX-License-Identifier: MIT
// Axonaut (API v2) payloads -> invoices (pure: text in, values out; no I/O). Axonaut publishes no
// machine-readable specification and no recorded answer was available: the fields read here are
// those its public API documentation names for an invoice (id, number, date, due_date, total,
// outstanding_amount, paid_date, currency, company {id, name}, public_path), with the spellings
// seen for them accepted side by side, and the fixtures are written in that shape. An invoice
// is open while something is outstanding. Check a real account with `relance sources test`.
//
// It must not: use floating point, or fetch anything.
#pragma once

#include <string>
#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::axonaut {

/// A page of GET /api/v2/invoices (a JSON array of invoices).
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source);
/// GET /api/v2/invoices/{id}.
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);
/// GET /api/v2/companies/{id}: its name and e-mails (the company's, then its contacts').
[[nodiscard]] Result<Customer> parse_company(std::string_view body);

}  // namespace relance::axonaut
