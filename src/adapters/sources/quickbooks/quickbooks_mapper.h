// SPDX-License-Identifier: MIT
// QuickBooks Online (Accounting API v3, JSON) payloads -> invoices (pure: text in, values out;
// no I/O). QBO invoices have no status: an invoice is open while its Balance is above zero
// (TotalAmt and Balance are JSON decimals, read as their text); a voided one has TotalAmt and
// Balance at 0 and "Voided" in its PrivateNote. BillEmail.Address is the recipient, InvoiceLink
// (asked for with include=invoiceLink) the hosted payment page.
//
// It must not: use floating point, or fetch anything.
#pragma once

#include <string>
#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::quickbooks {

/// A page of GET /v3/company/{realm}/query ({"QueryResponse": {"Invoice": [...],
/// "startPosition", "maxResults"}}): `more` when a full page (`page_size`) came back.
[[nodiscard]] Result<api::MappedPage> parse_query(std::string_view body, std::string_view source, int page_size);
/// GET /v3/company/{realm}/invoice/{id}: {"Invoice": {...}}.
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);

/// The query of page `page` (1-based): open invoices, by id, `page_size` at a time.
[[nodiscard]] std::string invoice_query(int page, int page_size);

}  // namespace relance::quickbooks
