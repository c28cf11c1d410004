// SPDX-License-Identifier: MIT
// Zoho Books / Zoho Invoice (API v3) payloads -> invoices (pure: text in, values out; no I/O).
// Answers are {"code": 0, "message": "success", "invoices": [...], "page_context": {"page",
// "per_page", "has_more_page"}}; amounts (total, balance) are JSON decimals read as their text;
// invoice_url is the hosted invoice page. No recorded Zoho answer was available: the fields
// follow Zoho's public API documentation and the fixtures are written in that shape.
//
// It must not: use floating point, guess a status it does not know, or fetch anything.
#pragma once

#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::zoho {

/// A page of GET /invoices: `more` from page_context.has_more_page.
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source);
/// GET /invoices/{invoice_id}: {"code": 0, "invoice": {...}}.
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);

}  // namespace relance::zoho
