// SPDX-License-Identifier: MIT
// Stripe payloads -> invoices (pure: text in, values out; no I/O). Stripe gives amounts as
// integers in the currency's minor unit (1050 = 10.50 EUR, 1050 = 1050 JPY), the currency in
// lower case, and instants as Unix seconds, turned here into civil dates in the company's zone.
//
// It must not: use floating point, guess a status it does not know, or fetch anything.
#pragma once

#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::stripe {

/// A page of GET /v1/invoices ({"object": "list", "data": [...], "has_more": …}). An invoice
/// that cannot be mapped is a rejected row; `next` is the last id (starting_after).
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source,
                                                         std::string_view zone);
/// One invoice object (GET /v1/invoices/{id}).
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body, std::string_view zone);

}  // namespace relance::stripe
