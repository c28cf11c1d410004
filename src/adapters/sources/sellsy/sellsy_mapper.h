// SPDX-License-Identifier: MIT
// Sellsy (API v2) payloads -> invoices (pure: text in, values out; no I/O). The v2 invoice fields
// used here (status due|payinprogress|late|paid|cancelled|draft, date, due_date, currency,
// amounts.total_incl_tax, amounts.total_remaining_due_incl_tax, related[] with the company or
// individual billed, public_link.url, pdf_link) follow Sellsy's public v2 documentation; no
// recorded invoice answer was available to check them (../shared/fixtures/api_sellsy/PROVENANCE.md),
// so the tests use payloads written in that shape. Companies carry a dunning_contact_id: that
// contact's e-mail is where reminders go, before the company's own.
//
// It must not: use floating point, guess a status it does not know, or fetch anything.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "adapters/sources/api/api_client.h"
#include "core/ports/source.h"

namespace relance::sellsy {

/// A page of POST /v2/invoices/search ({"data": [...], "pagination": {"offset", "count",
/// "limit", "total"}}): `next` is the seek cursor, `more` when a full page came back. Invoices
/// name their customer by "company:<id>" or "individual:<id>" (Customer.id).
[[nodiscard]] Result<api::MappedPage> parse_invoice_list(std::string_view body, std::string_view source);
/// One invoice (GET /v2/invoices/{id}).
[[nodiscard]] Result<FetchedInvoice> parse_invoice(std::string_view body);

/// A company (GET /v2/companies/{id}) or an individual (GET /v2/individuals/{id}); `contact_id`
/// is the company's dunning contact, else its invoicing contact, else its main contact ("" none).
struct Party {
    Customer customer;
    std::string contact_id;
};
[[nodiscard]] Result<Party> parse_party(std::string_view body, std::string_view kind);
/// A contact's e-mail (GET /v2/contacts/{id}); "" when it has none.
[[nodiscard]] Result<std::string> parse_contact_email(std::string_view body);

/// The body of the search: open invoices only (due, payment in progress, late).
[[nodiscard]] std::string search_body();

}  // namespace relance::sellsy
