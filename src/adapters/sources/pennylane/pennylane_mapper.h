// SPDX-License-Identifier: MIT
// Pennylane (Company API v2) payloads -> invoices (pure: text in, values out; no I/O). Amounts
// are decimal strings ("230.32"); `currency_amount` is the total in the invoice's currency,
// `remaining_amount_with_tax` what is left to pay; `deadline` is the due date. The `paid` flag
// is not trusted (a cancelled invoice can show paid: true): `status` and the remaining amount are.
// `public_file_url` expires after 30 minutes, so it is not kept as the invoice's PDF link.
//
// It must not: use floating point, guess a status it does not know, or fetch anything.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::pennylane {

/// A page of GET /customer_invoices ({"items": [...], "has_more", "next_cursor"}). Invoices name
/// their customer by id only (Customer.id; name and e-mails come from parse_customers).
/// Credit notes are left out; an invoice that cannot be mapped is a rejected row.
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source);
/// One invoice (GET /customer_invoices/{id}); its customer holds only the id.
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);
/// The customer ids of a page's invoices, in order, once each.
[[nodiscard]] std::vector<std::string> customer_ids(const api::MappedPage& page);

/// A page of GET /customers ({"items": [...]}) or one customer (GET /customers/{id}).
struct CustomerPage {
    std::vector<Customer> customers;
    std::string next;
    bool more = false;
};
[[nodiscard]] Result<CustomerPage> parse_customers(std::string_view body);
[[nodiscard]] Result<Customer> parse_customer(std::string_view body);

/// The `filter` query value: a JSON array, re-sent on every page (the cursor does not carry it).
[[nodiscard]] std::string invoice_filter(std::string_view since);
[[nodiscard]] std::string customer_filter(const std::vector<std::string>& ids);

}  // namespace relance::pennylane
