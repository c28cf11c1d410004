// SPDX-License-Identifier: MIT
// FreshBooks (Accounting API) payloads -> invoices (pure: text in, values out; no I/O). Answers
// are wrapped in {"response": {"result": …}}; amounts are objects {"amount": "1222.00", "code":
// "USD"} with decimal strings: `amount` the total, `outstanding` what is owed, `paid` what came in.
// v3_status says draft, disputed or paid; vis_state 1 is a deleted invoice, 2 an archived one.
//
// It must not: use floating point, guess a status it does not know, or fetch anything.
#pragma once

#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::freshbooks {

/// A page of GET …/invoices/invoices ({"response": {"result": {"invoices": [...], "page",
/// "pages"}}}): `more` while page < pages.
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source);
/// GET …/invoices/invoices/{id}: {"response": {"result": {"invoice": {...}}}}.
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);

}  // namespace relance::freshbooks
