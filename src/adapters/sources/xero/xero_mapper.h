// SPDX-License-Identifier: MIT
// Xero (Accounting API 2.0) payloads -> invoices (pure: text in, values out; no I/O). Amounts are
// JSON decimals (115.00), read as their text; dates are Microsoft JSON dates
// ("/Date(1546128000000+0000)/", the DueDateString as a fallback); AmountDue is what is owed,
// AmountPaid and AmountCredited the rest. Only sales invoices (Type ACCREC) are mapped; the
// contact's EmailAddress and its ContactPersons that IncludeInEmails are the recipients.
//
// It must not: use floating point, guess a status it does not know, or fetch anything.
#pragma once

#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::xero {

/// A page of GET /Invoices ({"Invoices": [...], "pagination": {"page", "pageCount", …}}): `more`
/// while page < pageCount (without a pagination block: while a full page came back).
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source,
                                                         int page_size);
/// GET /Invoices/{InvoiceID}: {"Invoices": [one]}.
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);

}  // namespace relance::xero
